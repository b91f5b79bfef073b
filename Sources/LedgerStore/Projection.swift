import Crypto
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
        private let insertPayload: RawStatement
        private let insertKey: RawStatement

        init(_ db: Database) throws {
            insertPayload = try RawStatement(db, "INSERT INTO projection(event, payload) VALUES (?1, ?2)")
            insertKey = try RawStatement(db, "INSERT OR IGNORE INTO projection_keys(key, event) VALUES (?1, ?2)")
        }

        func write(event rowid: Int64, payload: [UInt8], keys: [String]) throws {
            insertPayload.bind(1, rowid)
            insertPayload.bind(2, payload)
            try insertPayload.run()
            for key in keys {
                insertKey.bind(1, key)
                insertKey.bind(2, rowid)
                try insertKey.run()
            }
        }
    }

    /// Empties the projection and derives it again from every event held; returns how many
    /// events it read. The rows are keyed by the events' rowids, so the result is the same
    /// bytes whatever the projection held before.
    @discardableResult
    static func rebuild(_ db: Database) throws -> Int {
        try db.execute(sql: "DELETE FROM projection; DELETE FROM projection_keys;")
        let writer = try Writer(db)
        let events = try RawStatement(db, "SELECT rowid, type, body FROM events ORDER BY rowid")
        defer { events.reset() }
        var count = 0
        while try events.step() {
            let rowid = events.int64(0)
            guard let type = EventType(rawValue: events.text(1)) else {
                throw LedgerError.corrupt("event row \(rowid) has an unknown type \"\(events.text(1))\"")
            }
            let data: JSONObject
            do {
                let object = try JSONParser.parseObject(events.blob(2))
                guard let d = object["data"]?.objectValue else { throw LedgerError.corrupt("event row \(rowid) has no data object") }
                data = d
            } catch let error as LedgerError {
                throw error
            } catch {
                throw LedgerError.corrupt("event row \(rowid) is not JSON: \(error)")
            }
            let payload = FactPayload(type: type, data: data)
            try writer.write(event: rowid, payload: payload.encoded, keys: payload.lookupKeys)
            count += 1
        }
        return count
    }

    static let selectColumns = """
        SELECT e.site, e.seq, e.hlc, e.type, e.device, e.at, e.actor, e.received_at, p.payload
        FROM projection p JOIN events e ON e.rowid = p.event
        """

    /// Reads the rows of a statement that selects `selectColumns`.
    static func forEachRow(_ statement: RawStatement, _ body: (ProjectedEvent) throws -> Void) throws {
        var sites: [String: SiteID] = [:]
        defer { statement.reset() }
        while try statement.step() {
            let siteText = statement.text(0)
            let site: SiteID
            if let known = sites[siteText] {
                site = known
            } else {
                guard let parsed = try? SiteID(siteText) else { throw LedgerError.corrupt("an event row has a malformed site \"\(siteText)\"") }
                sites[siteText] = parsed
                site = parsed
            }
            let seq = statement.int64(1)
            guard let type = EventType(rawValue: statement.text(3)), seq > 0 else {
                throw LedgerError.corrupt("event \(siteText):\(seq) has a malformed type or seq")
            }
            guard let payload = FactPayload(encoded: statement.blob(8)) else {
                throw LedgerError.corrupt("the projection of event \(siteText):\(seq) is malformed; run `medledger rebuild`")
            }
            guard let clock = Self.clockValue(statement.textBytes(2)) else {
                throw LedgerError.corrupt("event \(siteText):\(seq) has a malformed hlc")
            }
            try body(ProjectedEvent(
                id: EventID(site: site, seq: UInt64(seq)), hlc: clock, type: type,
                device: statement.optionalText(4), at: LedgerTime(microseconds: statement.int64(5)),
                actor: statement.text(6), receivedAt: LedgerTime(microseconds: statement.int64(7)), payload: payload))
        }
    }

    /// Reads `DDDDDDDDDDDDDDD-DDDDDD` without making a String (15 and 6 digits cannot overflow).
    static func clockValue(_ text: UnsafeBufferPointer<UInt8>) -> HLC? {
        guard text.count == 22, text[15] == UInt8(ascii: "-") else { return nil }
        var milliseconds: Int64 = 0
        var counter = 0
        for (i, byte) in text.enumerated() where i != 15 {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            if i < 15 { milliseconds = milliseconds * 10 + Int64(byte - 0x30) } else { counter = counter * 10 + Int(byte - 0x30) }
        }
        return HLC(milliseconds: milliseconds, counter: counter)
    }

    static func windowClause(_ window: TimeWindow, alias: String = "e") -> (String, [Int64]) {
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
            let payloads = try RawStatement(db, "SELECT event, payload FROM projection ORDER BY event")
            defer { payloads.reset() }
            while try payloads.step() {
                withUnsafeBytes(of: payloads.int64(0).bigEndian) { hasher.update(bufferPointer: $0) }
                let blob = payloads.blob(1)
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

    /// Streams every event in `window` with its typed payload, in storage order (inside one
    /// read snapshot). Folds that need the total order compare `ProjectedEvent.precedes`.
    public func forEachProjected(in window: TimeWindow, _ body: (ProjectedEvent) throws -> Void) throws {
        let (clause, arguments) = Projection.windowClause(window)
        let sql = Projection.selectColumns + (clause.isEmpty ? "" : " WHERE " + clause) + " ORDER BY p.event"
        try read { db in
            let statement = try RawStatement(db, sql)
            for (i, value) in arguments.enumerated() { statement.bind(Int32(i + 1), value) }
            try Projection.forEachRow(statement, body)
        }
    }

    /// The events in `window` that concern one device: its own events, the events whose data
    /// names it, and the events filed under any of `keys` (its model, its contract) or that
    /// name any of `cves`. In storage order, each once.
    public func projectedEvents(device: String?, keys: [String], cves: [String], in window: TimeWindow) throws -> [ProjectedEvent] {
        var sources: [String] = []
        var texts: [String] = []
        if let device {
            sources.append("SELECT rowid FROM events WHERE device = ?")
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
