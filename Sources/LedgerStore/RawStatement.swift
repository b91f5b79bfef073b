import GRDB
import GRDBSQLite
import LedgerCore

/// A prepared statement driven through the SQLite C API, for the hot paths (append, verify,
/// log) where GRDB's row decoding costs more than the work itself. The `Statement` from GRDB
/// owns the lifetime; this only binds, steps and reads.
struct RawStatement {
    let statement: Statement
    private var handle: OpaquePointer { statement.sqliteStatement }
    private unowned let db: Database

    init(_ db: Database, _ sql: String) throws {
        self.db = db
        statement = try db.makeStatement(sql: sql)
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    private nonisolated(unsafe) static let emptyText: UnsafeMutablePointer<CChar> = {
        let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
        pointer.pointee = 0
        return pointer
    }()

    func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }
    func bind(_ index: Int32, _ value: String) {
        // The byte count, not -1: a string may hold U+0000, which C would take as its end.
        var value = value
        value.withUTF8 { utf8 in
            // An empty string still needs a non-null pointer, or SQLite binds NULL.
            let base = UnsafeRawPointer(utf8.baseAddress) ?? UnsafeRawPointer(Self.emptyText)
            _ = sqlite3_bind_text(handle, index, base.assumingMemoryBound(to: CChar.self), Int32(utf8.count), Self.transient)
        }
    }
    func bind(_ index: Int32, _ value: String?) {
        if let value { bind(index, value) } else { sqlite3_bind_null(handle, index) }
    }
    func bind(_ index: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            _ = sqlite3_bind_blob(handle, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(raw.count), Self.transient)
        }
    }
    /// Binds UTF-8 text without copying it: valid only while the bytes stay alive and
    /// unchanged, that is, until the statement has run.
    func bindTextNoCopy(_ index: Int32, _ utf8: UnsafeRawBufferPointer) {
        // An empty text still needs a non-null pointer, or SQLite binds NULL.
        let base = utf8.baseAddress ?? UnsafeRawPointer(Self.emptyText)
        _ = sqlite3_bind_text(handle, index, base.assumingMemoryBound(to: CChar.self), Int32(utf8.count), nil)
    }
    /// Binds bytes without copying them: valid only while `bytes` stays alive and unchanged,
    /// that is, until the statement has run.
    func bindNoCopy(_ index: Int32, _ bytes: UnsafeRawBufferPointer) {
        _ = sqlite3_bind_blob(handle, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), nil)
    }
    func bind(_ index: Int32, _ hash: MerkleHash) {
        hash.withUnsafeBytes { raw in
            _ = sqlite3_bind_blob(handle, index, raw.baseAddress, 32, Self.transient)
        }
    }

    /// Steps once; true while a row is available.
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(handle)))
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
    }

    /// Runs a statement that returns no rows, then resets it.
    func run() throws {
        defer { reset() }
        _ = try step()
    }

    /// Rows the last statement run on this connection inserted, changed or deleted.
    var changes: Int { Int(sqlite3_changes(sqlite3_db_handle(handle))) }

    func reset() {
        sqlite3_reset(handle)
        // Bindings are kept: every caller binds all of a statement's parameters before stepping.
    }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }
    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }
    /// A text column's UTF-8 bytes, valid until the next step or reset.
    func textBytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        let pointer = sqlite3_column_text(handle, column)
        return UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, column)))
    }
    /// The column's bytes, valid until the next step or reset.
    func blob(_ column: Int32) -> UnsafeRawBufferPointer {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard let pointer = sqlite3_column_blob(handle, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: pointer, count: count)
    }
    func bytes(_ column: Int32) -> [UInt8] { Array(blob(column)) }
}
