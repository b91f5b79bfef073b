import Foundation
import Testing
import LedgerCore
@testable import LedgerStore

/// The keyed side tables (facts, devices and CVEs named, lookup keys) are written in sorted
/// runs at the end of a transaction or of a run: whatever the run length, the rows are those
/// of every event, a repeated fact is found whether its first copy waits in a run or was
/// inserted already, and no row names an event that is not held.
@Suite("Keyed rows written in runs")
struct KeyRowsTests {
    static let sideTables = """
        SELECT 'fact', fact, event FROM facts
        UNION ALL SELECT 'collision', fact, event FROM fact_collisions
        UNION ALL SELECT 'own device', n.device, d.event FROM device_events d JOIN device_numbers n ON n.number = d.device
        UNION ALL SELECT 'numbered', device, number FROM device_numbers
        UNION ALL SELECT 'device', device, event FROM event_devices
        UNION ALL SELECT 'cve', cve, event FROM event_cves
        UNION ALL SELECT 'key', key, event FROM projection_keys
        ORDER BY 1, 2, 3
        """

    static let dangling = """
        SELECT 'fact', event FROM facts WHERE event NOT IN (SELECT rowid FROM events)
        UNION ALL SELECT 'own device', event FROM device_events WHERE event NOT IN (SELECT rowid FROM events)
        UNION ALL SELECT 'unnumbered', device FROM device_events WHERE device NOT IN (SELECT number FROM device_numbers)
        UNION ALL SELECT 'not under its device', rowid FROM events e WHERE device IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM device_events d JOIN device_numbers n ON n.number = d.device WHERE d.event = e.rowid AND n.device = e.device)
        UNION ALL SELECT 'device', event FROM event_devices WHERE event NOT IN (SELECT rowid FROM events)
        UNION ALL SELECT 'cve', event FROM event_cves WHERE event NOT IN (SELECT rowid FROM events)
        UNION ALL SELECT 'key', event FROM projection_keys WHERE event NOT IN (SELECT rowid FROM events)
        """

    /// 30 distinct facts naming devices, CVEs and models, with 6 repeats: 3 right after their
    /// first copy (still waiting in its run) and 3 long after (their run inserted).
    static var drafts: [EventDraft] {
        var distinct: [EventDraft] = []
        for i in 0..<10 {
            distinct.append(Scenario.procured("PUMP-\(i)", day: i, model: i % 2 == 0 ? "Sigma Spectrum" : "Spectrum IQ"))
            distinct.append(Scenario.disclosed("CVE-2025-\(1000 + i)", devices: ["PUMP-\(i)", "PUMP-\((i + 1) % 10)"], day: 20 + i))
            distinct.append(Scenario.incident("INC-\(i)", devices: ["PUMP-\(i)"], day: 40 + i))
        }
        var drafts: [EventDraft] = []
        for (i, draft) in distinct.enumerated() {
            drafts.append(draft)
            if i % 10 == 4 { drafts.append(draft) }  // repeated at once
            if i % 10 == 9 { drafts.append(distinct[i - 8]) }  // repeated 8 facts later
        }
        return drafts
    }

    @Test("appends in runs of 1, 2, 5 and 7 rows write the same side rows as one run, each fact once")
    func appendRuns() throws {
        let reference = try TemporaryLedger()
        let summary = try reference.append(Self.drafts)
        #expect(summary.appended == 30 && summary.alreadyHeld == 6)
        let expected = try reference.rows(Self.sideTables)
        #expect(expected.filter { $0.hasPrefix("fact|") }.count == 30)
        #expect(expected.filter { $0.hasPrefix("cve|") }.count == 10)
        #expect(expected.filter { $0.hasPrefix("device|") }.count == 30)  // 2 per disclosure, 1 per incident
        #expect(expected.filter { $0.hasPrefix("own device|") }.count == 10)  // 1 per procurement
        #expect(expected.filter { $0.hasPrefix("numbered|") }.count == 10)
        #expect(try reference.rows(Self.dangling).isEmpty)
        var cveEvents = 0
        try reference.ledger.forEachEvent(matching: LogFilter(cve: "CVE-2025-1004")) { _ in cveEvents += 1 }
        #expect(cveEvents == 1)

        for runLength in [1, 2, 5, 7] {
            let scratch = try TemporaryLedger()
            let (_, runs) = try scratch.ledger.append(key: scratch.key, now: .now, keyRunLength: runLength) { appender in
                for draft in Self.drafts { try appender.append(draft) }
            }
            #expect(runs.appended == 30 && runs.alreadyHeld == 6, "runs of \(runLength)")
            #expect(try scratch.rows(Self.sideTables) == expected, "runs of \(runLength)")
            #expect(try scratch.rows(Self.dangling).isEmpty, "runs of \(runLength)")
        }
    }

    @Test("a second transaction finds the facts of the first, inserted or not yet")
    func repeatsAcrossTransactions() throws {
        let scratch = try TemporaryLedger()
        let first = Array(Self.drafts.prefix(12))
        _ = try scratch.ledger.append(key: scratch.key, now: .now, keyRunLength: 5) { appender in
            for draft in first { try appender.append(draft) }
        }
        let (_, again) = try scratch.ledger.append(key: scratch.key, now: .now, keyRunLength: 5) { appender in
            for draft in Self.drafts { try appender.append(draft) }
        }
        #expect(again.appended == 20 && again.alreadyHeld == 16)
        #expect(try scratch.rows("SELECT count(*) FROM facts") == ["30"])
        #expect(try scratch.rows(Self.dangling).isEmpty)
    }

    @Test("a ledger made before devices were numbered numbers them when opened: the same rows and device trails")
    func numbersDevicesWhenOpened() throws {
        let scratch = try TemporaryLedger()
        try scratch.append(Self.drafts)
        let expected = try scratch.rows(Self.sideTables)
        func trails(_ ledger: Ledger) throws -> [String] {
            var lines: [String] = []
            for i in 0..<10 {
                try ledger.forEachEvent(matching: LogFilter(device: "PUMP-\(i)")) { lines.append("PUMP-\(i) \($0.id)") }
            }
            return lines
        }
        let expectedTrails = try trails(scratch.ledger)
        #expect(expectedTrails.count == 40)  // per pump: its procurement, 2 disclosures, 1 incident
        try scratch.tamper("""
            DROP TABLE device_events;
            DROP TABLE device_numbers;
            CREATE INDEX events_by_device ON events(device, at) WHERE device IS NOT NULL;
            DELETE FROM grdb_migrations WHERE identifier = '6-device-numbers';
            """)
        #expect(try scratch.rows("SELECT count(*) FROM sqlite_master WHERE name LIKE 'device_%'") == ["0"])
        let reopened = try Ledger.open(path: scratch.path)
        #expect(try scratch.rows(Self.sideTables) == expected)
        #expect(try scratch.rows(Self.dangling).isEmpty)
        #expect(try scratch.rows("SELECT count(*) FROM sqlite_master WHERE name = 'events_by_device'") == ["0"])
        #expect(try trails(reopened) == expectedTrails)
    }

    @Test("a transaction rolled back leaves none of its side rows, inserted in a run or waiting")
    func rollback() throws {
        let scratch = try TemporaryLedger()
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            _ = try scratch.ledger.append(key: scratch.key, now: .now, keyRunLength: 4) { appender in
                for draft in Self.drafts { try appender.append(draft) }
                throw Stop()
            }
        }
        #expect(try scratch.rows(Self.sideTables).isEmpty)
        #expect(try scratch.append(Self.drafts).appended == 30)
    }
}
