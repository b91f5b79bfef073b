import Foundation
import LedgerCore
import LedgerStore
import Testing

@Suite("Importing JSON Lines")
struct ImportTests {
    func lines(_ count: Int, from start: Int = 0) -> [String] {
        (start..<start + count).map { i in
            #"{"type":"patch.applied","device":"PUMP-\#(i % 9)","at":"2025-01-01T00:00:00Z","actor":"biomed.jlee","data":{"version":"1.0.\#(i)"}}"#
        }
    }

    func reader(_ t: TemporaryLedger, _ lines: [String]) throws -> JSONLinesReader {
        let file = (t.folder as NSString).appendingPathComponent("in-\(UUID().uuidString).jsonl")
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        return try JSONLinesReader(path: file)
    }

    @Test("a stream across many hand-over batches is appended whole, in file order, blank lines skipped")
    func pipelinedImport() throws {
        let t = try TemporaryLedger()
        var input = lines(3000)
        input.insert("", at: 700)
        input.insert("   ", at: 1500)
        let summary = try t.ledger.importLines(from: try reader(t, input), key: t.key)
        #expect(summary.appended == 3000)
        var versions: [String] = []
        try t.ledger.forEachEvent(matching: LogFilter(site: t.key.site)) { row in
            versions.append(try! Event(canonicalBytes: row.body).data["version"]!.stringValue!)
        }
        // Same `at` for all: the total order falls back to the clock, which follows file order.
        #expect(versions == (0..<3000).map { "1.0.\($0)" })
        #expect(try t.ledger.importLines(from: try reader(t, lines(3000)), key: t.key).alreadyHeld == 3000)
    }

    @Test("a bad line deep in the stream stops everything, names its line, and appends nothing")
    func badLineStopsTheImport() throws {
        let t = try TemporaryLedger()
        var input = lines(2000)
        input[1777] = #"{"type":"patch.applied","device":"X","at":"2025-13-01","actor":"a","data":{"version":"1"}}"#
        #expect { try t.ledger.importLines(from: try reader(t, input), key: t.key) } throws: { error in
            guard case LedgerError.badEvent(let line, let event) = error else { return false }
            return line == 1778 && event.field == "at"
        }
        #expect(try t.count() == 0)
        #expect(try t.ledger.checkpoints().isEmpty)
    }
}
