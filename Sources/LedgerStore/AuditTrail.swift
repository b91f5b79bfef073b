import GRDB
import LedgerCore

/// Which events an audit-trail query selects. Every criterion is optional; all given must hold.
public struct LogFilter: Sendable {
    /// Events whose `device` is this, or whose data lists it (`devices`, `affects.devices`).
    public var device: String?
    public var type: EventType?
    /// Origin site.
    public var site: SiteID?
    public var actor: String?
    /// Events about this CVE: `cve`, or listed in a patch's `fixes`.
    public var cve: String?
    /// `at` at or after this time.
    public var since: LedgerTime?
    /// `at` at or before this time.
    public var until: LedgerTime?
    /// At most this many events (the first ones in the total order).
    public var limit: Int?

    public init(device: String? = nil, type: EventType? = nil, site: SiteID? = nil, actor: String? = nil,
                cve: String? = nil, since: LedgerTime? = nil, until: LedgerTime? = nil, limit: Int? = nil) {
        self.device = device
        self.type = type
        self.site = site
        self.actor = actor
        self.cve = cve
        self.since = since
        self.until = until
        self.limit = limit
    }
}

/// One event of the audit trail, as stored.
public struct LogRow: Sendable {
    public let id: EventID
    public let hlc: String
    public let type: String
    public let device: String?
    public let at: LedgerTime
    public let actor: String
    public let leaf: MerkleHash
    /// When this site stored the event.
    public let receivedAt: LedgerTime
    /// The canonical bytes, exactly as hashed.
    public let body: [UInt8]

    /// The event as `log --format jsonl` writes it: `id`, `leaf`, `receivedAt`, then the
    /// canonical members (the body's own bytes, spliced after the opening brace).
    public var interchangeJSON: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.count + 160)
        out.append(contentsOf: #"{"id":"#.utf8)
        CanonicalJSON.writeString(id.description, into: &out)
        out.append(contentsOf: #","leaf":""#.utf8)
        out.append(contentsOf: leaf.hex.utf8)
        out.append(contentsOf: #"","receivedAt":""#.utf8)
        out.append(contentsOf: receivedAt.rfc3339.utf8)
        out.append(contentsOf: #"","#.utf8)
        out.append(contentsOf: body.dropFirst())
        return out
    }

    /// The canonical bytes of the event's `data` member.
    public var dataJSON: [UInt8] {
        guard let event = try? Event(canonicalBytes: body) else { return [] }
        return event.draft.canonicalData
    }
}

extension Ledger {
    /// Streams the events that match `filter`, in the ledger's total order (`at`, `hlc`,
    /// origin site, `seq`), inside one read snapshot: appends by other processes while it
    /// runs are not seen, and it never blocks them.
    /// Every name of the vulnerability `name` names, itself included, sorted: the ids and
    /// aliases of the `vulnerability.recorded` events that carry it, and theirs in turn
    /// (GHSA-jfh8-c2jp-5v3q and CVE-2021-44228 are one flaw).
    public func aliases(of name: String) throws -> [String] {
        try read { db in
            var names: Set<String> = [name]
            var frontier = [name]
            let statement = try db.makeStatement(sql: """
                SELECT DISTINCT CAST(c2.cve AS TEXT) FROM event_cves c1
                JOIN events e ON e.rowid = c1.event AND e.type = 'vulnerability.recorded'
                JOIN event_cves c2 ON c2.event = c1.event
                WHERE c1.cve = ?
                """)
            while let next = frontier.popLast() {
                for alias in try String.fetchAll(statement, arguments: [next]) where names.insert(alias).inserted {
                    frontier.append(alias)
                }
            }
            return names.sorted()
        }
    }

    public func forEachEvent(matching filter: LogFilter, _ body: (LogRow) throws -> Void) throws {
        var clauses: [String] = []
        // Bound through the C API with their byte counts: a name may hold U+0000.
        enum Argument { case text(String), integer(Int64) }
        var arguments: [Argument] = []
        if let device = filter.device {
            clauses.append("""
                e.rowid IN (SELECT d.event FROM device_events d JOIN device_numbers n ON n.number = d.device WHERE n.device = ?
                            UNION ALL SELECT event FROM event_devices WHERE device = ?)
                """)
            arguments += [.text(device), .text(device)]
        }
        if let cve = filter.cve {
            // Every name of the flaw: a recorded database record joins its id and aliases.
            let names = try aliases(of: cve)
            clauses.append("e.rowid IN (SELECT event FROM event_cves WHERE cve IN (\(names.map { _ in "?" }.joined(separator: ","))))")
            arguments += names.map { .text($0) }
        }
        if let type = filter.type {
            clauses.append("e.type = ?")
            arguments.append(.text(type.rawValue))
        }
        if let site = filter.site {
            clauses.append("e.site = ?")
            arguments.append(.text(site.rawValue))
        }
        if let actor = filter.actor {
            clauses.append("e.actor = ?")
            arguments.append(.text(actor))
        }
        if let since = filter.since {
            clauses.append("e.at >= ?")
            arguments.append(.integer(since.microseconds))
        }
        if let until = filter.until {
            clauses.append("e.at <= ?")
            arguments.append(.integer(until.microseconds))
        }
        var sql = "SELECT e.site, e.seq, e.hlc, e.type, e.device, e.at, e.actor, e.leaf, e.received_at, e.body FROM events e"
        if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
        sql += " ORDER BY e.at, e.hlc, e.site, e.seq"
        if let limit = filter.limit { sql += " LIMIT \(max(0, limit))" }
        try read { db in
            let statement = try RawStatement(db, sql)
            for (i, argument) in arguments.enumerated() {
                switch argument {
                case .text(let text): statement.bind(Int32(i + 1), text)
                case .integer(let value): statement.bind(Int32(i + 1), value)
                }
            }
            defer { statement.reset() }
            while try statement.step() {
                guard let site = try? SiteID(statement.text(0)), let leaf = MerkleHash(statement.blob(7)) else {
                    throw LedgerError.corrupt("an event row has a malformed site or leaf")
                }
                try body(LogRow(
                    id: EventID(site: site, seq: UInt64(clamping: statement.int64(1))),
                    hlc: statement.text(2), type: statement.text(3), device: statement.optionalText(4),
                    at: LedgerTime(microseconds: statement.int64(5)), actor: statement.text(6), leaf: leaf,
                    receivedAt: LedgerTime(microseconds: statement.int64(8)), body: statement.bytes(9)))
            }
        }
    }

    /// The event with this id, if the ledger holds it.
    public func event(_ id: EventID) throws -> Event? {
        try read { db in
            guard let body = try Data.fetchOne(db, sql: "SELECT body FROM events WHERE site = ? AND seq = ?",
                                               arguments: [id.site.rawValue, Int64(id.seq)]) else { return nil }
            do { return try Event(canonicalBytes: [UInt8](body)) } catch {
                throw LedgerError.corrupt("event \(id): \(error)")
            }
        }
    }
}

import Foundation
