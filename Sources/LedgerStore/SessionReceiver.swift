import Foundation

/// Stores a live session's verified batches on a thread of its own, through its own
/// connection to the ledger, in write transactions that span many batches: each batch is
/// still whole or absent (a savepoint each, as `Ledger.receiving(_:)` does), but the index
/// pages the batches share are written once per commit instead of once per batch. Measured
/// on a 1,000,000-event catch-up: 8.8 GB written with a commit per batch, 2.3 GB with one per
/// 100,000 events.
///
/// A transaction is committed once it holds `Policy.commitEvents` events, once it is
/// `Policy.commitInterval` old, and always by `finish()`, so a
/// session that ends for any reason keeps every batch verified and submitted before. After
/// each commit the write lock stays free for `Policy.pauseAfterCommit`, longer than SQLite's
/// busy handler sleeps between tries (100 ms), so another writer (`record`, `import`, another
/// session) waiting for the lock gets it. The storing thread spends that pause copying the
/// commit from the write-ahead log into the database file (a passive checkpoint, which takes
/// no write lock), work SQLite would otherwise do at the end of the commit, before the pause
/// began: a 1,000,000-event catch-up took 15.3-15.7 s instead of 16.2-16.4 s, alternately.
///
/// The first batch that cannot be stored is rolled back alone (the batches before it are
/// committed), its error is kept, and nothing submitted after it is stored.
public final class SessionReceiver: @unchecked Sendable {
    /// When to commit, and how many verified events may wait for the storing thread.
    public struct Policy: Sendable {
        public var commitEvents: Int
        public var commitInterval: TimeInterval
        public var pauseAfterCommit: TimeInterval
        /// `submit(_:)` blocks while this many events wait (one batch always may). When a
        /// verified event still held its data as a JSON tree (a few KB), the receiving `sync` of
        /// a 1,000,000-event catch-up peaked at 215 MiB with 16,384, 192 MiB with 8,192; without
        /// the tree, 172 MiB with 8,192.
        public var queuedEvents: Int

        /// Every 3 s at most: each commit rewrites the index pages the batches touched and
        /// copies them into the database file with two fsyncs. A 1,000,000-event catch-up took
        /// 14.4-14.6 s committing every 250,000 events or 3 s, against 14.9-15.1 s every 100,000
        /// or 2 s (four runs of each, alternately); a writer waiting for the lock meanwhile waits
        /// 3 s at most, inside its 5 s timeout.
        public init(commitEvents: Int = 250_000, commitInterval: TimeInterval = 3, pauseAfterCommit: TimeInterval = 0.12,
                    queuedEvents: Int = 8_192) {
            self.commitEvents = commitEvents
            self.commitInterval = commitInterval
            self.pauseAfterCommit = pauseAfterCommit
            self.queuedEvents = queuedEvents
        }
    }

    /// What the stored batches did, so far.
    public struct Totals: Sendable, Equatable {
        public var received = ReceiveSummary()
        /// Batches stored (committed or about to be).
        public var batches = 0
        /// The canonical bytes of the events of those batches.
        public var canonicalBytes = 0
        /// Transactions committed.
        public var commits = 0

        public init() {}
    }

    private let path: String
    private let policy: Policy
    private let condition = NSCondition()
    // Guarded by `condition`:
    private var waiting: [VerifiedBatch] = []
    private var waitingEvents = 0
    private var storing = false
    private var finishing = false
    private var threadDone = false
    private var started = false
    private var failure: Error?
    private var totals = Totals()

    /// Stores into the ledger at `path` (opened by the storing thread when the first batch
    /// arrives).
    public init(path: String, policy: Policy = Policy()) {
        self.path = path
        self.policy = policy
    }

    /// The storing thread holds this object until `finish()`: its owner must call that.

    /// What was stored so far.
    public var stored: Totals {
        condition.lock()
        defer { condition.unlock() }
        return totals
    }

    /// Queues a verified batch for storing; blocks while `Policy.queuedEvents` events wait.
    ///
    /// - Throws: the error of an earlier batch that could not be stored (this one is then
    ///   not queued), or `LedgerError.storage` once `finish()` was called.
    public func submit(_ batch: VerifiedBatch) throws {
        condition.lock()
        defer { condition.unlock() }
        while failure == nil, !finishing, !waiting.isEmpty, waitingEvents + batch.events.count > policy.queuedEvents {
            condition.wait()
        }
        if let failure { throw failure }
        guard !finishing else { throw LedgerError.storage("the session's storing has ended; the batch was not stored") }
        waiting.append(batch)
        waitingEvents += batch.events.count
        if !started {
            started = true
            let thread = Thread { [self] in run() }
            thread.name = "medledger.receive"
            thread.start()
        }
        condition.broadcast()
    }

