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
    // A full disk or a closed pipe must not pass for a complete report.
    if fflush(stdout) != 0 || ferror(stdout) != 0 {
        throw CommandFailure.refused("cannot write the output: \(String(cString: strerror(errno)))")
    }
    exit(0)
} catch {
    fflush(stdout)
    exit(CommandFailure.report(error))
}
