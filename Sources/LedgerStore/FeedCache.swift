import Foundation
import GRDB
import LedgerCore

/// Every record of the vulnerability databases a site imported (OSV, NVD), kept beside the
/// ledger in a file of its own (`<ledger>.feeds`): not the signed log, never synced, rebuilt
/// by importing the feeds again (Protocol/LEDGER.md §2.6). The log records only the records
/// that touch the fleet; the cache is where the others wait until an SBOM or a CPE makes them
/// relevant, and what `match` reads.
public final class FeedCache {
    /// One cached record: what recording it needs, and what finds it.
    public struct Record: Sendable {
        public let sha256: String
        public let source: String
        public let id: String
        public let modified: LedgerTime?
        /// The `vulnerability.recorded` event's `at`.
        public let at: LedgerTime
        /// Its data, canonical JSON.
        public let data: [UInt8]
        /// A `kev.listed` the record also states (NVD's `cisaExploitAdd`), canonical JSON.
        public let kevListing: [UInt8]?
        public let keys: [String]

        public init(sha256: String, source: String, id: String, modified: LedgerTime?, at: LedgerTime, data: [UInt8],
                    kevListing: [UInt8]?, keys: [String]) {
            self.sha256 = sha256
            self.source = source
            self.id = id
            self.modified = modified
            self.at = at
            self.data = data
            self.kevListing = kevListing
            self.keys = keys
        }
    }

    let queue: DatabaseQueue
    public let path: String

    /// The cache file beside a ledger.
    public static func path(forLedger ledger: String) -> String { ledger + ".feeds" }

    /// Opens the cache, creating it when it does not exist.
    public init(path: String) throws {
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            // As the ledger's own file: 8 KiB pages (a new file only), WAL, a cache that holds
            // an import's working set (an osv.dev archive adds a few hundred MiB of records).
            try db.execute(sql: "PRAGMA page_size = 8192")
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
            var migrator = DatabaseMigrator()
            migrator.registerMigration("1-records") { db in
                try db.execute(sql: """
                    -- Records in the order read, so an import appends at the end of the table
                    -- (a table keyed by the records' hashes took every insert to a random page).
                    CREATE TABLE records (
                        number INTEGER PRIMARY KEY,
                        sha256 TEXT NOT NULL UNIQUE,
                        source TEXT NOT NULL,
                        id TEXT NOT NULL,
                        modified INTEGER,
                        at INTEGER NOT NULL,
                        data BLOB NOT NULL,
                        kev BLOB
                    );
                    CREATE INDEX records_by_id ON records(id);
                    CREATE TABLE record_keys (
                        key TEXT NOT NULL,
                        record INTEGER NOT NULL,
                        PRIMARY KEY (key, record)
                    ) WITHOUT ROWID;
                    """)
            }
            // A file of many records (an NVD API response) whose records are identified by
            // their own canonical bytes, not the file's: its hash, so that reading it again
            // reads only that.
            migrator.registerMigration("2-documents") { db in
                try db.execute(sql: """
                    CREATE TABLE documents (
                        sha256 TEXT PRIMARY KEY,
                        source TEXT NOT NULL,
                        records INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    """)
            }
            try migrator.migrate(queue)
        } catch {
            throw LedgerError.corrupt("the feed cache \(path) cannot be opened: \(error)")
        }
    }

    /// The hashes of every record of `source` cached, and of every file of many records read
    /// from it with how many it held: an import skips what they name without parsing it. (An
    /// OSV record fed to `import-nvd` is not "already cached": it is read, and refused.)
    public func knownHashes(source: String) throws -> (records: Set<String>, documents: [String: Int]) {
        try queue.read { db in
            var records = Set<String>()
            let rows = try String.fetchCursor(db, sql: "SELECT sha256 FROM records WHERE source = ?", arguments: [source])
            while let sha = try rows.next() { records.insert(sha) }
            var documents: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT sha256, records FROM documents WHERE source = ?", arguments: [source]) {
                documents[row[0]] = row[1]
            }
            return (records, documents)
        }
    }

    /// How many records the cache holds.
    public func count() throws -> Int {
        try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM records") ?? 0 }
    }

    /// Runs `body` in one write transaction: everything it stores lands together, or nothing
    /// when it throws.
    public func write<T>(_ body: (Writer) throws -> T) throws -> T {
        var result: T?
        try queue.inTransaction { db in
            result = try body(try Writer(db))
            return .commit
        }
        return result!
    }

    /// Stores records inside `write`.
    public final class Writer {
        let db: Database
        private let insertRecord: Statement
        private let insertKey: Statement
        private let insertDocument: Statement

        init(_ db: Database) throws {
            self.db = db
            insertRecord = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO records(sha256, source, id, modified, at, data, kev) VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            insertKey = try db.makeStatement(sql: "INSERT OR IGNORE INTO record_keys(key, record) VALUES (?, ?)")
            insertDocument = try db.makeStatement(sql: "INSERT OR IGNORE INTO documents(sha256, source, records) VALUES (?, ?, ?)")
        }

        /// Notes that the file with these bytes was read whole, giving `records` records cached
        /// under their own hashes.
        public func insert(document sha256: String, source: String, records: Int) throws {
            try insertDocument.execute(arguments: [sha256, source, records])
        }

        public func insert(_ record: Record) throws {
            try insertRecord.execute(arguments: [record.sha256, record.source, record.id, record.modified?.microseconds,
                                                 record.at.microseconds, Data(record.data), record.kevListing.map { Data($0) }])
            // Ignored when the same bytes are cached already: their keys are too.
            guard db.changesCount > 0 else { return }
            let number = db.lastInsertedRowID
            for key in record.keys { try insertKey.execute(arguments: [key, number]) }
        }
    }

    /// The current record of each id that has one of `keys` (the latest `modified`; the
    /// records an import replaced stay cached, as their events stay in the log).
    public func records(keys: some Collection<String>) throws -> [Record] {
        guard !keys.isEmpty else { return [] }
        return try queue.read { db in
            var rows: [Row] = []
            let all = Array(Set(keys)).sorted()
            for start in stride(from: 0, to: all.count, by: 500) {
                let chunk = Array(all[start..<min(start + 500, all.count)])
                rows += try Row.fetchAll(db, sql: """
                    SELECT DISTINCT r.sha256, r.source, r.id, r.modified, r.at, r.data, r.kev
                    FROM record_keys k JOIN records r ON r.number = k.record
                    WHERE k.key IN (\(Array(repeating: "?", count: chunk.count).joined(separator: ",")))
                    """, arguments: StatementArguments(chunk))
            }
            var latest: [String: Record] = [:]
            for row in rows {
                let record = Record(sha256: row[0], source: row[1], id: row[2], modified: (row[3] as Int64?).map(LedgerTime.init(microseconds:)),
                                    at: LedgerTime(microseconds: row[4]), data: [UInt8](row[5] as Data),
                                    kevListing: (row[6] as Data?).map { [UInt8]($0) }, keys: [])
                if let held = latest[record.id], (held.modified ?? .earliest, held.sha256) >= (record.modified ?? .earliest, record.sha256) { continue }
                latest[record.id] = record
            }
            return latest.values.sorted { $0.id < $1.id }
        }
    }
}
