import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

/// `--db PATH`: which ledger a command works on.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp("The ledger database (default: $MEDLEDGER_DB, else ./medledger.sqlite).", valueName: "path"))
    var database: String?

    /// The ledger path: --db, else $MEDLEDGER_DB, else ./medledger.sqlite.
    var path: String {
        if let database { return database }
        if let fromEnvironment = ProcessInfo.processInfo.environment["MEDLEDGER_DB"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "medledger.sqlite"
    }

    /// Opens the ledger.
    func open() throws -> Ledger { try Ledger.open(path: path) }

    /// `medledger --db l.sqlite log` means `medledger log --db l.sqlite`: argument-parser reads
    /// a subcommand's options after its name, so options given before it are moved there.
    static func hoistingDatabaseOption(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var rest = arguments[...]
        while let first = rest.first {
            if first == "--db", rest.count >= 2 {
                leading += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else if first.hasPrefix("--db=") {
                leading.append(first)
                rest = rest.dropFirst()
            } else {
                break
            }
        }
        guard !leading.isEmpty, let subcommand = rest.first, !subcommand.hasPrefix("-") else { return arguments }
        return [subcommand] + leading + rest.dropFirst()
    }
}

/// Reads a time argument, naming the option in the error.
func parseTime(_ text: String, option: String) throws -> LedgerTime {
    do { return try LedgerTime(rfc3339: text) } catch {
        throw CommandFailure.badInput("\(option): \"\(text)\": \(error.reason)")
    }
}

/// Reads a site id argument, naming the option in the error.
func parseSite(_ text: String, option: String) throws -> SiteID {
    do { return try SiteID(text) } catch {
        throw CommandFailure.badInput("\(option): \(error)")
    }
}
