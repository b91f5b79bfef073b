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

/// Drives a `SyncSession` against a ledger: reads the ledger's state when the session starts,
/// streams the batches the peer lacks out of the ledger, and stores the batches it verified.
/// It does no network I/O either: bytes for the peer go to `output`, bytes from the peer come
/// in through `receive(_:)`, so the same endpoint runs over TLS, in memory, or over a file.
public final class LedgerSyncEndpoint {
    public let ledger: Ledger
    public let limits: SyncLimits
    private var session: SyncSession
    private let held: [HeldOrigin]
    private let output: ([UInt8]) -> Void
    /// nil while the session runs; then success or the error that ended it.
    public private(set) var outcome: Result<Void, SyncError>?
    public private(set) var report = SyncReport()

    /// Reads the ledger's vector and roster afresh (other processes may have appended since
    /// the last session).
    public init(ledger: Ledger, role: SyncSession.Role, directions: SyncDirections = .both, limits: SyncLimits = .default,
                output: @escaping ([UInt8]) -> Void) throws {
        self.ledger = ledger
        self.limits = limits
        self.output = output
        held = try ledger.heldOrigins()
        let roster = try ledger.roster()
        let local = SyncSession.Local(site: ledger.site,
                                      held: Dictionary(uniqueKeysWithValues: held.map { ($0.site, $0.frontier) }),
                                      roster: Dictionary(uniqueKeysWithValues: roster.map { ($0.site, $0.verifier) }))
        session = SyncSession(role: role, local: local, directions: directions, limits: limits)
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
                    let sent = try BatchSender(ledger: ledger, limits: limits).send(held: held, to: peerVector) { write($0) }
                    report.sent = sent
                    next = session.batchesSent(events: sent.events)
                } catch let error as SyncError {
                    next = session.abort(error)
                } catch {
                    next = session.abort(SyncError(.storage, "cannot read the ledger: \(error)"))
                }
            case .store(let batch):
                do {
                    let stored = try ledger.receive(batch)
                    report.batchesReceived += 1
                    report.received.stored += stored.stored
                    report.received.alreadyHeld += stored.alreadyHeld
                    report.received.checkpoints += stored.checkpoints
                    report.canonicalBytesReceived += batch.events.reduce(0) { $0 + $1.canonicalBytes.count }
                    next = session.stored()
                } catch {
                    next = session.storeFailed(error)
                }
            case .finished:
                outcome = .success(())
            case .failed(let error):
                outcome = .failure(error)
            }
            queue = next[...] + queue
        }
    }
}
