import Crypto
import Foundation
import GRDB
import LedgerCore

/// One event as the reports read it: its place, its times and its typed payload.
public struct ProjectedEvent: Sendable {
    public let id: EventID
    public let hlc: HLC
    public let type: EventType
    public let device: String?
    public let at: LedgerTime
    public let actor: String
    /// When this site stored it.
    public let receivedAt: LedgerTime
    public let payload: FactPayload

    public init(id: EventID, hlc: HLC, type: EventType, device: String?, at: LedgerTime, actor: String,
                receivedAt: LedgerTime, payload: FactPayload) {
        self.id = id
        self.hlc = hlc
        self.type = type
        self.device = device
        self.at = at
        self.actor = actor
        self.receivedAt = receivedAt
        self.payload = payload
    }

    /// Whether `self` comes before `other` in the total order (at, hlc, site, seq).
    public func precedes(_ other: ProjectedEvent) -> Bool {
        if at != other.at { return at < other.at }
        if hlc != other.hlc { return hlc < other.hlc }
        if id.site != other.id.site { return id.site < other.id.site }
        return id.seq < other.id.seq
    }
}

/// Which events a replay sees: those that had happened by `asOf` (`at` <= it) and that this
/// site had stored by `knownAt` (DESIGN.md's bitemporal model). Nil bounds are open.
public struct TimeWindow: Sendable {
    public var asOf: LedgerTime?
    public var knownAt: LedgerTime?

    public init(asOf: LedgerTime? = nil, knownAt: LedgerTime? = nil) {
        self.asOf = asOf
        self.knownAt = knownAt
    }
}

/// The projection beside the log (the `projection` and `projection_keys` tables).
enum Projection {
    /// Writes an event's projection rows inside the append transaction.
    final class Writer {
        private let insertRecord: RawStatement
        private let keyRows: KeyRows

        /// The lookup keys wait in `keyRows` until its owner flushes them.
        init(_ db: Database, keyRows: KeyRows) throws {
            insertRecord = try RawStatement(db, "INSERT INTO projection(event, at, received_at, record) VALUES (?1, ?2, ?3, ?4)")
            self.keyRows = keyRows
        }

        /// `payload` is the event's `FactPayload.encoded`.
        func write(event rowid: Int64, id: EventID, hlc: HLC, type: EventType, device: String?, at: LedgerTime,
                   actor: String, receivedAt: LedgerTime, payload: [UInt8], keys: [String]) throws {
            try write(event: rowid, at: at, receivedAt: receivedAt,
                      record: ProjectionRecord.encode(site: id.site.rawValue, seq: id.seq, hlc: hlc, type: type,
                                                      device: device, actor: actor, payload: payload),
                      keys: keys)
        }

        /// `record` is the event's `ProjectionRecord.encode`, made already.
        func write(event rowid: Int64, at: LedgerTime, receivedAt: LedgerTime, record: [UInt8], keys: [String]) throws {
            insertRecord.bind(1, rowid)
            insertRecord.bind(2, at.microseconds)
            insertRecord.bind(3, receivedAt.microseconds)
            try record.withUnsafeBytes { bytes in
                insertRecord.bindNoCopy(4, bytes)
                try insertRecord.run()
            }
            for key in keys { keyRows.addLookupKey(key, event: rowid) }
        }
    }

    /// Empties the projection and derives it again from every event held; returns how many
    /// events it read. The rows are keyed by the events' rowids, so the result is the same
    /// bytes whatever the projection held before.
    @discardableResult
    static func rebuild(_ db: Database) throws -> Int {
        try db.execute(sql: "DELETE FROM projection; DELETE FROM projection_keys;")
        let keyRows = try KeyRows(db)
        let writer = try Writer(db, keyRows: keyRows)
        let events = try RawStatement(db, "SELECT rowid, site, seq, hlc, type, device, at, actor, received_at, body FROM events ORDER BY rowid")
        defer { events.reset() }
        var count = 0
        while try events.step() {
            let rowid = events.int64(0)
            guard let site = try? SiteID(events.text(1)), events.int64(2) > 0, let hlc = HLC(utf8: events.textBytes(3)),
                  let type = EventType(rawValue: events.text(4)) else {
                throw LedgerError.corrupt("event row \(rowid) has a malformed site, seq, hlc or type")
            }
            let data: JSONObject
            do {
                let object = try JSONParser.parseObject(events.blob(9))
                guard let d = object["data"]?.objectValue else { throw LedgerError.corrupt("event row \(rowid) has no data object") }
                data = d
            } catch let error as LedgerError {
                throw error
            } catch {
                throw LedgerError.corrupt("event row \(rowid) is not JSON: \(error)")
            }
            let payload = FactPayload(type: type, data: data)
            try writer.write(event: rowid, id: EventID(site: site, seq: UInt64(events.int64(2))), hlc: hlc, type: type,
                             device: events.optionalText(5), at: LedgerTime(microseconds: events.int64(6)),
                             actor: events.text(7), receivedAt: LedgerTime(microseconds: events.int64(8)),
                             payload: payload.encoded, keys: payload.lookupKeys)
            _ = try keyRows.flushIfFull()  // no fact rows: nothing is returned
            count += 1
        }
        _ = try keyRows.flush()
        return count
    }

