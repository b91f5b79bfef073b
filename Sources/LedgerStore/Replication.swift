import Foundation
import GRDB
import LedgerCore

/// How much of one origin's log a ledger holds: events 1 … `frontier.size`, all covered by
/// the checkpoint at that size (the latest stored), and the tree's right edge there.
public struct HeldOrigin: Sendable, Equatable {
    public let site: SiteID
    public let frontier: MerkleFrontier

    public var size: UInt64 { frontier.size }
    public var root: MerkleHash { frontier.root }
}

/// An event as a sender reads it to put it on the wire: its indexed columns and its bytes.
/// An outgoing event's columns and stored bytes as SQLite holds them, lent to the caller of
/// `forEachOutgoingRow` for the duration of one call: the buffers are valid only within it.
public struct OutgoingRow {
    public let seq: UInt64
    public let hlc: UnsafeBufferPointer<UInt8>
    public let type: UnsafeBufferPointer<UInt8>
    public let device: UnsafeBufferPointer<UInt8>?
    public let at: LedgerTime
    public let actor: UnsafeBufferPointer<UInt8>
    /// The canonical bytes, exactly as stored and hashed.
    public let body: UnsafeBufferPointer<UInt8>

    public init(seq: UInt64, hlc: UnsafeBufferPointer<UInt8>, type: UnsafeBufferPointer<UInt8>, device: UnsafeBufferPointer<UInt8>?,
                at: LedgerTime, actor: UnsafeBufferPointer<UInt8>, body: UnsafeBufferPointer<UInt8>) {
        self.seq = seq
        self.hlc = hlc
        self.type = type
        self.device = device
        self.at = at
        self.actor = actor
        self.body = body
    }
}

public struct OutgoingEvent: Sendable {
    public let seq: UInt64
    public let hlc: String
    public let type: String
    public let device: String?
    public let at: LedgerTime
    public let actor: String
    /// The canonical bytes, exactly as stored and hashed.
    public let body: [UInt8]
}

/// A fork kept as evidence: a checkpoint signed by `site`'s key that contradicts the tree
/// this ledger holds.
public struct ForkEvidence: Sendable {
    public let site: SiteID
    /// The size and root the conflicting checkpoint states, and its whole signed note.
    public let size: UInt64
    public let root: MerkleHash
    public let note: String
    /// Where the stored tree was found to differ, and its root there.
    public let heldSize: UInt64
    public let heldRoot: MerkleHash
    public let receivedAt: LedgerTime
}

extension Ledger {
    /// Every origin of which this ledger holds events, by site id, with the frontier of its
    /// latest checkpoint: what a version vector states.
    public func heldOrigins() throws -> [HeldOrigin] {
        try read { db in
            let statement = try RawStatement(db, """
                SELECT c.site, c.size, c.frontier FROM checkpoints c
                WHERE c.size = (SELECT max(size) FROM checkpoints WHERE site = c.site) ORDER BY c.site
                """)
            defer { statement.reset() }
            var held: [HeldOrigin] = []
            while try statement.step() {
                let name = statement.text(0)
                let size = statement.int64(1)
                guard let site = try? SiteID(name), size >= 1,
                      let frontier = MerkleFrontier(size: UInt64(size), serialized: statement.bytes(2)) else {
                    throw LedgerError.corrupt("the latest checkpoint of \"\(name)\" is malformed")
                }
                held.append(HeldOrigin(site: site, frontier: frontier))
            }
            return held
        }
    }

    /// The origin's tree at `size`, or nil when this ledger holds fewer of its events.
    public func frontier(of origin: SiteID, at size: UInt64) throws -> MerkleFrontier? {
        try read { db in try Self.frontier(db, origin: origin, size: size) }
    }

    /// The frontier stored with the checkpoint at `size`, else recomputed from the stored leaves
    /// 1 … `size` (streamed: memory stays O(log size)).
    static func frontier(_ db: Database, origin: SiteID, size: UInt64) throws -> MerkleFrontier? {
        if size == 0 { return MerkleFrontier() }
        if let stored = try Data.fetchOne(db, sql: "SELECT frontier FROM checkpoints WHERE site = ? AND size = ?",
                                          arguments: [origin.rawValue, Int64(size)]) {
            guard let frontier = MerkleFrontier(size: size, serialized: [UInt8](stored)) else {
                throw LedgerError.corrupt("the frontier stored with checkpoint \(origin):\(size) is malformed")
            }
            return frontier
        }
        let statement = try RawStatement(db, "SELECT seq, leaf FROM events WHERE site = ?1 AND seq <= ?2 ORDER BY seq")
        statement.bind(1, origin.rawValue)
        statement.bind(2, Int64(size))
        defer { statement.reset() }
        var frontier = MerkleFrontier()
        while try statement.step() {
            guard statement.int64(0) == Int64(frontier.size + 1), let leaf = MerkleHash(statement.blob(1)) else {
                throw LedgerError.corrupt("the stored log of \(origin) is not dense at seq \(frontier.size + 1)")
            }
            frontier.append(leaf)
        }
        return frontier.size == size ? frontier : nil
    }

