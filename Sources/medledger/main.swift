import ArgumentParser
import Foundation
import LedgerStore

// Entry point: parse, run, and map every failure to one line on stderr and an exit code
// (0 done, 1 refused or failed check, 2 bad input or usage) in this one place.
setvbuf(stdout, nil, _IOFBF, 1 << 16)
let arguments = GlobalOptions.hoistingDatabaseOption(Array(CommandLine.arguments.dropFirst()))
do {
    var command = try Medledger.parseAsRoot(arguments)
    try command.run()
    fflush(stdout)
    exit(0)
} catch {
    fflush(stdout)
    exit(CommandFailure.report(error))
}
