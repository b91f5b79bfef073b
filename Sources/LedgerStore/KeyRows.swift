import GRDB
import LedgerCore

/// The rows a write transaction adds to the keyed side tables (`facts`, `device_events`,
/// `event_devices`, `event_cves`, `projection_keys`), held back and inserted in key order, a
/// run at a time.
///
/// Those tables are keyed by a hash, a device, a CVE or a lookup key, so rows arriving in log
/// order land on pages all over their b-trees (about 30 MiB at 1,000,000 events), and
/// each insert is a descent to a page the cache may have evicted. Inserted as a sorted run,
/// each page is visited once per run: the storing thread of a 1,000,000-event import took
/// 7 % fewer CPU samples (`perf record`).
///
/// Rows wait at most until `flush()`, which every writer calls before it commits (a receiver
/// flushes only between batches, outside their savepoints, and drops a refused batch's rows
/// with `discard(since:)`); until then `pendingFact(_:)` answers for the facts an append held
/// back, so a repeated fact inside one transaction is still found. A received event's fact
/// is held back unprobed (whether it is held changes nothing about storing the event): a
/// key found taken when its run is inserted is returned by `flush()` for `FactRegistry` to
/// settle.
final class KeyRows {
    /// Rows held back before `flushIfFull()` inserts them: about 20 MiB at this count.
    static let defaultRunLength = 1 << 19

    private let runLength: Int

    private var facts: [(fact: Int64, event: Int64)] = []
    /// The event each fact key held back by an append was registered for.
    private var factEvents: [Int64: Int64] = [:]
    /// Each event under its device's number (`device_events`).
    private var deviceEvents: [(device: Int64, event: Int64)] = []
    /// The numbers of the devices the transaction named (`device_numbers`), and the devices it
    /// numbered itself, in order: a rolled-back savepoint forgets those it numbered.
    private var deviceNumbers: [String: Int64] = [:]
    private var numbered: [String] = []
    /// Rows of the tables keyed by text: (text, event).
    private var devices: [(String, Int64)] = []
    private var cves: [(String, Int64)] = []
    private var lookupKeys: [(String, Int64)] = []

    private let db: Database
    private let insertFact: RawStatement
    /// Prepared when the first device is numbered (the projection's rebuild, which a migration
    /// before the device tables runs, numbers none).
    private var deviceStatements: (find: RawStatement, number: RawStatement, insertEvent: RawStatement)?
    private let insertDevice: RawStatement
    private let insertCVE: RawStatement
    private let insertKey: RawStatement

    init(_ db: Database, runLength: Int = KeyRows.defaultRunLength) throws {
        precondition(runLength > 0)
        self.runLength = runLength
        self.db = db
        insertFact = try RawStatement(db, "INSERT INTO facts(fact, event) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
        insertDevice = try RawStatement(db, "INSERT OR IGNORE INTO event_devices(device, event) VALUES (?1, ?2)")
        insertCVE = try RawStatement(db, "INSERT OR IGNORE INTO event_cves(cve, event) VALUES (?1, ?2)")
        insertKey = try RawStatement(db, "INSERT OR IGNORE INTO projection_keys(key, event) VALUES (?1, ?2)")
    }

    /// Rows held back.
    var count: Int { facts.count + deviceEvents.count + devices.count + cves.count + lookupKeys.count }

    /// A fact key an append probed and found free.
    func addFact(_ fact: Int64, event: Int64) {
        facts.append((fact, event))
        factEvents[fact] = event
    }

    /// A received event's fact key, not probed.
    func addUnprobedFact(_ fact: Int64, event: Int64) {
        facts.append((fact, event))
    }

    /// The event a held-back row registers this fact key for.
    func pendingFact(_ fact: Int64) -> Int64? { factEvents[fact] }

    /// An event's own `device`. The device is numbered now if it has no number yet.
    func addDeviceEvent(_ device: String, event: Int64) throws {
        deviceEvents.append((try number(of: device), event))
    }

    /// A device the event's data names (`event_devices`).
    func addDevice(_ device: String, event: Int64) { devices.append((device, event)) }
    func addCVE(_ cve: String, event: Int64) { cves.append((cve, event)) }
    func addLookupKey(_ key: String, event: Int64) { lookupKeys.append((key, event)) }

    /// Inserts the rows held back once there are `runLength` of them (tests make runs short
    /// to cross their boundaries with a few events).
    func flushIfFull() throws -> [(fact: Int64, event: Int64)] {
        count >= runLength ? try flush() : []
    }

    /// Inserts every row held back, each table's in key order. Returns the facts whose key
    /// was taken already (by an event held before, or earlier in the run).
    func flush() throws -> [(fact: Int64, event: Int64)] {
        facts.sort { $0.fact == $1.fact ? $0.event < $1.event : $0.fact < $1.fact }
        var taken: [(fact: Int64, event: Int64)] = []
        for row in facts {
            insertFact.bind(1, row.fact)
            insertFact.bind(2, row.event)
            try insertFact.run()
            if insertFact.changes == 0 { taken.append(row) }
        }
        facts.removeAll(keepingCapacity: true)
        factEvents.removeAll(keepingCapacity: true)
        if let insertEvent = deviceStatements?.insertEvent {
            deviceEvents.sort { $0.device == $1.device ? $0.event < $1.event : $0.device < $1.device }
            for row in deviceEvents {
                insertEvent.bind(1, row.device)
                insertEvent.bind(2, row.event)
                try insertEvent.run()
            }
            deviceEvents.removeAll(keepingCapacity: true)
        }
        try Self.insert(&devices, with: insertDevice)
        try Self.insert(&cves, with: insertCVE)
        try Self.insert(&lookupKeys, with: insertKey)
        return taken
    }

    /// `device`'s number in `device_numbers`, which it is given now if it has none.
    private func number(of device: String) throws -> Int64 {
        if let number = deviceNumbers[device] { return number }
        if deviceStatements == nil {
            deviceStatements = (find: try RawStatement(db, "SELECT number FROM device_numbers WHERE device = ?1"),
                                number: try RawStatement(db, "INSERT INTO device_numbers(device) VALUES (?1) RETURNING number"),
                                insertEvent: try RawStatement(db, "INSERT INTO device_events(device, event) VALUES (?1, ?2)"))
        }
        let (find, numberDevice, _) = deviceStatements!
        find.bind(1, device)
        var number: Int64?
        do {
            defer { find.reset() }
            if try find.step() { number = find.int64(0) }
        }
        if number == nil {
            numberDevice.bind(1, device)
            defer { numberDevice.reset() }
            guard try numberDevice.step() else { throw LedgerError.storage("device \"\(device)\" was given no number") }
            number = numberDevice.int64(0)
            numbered.append(device)
        }
        deviceNumbers[device] = number
        return number!
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
        fileprivate let facts, deviceEvents, numbered, devices, cves, lookupKeys: Int
    }

    var mark: Mark {
        Mark(facts: facts.count, deviceEvents: deviceEvents.count, numbered: numbered.count, devices: devices.count,
             cves: cves.count, lookupKeys: lookupKeys.count)
    }

    /// Forgets the rows held back since `mark` (their savepoint is being rolled back). An
    /// append holds a fact key back at most once, so the keys it registered after `mark` are
    /// all among the rows forgotten.
    func discard(since mark: Mark) {
        for row in facts[mark.facts...] { factEvents[row.fact] = nil }
        facts.removeSubrange(mark.facts...)
        deviceEvents.removeSubrange(mark.deviceEvents...)
        for device in numbered[mark.numbered...] { deviceNumbers[device] = nil }
        numbered.removeSubrange(mark.numbered...)
        devices.removeSubrange(mark.devices...)
        cves.removeSubrange(mark.cves...)
        lookupKeys.removeSubrange(mark.lookupKeys...)
    }
}

/// Facts held, registered under the first 64 bits of the SHA-256 of their bytes (`facts`), with
/// the rare different facts whose keys collide kept beside them (`fact_collisions`): the one
/// place appends and received batches decide whether a fact is new.
final class FactRegistry {
    private let keyRows: KeyRows
    private let probe: RawStatement
    private let findFact: RawStatement
    private let findCollisions: RawStatement
    private let findEvent: RawStatement
    private let registerCollision: RawStatement