    /// Events handed from the reading thread to the folding one at a time.
    static let batchSize = 1024

    /// Batches the folding thread is done with, handed back to the reading thread to be emptied
    /// and filled again. Emptied there, the events' strings and arrays are freed by the thread
    /// that allocated them (freed on the folding thread, they waited on the reading thread's
    /// allocator lock), and no batch needs a new buffer.
    final class SpentBatches: @unchecked Sendable {
        private let lock = NSLock()
        private var batches: [[ProjectedEvent]] = []

        func give(_ batch: [ProjectedEvent]) {
            lock.withLock { batches.append(batch) }
        }

        /// An empty batch with room for `batchSize` events: a spent one when there is one.
        func take() -> [ProjectedEvent] {
            var batch = lock.withLock { batches.popLast() } ?? []
            batch.removeAll(keepingCapacity: true)
            batch.reserveCapacity(batchSize)
            return batch
        }
    }

    /// Calls `body` with `event` as it is: an exclusive access can be lent without a copy.
    @inline(__always)
    static func lend(_ event: inout ProjectedEvent, to body: (ProjectedEvent) throws -> Void) rethrows {
        try body(event)
    }

    static let selectColumns = "SELECT p.received_at, p.record, p.at FROM projection p"

    /// Reads the rows of a statement that selects `selectColumns`.
    static func forEachRow(_ statement: RawStatement, _ body: (ProjectedEvent) throws -> Void) throws {
        var sites: [String: SiteID] = [:]
        // Rows mostly come from one site at a time: the last is compared before hashing.
        var lastSite: SiteID?
        defer { statement.reset() }
        while try statement.step() {
            guard let (head, payload) = ProjectionRecord.decode(statement.blob(1)) else {
                throw LedgerError.corrupt("a projection record is malformed; run `medledger rebuild`")
            }
            let site: SiteID
            if let lastSite, lastSite.rawValue == head.site {
                site = lastSite
            } else if let known = sites[head.site] {
                site = known
            } else {
                guard let parsed = try? SiteID(head.site) else { throw LedgerError.corrupt("a projection record has a malformed site \"\(head.site)\"") }
                sites[head.site] = parsed
                site = parsed
            }
            lastSite = site
            try body(ProjectedEvent(
                id: EventID(site: site, seq: head.seq), hlc: head.hlc, type: head.type, device: head.device,
                at: LedgerTime(microseconds: statement.int64(2)), actor: head.actor,
                receivedAt: LedgerTime(microseconds: statement.int64(0)), payload: payload))
        }
    }

    static func windowClause(_ window: TimeWindow, alias: String = "p") -> (String, [Int64]) {
        var clauses: [String] = []
        var arguments: [Int64] = []
        if let asOf = window.asOf {
            clauses.append("\(alias).at <= ?")
            arguments.append(asOf.microseconds)
        }
        if let knownAt = window.knownAt {
            clauses.append("\(alias).received_at <= ?")
            arguments.append(knownAt.microseconds)
        }
        return (clauses.joined(separator: " AND "), arguments)
    }
}

extension Ledger {
    /// Derives the projection again from the log, in one transaction; returns the events read.
    @discardableResult
    public func rebuildProjection() throws -> Int {
        try Self.mapErrors(path: path) {
            try queue.writeWithoutTransaction { db in
                var count = 0
                try db.inTransaction(.immediate) {
                    count = try Projection.rebuild(db)
                    return .commit
                }
                return count
            }
        }
    }

    /// SHA-256 over every row of the projection tables in key order: equal digests, equal
    /// projections (`rebuild` must leave it unchanged).
    public func projectionDigest() throws -> MerkleHash {
        try read { db in
            var hasher = SHA256()
            let records = try RawStatement(db, "SELECT event, at, received_at, record FROM projection ORDER BY event")
            defer { records.reset() }
            while try records.step() {
                for column in 0..<3 { withUnsafeBytes(of: records.int64(Int32(column)).bigEndian) { hasher.update(bufferPointer: $0) } }
                let blob = records.blob(3)
                withUnsafeBytes(of: Int64(blob.count).bigEndian) { hasher.update(bufferPointer: $0) }
                hasher.update(bufferPointer: blob)
            }
            let keys = try RawStatement(db, "SELECT key, event FROM projection_keys ORDER BY key, event")
            defer { keys.reset() }
            while try keys.step() {
                let key = Array(keys.text(0).utf8)
                withUnsafeBytes(of: Int64(key.count).bigEndian) { hasher.update(bufferPointer: $0) }
                hasher.update(data: key)
                withUnsafeBytes(of: keys.int64(1).bigEndian) { hasher.update(bufferPointer: $0) }
            }
            return MerkleHash(hasher.finalize())
        }
    }

