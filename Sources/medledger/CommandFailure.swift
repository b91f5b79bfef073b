import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

/// A refusal the command itself decides on, with its exit code.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    let exitCode: Int32

    /// A refusal of what the user typed or fed in (exit 2).
    static func badInput(_ message: String) -> CommandFailure { CommandFailure(message: message, exitCode: 2) }
    /// A refused operation or a failed check (exit 1).
    static func refused(_ message: String) -> CommandFailure { CommandFailure(message: message, exitCode: 1) }

    var description: String { message }

    /// Prints one line for `error` (help goes to stdout whole) and returns the exit code.
    static func report(_ error: Error) -> Int32 {
        let code: Int32
        let message: String
        switch error {
        case let failure as CommandFailure:
            (code, message) = (failure.exitCode, failure.message)
        case let failure as LedgerError:
            (code, message) = (failure.exitCode, failure.description)
        case let exit as ExitCode:
            return exit.rawValue
        default:
            let parserCode = Medledger.exitCode(for: error)
            if parserCode == .success {
                print(Medledger.fullMessage(for: error))
                return 0
            }
            // Usage errors: one line, exit 2 (not argument-parser's 64), like every other
            // refusal of what the user typed.
            let text = Medledger.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            (code, message) = (parserCode == .validationFailure ? 2 : (parserCode.rawValue == 64 ? 2 : parserCode.rawValue),
                               text + " (see 'medledger help')")
        }
        FileHandle.standardError.write(Data(("medledger: " + oneLine(message) + "\n").utf8))
        return code
    }

    /// The message on one line, with every control character (C0, C1, line and paragraph
    /// separators) escaped, so what a user fed in cannot redraw the terminal or forge a line.
    static func oneLine(_ message: String) -> String {
        var out = ""
        for scalar in message.unicodeScalars {
            switch scalar.value {
            case 0x0A: out += " "
            case 0x00..<0x20, 0x7F..<0xA0, 0x2028, 0x2029:
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
