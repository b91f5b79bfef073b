import Foundation
import GRDBSQLite
import LedgerCore
import LedgerStore
import LedgerSync
import Testing

/// A folder of ledgers for one test, removed afterwards.
final class SyncWorld {
    let folder: String
    private(set) var sites: [String: (ledger: Ledger, key: SiteKey)] = [:]

    init() {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("medledger-sync-XXXXXX").utf8CString)
        folder = String(cString: mkdtemp(&template)!)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    /// Creates one ledger per site id, each trusting every other.
    @discardableResult
    func create(_ names: [String], trustEachOther: Bool = true) throws -> [Ledger] {
        for name in names {
            sites[name] = try Ledger.create(path: path("\(name).sqlite"), site: try SiteID(name), name: nil)
        }
        if trustEachOther {
            for a in names {
                for b in names where a != b {
                    _ = try sites[a]!.ledger.trust(site: sites[b]!.key.site, publicKeyBase64: sites[b]!.key.publicKeyBase64)
                }
            }
        }
        return names.map { sites[$0]!.ledger }
    }

    func ledger(_ name: String) -> Ledger { sites[name]!.ledger }

    /// Appends `count` distinct patch events at `site` in transactions of `perTransaction`.
    func append(_ site: String, count: Int, perTransaction: Int = 3, offset: Int = 0) throws {
        let (ledger, key) = sites[site]!
        var i = 0
        while i < count {
            let n = min(perTransaction, count - i)
            _ = try ledger.append(key: key) { appender in
                for j in i..<(i + n) {
                    try appender.append(try EventDraft(
                        type: .patchApplied, device: "PUMP-\(site)-\((j + offset) % 5)",
                        at: LedgerTime(seconds: 1_735_689_600 + Int64(j + offset) * 3600),
                        actor: "biomed.\(site)", data: ["version": .string("1.0.\(j + offset)")]))
                }
            }
            i += n
        }
    }

    /// A consistent copy of a ledger and its key file under another name (the same site and
    /// key: a way to make an origin sign two histories).
    func clone(_ site: String, as name: String) throws {
        let source = sites[site]!
        let target = path("\(name).sqlite")
        var db: OpaquePointer?
        guard sqlite3_open(source.ledger.path, &db) == SQLITE_OK else { throw CloneError() }
        defer { sqlite3_close(db) }
        guard sqlite3_exec(db, "VACUUM INTO '\(target)'", nil, nil, nil) == SQLITE_OK else { throw CloneError() }
        try FileManager.default.copyItem(atPath: source.ledger.path + ".key", toPath: target + ".key")
        let ledger = try Ledger.open(path: target)
        sites[name] = (ledger, try ledger.loadKey())
    }

    struct CloneError: Error {}
}

/// Every event a ledger holds as (id, canonical bytes), in the ledger's total order: two
/// ledgers holding the same events give equal arrays, whatever order they arrived in.
func contents(_ ledger: Ledger) throws -> [String] {
    var rows: [String] = []
    try ledger.forEachEvent(matching: LogFilter()) { row in
        rows.append("\(row.id) \(String(decoding: row.body, as: UTF8.self))")
    }
    return rows
}

/// Every row of the keyed side tables (facts, collisions, each event under its own device,
/// devices and CVEs named, lookup keys), with the event it names as its id, and any row naming
/// an event the ledger does not hold. A device's rows show its name: its number is the
/// ledger's own.
func sideRows(_ ledger: Ledger) throws -> [String] {
    var db: OpaquePointer?
    guard sqlite3_open_v2(ledger.path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else { throw SideRowsError() }
    defer { sqlite3_close(db) }
    var statement: OpaquePointer?
    let sql = """
        WITH side(kind, key, event) AS (
            SELECT 'fact', fact, event FROM facts UNION ALL SELECT 'collision', fact, event FROM fact_collisions
            UNION ALL SELECT 'own device', coalesce(n.device, 'unnumbered ' || d.device), d.event
                FROM device_events d LEFT JOIN device_numbers n ON n.number = d.device
            UNION ALL SELECT 'device', device, event FROM event_devices UNION ALL SELECT 'cve', cve, event FROM event_cves
            UNION ALL SELECT 'key', key, event FROM projection_keys)
        SELECT kind, key, coalesce(e.site || ':' || e.seq, 'missing event ' || side.event)
        FROM side LEFT JOIN events e ON e.rowid = side.event ORDER BY 1, 2, 3
        """
    guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { throw SideRowsError() }
    defer { sqlite3_finalize(statement) }
    var rows: [String] = []
    while sqlite3_step(statement) == SQLITE_ROW {
        rows.append((0..<3).map { String(cString: sqlite3_column_text(statement, $0)) }.joined(separator: " "))
    }
    return rows
}

struct SideRowsError: Error {}

/// The result of one in-memory session.
struct SessionRun {
    let initiator: LedgerSyncEndpoint
    let responder: LedgerSyncEndpoint
    /// Frames delivered (in either direction) before the session ended or was cut.
    let framesDelivered: Int
}

/// Splits the first complete frame off `bytes`.
func takeFrame(_ bytes: inout [UInt8]) -> [UInt8]? {
    guard bytes.count >= 4 else { return nil }
    let length = Int(bytes[0]) << 24 | Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
    guard bytes.count >= 4 + length else { return nil }
    let frame = Array(bytes[0..<(4 + length)])
    bytes.removeFirst(4 + length)
    return frame
}

/// Runs a session between two ledgers in memory, frame by frame, alternating directions;
/// with `cutAfter`, the connection is cut once that many frames have been delivered.
@discardableResult
func runSession(_ initiator: Ledger, _ responder: Ledger, directions: SyncDirections = .both,
                limits: SyncLimits = .default, storing policy: SessionReceiver.Policy = SessionReceiver.Policy(),
                cutAfter: Int? = nil, beforeCut: () throws -> Void = {}) throws -> SessionRun {
    var toResponder: [UInt8] = []
    var toInitiator: [UInt8] = []
    let a = try LedgerSyncEndpoint(ledger: initiator, role: .initiator, directions: directions, limits: limits, storing: policy) { toResponder += $0 }
    let b = try LedgerSyncEndpoint(ledger: responder, role: .responder, limits: limits, storing: policy) { toInitiator += $0 }
    a.start()
    var delivered = 0
    while true {
        var moved = false
        if let frame = takeFrame(&toResponder) {
            if let cutAfter, delivered == cutAfter { break }
            b.receive(frame)
            delivered += 1
            moved = true
        }
        if let frame = takeFrame(&toInitiator) {
            if let cutAfter, delivered == cutAfter { break }
            a.receive(frame)
            delivered += 1
            moved = true
        }
        if !moved { break }
    }
    if a.outcome == nil || b.outcome == nil { try beforeCut() }
    if a.outcome == nil { a.connectionClosed() }
    if b.outcome == nil { b.connectionClosed() }
    return SessionRun(initiator: a, responder: b, framesDelivered: delivered)
}

/// A seeded generator, so a failing random scenario can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension LedgerSyncEndpoint {
    /// True when the session finished successfully.
    var succeeded: Bool {
        if case .success? = outcome { return true }
        return false
    }

    /// The error that ended the session, if it failed.
    var failure: SyncError? {
        if case .failure(let error)? = outcome { return error }
        return nil
    }
}
