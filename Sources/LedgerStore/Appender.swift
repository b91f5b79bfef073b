import Crypto
import Foundation
import GRDB
import LedgerCore

/// What appending one draft did.
public enum AppendOutcome: Sendable, Equatable {
    /// A new event, with its id.
    case appended(EventID)
    /// The ledger already held this fact (same type, device, at, actor and data), as this event.
    case alreadyHeld(EventID)
}

/// What one append transaction did.
public struct AppendSummary: Sendable {
    public init() {}
    public var appended = 0
    public var alreadyHeld = 0
    /// Checkpoints signed in the transaction.
    public var checkpoints = 0
    /// The tree size of the site's log after the transaction.
    public var treeSize: UInt64 = 0
}

/// Appends this site's events inside one write transaction: assigns seq and clock, writes the
/// canonical bytes, extends the Merkle tree, and signs a checkpoint every
/// `checkpointInterval` events and at the end. Obtained from `Ledger.append(_:)`.
public final class Appender {
    /// Events between checkpoints inside one long transaction (DESIGN.md: at most 1,024).
    public static let checkpointInterval = 1024

    private let db: Database
    private let key: SiteKey
    private let site: SiteID
    private let receivedAt: LedgerTime
    private var nextSeq: UInt64
    private var nextRowID: Int64
    private var frontier: MerkleFrontier
    private var clock: HLC
    private var sinceCheckpoint = 0
    private(set) var summary = AppendSummary()

    private let rows: EventRowWriter
    private let facts: FactRegistry
    private let insertCheckpoint: RawStatement

    init(db: Database, key: SiteKey, now: LedgerTime, keyRunLength: Int = KeyRows.defaultRunLength) throws {
        self.db = db
        self.key = key
        self.site = key.site
        self.receivedAt = now
        frontier = try MerkleFrontier.stored(in: db, site: site)
        let lastSeq = Int64(frontier.size)
        nextSeq = UInt64(lastSeq) + 1
        nextRowID = (try Int64.fetchOne(db, sql: "SELECT CAST(max(rowid) AS INTEGER) FROM events") ?? 0) + 1
        var clock = HLC(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'clock'") ?? "") ?? .zero
        if let last = try String.fetchOne(db, sql: "SELECT hlc FROM events WHERE site = ? AND seq = ?", arguments: [site.rawValue, lastSeq]),
           let lastHLC = HLC(last) {
            clock = clock.merged(with: lastHLC)
        }
        self.clock = clock
        rows = try EventRowWriter(db, keyRunLength: keyRunLength)
        facts = try FactRegistry(db, keyRows: rows.keyRows)
        insertCheckpoint = try RawStatement(db, """
            INSERT INTO checkpoints(site, size, root, note, frontier, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            """)
    }

    /// Appends one fact, unless the ledger already holds it (from any origin).
    @discardableResult
    public func append(_ draft: EventDraft) throws -> AppendOutcome {
        try append(draft.canonical)
    }

    /// Appends one fact already reduced to its canonical form (see `CanonicalDraft`).
    @discardableResult
    public func append(_ draft: CanonicalDraft) throws -> AppendOutcome {
        try append(draft, leafHashPrefix: nil)
    }

    /// Appends `draft`, finishing its leaf hash from `leafHashPrefix` when one was begun.
    @discardableResult
    func append(_ draft: CanonicalDraft, leafHashPrefix: LeafHashPrefix?) throws -> AppendOutcome {
        let rowid = nextRowID
        if let existing = try facts.holder(of: draft, orRegister: rowid) {
            summary.alreadyHeld += 1
            return .alreadyHeld(existing)
        }
        clock = clock.tick(wallMilliseconds: LedgerTime.now.microseconds / 1000)
        let seq = nextSeq
        let body = draft.canonicalBytes(site: site, seq: seq, hlc: clock)
        let leaf = leafHashPrefix?.finish(body) ?? RFC6962.leafHash(body)
        try rows.write(draft, id: EventID(site: site, seq: seq), hlc: clock, rowid: rowid, leaf: leaf,
                       receivedAt: receivedAt, body: body)
        nextRowID += 1
        frontier.append(leaf)
        nextSeq += 1
        summary.appended += 1
        sinceCheckpoint += 1
        if sinceCheckpoint >= Self.checkpointInterval { try signCheckpoint() }
        try facts.flushIfFull()
        return .appended(EventID(site: site, seq: seq))
    }

    private func signCheckpoint() throws {
        let root = frontier.root
        let note = try key.signCheckpoint(size: frontier.size, root: root)
        insertCheckpoint.bind(1, site.rawValue)
        insertCheckpoint.bind(2, Int64(frontier.size))
        insertCheckpoint.bind(3, root)
        insertCheckpoint.bind(4, note.serialized)
        insertCheckpoint.bind(5, frontier.serialized)
        insertCheckpoint.bind(6, receivedAt.microseconds)
        try insertCheckpoint.run()
        sinceCheckpoint = 0
        summary.checkpoints += 1
    }

    /// Signs the final checkpoint (if anything was appended since the last) and saves the clock.
    func finish() throws {
        if sinceCheckpoint > 0 { try signCheckpoint() }
        try facts.flush()
        try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'clock'", arguments: [clock.description])
        summary.treeSize = frontier.size
    }
}

extension Ledger {
    /// Runs `body` in one write transaction with an appender for this site's log: everything
    /// `body` appends is committed together, checkpoint signed, or (if it throws) nothing is.
    /// Waits up to `lockTimeout` for another writer.
    public func append<T>(key: SiteKey, now: LedgerTime = .now, _ body: (Appender) throws -> T) throws -> (T, AppendSummary) {
        try append(key: key, now: now, keyRunLength: KeyRows.defaultRunLength, body)
    }

    func append<T>(key: SiteKey, now: LedgerTime, keyRunLength: Int, _ body: (Appender) throws -> T) throws -> (T, AppendSummary) {
        try Self.mapErrors(path: path) {
            try queue.writeWithoutTransaction { db in
                var result: T?
                var summary = AppendSummary()
                try db.inTransaction(.immediate) {
                    let appender = try Appender(db: db, key: key, now: now, keyRunLength: keyRunLength)
                    result = try body(appender)
                    try appender.finish()
                    summary = appender.summary
                    return .commit
                }
                return (result!, summary)
            }
        }
    }
}
