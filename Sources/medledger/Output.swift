import Foundation
import LedgerCore

/// Buffered standard output for streaming commands (stdout is fully buffered in main.swift).
enum Output {
    static func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { _ = fwrite($0.baseAddress, 1, $0.count, stdout) }
    }

    static func write(_ text: String) {
        var text = text
        text.withUTF8 { _ = fwrite($0.baseAddress, 1, $0.count, stdout) }
    }

    static func line(_ text: String = "") { write(text + "\n") }

    /// True when standard output is a terminal (tables are then aligned to its width).
    static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// The terminal's width in columns, or nil when not a terminal.
    static var terminalWidth: Int? {
        guard isTerminal else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 120 }
        return Int(size.ws_col)
    }
}

/// An aligned text table. Column widths come from the rows given; the last column may be cut
/// to `maximumWidth` (on a terminal) with an ellipsis.
struct TextTable {
    let headers: [String]
    var rows: [[String]] = []

    init(_ headers: [String]) {
        self.headers = headers
    }

    mutating func append(_ row: [String]) { rows.append(row) }

    func render(maximumWidth: Int? = nil) -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count - 1 {
                widths[i] = max(widths[i], cell.count)
            }
        }
        var out = ""
        func emit(_ cells: [String]) {
            var line = ""
            for (i, cell) in cells.enumerated() {
                if i < cells.count - 1 {
                    line += cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) + "  "
                } else {
                    line += cell
                }
            }
            if let maximumWidth, line.count > maximumWidth {
                line = String(line.prefix(max(1, maximumWidth - 1))) + "…"
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        emit(headers)
        rows.forEach(emit)
        return out
    }
}

/// RFC 4180 CSV field quoting.
enum CSV {
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func row(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\n" }
}
