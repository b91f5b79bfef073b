import CSQLiteSetup
import Crypto
import Foundation
import GRDB
import LedgerCore

/// One site's ledger: a SQLite database in WAL mode holding the append-only log of every
/// origin's events, their signed checkpoints and the roster of trusted site keys.
public final class Ledger {
    /// Path of the database file.
    public let path: String
    /// The site that owns this ledger (the origin of the events it records itself).
    public let site: SiteID
    let queue: DatabaseQueue

    /// How long a writer waits for another writer's lock before giving up.
    public static let lockTimeout: TimeInterval = 5

    /// SQLite page cache, in KiB (`PRAGMA cache_size` negative form). The benchmark's
    /// plain-insert baseline uses the same figure.
    public static let cacheKiB = 65_536

    private init(path: String, site: SiteID, queue: DatabaseQueue) {
        self.path = path
        self.site = site
        self.queue = queue
    }

    /// SQLite's process-wide settings (see CSQLiteSetup), made once before the first
    /// connection opens.
    private static let sqliteSetUp: Void = { _ = medledger_sqlite3_setup() }()

    static func configuration() -> Configuration {
        _ = sqliteSetUp
        var config = Configuration()
        config.busyMode = .timeout(lockTimeout)
        config.prepareDatabase { db in
            // WAL: readers never block the writer. synchronous=NORMAL: a power cut may lose the
            // last commits but never corrupts; a killed process loses only its open transaction.
            // 8 KiB pages (set before WAL, so only a new file takes them): an event row is about
            // 450 bytes; measured 6 % faster bulk import than 4 KiB at the same cache bytes.
            try db.execute(sql: "PRAGMA page_size = 8192")
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -\(cacheKiB)")
            // So that REPLACE, which deletes what it collides with, meets the DELETE triggers.
            try db.execute(sql: "PRAGMA recursive_triggers = ON")
        }
        return config
    }

