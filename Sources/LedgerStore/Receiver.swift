import Crypto
import Foundation
import GRDB
import LedgerCore

/// A signed checkpoint that travelled with a batch: its note and what its text states.
public struct ReceivedCheckpoint: Sendable {
    public let note: SignedNote
    public let size: UInt64
    public let root: MerkleHash

    public init(note: SignedNote, size: UInt64, root: MerkleHash) {
        self.note = note
        self.size = size
        self.root = root
    }
}

/// A verified event as a batch carries it to the store: its place, its fact in canonical form
/// and its canonical bytes, without the JSON tree it was checked with (a few KB an event,
/// freed where it was built rather than on the storing thread).
///
/// A class, so that handing one on (from the verifying threads' results to the batch, from
/// the batch to the store) counts one reference instead of one per string and array it
/// holds (measured: 1,400 instructions an event fewer).
public final class ReceivedEvent: Sendable {
    public let id: EventID
    public let hlc: HLC
    public let fact: CanonicalDraft
    public let canonicalBytes: [UInt8]
    /// Its projection record (`ProjectionRecord.encode`), made by the thread that read it so
    /// the storing thread only inserts it.
    let projectionRecord: [UInt8]

    public init(_ event: Event) {
        id = event.id
        hlc = event.hlc
        fact = event.draft.canonical
        canonicalBytes = event.canonicalBytes
        projectionRecord = ProjectionRecord.encode(site: event.id.site.rawValue, seq: event.id.seq, hlc: event.hlc, type: fact.type,
                                                   device: fact.device, actor: fact.actor, payload: fact.payload)
    }

    /// RFC 6962 leaf hash of the canonical bytes.
    public var leafHash: MerkleHash { RFC6962.leafHash(canonicalBytes) }
}

/// A batch of one origin's events as a receiver verified it (Protocol/SYNC.md §5): the
/// events, read back from canonical bytes, continue the origin's tree `base`; every checkpoint
/// matched the recomputed tree at its size and carries the origin's signature. An evidence
/// batch has no events and one checkpoint at `base.size`.
public struct VerifiedBatch: Sendable {
    public let origin: SiteID
    /// The origin's tree the events extend (its size is the seq before the first event).
    public let base: MerkleFrontier
    /// Events `base.size + 1 …`, in seq order.
    public let events: [ReceivedEvent]
    /// The batch's checkpoints, in size order; the last one covers the last event.
    public let checkpoints: [ReceivedCheckpoint]
    /// Each event's leaf hash, in event order.
    public let leaves: [MerkleHash]
    /// The origin's tree at each checkpoint, as the verifier recomputed it; nil when the
    /// store is to recompute it from `base` and `leaves`.
    public let frontiers: [MerkleFrontier]?

    /// `leaves` must be the events' leaf hashes as the verifier computed them from their
    /// canonical bytes, so that the store hashes nothing twice; nil computes them here.
    /// `frontiers`, likewise, the tree the verifier recomputed at each checkpoint's size.
    public init(origin: SiteID, base: MerkleFrontier, events: [ReceivedEvent], checkpoints: [ReceivedCheckpoint],
                leaves: [MerkleHash]? = nil, frontiers: [MerkleFrontier]? = nil) {
        self.origin = origin
        self.base = base
        self.events = events
        self.checkpoints = checkpoints
        self.leaves = leaves ?? events.map(\.leafHash)
        self.frontiers = frontiers
        precondition(self.leaves.count == events.count, "one leaf per event")
        precondition(frontiers.map { $0.count == checkpoints.count } ?? true, "one tree per checkpoint")
    }

    /// The origin's tree size once the batch is applied.
    public var end: UInt64 { base.size + UInt64(events.count) }
}

/// What storing one received batch did.
public struct ReceiveSummary: Sendable, Equatable {
    /// Events stored.
    public var stored = 0
    /// Events of the batch this ledger already held (another session or bundle stored them).
    public var alreadyHeld = 0
    /// Checkpoints stored.
    public var checkpoints = 0

    public init() {}
}

/// Signals a fork found inside the receiving transaction, which is rolled back before the
/// evidence is written.
private struct ForkFound: Error {
    let site: SiteID
    let checkpoint: ReceivedCheckpoint
    /// The size at which the stored tree and the batch's were found to differ, and the
    /// stored root there.
    let heldSize: UInt64
    let heldRoot: MerkleHash
}