    /// Waits until every queued batch is stored and committed, and ends the storing thread.
    /// Calling it again returns the same.
    ///
    /// - Returns: what was stored.
    /// - Throws: the error of the first batch that could not be stored (the batches before
    ///   it are committed).
    @discardableResult
    public func finish() throws -> Totals {
        condition.lock()
        defer { condition.unlock() }
        finishing = true
        condition.broadcast()
        while started, !threadDone { condition.wait() }
        if let failure { throw failure }
        return totals
    }

    /// The storing thread: one `Ledger.receiving` transaction after another while batches
    /// come, until `finish()`.
    private func run() {
        do {
            let ledger = try Ledger.open(path: path)
            try ledger.checkpointOnlyWhenAsked()
            try ledger.useReceivingCache()
            var lastCommit: UInt64?
            // The batch in hand is held here alone and handed on whole to `retire(_:)`, so the
            // thread that frees it is always the freeing queue's, never this one.
            var batch = next(before: nil)
            while batch != nil {
                if let lastCommit {
                    // Leave the lock free a moment for a writer that waits for it.
                    let free = lastCommit + UInt64(policy.pauseAfterCommit * 1e9)
                    let now = Self.uptime()
                    if now < free { Thread.sleep(forTimeInterval: Double(free - now) / 1e9) }
                }
                try ledger.receiving { store in
                    let deadline = Self.uptime() + UInt64(policy.commitInterval * 1e9)
                    while let current = batch.take() {
                        let summary = try store.store(current)
                        record(current, summary)
                        retire(consume current)
                        guard store.uncommittedEvents < policy.commitEvents else { break }
                        batch = next(before: deadline)
                    }
                }
                lastCommit = Self.uptime()
                try ledger.checkpoint()
                condition.lock()
                totals.commits += 1
                condition.unlock()
                batch = next(before: nil)
            }
        } catch {
            condition.lock()
            failure = error
            waiting.removeAll()
            waitingEvents = 0
            condition.unlock()
        }
        condition.lock()
        threadDone = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next queued batch: waits for one until `deadline` (nil: until `finish()`), and
    /// returns nil at the deadline, or when finishing and none is queued.
    private func next(before deadline: UInt64?) -> VerifiedBatch? {
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty, !finishing {
            if let deadline {
                let left = Int64(deadline) - Int64(Self.uptime())
                guard left > 0 else { return nil }
                _ = condition.wait(until: Date(timeIntervalSinceNow: Double(left) / 1e9))
            } else {
                condition.wait()
            }
        }
        guard !waiting.isEmpty else { return nil }
        let batch = waiting.removeFirst()
        waitingEvents -= batch.events.count
        condition.broadcast()  // room for a blocked `submit`
        return batch
    }

    private static func uptime() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Frees a stored batch on another thread: freeing its events (their arrays and strings,
    /// made on the verifying threads) took about 3 % of the storing thread, the one stage of a
    /// session that cannot run beside itself.
    private func retire(_ batch: consuming VerifiedBatch) {
        let retired = Retired(batch)
        // Emptied there, not merely released: whichever thread drops the last reference to
        // the box, the batch is freed by the freeing queue.
        Self.freeing.async { retired.batch = nil }
    }

    private static let freeing = DispatchQueue(label: "medledger.receive.free", qos: .utility)

    /// A stored batch on its way to the freeing queue, which alone touches it.
    private final class Retired: @unchecked Sendable {
        var batch: VerifiedBatch?
        init(_ batch: consuming VerifiedBatch) { self.batch = batch }
    }

    private func record(_ batch: VerifiedBatch, _ summary: ReceiveSummary) {
        condition.lock()
        defer { condition.unlock() }
        totals.batches += 1
        totals.received.stored += summary.stored
        totals.received.alreadyHeld += summary.alreadyHeld
        totals.received.checkpoints += summary.checkpoints
        totals.canonicalBytes += batch.events.reduce(0) { $0 + $1.canonicalBytes.count }
    }
}
