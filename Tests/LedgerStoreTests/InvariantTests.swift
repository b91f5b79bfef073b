import Crypto
import Foundation
import LedgerCore
import LedgerStore
import Testing

/// DESIGN.md's invariants 1-4, each by a test that fails if the invariant breaks.
@Suite("Ledger invariants")
struct InvariantTests {
    @Test("1. the database itself refuses UPDATE and DELETE on events and checkpoints")
    func appendOnly() throws {
        let t = try TemporaryLedger()
        try t.append(Scenario.fleet(2) + [Scenario.incident("INC-1", devices: ["PUMP-1"], day: 5)])
        for sql in ["UPDATE events SET actor = 'mallory' WHERE seq = 1", "DELETE FROM events WHERE seq = 2",
                    "UPDATE checkpoints SET note = 'x'", "DELETE FROM checkpoints",
                    "DELETE FROM event_devices", "UPDATE event_devices SET device = 'X'",
                    "DELETE FROM device_events", "UPDATE device_events SET event = 1",
                    "DELETE FROM device_numbers", "UPDATE device_numbers SET device = 'X'",
                    "INSERT OR REPLACE INTO device_numbers(device) VALUES ('PUMP-1')",
                    "UPDATE roster SET public_key = x'00'", "DELETE FROM roster"] {
            #expect(throws: TemporaryLedger.TamperError.self, "\(sql)") { try t.tamper(sql) }
        }
        #expect(try t.count() == 3)
        #expect(try t.ledger.verify().isIntact)
    }

    @Test("2. appending the same facts again adds nothing, in the same or a later transaction")
    func identity() throws {
        let t = try TemporaryLedger()
        let drafts = Scenario.fleet(50)
        let first = try t.append(drafts + drafts.prefix(10))
        #expect(first.appended == 50)
        #expect(first.alreadyHeld == 10)
        let again = try t.append(drafts)
        #expect(again.appended == 0)
        #expect(again.alreadyHeld == 50)
        #expect(try t.count() == 50)
        let (outcome, _) = try t.ledger.append(key: t.key) { try $0.append(drafts[7]) }
        #expect(outcome == .alreadyHeld(EventID(site: try SiteID("north"), seq: 8)))
    }

    @Test("2. the same fact stated with another zone offset is the same fact")
    func identityAcrossOffsets() throws {
        let t = try TemporaryLedger()
        let utc = try EventDraft(type: .patchApplied, device: "PUMP-1", at: LedgerTime(rfc3339: "2025-03-04T09:30:00Z"),
                                 actor: "biomed.jlee", data: ["version": "4.2.1"])
        let paris = try EventDraft(type: .patchApplied, device: "PUMP-1", at: LedgerTime(rfc3339: "2025-03-04T10:30:00+01:00"),
                                   actor: "biomed.jlee", data: ["version": "4.2.1"])
        #expect(try t.append([utc]).appended == 1)
        #expect(try t.append([paris]).alreadyHeld == 1)
    }

