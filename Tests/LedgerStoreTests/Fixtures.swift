import GRDBSQLite
import Foundation
import LedgerCore
import LedgerStore

/// A fresh ledger in its own temporary folder, removed when the fixture goes away.
final class TemporaryLedger {
    let folder: String
    let path: String
    let ledger: Ledger
    let key: SiteKey

    init(site: String = "north") throws {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("medledger-test-XXXXXX").utf8CString)
        folder = String(cString: mkdtemp(&template)!)
        path = (folder as NSString).appendingPathComponent("ledger.sqlite")
        (ledger, key) = try Ledger.create(path: path, site: try SiteID(site), name: nil)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// Appends drafts in one transaction.
    @discardableResult
    func append(_ drafts: [EventDraft]) throws -> AppendSummary {
        try ledger.append(key: key) { appender in
            for draft in drafts { try appender.append(draft) }
        }.1
    }

    /// Runs raw SQL on the database file through a separate connection, as an attacker with
    /// file access would.
    func tamper(_ sql: String) throws {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw TamperError(message: "open") }
        defer { sqlite3_close(db) }
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(db, sql, nil, nil, &message) == SQLITE_OK else {
            throw TamperError(message: message.map { String(cString: $0) } ?? "?")
        }
    }

    struct TamperError: Error { let message: String }

    /// The rows `sql` selects, read through a separate connection, each as its columns' text
    /// joined by "|".
    func rows(_ sql: String) throws -> [String] {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else { throw TamperError(message: "open") }
        defer { sqlite3_close(db) }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else {
            throw TamperError(message: String(cString: sqlite3_errmsg(db)))
        }
        defer { sqlite3_finalize(statement) }
        var rows: [String] = []
        while sqlite3_step(statement) == SQLITE_ROW {
            rows.append((0..<sqlite3_column_count(statement)).map { column in
                sqlite3_column_text(statement, column).map { String(cString: $0) } ?? "NULL"
            }.joined(separator: "|"))
        }
        return rows
    }

    func count() throws -> Int {
        var n = 0
        try ledger.forEachEvent(matching: LogFilter()) { _ in n += 1 }
        return n
    }
}

/// Drafts that read like a pump's history, distinct by time.
enum Scenario {
    static func patch(_ device: String, day: Int, version: String = "4.2.1", actor: String = "biomed.jlee") -> EventDraft {
        try! EventDraft(type: .patchApplied, device: device, at: LedgerTime(seconds: 1_735_689_600 + Int64(day) * 86_400),
                        actor: actor, data: ["version": .string(version)])
    }

    static func procured(_ device: String, day: Int = 0, manufacturer: String = "Baxter", model: String = "Sigma Spectrum") -> EventDraft {
        try! EventDraft(type: .deviceProcured, device: device, at: LedgerTime(seconds: 1_735_689_600 + Int64(day) * 86_400),
                        actor: "procurement.mchen",
                        data: ["manufacturer": .string(manufacturer), "model": .string(model), "serial": "SN-1",
                               "contract": .object(["id": "C-2025-001", "patchDays": .object(["critical": 30, "high": 60])])])
    }

    static func incident(_ id: String, devices: [String], day: Int) -> EventDraft {
        try! EventDraft(type: .incidentOpened, device: nil, at: LedgerTime(seconds: 1_735_689_600 + Int64(day) * 86_400),
                        actor: "secops.apatel",
                        data: ["incident": .string(id), "devices": .array(devices.map { .string($0) }), "severity": "high"])
    }

    static func disclosed(_ cve: String, devices: [String], day: Int) -> EventDraft {
        try! EventDraft(type: .vulnerabilityDisclosed, device: nil, at: LedgerTime(seconds: 1_735_689_600 + Int64(day) * 86_400),
                        actor: "secops.apatel",
                        data: ["cve": .string(cve), "cvss": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                               "affects": .object(["devices": .array(devices.map { .string($0) })])])
    }

    /// `count` distinct patch events over `devices` devices.
    static func fleet(_ count: Int, devices: Int = 10) -> [EventDraft] {
        (0..<count).map { i in patch("PUMP-\(i % devices)", day: i, version: "1.0.\(i)") }
    }
}
