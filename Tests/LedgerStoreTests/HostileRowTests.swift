import Foundation
import LedgerCore
import LedgerStore
import Testing

/// Rows a tamperer could write with the triggers dropped, or with REPLACE: verify reports them
/// and never traps on them.
@Suite("Hostile rows")
struct HostileRowTests {
    @Test("verify reports rows of impossible shape instead of crashing", arguments: [
        "DROP TRIGGER events_no_update; UPDATE events SET seq = -1 WHERE seq = 2;",
        "DROP TRIGGER events_no_update; UPDATE events SET seq = 'two' WHERE seq = 2;",
        "DROP TRIGGER checkpoints_no_update; UPDATE checkpoints SET size = -5;",
        "DROP TRIGGER checkpoints_no_update; UPDATE checkpoints SET size = 'abc';",
        "DROP TRIGGER events_no_update; UPDATE events SET leaf = 'short' WHERE seq = 1;",
        "DROP TRIGGER events_no_update; UPDATE events SET body = 42 WHERE seq = 3;",
    ])
    func impossibleShapes(sql: String) throws {
        let t = try TemporaryLedger()
        try t.append(Scenario.fleet(4))
        try t.tamper(sql)
        #expect(try t.ledger.verify().failure != nil)
        // The other readers may refuse such rows with an error; they must not trap.
        _ = try? t.ledger.checkpoints()
        _ = try? t.ledger.stats()
        try? t.ledger.forEachEvent(matching: LogFilter()) { _ in }
    }

    @Test("an unsigned checkpoint at a size the tree never reaches is reported, not passed over")
    func junkCheckpoint() throws {
        let t = try TemporaryLedger()
        try t.append(Scenario.fleet(4))
        try t.tamper("INSERT INTO checkpoints(site, size, root, note, frontier, received_at) VALUES ('north', 0, x'00', 'n', x'', 0)")
        let failure = try #require(try t.ledger.verify().failure)
        #expect(failure.reason.contains("impossible size 0"))
    }

    @Test("REPLACE cannot swap a roster key or a checkpoint in place")
    func replaceIsRefused() throws {
        let t = try TemporaryLedger()
        try t.append(Scenario.fleet(2))
        let impostor = Base64.encode([UInt8](repeating: 7, count: 32))
        #expect(throws: TemporaryLedger.TamperError.self) {
            try t.tamper("REPLACE INTO roster(site, public_key, added_at) VALUES ('north', x'\(Hex.encode(Base64.decode(impostor)!))', 0)")
        }
        #expect(throws: TemporaryLedger.TamperError.self) {
            try t.tamper("REPLACE INTO checkpoints(site, size, root, note, frontier, received_at) VALUES ('north', 2, x'00', 'n', x'', 0)")
        }
        #expect(try t.ledger.roster().first?.publicKeyBase64 == t.key.publicKeyBase64)
        #expect(try t.ledger.verify().isIntact)
    }

    @Test("a fact whose 64-bit key another fact already holds is still stored once, and found again")
    func factKeyCollision() throws {
        let t = try TemporaryLedger()
        let squatter = Scenario.patch("PUMP-1", day: 1, version: "1")
        let victim = Scenario.patch("PUMP-2", day: 2, version: "2")
        try t.append([squatter])
        // Register the victim's key as held by the squatter, as a crafted collision would.
        let key = victim.factHash.withUnsafeBytes { Int64(bigEndian: $0.loadUnaligned(as: Int64.self)) }
        try t.tamper("INSERT INTO facts(fact, event) VALUES (\(key), 1)")
        #expect(try t.append([victim]).appended == 1)
        #expect(try t.append([victim]).alreadyHeld == 1)
        #expect(try t.append([victim, squatter]).appended == 0)
        #expect(try t.count() == 2)
    }

    @Test("a device named with U+0000 inside is indexed whole, not cut at the NUL")
    func nulInMention() throws {
        let t = try TemporaryLedger()
        try t.append([Scenario.incident("INC-1", devices: ["PUMP-7\u{0}not this one"], day: 1)])
        var hits = 0
        try t.ledger.forEachEvent(matching: LogFilter(device: "PUMP-7")) { _ in hits += 1 }
        #expect(hits == 0)
        try t.ledger.forEachEvent(matching: LogFilter(device: "PUMP-7\u{0}not this one")) { _ in hits += 1 }
        #expect(hits == 1)
    }

    @Test("an object with many members still refuses a repeated name, wherever it is")
    func manyMembers() throws {
        let names = (0..<40).map { "m\($0)" }
        let unique = "{" + names.map { "\"\($0)\":1" }.joined(separator: ",") + "}"
        #expect(throws: Never.self) { try JSONParser.parse(Array(unique.utf8)) }
        let repeated = "{" + (names + ["m3"]).map { "\"\($0)\":1" }.joined(separator: ",") + "}"
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(repeated.utf8)) }
    }
}