    @Test("3. the stored bytes are the canonical bytes made at append, and log output re-derives them")
    func bytesAreTheTruth() throws {
        let t = try TemporaryLedger()
        let draft = try EventDraft(type: .deviceDeployed, device: "MON-7", at: LedgerTime(rfc3339: "2025-05-01T08:00:00+02:00"),
                                   actor: "biomed.jlee", data: ["location": "ICU 3 – bed 12", "unknownField": .object(["kept": 1.50])])
        try t.append([draft])
        var rows: [LogRow] = []
        try t.ledger.forEachEvent(matching: LogFilter()) { rows.append($0) }
        let row = try #require(rows.first)
        let expected = draft.canonicalBytes(site: try SiteID("north"), seq: 1, hlc: try #require(HLC(row.hlc)))
        #expect(row.body == expected)
        #expect(row.leaf == RFC6962.leafHash(expected))
        // From the jsonl line alone: drop id, leaf and receivedAt, canonicalize, hash.
        var object = try JSONParser.parseObject(row.interchangeJSON)
        object.members.removeAll { ["id", "leaf", "receivedAt"].contains($0.name) }
        let rederived = CanonicalJSON.encode(.object(object))
        #expect(rederived == row.body)
        #expect(Hex.encode(RFC6962.leafHash(rederived).bytes) == object["leaf"]?.stringValue ?? row.leaf.hex)
        #expect(String(decoding: row.body, as: UTF8.self).contains(#""unknownField":{"kept":1.5}"#))
    }

    @Test("4. altering one stored byte (triggers dropped) makes verify name that event")
    func tamperedByte() throws {
        let t = try TemporaryLedger()
        try t.append(Scenario.fleet(40))
        try t.tamper("""
            DROP TRIGGER events_no_update;
            UPDATE events SET body = CAST(replace(CAST(body AS TEXT), '"version":"1.0.17"', '"version":"1.0.18"') AS BLOB) WHERE seq = 18;
            """)
        let report = try t.ledger.verify()
        let failure = try #require(report.failure)
        #expect(failure.event == EventID(site: try SiteID("north"), seq: 18))
    }

    @Test("4. altering an event's bytes and its leaf together still fails at the signed checkpoint")
    func tamperedByteAndLeaf() throws {
        let t = try TemporaryLedger()
        try t.append(Scenario.fleet(5))
        let forged = Scenario.patch("PUMP-3", day: 3, version: "9.9.9")
        var hlcText = ""
        try t.ledger.forEachEvent(matching: LogFilter(limit: 4)) { hlcText = $0.hlc }
        let bytes = forged.canonicalBytes(site: try SiteID("north"), seq: 4, hlc: try #require(HLC(hlcText)))
        try t.tamper("""
            DROP TRIGGER events_no_update;
            UPDATE events SET body = x'\(Hex.encode(bytes))', leaf = x'\(RFC6962.leafHash(bytes).hex)' WHERE seq = 4;
            """)
        let failure = try #require(try t.ledger.verify().failure)
        #expect(failure.description.contains("north:1") || failure.event != nil)
        #expect(failure.description.contains("root") || failure.description.contains("checkpoint"))
    }

    @Test("4. an indexed column that disagrees with the bytes is caught")
    func tamperedColumn() throws {
        let t = try TemporaryLedger()
        try t.append(Scenario.fleet(6))
        try t.tamper("DROP TRIGGER events_no_update; UPDATE events SET device = 'PUMP-9' WHERE seq = 2;")
        let failure = try #require(try t.ledger.verify().failure)
        #expect(failure.event?.seq == 2)
        #expect(failure.reason.contains("columns"))
    }

    @Test("4. a deleted event leaves a gap that verify names")
    func deletedEvent() throws {
        let t = try TemporaryLedger()
        try t.append(Scenario.fleet(6))
        try t.tamper("DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = 3;")
        let failure = try #require(try t.ledger.verify().failure)
        #expect(failure.event?.seq == 3)
    }

    @Test("4. a checkpoint signed by another key fails verification")
    func foreignSignature() throws {
        let t = try TemporaryLedger()
        try t.append(Scenario.fleet(6))
        let impostor = SiteKey(site: try SiteID("north"), privateKey: Curve25519.Signing.PrivateKey())
        let checkpoint = try #require(try t.ledger.checkpoints().last)
        let note = try impostor.signCheckpoint(size: checkpoint.size, root: checkpoint.root)
        let escaped = note.serialized.replacingOccurrences(of: "'", with: "''")
        try t.tamper("DROP TRIGGER checkpoints_no_update; UPDATE checkpoints SET note = '\(escaped)' WHERE size = \(checkpoint.size);")
        let failure = try #require(try t.ledger.verify().failure)
        #expect(failure.reason.contains("not signed by north's key"))
    }

    @Test("4. events beyond the last checkpoint are reported as uncovered")
    func uncoveredEvents() throws {
        let t = try TemporaryLedger()
        try t.append(Scenario.fleet(6))
        try t.tamper("DROP TRIGGER checkpoints_no_delete; DELETE FROM checkpoints;")
        let failure = try #require(try t.ledger.verify().failure)
        #expect(failure.event?.seq == 1)
        #expect(failure.reason.contains("not covered"))
    }
}