    /// The payload of every event of these types, each distinct payload once (equal bytes,
    /// one decoding): devices of a model mostly share one SBOM, so a scan of every SBOM
    /// component decodes each list once, not once per device.
    public func distinctPayloads(of types: Set<EventType>) throws -> [FactPayload] {
        try read { db in
            let statement = try RawStatement(db, "SELECT record FROM projection ORDER BY event")
            defer { statement.reset() }
            var seen: [Int: [[UInt8]]] = [:]
            var payloads: [FactPayload] = []
            while try statement.step() {
                let record = statement.blob(0)
                guard let (type, bytes) = ProjectionRecord.payload(of: UnsafeRawBufferPointer(record)) else {
                    throw LedgerError.corrupt("a projection record does not read: run rebuild")
                }
                guard types.contains(type) else { continue }
                var hasher = Hasher()
                hasher.combine(bytes: bytes)
                let hash = hasher.finalize()
                if let same = seen[hash], same.contains(where: { $0.elementsEqual(bytes) }) { continue }
                seen[hash, default: []].append(Array(bytes))
                guard let payload = FactPayload(encoded: bytes) else {
                    throw LedgerError.corrupt("a projection record's payload does not read: run rebuild")
                }
                payloads.append(payload)
            }
            return payloads
        }
    }

    /// Streams every event in `window` with its typed payload, in storage order (inside one
    /// read snapshot). Folds that need the total order compare `ProjectedEvent.precedes`.
    /// A second thread reads and decodes the rows while `body` runs on this one, a few
    /// batches ahead; a throw from `body` stops the reading.
    public func forEachProjected(in window: TimeWindow, _ body: (ProjectedEvent) throws -> Void) throws {
        let (clause, arguments) = Projection.windowClause(window)
        let sql = Projection.selectColumns + (clause.isEmpty ? "" : " WHERE " + clause) + " ORDER BY p.event"
        let channel = BoundedChannel<[ProjectedEvent]>(capacity: 8)
        let spent = Projection.SpentBatches()
        let finished = DispatchSemaphore(value: 0)
        struct Stopped: Error {}
        nonisolated(unsafe) let ledger = self
        let reader = Thread {
            defer { finished.signal() }
            do {
                var batch = spent.take()
                try ledger.read { db in
                    let statement = try RawStatement(db, sql)
                    for (i, value) in arguments.enumerated() { statement.bind(Int32(i + 1), value) }
                    try Projection.forEachRow(statement) { event in
                        batch.append(event)
                        if batch.count == Projection.batchSize {
                            // Handed over as the only reference, so the folding thread can lend
                            // its events in place.
                            let full = batch
                            batch = spent.take()
                            guard channel.put(.items(full)) else { throw Stopped() }
                        }
                    }
                }
                if !batch.isEmpty { guard channel.put(.items(batch)) else { return } }
                _ = channel.put(.finished)
            } catch is Stopped {
            } catch {
                _ = channel.put(.failed(error))
            }
        }
        reader.start()
        defer {
            channel.cancel()
            finished.wait()
        }
        while true {
            switch channel.take() {
            case .items(var events):
                // Each event is lent to `body` from an exclusive access to its slot: read out of
                // the batch, it was a copy (a retain and a release of each string and array).
                for i in events.indices { try Projection.lend(&events[i], to: body) }
                spent.give(events)
            case .failed(let error): throw error
            case .finished: return
            }
        }
    }

    /// The events in `window` that concern one device: its own events, the events whose data
    /// names it, and the events filed under any of `keys` (its model, its contract) or that
    /// name any of `cves`. In storage order, each once.
    public func projectedEvents(device: String?, keys: [String], cves: [String], in window: TimeWindow) throws -> [ProjectedEvent] {
        var sources: [String] = []
        var texts: [String] = []
        if let device {
            sources.append("SELECT d.event FROM device_events d JOIN device_numbers n ON n.number = d.device WHERE n.device = ?")
            sources.append("SELECT event FROM event_devices WHERE device = ?")
            texts += [device, device]
        }
        for key in keys {
            sources.append("SELECT event FROM projection_keys WHERE key = ?")
            texts.append(key)
        }
        for cve in cves {
            sources.append("SELECT event FROM event_cves WHERE cve = ?")
            texts.append(cve)
        }
        guard !sources.isEmpty else { return [] }
        let (clause, arguments) = Projection.windowClause(window)
        var sql = Projection.selectColumns + " WHERE p.event IN (" + sources.joined(separator: " UNION ") + ")"
        if !clause.isEmpty { sql += " AND " + clause }
        sql += " ORDER BY p.event"
        var events: [ProjectedEvent] = []
        try read { db in
            let statement = try RawStatement(db, sql)
            for (i, text) in texts.enumerated() { statement.bind(Int32(i + 1), text) }
            for (i, value) in arguments.enumerated() { statement.bind(Int32(texts.count + i + 1), value) }
            try Projection.forEachRow(statement) { events.append($0) }
        }
        return events
    }
}
