import GRDB
import LedgerCore

/// The rows a write transaction adds to the keyed side tables (`facts`, `event_devices`,
/// `event_cves`, `projection_keys`), held back and inserted in key order, a run at a time.
///
/// Those tables are keyed by a hash, a device, a CVE or a lookup key, so rows arriving in log
/// order land on pages all over their b-trees (about 30 MiB at 1,000,000 events), and
/// each insert is a descent to a page the cache may have evicted. Inserted as a sorted run,
/// each page is visited once per run: the storing thread of a 1,000,000-event import took
/// 7 % fewer CPU samples (`perf record`).
///
/// Rows wait at most until `flush()`, which every writer calls before it commits (a receiver
/// flushes only between batches, outside their savepoints, and drops a refused batch's rows
/// with `discard(since:)`); until then `pendingFact(_:)` answers for the facts held back, so
/// a repeated fact inside one transaction is still found.
final class KeyRows {
    /// Rows held back before `flushIfFull()` inserts them: about 20 MiB at this count.
    static let defaultRunLength = 1 << 19

    private let runLength: Int

    private var facts: [(fact: Int64, event: Int64)] = []
    /// The event each held-back fact key was first registered for.
    private var factEvents: [Int64: Int64] = [:]
    /// Rows of the tables keyed by text: (text, event).
    private var devices: [(String, Int64)] = []
    private var cves: [(String, Int64)] = []
    private var lookupKeys: [(String, Int64)] = []

    private let insertFact: RawStatement
    private let insertDevice: RawStatement
    private let insertCVE: RawStatement
    private let insertKey: RawStatement

    init(_ db: Database, runLength: Int = KeyRows.defaultRunLength) throws {
        precondition(runLength > 0)
        self.runLength = runLength
        // A fact key is added only once its b-tree probe found nothing: a conflict is an error.
        insertFact = try RawStatement(db, "INSERT INTO facts(fact, event) VALUES (?1, ?2)")
        insertDevice = try RawStatement(db, "INSERT OR IGNORE INTO event_devices(device, event) VALUES (?1, ?2)")
        insertCVE = try RawStatement(db, "INSERT OR IGNORE INTO event_cves(cve, event) VALUES (?1, ?2)")
        insertKey = try RawStatement(db, "INSERT OR IGNORE INTO projection_keys(key, event) VALUES (?1, ?2)")
    }

    /// Rows held back.
    var count: Int { facts.count + devices.count + cves.count + lookupKeys.count }

    func addFact(_ fact: Int64, event: Int64) {
        facts.append((fact, event))
        factEvents[fact] = event
    }

    /// The event a held-back row registers this fact key for.
    func pendingFact(_ fact: Int64) -> Int64? { factEvents[fact] }

    func addDevice(_ device: String, event: Int64) { devices.append((device, event)) }
    func addCVE(_ cve: String, event: Int64) { cves.append((cve, event)) }
    func addLookupKey(_ key: String, event: Int64) { lookupKeys.append((key, event)) }

    /// Inserts the rows held back once there are `runLength` of them (tests make runs short
    /// to cross their boundaries with a few events).
    func flushIfFull() throws {
        if count >= runLength { try flush() }
    }

    /// Inserts every row held back, each table's in key order.
    func flush() throws {
        facts.sort { $0.fact < $1.fact }
        for row in facts {
            insertFact.bind(1, row.fact)
            insertFact.bind(2, row.event)
            try insertFact.run()
        }
        facts.removeAll(keepingCapacity: true)
        factEvents.removeAll(keepingCapacity: true)
        try Self.insert(&devices, with: insertDevice)
        try Self.insert(&cves, with: insertCVE)
        try Self.insert(&lookupKeys, with: insertKey)
    }

    private static func insert(_ rows: inout [(String, Int64)], with statement: RawStatement) throws {
        rows.sort { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
        for (text, event) in rows {
            statement.bind(1, text)
            statement.bind(2, event)
            try statement.run()
        }
        rows.removeAll(keepingCapacity: true)
    }

    /// How many rows of each table are held back: where a savepoint starts.
    struct Mark {
        fileprivate let facts, devices, cves, lookupKeys: Int
    }

    var mark: Mark { Mark(facts: facts.count, devices: devices.count, cves: cves.count, lookupKeys: lookupKeys.count) }

    /// Forgets the rows held back since `mark` (their savepoint is being rolled back). A fact
    /// key is held back at most once, so the keys forgotten were all added after `mark`.
    func discard(since mark: Mark) {
        for row in facts[mark.facts...] { factEvents[row.fact] = nil }
        facts.removeSubrange(mark.facts...)
        devices.removeSubrange(mark.devices...)
        cves.removeSubrange(mark.cves...)
        lookupKeys.removeSubrange(mark.lookupKeys...)
    }
}

/// Facts held, registered under the first 64 bits of the SHA-256 of their bytes (`facts`), with
/// the rare different facts whose keys collide kept beside them (`fact_collisions`): the one
/// place appends and received batches decide whether a fact is new.
final class FactRegistry {
    private let db: Database
    private let keyRows: KeyRows
    private let probe: RawStatement
    private let findFact: RawStatement
    private let findCollisions: RawStatement
    private let findEvent: RawStatement
    private let registerCollision: RawStatement

    init(_ db: Database, keyRows: KeyRows) throws {
        self.db = db
        self.keyRows = keyRows
        probe = try RawStatement(db, "SELECT 1 FROM facts WHERE fact = ?1")
        findFact = try RawStatement(db, "SELECT e.body FROM facts f JOIN events e ON e.rowid = f.event WHERE f.fact = ?1")
        findCollisions = try RawStatement(db, "SELECT e.body FROM fact_collisions c JOIN events e ON e.rowid = c.event WHERE c.fact = ?1")
        findEvent = try RawStatement(db, "SELECT body FROM events WHERE rowid = ?1")
        registerCollision = try RawStatement(db, "INSERT INTO fact_collisions(fact, event) VALUES (?1, ?2)")
    }

    /// The event that holds exactly `draft`'s fact, if the ledger has one; otherwise registers
    /// `event` (the rowid about to be written) as the fact's holder and returns nil.
    func holder(of draft: CanonicalDraft, orRegister event: Int64) throws -> EventID? {
        let key = draft.factHash.withUnsafeBytes { Int64(bigEndian: $0.loadUnaligned(as: Int64.self)) }
        let pending = keyRows.pendingFact(key)
        guard try pending != nil || isRegistered(key) else {
            keyRows.addFact(key, event: event)
            return nil
        }
        // 64 bits of the hash select candidates; the whole fact decides.
        let factBytes = draft.factBytes
        for statement in [findFact, findCollisions] {
            statement.bind(1, key)
            defer { statement.reset() }
            while try statement.step() {
                let held = try Event(canonicalBytes: statement.bytes(0))
                if held.draft.factBytes == factBytes { return held.id }
            }
        }
        if let pending {
            findEvent.bind(1, pending)
            defer { findEvent.reset() }
            if try findEvent.step() {
                let held = try Event(canonicalBytes: findEvent.bytes(0))
                if held.draft.factBytes == factBytes { return held.id }
            }
        }
        // Another fact holds this key: register this one beside it.
        registerCollision.bind(1, key)
        registerCollision.bind(2, event)
        try registerCollision.run()
        return nil
    }

    private func isRegistered(_ key: Int64) throws -> Bool {
        probe.bind(1, key)
        defer { probe.reset() }
        return try probe.step()
    }
}
