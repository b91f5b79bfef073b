// The plain-SQLite insert baseline that the ledger's speeds are measured against: a ledger's
// rows inserted into a plain table with the same durability and cache, and nothing else.
import Foundation
import GRDBSQLite
import LedgerStore

/// One event of a ledger as a plain row: the columns the baseline inserts.
public struct PlainRow: Sendable {
    public let seq: Int64, at: Int64, type: String, device: String?, leaf: [UInt8], body: [UInt8]
}

private func check(_ code: Int32, _ db: OpaquePointer?, _ what: String) {
    guard code == SQLITE_OK || code == SQLITE_DONE || code == SQLITE_ROW else {
        fatalError("\(what): \(String(cString: sqlite3_errmsg(db)))")
    }
}

/// Every event of the ledger at `ledgerPath`, in seq order, loaded into memory so that only the
/// inserts are timed.
public func loadPlainRows(ledgerPath: String, expected count: Int) -> [PlainRow] {
    var rows: [PlainRow] = []
    rows.reserveCapacity(count)
    var db: OpaquePointer?
    check(sqlite3_open_v2(ledgerPath, &db, SQLITE_OPEN_READONLY, nil), db, "open ledger")
    var statement: OpaquePointer?
    check(sqlite3_prepare_v2(db, "SELECT seq, at, type, device, leaf, body FROM events ORDER BY seq", -1, &statement, nil), db, "select")
    while sqlite3_step(statement) == SQLITE_ROW {
        func blob(_ column: Int32) -> [UInt8] {
            Array(UnsafeRawBufferPointer(start: sqlite3_column_blob(statement, column), count: Int(sqlite3_column_bytes(statement, column))))
        }
        rows.append(PlainRow(seq: sqlite3_column_int64(statement, 0), at: sqlite3_column_int64(statement, 1),
                             type: String(cString: sqlite3_column_text(statement, 2)),
                             device: sqlite3_column_type(statement, 3) == SQLITE_NULL ? nil : String(cString: sqlite3_column_text(statement, 3)),
                             leaf: blob(4), body: blob(5)))
    }
    sqlite3_finalize(statement)
    sqlite3_close(db)
    return rows
}

/// Inserts `rows` as site `site` into a new database at `path`: primary key (site, seq), one
/// index on (device, at), WAL, synchronous=NORMAL, the ledger's cache size, one transaction,
/// plain prepared statements. Returns the seconds the inserts and the commit took.
public func timePlainInserts(_ rows: [PlainRow], site: String, into path: String) -> Double {
    sync()
    var db: OpaquePointer?
    check(sqlite3_open(path, &db), db, "open plain")
    for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA cache_size = -\(Ledger.cacheKiB)",
                   "CREATE TABLE events (site TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL, type TEXT NOT NULL, device TEXT, leaf BLOB NOT NULL, body BLOB NOT NULL, PRIMARY KEY (site, seq))",
                   "CREATE INDEX events_by_device ON events(device, at)"] {
        check(sqlite3_exec(db, pragma, nil, nil, nil), db, pragma)
    }
    let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    return seconds {
        check(sqlite3_exec(db, "BEGIN", nil, nil, nil), db, "begin")
        var statement: OpaquePointer?
        check(sqlite3_prepare_v2(db, "INSERT INTO events(site, seq, at, type, device, leaf, body) VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &statement, nil), db, "prepare")
        for row in rows {
            sqlite3_bind_text(statement, 1, site, -1, transient)
            sqlite3_bind_int64(statement, 2, row.seq)
            sqlite3_bind_int64(statement, 3, row.at)
            sqlite3_bind_text(statement, 4, row.type, -1, transient)
            if let device = row.device { sqlite3_bind_text(statement, 5, device, -1, transient) } else { sqlite3_bind_null(statement, 5) }
            row.leaf.withUnsafeBytes { _ = sqlite3_bind_blob(statement, 6, $0.baseAddress, Int32($0.count), transient) }
            row.body.withUnsafeBytes { _ = sqlite3_bind_blob(statement, 7, $0.baseAddress, Int32($0.count), transient) }
            check(sqlite3_step(statement), db, "insert")
            sqlite3_reset(statement)
        }
        sqlite3_finalize(statement)
        check(sqlite3_exec(db, "COMMIT", nil, nil, nil), db, "commit")
        sqlite3_close(db)
    }
}

/// Copies the write-ahead log of the database at `path` into the file and empties it, as the
/// last `medledger` process to close a ledger does: a ledger at rest. Refuses (one line, exit
/// 1) when a reader or writer keeps the log from being emptied.
public func checkpointAtRest(_ path: String) {
    var db: OpaquePointer?
    defer { sqlite3_close(db) }
    check(sqlite3_open(path, &db), db, "open \(path)")
    sqlite3_busy_timeout(db, 5_000)
    // Read once, so the connection knows the file is in WAL mode.
    check(sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", nil, nil, nil), db, "read \(path)")
    var logFrames: Int32 = 0, copied: Int32 = 0
    check(sqlite3_wal_checkpoint_v2(db, nil, SQLITE_CHECKPOINT_TRUNCATE, &logFrames, &copied), db, "checkpoint \(path)")
    guard logFrames == 0 else {
        FileHandle.standardError.write(Data("bench: the write-ahead log of \(path) still holds \(logFrames) frames\n".utf8))
        exit(1)
    }
}
