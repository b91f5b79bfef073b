import LedgerCore
import LedgerStore

/// One side of a sync session (Protocol/SYNC.md §6) as a state machine over bytes, with no
/// I/O: bytes from the peer go in through `receive(_:)`, and every call returns what to do
/// next (send these bytes, send the batches the peer lacks, store this verified batch, the
/// session is over). The driver reports back when it has sent the batches or stored a batch,
/// and the session continues. Tests drive two sessions against each other in memory; a
/// transport only moves bytes.
public struct SyncSession: Sendable {
    /// Which side opened the connection.
    public enum Role: Sendable { case initiator, responder }

    /// What a side knows of its own ledger when the session starts.
    public struct Local: Sendable {
        public let site: SiteID
        /// Every origin held, with its tree.
        public var held: [SiteID: MerkleFrontier]
        /// The keys batches are checked with, by origin.
        public let roster: [SiteID: NoteVerifier]

        public init(site: SiteID, held: [SiteID: MerkleFrontier], roster: [SiteID: NoteVerifier]) {
            self.site = site
            self.held = held
            self.roster = roster
        }

        /// The version vector of what is held.
        public var vector: VersionVector {
            VersionVector(held.map { VectorEntry(site: $0.key, size: $0.value.size, root: $0.value.root) })
        }
    }

    /// What the driver does next, in order.
    public enum Action: Sendable {
        /// Write these bytes to the peer.
        case send([UInt8])
        /// Send the batches a peer holding this vector lacks (SYNC.md §6.2), then call
        /// `batchesSent(events:)`.
        case sendBatches(peerVector: VersionVector)
        /// Store this verified batch, then call `stored(_:)` or `storeFailed(_:)`.
        case store(VerifiedBatch)
        /// Both sides sent and received DONE: the session succeeded.
        case finished
        /// The session is over with this error; an ERROR frame for the peer, if one is due,
        /// came in a `send` just before.
        case failed(SyncError)
    }

    private enum State: Sendable {
        case start
        case awaitingHello
        /// `discardOne`: the responder chose a lower version than the initiator's maximum and
        /// skips the VECTOR the initiator sent in that version (SYNC.md §6.1).
        case awaitingVector(discardOne: Bool)
        case exchanging
        case finished
        case failed
    }

    /// The protocol versions this implementation speaks.
    public static let versions: ClosedRange<UInt8> = 1...1

    public let role: Role
    public let limits: SyncLimits
    /// The directions this side asks for.
    public let wanted: SyncDirections
    private var local: Local
    private var state: State
    private var decoder: FrameDecoder
    private var helloSent = false
    private var chosenVersion: UInt8 = SyncSession.versions.upperBound
    private var awaitingStore = false
    private var doneSent = false
    private var doneReceived = false

    /// The peer's HELLO, once received.
    public private(set) var peerHello: Hello?
    /// The peer's vector, once received.
    public private(set) var peerVector: VersionVector?
    /// The directions agreed: this side sends when it asked to and the peer accepts, and so on.
    public private(set) var agreed: SyncDirections = []
    /// Events received in batches, and the batches.
    public private(set) var eventsReceived: UInt64 = 0
    public private(set) var batchesReceived = 0
    /// Events this side said it sent (its DONE).
    public private(set) var eventsSent: UInt64 = 0

    public init(role: Role, local: Local, directions: SyncDirections = .both, limits: SyncLimits = .default) {
        self.role = role
        self.local = local
        self.wanted = directions
        self.limits = limits
        state = role == .initiator ? .start : .awaitingHello
        decoder = FrameDecoder(maximumFrameBytes: limits.maximumFrameBytes)
    }

    /// True once the session succeeded or failed.
    public var isOver: Bool {
        switch state {
        case .finished, .failed: true
        default: false
        }
    }

    private var hello: Hello {
        Hello(minVersion: Self.versions.lowerBound, maxVersion: Self.versions.upperBound, directions: wanted, site: local.site)
    }

    /// The initiator's first flight: HELLO and VECTOR. The responder sends nothing first.
    public mutating func start() -> [Action] {
        guard case .start = state else { return [] }
        state = .awaitingHello
        helloSent = true
        return [.send(Frame.hello(hello).encoded + Frame.vector(local.vector).encoded)]
    }

    /// Bytes from the peer. Frames are handled in order until one needs the driver (a batch
    /// to store) or the bytes run out.
    public mutating func receive(_ bytes: some Collection<UInt8>) -> [Action] {
        guard !isOver else { return [] }
        decoder.append(bytes)
        return process()
    }

    /// The driver sent the batches of a `sendBatches`: DONE follows.
    public mutating func batchesSent(events: UInt64) -> [Action] {
        guard case .exchanging = state, !doneSent else { return [] }
        eventsSent = events
        doneSent = true
        return [.send(Frame.done(events: events).encoded)] + finishIfDone()
    }

    /// The driver stored the batch of the last `store`: handling continues.
    public mutating func stored() -> [Action] {
        guard awaitingStore else { return [] }
        awaitingStore = false
        return process()
    }

    /// The driver could not store the batch of the last `store` (nothing of it was stored).
    public mutating func storeFailed(_ error: Error) -> [Action] {
        awaitingStore = false
        if case LedgerError.fork = error { return fail(SyncError(.fork, "\(error)")) }
        return fail(SyncError(.storage, "the batch could not be stored: \(error)"))
    }