    init(_ db: Database, keyRows: KeyRows) throws {
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
        let key = Self.key(of: draft)
        let pending = keyRows.pendingFact(key)
        guard try pending != nil || isRegistered(key) else {
            keyRows.addFact(key, event: event)
            return nil
        }
        let factBytes = draft.factBytes
        if let held = try holder(ofKey: key, factBytes: factBytes) { return held }
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

    /// The event registered under `key` (in `facts` or `fact_collisions`) whose fact is
    /// exactly `factBytes`: 64 bits of the hash select candidates, the whole fact decides.
    private func holder(ofKey key: Int64, factBytes: [UInt8]) throws -> EventID? {
        for statement in [findFact, findCollisions] {
            statement.bind(1, key)
            defer { statement.reset() }
            while try statement.step() {
                let held = try Event(canonicalBytes: statement.bytes(0))
                if held.draft.factBytes == factBytes { return held.id }
            }
        }
        return nil
    }

    /// Holds back a received event's fact: registered when its run is inserted, unless an
    /// equal fact is held by then (`flush()` settles a key found taken).
    func registerReceived(_ draft: CanonicalDraft, event: Int64) {
        keyRows.addUnprobedFact(Self.key(of: draft), event: event)
    }

    /// Inserts the rows held back when a run is full, then settles the fact keys found taken.
    func flushIfFull() throws {
        try settle(keyRows.flushIfFull())
    }

    /// Inserts every row held back, then settles the fact keys found taken.
    func flush() throws {
        try settle(keyRows.flush())
    }

    /// For each received fact whose key was taken when its run was inserted: nothing when an
    /// equal fact is held under the key, else a collision row beside it.
    private func settle(_ taken: [(fact: Int64, event: Int64)]) throws {
        for (key, event) in taken {
            findEvent.bind(1, event)
            let factBytes: [UInt8]
            do {
                defer { findEvent.reset() }
                guard try findEvent.step() else { throw LedgerError.corrupt("event row \(event) of a fact being registered is missing") }
                factBytes = try Event(canonicalBytes: findEvent.bytes(0)).draft.factBytes
            }
            if try holder(ofKey: key, factBytes: factBytes) == nil {
                registerCollision.bind(1, key)
                registerCollision.bind(2, event)
                try registerCollision.run()
            }
        }
    }

    private static func key(of draft: CanonicalDraft) -> Int64 {
        draft.factHash.withUnsafeBytes { Int64(bigEndian: $0.loadUnaligned(as: Int64.self)) }
    }

    private func isRegistered(_ key: Int64) throws -> Bool {
        probe.bind(1, key)
        defer { probe.reset() }
        return try probe.step()
    }
}