extension Ledger {
    /// Stores a verified batch of another origin's (or this site's own) events in one
    /// transaction: each event with its indexed columns, its fact and mention rows (as
    /// `Appender` writes them), then the batch's checkpoints with the tree's frontier.
    ///
    /// Before writing anything it checks the batch again against what is stored, inside the
    /// transaction: the origin is on the roster, every checkpoint is signed by its key and
    /// matches the tree recomputed from the stored frontier, and the stored tree holds at
    /// least `batch.base.size` events. Events already held (a concurrent session stored them)
    /// are skipped after checking that the stored tree equals the batch's at that size.
    ///
    /// This is the one place where received events are inserted.
    ///
    /// - Throws: `LedgerError.fork` when a validly signed checkpoint of the batch contradicts
    ///   the tree held (the checkpoint is then kept in the `forks` table as evidence), and
    ///   `LedgerError.batchRefused` for anything else that does not fit; nothing of the
    ///   batch is stored in either case.
    @discardableResult
    public func receive(_ batch: VerifiedBatch, now: LedgerTime = .now) throws -> ReceiveSummary {
        try receiving(now: now) { try $0.store(batch) }
    }

    /// Stores many verified batches through one write transaction, committed whenever the
    /// caller says (`BatchStore.commit()`) and at the end: each batch stays whole (a savepoint
    /// each), but the index pages the batches share are written once per commit instead of
    /// once per batch. If `body` throws, the batches stored before are committed (each was
    /// verified and is whole) and the error is rethrown. Holds the write lock meanwhile.
    public func receiving<T>(now: LedgerTime = .now, _ body: (BatchStore) throws -> T) throws -> T {
        try receiving(now: now, keyRunLength: KeyRows.defaultRunLength, body)
    }

    func receiving<T>(now: LedgerTime, keyRunLength: Int, _ body: (BatchStore) throws -> T) throws -> T {
        try Self.mapErrors(path: path) {
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                let store: BatchStore
                do {
                    store = try BatchStore(db: db, now: now, keyRunLength: keyRunLength)
                } catch {
                    try db.execute(sql: "ROLLBACK")
                    throw error
                }
                let result: T
                do {
                    result = try body(store)
                } catch {
                    try store.commitStored()
                    throw error
                }
                try store.commitStored()
                return result
            }
        }
    }
    fileprivate static func insert(_ batch: VerifiedBatch, into db: Database, with statements: InsertStatements,
                                   now: LedgerTime) throws -> ReceiveSummary {
        let origin = batch.origin
        guard let keyBytes = try Data.fetchOne(db, sql: "SELECT public_key FROM roster WHERE site = ?", arguments: [origin.rawValue]),
              let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: [UInt8](keyBytes)) else {
            throw LedgerError.batchRefused("site \(origin) is not on the roster: its events cannot be checked")
        }
        let verifier = NoteVerifier(name: origin.logOrigin, publicKey: publicKey)
        let held = try StoredTree(db, origin: origin)
        guard held.frontier.size >= batch.base.size else {
            throw LedgerError.batchRefused("a batch of \(origin) starts at seq \(batch.base.size + 1) but this ledger holds only \(held.frontier.size) of its events")
        }
        if held.frontier.size == batch.base.size, held.frontier != batch.base {
            throw LedgerError.batchRefused("a batch of \(origin) was verified against another tree than the one stored at size \(held.frontier.size)")
        }
        var nextRowID = (try Int64.fetchOne(db, sql: "SELECT CAST(max(rowid) AS INTEGER) FROM events") ?? 0) + 1
        var size = batch.base.size
        // The origin's tree at `size`, recomputed leaf by leaf; or, when the batch holds none
        // of the events stored already and carries the verifier's trees, those trees at its
        // checkpoints (the leaves are the verifier's already: nothing is hashed twice).
        var frontier = batch.base
        let given = held.frontier.size <= batch.base.size ? batch.frontiers : nil
        var summary = ReceiveSummary()
        var checkpoints = batch.checkpoints[...]
        var latestClock: HLC?

        func checkpointReached() throws {
            while let checkpoint = checkpoints.first, checkpoint.size <= size {
                if let given { frontier = given[checkpoints.startIndex] }
                checkpoints = checkpoints.dropFirst()
                guard checkpoint.note.isSigned(by: verifier) else {
                    throw LedgerError.batchRefused("checkpoint \(origin):\(checkpoint.size) is not signed by \(origin)'s key on the roster")
                }
                if checkpoint.size <= held.frontier.size {
                    let heldRoot = try held.root(at: checkpoint.size)
                    if heldRoot != checkpoint.root {
                        throw ForkFound(site: origin, checkpoint: checkpoint, heldSize: checkpoint.size, heldRoot: heldRoot)
                    }
                }
                guard checkpoint.size == frontier.size, checkpoint.root == frontier.root else {
                    throw LedgerError.batchRefused("checkpoint \(origin):\(checkpoint.size) does not match the tree recomputed from the batch")
                }
                if try !held.hasCheckpoint(at: checkpoint.size) {
                    statements.insertCheckpoint.bind(1, origin.rawValue)
                    statements.insertCheckpoint.bind(2, Int64(checkpoint.size))
                    statements.insertCheckpoint.bind(3, checkpoint.root)
                    statements.insertCheckpoint.bind(4, checkpoint.note.serialized)
                    statements.insertCheckpoint.bind(5, frontier.serialized)
                    statements.insertCheckpoint.bind(6, now.microseconds)
                    try statements.insertCheckpoint.run()
                    summary.checkpoints += 1
                }
            }
        }

        try checkpointReached()  // an evidence batch's checkpoint sits at the base size
        for index in batch.events.indices {
            let leaf = batch.leaves[index]
            let seq = size + 1
            guard batch.events[index].id == EventID(site: origin, seq: seq) else {
                throw LedgerError.batchRefused("event \(batch.events[index].id) in a batch of \(origin) where \(origin):\(seq) was due")
            }
            size = seq
            if given == nil { frontier.append(leaf) }
            if seq <= held.frontier.size {
                summary.alreadyHeld += 1
                if seq == held.frontier.size, frontier != held.frontier {
                    throw ForkFound(site: origin, checkpoint: batch.checkpoints.first { $0.size >= seq } ?? batch.checkpoints.last!,
                                    heldSize: seq, heldRoot: held.frontier.root)
                }
            } else {
                try statements.insert(batch.events[index], leaf: leaf, rowid: nextRowID, receivedAt: now)
                nextRowID += 1
                summary.stored += 1
                latestClock = batch.events[index].hlc
            }
            try checkpointReached()
        }
        guard checkpoints.isEmpty, batch.checkpoints.last?.size == size else {
            throw LedgerError.batchRefused("a batch of \(origin) ends at \(size) without a checkpoint covering it")
        }
        if let latestClock {
            // Hybrid logical clock: never behind a stamp this site has seen.
            let current = HLC(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'clock'") ?? "") ?? .zero
            if latestClock > current {
                try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'clock'", arguments: [latestClock.description])
            }
        }
        return summary
    }
}