    /// Ends the session with a local error (a timeout, a failure to read the ledger).
    public mutating func abort(_ error: SyncError) -> [Action] {
        guard !isOver else { return [] }
        return fail(error)
    }

    /// The connection closed: a failure unless the session had finished.
    public mutating func connectionClosed() -> [Action] {
        guard !isOver else { return [] }
        state = .failed
        return [.failed(SyncError(.malformed, "the connection closed before the session finished"))]
    }

    private mutating func fail(_ error: SyncError) -> [Action] {
        state = .failed
        return [.send(Frame.error(error).encoded), .failed(error)]
    }

    private mutating func finishIfDone() -> [Action] {
        guard doneSent, doneReceived else { return [] }
        state = .finished
        return [.finished]
    }

    private mutating func process() -> [Action] {
        var actions: [Action] = []
        while !isOver, !awaitingStore {
            do {
                if case .awaitingVector(discardOne: true) = state {
                    guard try decoder.skip() else { break }
                    state = .awaitingVector(discardOne: false)
                    continue
                }
                guard let frame = try decoder.next() else { break }
                actions += try handle(frame)
            } catch {
                actions += fail(error)
            }
        }
        return actions
    }

    private mutating func handle(_ frame: Frame) throws(SyncError) -> [Action] {
        if case .error(let code, let message) = frame {
            state = .failed
            let known = SyncError.Code(rawValue: code)
            return [.failed(SyncError(known ?? .malformed, known == nil ? "error \(code): \(message)" : message, fromPeer: true))]
        }
        switch (state, frame) {
        case (.awaitingHello, .hello(let peer)):
            return try receiveHello(peer)
        case (.awaitingVector(false), .vector(let vector)):
            peerVector = vector
            state = .exchanging
            var out: [UInt8] = []
            if !helloSent {
                helloSent = true
                out += Frame.hello(Hello(minVersion: chosenVersion, maxVersion: chosenVersion, directions: agreed, site: local.site)).encoded
            }
            if role == .responder { out += Frame.vector(local.vector).encoded }
            var actions: [Action] = out.isEmpty ? [] : [.send(out)]
            if agreed.contains(.send) {
                actions.append(.sendBatches(peerVector: vector))
            } else {
                doneSent = true
                actions.append(.send(Frame.done(events: 0).encoded))
            }
            return actions + finishIfDone()
        case (.exchanging, .batch(let header, let compressed)) where agreed.contains(.receive) && !doneReceived:
            return try receiveBatch(header, compressed: compressed)
        case (.exchanging, .done(let events)) where !doneReceived:
            guard events == eventsReceived else {
                throw SyncError(.countMismatch, "the peer says it sent \(events) events; \(eventsReceived) arrived")
            }
            doneReceived = true
            return finishIfDone()
        default:
            throw SyncError(.unexpectedFrame, "a \(String(describing: frame.kind).uppercased()) frame is not expected now")
        }
    }

    private mutating func receiveHello(_ peer: Hello) throws(SyncError) -> [Action] {
        peerHello = peer
        switch role {
        case .initiator:
            guard peer.minVersion == peer.maxVersion, Self.versions.contains(peer.maxVersion) else {
                throw SyncError(.unsupportedVersion, "the responder chose version \(peer.minVersion)…\(peer.maxVersion); this side speaks \(Self.versions.lowerBound)…\(Self.versions.upperBound)")
            }
            // The responder's flags state what it will do.
            agreed = wanted.intersection(SyncDirections(rawValue: (peer.directions.contains(.receive) ? 1 : 0) | (peer.directions.contains(.send) ? 2 : 0)))
            state = .awaitingVector(discardOne: false)
            return []
        case .responder:
            let common = max(peer.minVersion, Self.versions.lowerBound)...min(peer.maxVersion, Self.versions.upperBound)
            guard !common.isEmpty, peer.minVersion <= Self.versions.upperBound, peer.maxVersion >= Self.versions.lowerBound else {
                throw SyncError(.unsupportedVersion, "the initiator speaks versions \(peer.minVersion)…\(peer.maxVersion); this side speaks \(Self.versions.lowerBound)…\(Self.versions.upperBound)")
            }
            let chosen = common.upperBound
            chosenVersion = chosen
            var mine: SyncDirections = []
            if peer.directions.contains(.receive) && wanted.contains(.send) { mine.insert(.send) }
            if peer.directions.contains(.send) && wanted.contains(.receive) { mine.insert(.receive) }
            agreed = mine
            if chosen < peer.maxVersion {
                // Answer at once: the initiator resends its VECTOR in the chosen version.
                helloSent = true
                state = .awaitingVector(discardOne: true)
                return [.send(Frame.hello(Hello(minVersion: chosen, maxVersion: chosen, directions: mine, site: local.site)).encoded)]
            }
            state = .awaitingVector(discardOne: false)
            return []
        }
    }

    private mutating func receiveBatch(_ header: BatchHeader, compressed: [UInt8]) throws(SyncError) -> [Action] {
        guard let key = local.roster[header.origin] else {
            throw SyncError(.unknownOrigin, "site \(header.origin) is not on the receiver's roster")
        }
        let base = local.held[header.origin] ?? MerkleFrontier()
        let (batch, frontier) = try BatchVerifier.verify(header, compressed: compressed, base: base, key: key, limits: limits)
        local.held[header.origin] = frontier
        eventsReceived += header.count
        batchesReceived += 1
        awaitingStore = true
        return [.store(batch)]
    }
}
