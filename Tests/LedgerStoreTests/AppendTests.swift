import Foundation
import LedgerCore
import LedgerStore
import Testing

@Suite("Appending")
struct AppendTests {
    @Test("a long transaction signs a checkpoint every 1,024 events and one at the end")
    func checkpointInterval() throws {
        let t = try TemporaryLedger()
        let summary = try t.append(Scenario.fleet(2500, devices: 50))
        #expect(summary.appended == 2500)
        #expect(try t.ledger.checkpoints().map(\.size) == [1024, 2048, 2500])
        #expect(try t.ledger.verify().isIntact)
    }

    @Test("appends across transactions continue the same tree: roots match the RFC's definition")
    func treeContinuesAcrossTransactions() throws {
        let t = try TemporaryLedger()
        let drafts = Scenario.fleet(37)
        try t.append(Array(drafts[0..<5]))
        try t.append(Array(drafts[5..<6]))
        try t.append(Array(drafts[6..<37]))
        var leaves: [MerkleHash] = []
        var seqs: [UInt64] = []
        try t.ledger.forEachEvent(matching: LogFilter()) { row in
            leaves.append(row.leaf)
            seqs.append(row.id.seq)
        }
        #expect(seqs == Array(1...37))  // these drafts are in time order, so log order is seq order
        let checkpoints = try t.ledger.checkpoints()
        #expect(checkpoints.map(\.size) == [5, 6, 37])
        for checkpoint in checkpoints {
            #expect(checkpoint.root == RFC6962.referenceRoot(leaves[0..<Int(checkpoint.size)]))
        }
    }

    @Test("the clock only moves forward, across transactions, whatever the events' own times")
    func clockIsMonotonic() throws {
        let t = try TemporaryLedger()
        try t.append([Scenario.patch("A", day: 300), Scenario.patch("B", day: 1)])
        try t.append([Scenario.patch("C", day: 150)])
        var bySeq: [(UInt64, HLC)] = []
        try t.ledger.forEachEvent(matching: LogFilter()) { bySeq.append(($0.id.seq, HLC($0.hlc)!)) }
        let clocks = bySeq.sorted { $0.0 < $1.0 }.map(\.1)
        #expect(clocks == clocks.sorted())
        #expect(Set(clocks).count == 3)
    }

    @Test("a transaction that throws leaves nothing behind")
    func allOrNothing() throws {
        let t = try TemporaryLedger()
        try t.append(Scenario.fleet(3))
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try t.ledger.append(key: t.key) { appender in
                for draft in Scenario.fleet(2000, devices: 7).dropFirst(3) { try appender.append(draft) }
                throw Stop()
            }
        }
        #expect(try t.count() == 3)
        #expect(try t.ledger.checkpoints().map(\.size) == [3])
        #expect(try t.ledger.verify().isIntact)
        #expect(try t.append([Scenario.patch("Z", day: 9999)]).treeSize == 4)
    }

    @Test("init refuses to overwrite, and reopening finds the site and its key")
    func createAndOpen() throws {
        let t = try TemporaryLedger(site: "south-campus")
        #expect(throws: LedgerError.self) { try Ledger.create(path: t.path, site: try SiteID("other"), name: nil) }
        let reopened = try Ledger.open(path: t.path)
        #expect(reopened.site.rawValue == "south-campus")
        #expect(try reopened.loadKey().publicKeyBase64 == t.key.publicKeyBase64)
        let mode = try FileManager.default.attributesOfItem(atPath: KeyFile.path(forLedger: t.path))[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("a key file others can read is refused, as ssh refuses it")
    func keyPermissions() throws {
        let t = try TemporaryLedger()
        let keyPath = KeyFile.path(forLedger: t.path)
        chmod(keyPath, 0o644)
        #expect { try t.ledger.loadKey() } throws: { error in
            guard case LedgerError.keyTooOpen = error else { return false }
            return true
        }
        try FileManager.default.removeItem(atPath: keyPath)
        #expect { try t.ledger.loadKey() } throws: { error in
            guard case LedgerError.keyMissing = error else { return false }
            return true
        }
    }

    @Test("files that are not ledgers are refused with a reason")
    func notALedger() throws {
        let t = try TemporaryLedger()
        let text = (t.folder as NSString).appendingPathComponent("notes.txt")
        try "not a database at all, just some text that is long enough to be read".write(toFile: text, atomically: true, encoding: .utf8)
        #expect { try Ledger.open(path: text) } throws: { error in
            guard case LedgerError.notALedger = error else { return false }
            return true
        }
        #expect { try Ledger.open(path: t.folder + "/missing.sqlite") } throws: { error in
            guard case LedgerError.noLedger = error else { return false }
            return true
        }
        let other = (t.folder as NSString).appendingPathComponent("other.sqlite")
        var db: OpaquePointer?
        sqlite3_open(other, &db)
        sqlite3_exec(db, "CREATE TABLE t(x)", nil, nil, nil)
        sqlite3_close(db)
        #expect { try Ledger.open(path: other) } throws: { error in
            guard case LedgerError.notALedger(_, let reason) = error else { return false }
            return reason.contains("another kind")
        }
    }

    @Test("the roster adds a site once, and refuses a second key for it")
    func roster() throws {
        let t = try TemporaryLedger()
        let other = try TemporaryLedger(site: "south")
        #expect(try t.ledger.trust(site: other.key.site, publicKeyBase64: other.key.publicKeyBase64) == .added)
        #expect(try t.ledger.trust(site: other.key.site, publicKeyBase64: other.key.publicKeyBase64) == .alreadyTrusted)
        #expect(throws: LedgerError.self) { try t.ledger.trust(site: other.key.site, publicKeyBase64: t.key.publicKeyBase64) }
        #expect(throws: LedgerError.self) { try t.ledger.trust(site: other.key.site, publicKeyBase64: "not base64") }
        #expect(try t.ledger.roster().map(\.site.rawValue) == ["north", "south"])
    }
}

import GRDBSQLite