/// Stores verified batches inside `Ledger.receiving(_:)`'s transaction.
public final class BatchStore {
    private let db: Database
    private let now: LedgerTime
    private let statements: InsertStatements
    /// Events stored since the last commit.
    public private(set) var uncommittedEvents = 0

    init(db: Database, now: LedgerTime, keyRunLength: Int) throws {
        self.db = db
        self.now = now
        statements = try InsertStatements(db, keyRunLength: keyRunLength)
    }

    /// Stores one verified batch whole, or nothing of it (see `Ledger.receive(_:)`). A fork
    /// keeps the conflicting checkpoint as evidence and throws `LedgerError.fork`.
    @discardableResult
    public func store(_ batch: VerifiedBatch) throws -> ReceiveSummary {
        // Key rows are flushed only here, between batches, so none is inside a savepoint
        // that is rolled back after it was inserted.
        let mark = statements.rows.keyRows.mark
        try db.execute(sql: "SAVEPOINT batch")
        do {
            let summary = try Ledger.insert(batch, into: db, with: statements, now: now)
            try db.execute(sql: "RELEASE batch")
            uncommittedEvents += summary.stored
            try statements.facts.flushIfFull()
            return summary
        } catch let fork as ForkFound {
            statements.rows.keyRows.discard(since: mark)
            try db.execute(sql: "ROLLBACK TO batch")
            try db.execute(sql: "RELEASE batch")
            try db.execute(sql: """
                INSERT OR IGNORE INTO forks(site, size, root, note, held_size, held_root, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [fork.site.rawValue, Int64(fork.checkpoint.size), Data(fork.checkpoint.root.bytes),
                                 fork.checkpoint.note.serialized, Int64(fork.heldSize), Data(fork.heldRoot.bytes),
                                 now.microseconds])
            throw LedgerError.fork(site: fork.site, size: fork.checkpoint.size)
        } catch {
            statements.rows.keyRows.discard(since: mark)
            try db.execute(sql: "ROLLBACK TO batch")
            try db.execute(sql: "RELEASE batch")
            throw error
        }
    }

    /// The origin's tree at `size` as stored (uncommitted batches included), or nil when fewer
    /// of its events are held.
    public func frontier(of origin: SiteID, at size: UInt64) throws -> MerkleFrontier? {
        try Ledger.frontier(db, origin: origin, size: size)
    }

    /// Commits what is stored so far and goes on in a new transaction.
    public func commit() throws {
        try commitStored()
        try db.execute(sql: "BEGIN IMMEDIATE")
        uncommittedEvents = 0
    }

    /// Inserts the key rows held back and commits.
    fileprivate func commitStored() throws {
        try statements.facts.flush()
        try db.execute(sql: "COMMIT")
    }
}

/// One origin's tree as stored: the frontier of its latest checkpoint (which covers every
/// stored event of the origin), and roots at earlier sizes on demand.
private struct StoredTree {
    let db: Database
    let origin: SiteID
    let frontier: MerkleFrontier

    init(_ db: Database, origin: SiteID) throws {
        self.db = db
        self.origin = origin
        frontier = try MerkleFrontier.stored(in: db, site: origin)
    }

    func hasCheckpoint(at size: UInt64) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM checkpoints WHERE site = ? AND size = ?)",
                          arguments: [origin.rawValue, Int64(size)]) ?? false
    }

    /// The stored tree's root at `size` (at most the stored size): from the checkpoint at that
    /// size when there is one, else recomputed from the stored leaves.
    func root(at size: UInt64) throws -> MerkleHash {
        if size == frontier.size { return frontier.root }
        if let root = try Data.fetchOne(db, sql: "SELECT root FROM checkpoints WHERE site = ? AND size = ?",
                                        arguments: [origin.rawValue, Int64(size)]),
           let hash = MerkleHash(bytes: [UInt8](root)) {
            return hash
        }
        return try Ledger.frontier(db, origin: origin, size: size)?.root ?? RFC6962.emptyRoot
    }
}

/// The statements that write a received event, prepared once per receiving transaction.
private struct InsertStatements {
    let rows: EventRowWriter
    let facts: FactRegistry
    let insertCheckpoint: RawStatement

    init(_ db: Database, keyRunLength: Int) throws {
        rows = try EventRowWriter(db, keyRunLength: keyRunLength)
        facts = try FactRegistry(db, keyRows: rows.keyRows)
        insertCheckpoint = try RawStatement(db, """
            INSERT INTO checkpoints(site, size, root, note, frontier, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            """)
    }

    /// Writes one event: its rows, and its fact held back (registered with its run unless an
    /// equal fact from any origin is held by then; a different fact under the same 64-bit key
    /// goes beside it).
    func insert(_ event: ReceivedEvent, leaf: MerkleHash, rowid: Int64, receivedAt: LedgerTime) throws {
        facts.registerReceived(event.fact, event: rowid)
        try rows.write(event.fact, id: event.id, hlc: event.hlc, rowid: rowid, leaf: leaf, receivedAt: receivedAt,
                       body: event.canonicalBytes, projectionRecord: event.projectionRecord)
    }
}

extension MerkleFrontier {
    /// The tree of `site`'s log as this ledger holds it: the right edge stored with its last
    /// checkpoint, checked against the events held (appends and received batches resume from it).
    static func stored(in db: Database, site: SiteID) throws -> MerkleFrontier {
        let events = try Int64.fetchOne(db, sql: "SELECT CAST(max(seq) AS INTEGER) FROM events WHERE site = ?", arguments: [site.rawValue]) ?? 0
        var frontier = MerkleFrontier()
        if let row = try Row.fetchOne(db, sql: """
            SELECT CAST(size AS INTEGER) AS size, CAST(frontier AS BLOB) AS frontier FROM checkpoints
            WHERE site = ? ORDER BY size DESC LIMIT 1
            """, arguments: [site.rawValue]) {
            let size: Int64 = row["size"]
            guard size >= 0, let restored = MerkleFrontier(size: UInt64(size), serialized: [UInt8](row["frontier"] as Data)) else {
                throw LedgerError.corrupt("the frontier stored with checkpoint \(site):\(size) is malformed")
            }
            frontier = restored
        }
        guard events >= 0, UInt64(events) == frontier.size else {
            throw LedgerError.corrupt("site \(site) holds \(events) events but its last checkpoint covers \(frontier.size)")
        }
        return frontier
    }
}
