import LedgerCore
import LedgerStore

/// What one side of a session did.
public struct SyncReport: Sendable, Equatable {
    /// What this side sent.
    public var sent = SendSummary()
    /// Batches received, and what storing them did.
    public var batchesReceived = 0
    public var received = ReceiveSummary()
    /// The canonical bytes of the events received.
    public var canonicalBytesReceived = 0
    /// Bytes read from and written to the peer.
    public var wireBytesIn = 0
    public var wireBytesOut = 0

    public init() {}
}

/// How far a session is, for a progress display: events moved so far against what the two
/// vectors say is to move (known once the peer's vector arrived).
public struct SyncProgress: Sendable, Equatable {
    /// Events received and verified so far, and the events the peer holds beyond this side.
    public var received: UInt64 = 0
    public var toReceive: UInt64 = 0
    /// Events sent so far, and the events this side holds beyond the peer.
    public var sent: UInt64 = 0
    public var toSend: UInt64 = 0

    public init(received: UInt64 = 0, toReceive: UInt64 = 0, sent: UInt64 = 0, toSend: UInt64 = 0) {
        self.received = received
        self.toReceive = toReceive
        self.sent = sent
        self.toSend = toSend
    }
}

/// Drives a `SyncSession` against a ledger: reads the ledger's state when the session starts,
/// streams the batches the peer lacks out of the ledger, and stores the batches it verified
/// through a `SessionReceiver` (its own thread and connection, a transaction spanning many
/// batches). The outcome is set only once every batch verified before the end is committed,
/// whatever ended the session. It does no network I/O either: bytes for the peer go to `output`, bytes from the peer come
/// in through `receive(_:)`, so the same endpoint runs over TLS, in memory, or over a file.
public final class LedgerSyncEndpoint {
    public let ledger: Ledger
    public let limits: SyncLimits
    private var session: SyncSession
    private let held: [HeldOrigin]
    private let output: ([UInt8]) -> Void
    private let receiver: SessionReceiver
    /// Called after each batch sent or received, on the thread driving the endpoint.
    public var onProgress: ((SyncProgress) -> Void)?
    private var eventsSentSoFar: UInt64 = 0
    /// nil while the session runs; then success or the error that ended it.
    public private(set) var outcome: Result<Void, SyncError>?
    public private(set) var report = SyncReport()

    /// Reads the ledger's vector and roster afresh (other processes may have appended since
    /// the last session).
    public init(ledger: Ledger, role: SyncSession.Role, directions: SyncDirections = .both, limits: SyncLimits = .default,
                storing policy: SessionReceiver.Policy = SessionReceiver.Policy(), output: @escaping ([UInt8]) -> Void) throws {
        self.ledger = ledger
        receiver = SessionReceiver(path: ledger.path, policy: policy)
        self.limits = limits
        self.output = output
        held = try ledger.heldOrigins()
        let roster = try ledger.roster()
        let local = SyncSession.Local(site: ledger.site,
                                      held: Dictionary(uniqueKeysWithValues: held.map { ($0.site, $0.frontier) }),
                                      roster: Dictionary(uniqueKeysWithValues: roster.map { ($0.site, $0.verifier) }))
        session = SyncSession(role: role, local: local, directions: directions, limits: limits)
    }

    /// Commits what was verified if the driver dropped the endpoint before the session ended.
    deinit {
        _ = try? receiver.finish()
    }

    /// How far the session is.
    public var progress: SyncProgress {
        var progress = SyncProgress(received: session.eventsReceived, sent: eventsSentSoFar)
        guard let peerVector = session.peerVector else { return progress }
        let mine = Dictionary(uniqueKeysWithValues: held.map { ($0.site, $0.size) })
        if session.agreed.contains(.receive) {
            progress.toReceive = peerVector.entries.reduce(0) { $0 + ($1.size > mine[$1.site] ?? 0 ? $1.size - (mine[$1.site] ?? 0) : 0) }
        }
        if session.agreed.contains(.send) {
            progress.toSend = held.reduce(0) { $0 + ($1.size > peerVector.size(of: $1.site) ? $1.size - peerVector.size(of: $1.site) : 0) }
        }
        return progress
    }

    /// The peer's HELLO, once it arrived.
    public var peer: Hello? { session.peerHello }

    /// What the peer is known to hold once the session is over: its vector, and everything
    /// this side held when the session started if the session succeeded with this side sending.
    public var peerHolds: VersionVector {
        var sizes: [SiteID: VectorEntry] = [:]
        for entry in session.peerVector?.entries ?? [] { sizes[entry.site] = entry }
        if case .success? = outcome, session.agreed.contains(.send) {
            for origin in held where origin.size > sizes[origin.site]?.size ?? 0 {
                sizes[origin.site] = VectorEntry(site: origin.site, size: origin.size, root: origin.root)
            }
        }
        return VersionVector(Array(sizes.values))
    }

    /// Sends the first flight (initiator only).
    public func start() { handle(session.start()) }

    /// Bytes from the peer.
    public func receive(_ bytes: [UInt8]) {
        report.wireBytesIn += bytes.count
        handle(session.receive(bytes))
    }

    /// The peer closed the connection, or a local failure ends the session.
    public func connectionClosed() { handle(session.connectionClosed()) }
    public func abort(_ error: SyncError) { handle(session.abort(error)) }

    /// Commits every batch submitted so far and fills in the report; the error of a batch
    /// that could not be stored, if any.
    private func finishStoring() -> Error? {
        var failure: Error?
        do { try receiver.finish() } catch { failure = error }
        let totals = receiver.stored
        report.batchesReceived = totals.batches
        report.received = totals.received
        report.canonicalBytesReceived = totals.canonicalBytes
        return failure
    }

    private func write(_ bytes: [UInt8]) {
        report.wireBytesOut += bytes.count
        output(bytes)
    }

    private func handle(_ actions: [SyncSession.Action]) {
        var queue = actions[...]
        while let action = queue.popFirst() {
            var next: [SyncSession.Action] = []
            switch action {
            case .send(let bytes):
                write(bytes)
            case .sendBatches(let peerVector):
                do {
                    let sent = try BatchSender(ledger: ledger, limits: limits).send(held: held, to: peerVector, emit: { write($0) }) { so in
                        eventsSentSoFar = so.events
                        onProgress?(progress)
                    }
                    report.sent = sent
                    next = session.batchesSent(events: sent.events)
                } catch let error as SyncError {
                    next = session.abort(error)
                } catch {
                    next = session.abort(SyncError(.storage, "cannot read the ledger: \(error)"))
                }
            case .store(let batch):
                // Verification of the next batches goes on while this one is stored; a batch
                // that cannot be stored fails the session at the next submit or at the end.
                do {
                    try receiver.submit(batch)
                    onProgress?(progress)
                    next = session.stored()
                } catch {
                    next = session.storeFailed(error)
                }
            case .finished:
                // Done only once every received batch is committed; else the session fails
                // as a batch that could not be stored fails it (the peer may have finished).
                if let error = finishStoring() {
                    next = session.storeFailed(error)
                } else {
                    outcome = .success(())
                }
            case .failed(let error):
                _ = finishStoring()  // the batches verified before the failure stay
                outcome = .failure(error)
            }
            queue = next[...] + queue
        }
    }
}
