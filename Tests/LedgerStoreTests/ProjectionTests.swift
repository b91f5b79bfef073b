import Foundation
import Testing
import LedgerCore
@testable import LedgerStore

/// The projection is derived data: an older form is rebuilt on open, and a damaged record
/// stops a fold with an error that says how to repair it.
@Suite("The projection's records")
struct ProjectionTests {
    private func fill(_ scratch: TemporaryLedger) throws {
        var drafts = [Scenario.procured("PUMP-1"), Scenario.procured("PUMP-2", model: "Spectrum IQ")]
        drafts += (1...40).map { Scenario.patch($0 % 2 == 0 ? "PUMP-1" : "PUMP-2", day: $0, version: "8.0.\($0)") }
        try scratch.append(drafts)
    }

    private func projected(_ ledger: Ledger, _ window: TimeWindow = TimeWindow()) throws -> [String] {
        var lines: [String] = []
        try ledger.forEachProjected(in: window) { e in
            lines.append("\(e.id) \(e.hlc) \(e.type.rawValue) \(e.device ?? "-") \(e.at.rfc3339) \(e.actor) \(e.receivedAt.rfc3339) \(e.payload)")
        }
        return lines
    }

    @Test("a ledger whose projection has the earlier form (payload only) is rebuilt to records when opened")
    func upgradesTheEarlierForm() throws {
        let scratch = try TemporaryLedger()
        try fill(scratch)
        let expected = try projected(scratch.ledger)
        let digest = try scratch.ledger.projectionDigest()
        #expect(expected.count == 42)
        try scratch.tamper("""
            DROP TABLE projection;
            CREATE TABLE projection (event INTEGER PRIMARY KEY, payload BLOB NOT NULL);
            DELETE FROM grdb_migrations WHERE identifier = '5-projection-records';
            """)
        let reopened = try Ledger.open(path: scratch.path)
        #expect(try projected(reopened) == expected)
        #expect(try reopened.projectionDigest() == digest)
    }

    @Test("the replay window filters on the records' own at and received_at columns")
    func windowColumns() throws {
        let scratch = try TemporaryLedger()
        try fill(scratch)
        let day10 = LedgerTime(seconds: 1_735_689_600 + 10 * 86_400)
        let upToDay10 = try projected(scratch.ledger, TimeWindow(asOf: day10))
        #expect(upToDay10.count == 2 + 10)
        #expect(try projected(scratch.ledger, TimeWindow(knownAt: LedgerTime(seconds: 1_000))).isEmpty, "nothing was stored by 1970")
    }

    @Test("a damaged record stops the fold with an error naming rebuild; rebuild repairs it")
    func damagedRecord() throws {
        let scratch = try TemporaryLedger()
        try fill(scratch)
        let expected = try projected(scratch.ledger)
        try scratch.tamper("UPDATE projection SET record = X'0561626364' WHERE event = 7")
        #expect {
            try self.projected(scratch.ledger)
        } throws: { error in
            "\(error)".contains("medledger rebuild")
        }
        #expect(try scratch.ledger.rebuildProjection() == 42)
        #expect(try projected(scratch.ledger) == expected)
    }
}