    /// The stored checkpoint of `origin` at exactly `size`, if any.
    public func checkpoint(of origin: SiteID, at size: UInt64) throws -> StoredCheckpoint? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT CAST(root AS BLOB) AS root, CAST(note AS TEXT) AS note FROM checkpoints WHERE site = ? AND size = ?",
                                             arguments: [origin.rawValue, Int64(size)]) else { return nil }
            guard let root = MerkleHash(bytes: [UInt8](row["root"] as Data)) else {
                throw LedgerError.corrupt("checkpoint \(origin):\(size) has a malformed root")
            }
            return StoredCheckpoint(site: origin, size: size, root: root, note: row["note"])
        }
    }

    /// Streams `origin`'s events `after + 1 … through` in seq order, in one read snapshot,
    /// calling `checkpoint` with each stored checkpoint of the origin right after the event at
    /// its size. Memory does not grow with the number of events or checkpoints.
    public func forEachOutgoing(origin: SiteID, after: UInt64, through: UInt64,
                                event: (OutgoingEvent) throws -> Void,
                                checkpoint: (StoredCheckpoint) throws -> Void) throws {
        try forEachOutgoingRow(origin: origin, after: after, through: through, event: { row in
            func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
            try event(OutgoingEvent(seq: row.seq, hlc: text(row.hlc), type: text(row.type), device: row.device.map(text),
                                    at: row.at, actor: text(row.actor), body: Array(row.body)))
        }, checkpoint: checkpoint)
    }

    /// `forEachOutgoing` with each event's columns and bytes lent as SQLite holds them, for a
    /// sender that copies only what it sends (a String and an array an event fewer for each
    /// column).
    public func forEachOutgoingRow(origin: SiteID, after: UInt64, through: UInt64,
                                   event: (OutgoingRow) throws -> Void,
                                   checkpoint: (StoredCheckpoint) throws -> Void) throws {
        try read { db in
            let events = try RawStatement(db, """
                SELECT seq, hlc, type, device, at, actor, body FROM events WHERE site = ?1 AND seq > ?2 AND seq <= ?3 ORDER BY seq
                """)
            let checkpoints = try RawStatement(db, """
                SELECT size, root, note FROM checkpoints WHERE site = ?1 AND size > ?2 AND size <= ?3 ORDER BY size
                """)
            for statement in [events, checkpoints] {
                statement.bind(1, origin.rawValue)
                statement.bind(2, Int64(after))
                statement.bind(3, Int64(through))
            }
            defer {
                events.reset()
                checkpoints.reset()
            }
            func nextCheckpoint() throws -> StoredCheckpoint? {
                guard try checkpoints.step() else { return nil }
                guard let root = MerkleHash(checkpoints.blob(1)), checkpoints.int64(0) >= 1 else {
                    throw LedgerError.corrupt("a checkpoint row of \(origin) is malformed")
                }
                return StoredCheckpoint(site: origin, size: UInt64(checkpoints.int64(0)), root: root, note: checkpoints.text(2))
            }
            var pending = try nextCheckpoint()
            var expected = after + 1
            while try events.step() {
                guard events.int64(0) == Int64(expected) else {
                    throw LedgerError.corrupt("the stored log of \(origin) is not dense at seq \(expected)")
                }
                try event(OutgoingRow(seq: expected, hlc: events.textBytes(1), type: events.textBytes(2),
                                      device: events.isNull(3) ? nil : events.textBytes(3), at: LedgerTime(microseconds: events.int64(4)),
                                      actor: events.textBytes(5), body: events.blob(6).assumingMemoryBound(to: UInt8.self)))
                while let stored = pending, stored.size <= expected {
                    try checkpoint(stored)
                    pending = try nextCheckpoint()
                }
                expected += 1
            }
            guard expected == through + 1 else {
                throw LedgerError.corrupt("the stored log of \(origin) ends at seq \(expected - 1), before \(through)")
            }
        }
    }

    /// Every fork kept as evidence, by site and size.
    public func forks() throws -> [ForkEvidence] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT CAST(site AS TEXT) AS site, CAST(size AS INTEGER) AS size, CAST(root AS BLOB) AS root,
                       CAST(note AS TEXT) AS note, CAST(held_size AS INTEGER) AS held_size,
                       CAST(held_root AS BLOB) AS held_root, CAST(received_at AS INTEGER) AS received_at
                FROM forks ORDER BY site, size
                """).map { row in
                let name: String = row["site"]
                guard let site = try? SiteID(name), let root = MerkleHash(bytes: [UInt8](row["root"] as Data)),
                      let heldRoot = MerkleHash(bytes: [UInt8](row["held_root"] as Data)) else {
                    throw LedgerError.corrupt("a fork record of \"\(name)\" is malformed")
                }
                return ForkEvidence(site: site, size: UInt64(clamping: row["size"] as Int64), root: root, note: row["note"],
                                    heldSize: UInt64(clamping: row["held_size"] as Int64), heldRoot: heldRoot,
                                    receivedAt: LedgerTime(microseconds: row["received_at"]))
            }
        }
    }
}