    /// Creates a new ledger and its site key. Refuses if the database or key file exists.
    ///
    /// The database is built whole under a temporary name beside `path` (schema, site, roster)
    /// and closed; then the key file is written; then the database is linked to `path`, which
    /// fails rather than replaces if something appeared there meanwhile. A process killed on the
    /// way leaves no database at `path` that is only half made.
    @discardableResult
    public static func create(path: String, site: SiteID, name: String?, now: LedgerTime = .now) throws -> (Ledger, SiteKey) {
        let keyPath = KeyFile.path(forLedger: path)
        for existing in [path, keyPath, path + "-wal"] where FileManager.default.fileExists(atPath: existing) {
            throw LedgerError.alreadyExists(path: existing)
        }
        let key = SiteKey(site: site, privateKey: Curve25519.Signing.PrivateKey())
        let building = path + ".init-\(getpid())"
        func removeBuilding() {
            for file in [building, building + "-wal", building + "-shm", building + "-journal"] {
                try? FileManager.default.removeItem(atPath: file)
            }
        }
        removeBuilding()
        defer { removeBuilding() }
        try mapErrors(path: path) {
            let queue = try DatabaseQueue(path: building, configuration: configuration())
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA application_id = \(Schema.applicationID)")
            }
            try Schema.migrator.migrate(queue)
            try queue.write { db in
                try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('site', ?), ('created', ?), ('clock', ?)",
                               arguments: [site.rawValue, now.rfc3339, HLC.zero.description])
                if let name { try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('name', ?)", arguments: [name]) }
                try db.execute(sql: "INSERT INTO roster(site, public_key, added_at) VALUES (?, ?, ?)",
                               arguments: [site.rawValue, key.privateKey.publicKey.rawRepresentation, now.microseconds])
            }
            // Closing checkpoints the write-ahead log into the file, which is then complete alone.
            try queue.close()
        }
        try KeyFile.create(at: keyPath, key: key)
        guard link(building, path) == 0 else {
            let reason = errno == EEXIST ? "already exists" : String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: keyPath)
            if errno == EEXIST { throw LedgerError.alreadyExists(path: path) }
            throw LedgerError.storage("cannot create \(path): \(reason)")
        }
        return (try open(path: path), key)
    }

    /// Opens an existing ledger, applying any newer migrations.
    public static func open(path: String) throws -> Ledger {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LedgerError.noLedger(path: path)
        }
        guard !isDirectory.boolValue else { throw LedgerError.notALedger(path: path, reason: "it is a directory") }
        return try mapErrors(path: path) {
            let queue = try DatabaseQueue(path: path, configuration: configuration())
            let site: String? = try queue.writeWithoutTransaction { db in
                let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                guard applicationID == Schema.applicationID else {
                    throw LedgerError.notALedger(path: path, reason: "it is a SQLite database of another kind")
                }
                let migrator = Schema.migrator
                if try migrator.hasBeenSuperseded(db) {
                    throw LedgerError.notALedger(path: path, reason: "it was made by a newer medledger")
                }
                return try migrator.hasCompletedMigrations(db)
                    ? String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'site'") : nil
            } ?? {
                try Schema.migrator.migrate(queue)
                return try queue.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'site'") }
            }()
            guard let site, let siteID = try? SiteID(site) else {
                throw LedgerError.notALedger(path: path, reason: "it names no site")
            }
            return Ledger(path: path, site: siteID, queue: queue)
        }
    }

    /// Runs `body`, turning SQLite's errors into ledger errors that name the file.
    static func mapErrors<T>(path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB: throw LedgerError.notALedger(path: path, reason: "it is not a SQLite database")
            case .SQLITE_BUSY, .SQLITE_LOCKED: throw LedgerError.locked(path: path, seconds: lockTimeout)
            case .SQLITE_CANTOPEN: throw LedgerError.storage("cannot open \(path)")
            case .SQLITE_FULL: throw LedgerError.storage("\(path): disk full")
            case .SQLITE_READONLY: throw LedgerError.storage("\(path) is read-only")
            case .SQLITE_CORRUPT: throw LedgerError.corrupt("\(path): database file is damaged")
            default: throw LedgerError.storage("\(path): \(error.message ?? "\(error.resultCode)")")
            }
        }
    }

    /// SQLite page cache of a receiving session's connection, in KiB, smaller than
    /// `cacheKiB`: the session's process also holds the batches being verified. The receiving
    /// `sync` of a 1,000,000-event catch-up peaked at 161-163 MiB with it against 179-188 MiB
    /// with `cacheKiB`, and took as long (14.0-14.3 s against 14.2-15.2 s, alternately).
    static let receivingCacheKiB = 49_152

    /// Gives this connection the page cache of a receiving session (`receivingCacheKiB`).
    func useReceivingCache() throws {
        try Self.mapErrors(path: path) {
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -\(Self.receivingCacheKiB)") }
        }
    }

    /// Stops this connection from copying the write-ahead log into the database at the end of
    /// each commit (SQLite's automatic checkpoint, run by the committing thread): its owner
    /// calls `checkpoint()` when it suits it instead.
    func checkpointOnlyWhenAsked() throws {
        try Self.mapErrors(path: path) {
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        }
    }

    /// Copies what the write-ahead log holds into the database file, as far as readers allow,
    /// without taking the write lock: another writer may write meanwhile.
    func checkpoint() throws {
        try Self.mapErrors(path: path) {
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)") }
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.mapErrors(path: path) { try queue.read(body) }
    }

    /// The site's private key, from `<ledger>.key`.
    public func loadKey() throws -> SiteKey {
        try KeyFile.load(at: KeyFile.path(forLedger: path), site: site)
    }

    /// A `meta` value (`name`, `created`).
    public func meta(_ key: String) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }
}

extension LedgerTime {
    /// The current wall-clock time.
    public static var now: LedgerTime {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return LedgerTime(microseconds: Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000)
    }
}
