import Foundation
import LedgerCore
import LedgerStore
import LedgerSync
import Logging
import NIOCore

/// The transport's timeouts (Protocol/SYNC.md §8).
public struct SyncTimeouts: Sendable {
    /// From the connection to the peer's HELLO (TLS handshake included).
    public var handshake: TimeAmount
    /// Longest wait for any byte from the peer.
    public var idle: TimeAmount

    public init(handshake: TimeAmount = .seconds(10), idle: TimeAmount = .seconds(60)) {
        self.handshake = handshake
        self.idle = idle
    }
}

/// How one session over the network ended.
public struct SessionResult: Sendable {
    /// The site the peer's certificate belongs to (nil if the handshake did not get that far).
    public let peer: SiteID?
    /// The session's outcome; nil if it never started (a refused handshake, a closed socket).
    public let outcome: Result<Void, SyncError>?
    /// The transport error that ended the connection, if any.
    public let transportError: String?
    public let report: SyncReport
    public let seconds: Double
    /// What the peer is known to hold after the session (for `peers`).
    public let peerHolds: VersionVector

    public var succeeded: Bool {
        if case .success? = outcome { return true }
        return false
    }

    /// One line saying why the session failed, or nil.
    public var failure: String? {
        if case .failure(let error)? = outcome { return "\(error)" }
        if succeeded { return nil }
        return transportError ?? "the connection closed before the session finished"
    }
}

/// Moves bytes between a TLS channel and a `LedgerSyncEndpoint`; the protocol itself lives in
/// the sans-I/O session. The ledger is opened afresh for each session, so every session reads
/// the vectors as they are now (other processes append meanwhile).
///
/// The endpoint runs on a serial queue of its own, never on the event loop: verifying,
/// reading and storing take milliseconds per batch, and the loop serves other sessions and
/// the TLS records meanwhile. Bytes go to the queue in order; the channel stops reading while
/// more than `pausedAbove` bytes wait there (2 MiB; 8 MiB took the receiving `sync` of a
/// 1,000,000-event catch-up from 186 to 202 MiB), and the queue waits while the channel's outbound
/// buffer is full, so memory stays bounded whichever side is slower.
final class SyncSessionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Received bytes waiting for the session's queue above which reading stops, and below
    /// which it resumes.
    static let pausedAbove = 2 << 20
    static let resumedBelow = 512 << 10

    private let role: SyncSession.Role
    private let ledgerPath: String
    private let directions: SyncDirections
    private let limits: SyncLimits
    private let timeouts: SyncTimeouts
    private let logger: Logger
    /// The site whose key the TLS verification callback accepted.
    private let acceptedSite: () -> SiteID?
    private let onProgress: ((SyncProgress) -> Void)?
    let completion: EventLoopPromise<SessionResult>
    /// The session's queue; `endpoint`, `peerChecked` and `writable` are touched only there.
    private let worker = DispatchQueue(label: "medledger.sync-session")
    private var endpoint: LedgerSyncEndpoint?
    private var peerChecked = false
    private let writable = NSCondition()
    // Event loop only:
    private var context: ChannelHandlerContext?
    private var handshakeTimer: Scheduled<Void>?
    private var transportError: String?
    private var closing = false
    private var awaitingClose = false
    private var waitingBytes = 0
    private var readsPaused = false
    private let started = DispatchTime.now()

    init(role: SyncSession.Role, ledgerPath: String, directions: SyncDirections, limits: SyncLimits, timeouts: SyncTimeouts,
         logger: Logger, acceptedSite: @escaping () -> SiteID?, onProgress: ((SyncProgress) -> Void)? = nil,
         completion: EventLoopPromise<SessionResult>) {
        self.role = role
        self.ledgerPath = ledgerPath
        self.directions = directions
        self.limits = limits
        self.timeouts = timeouts
        self.logger = logger
        self.acceptedSite = acceptedSite
        self.onProgress = onProgress
        self.completion = completion
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func channelActive(context: ChannelHandlerContext) {
        handshakeTimer = context.eventLoop.scheduleTask(in: timeouts.handshake) { [weak self] in
            self?.abort(SyncError(.timeout, "no HELLO from the peer within the handshake timeout"))
        }
        let channel = context.channel
        onWorker { [self] in
            do {
                let ledger = try Ledger.open(path: ledgerPath)
                endpoint = try LedgerSyncEndpoint(ledger: ledger, role: role, directions: directions, limits: limits) { [weak self] bytes in
                    self?.write(bytes, to: channel)
                }
                endpoint?.onProgress = onProgress
            } catch {
                let message = "cannot open the ledger: \(error)"
                return { handler in
                    handler.transportError = message
                    handler.context?.close(promise: nil)
                }
            }
            if role == .initiator { endpoint?.start() }
            return { _ in }
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        var buffer = unwrapInboundIn(data)
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        waitingBytes += bytes.count
        if waitingBytes > Self.pausedAbove, !readsPaused {
            readsPaused = true
            context.channel.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in }
        }
        onWorker { [self] in
            guard let endpoint else { return { $0.bytesHandled(bytes.count) } }
            endpoint.receive(bytes)
            var helloArrived = false
            if !peerChecked, let hello = endpoint.peer {
                // TLS 1.3: a client sees the handshake complete before the server has judged its
                // certificate, so the peer counts as accepted only once its first frame arrives;
                // and that frame must name the site whose key the certificate carries.
                peerChecked = true
                helloArrived = true
                if hello.site != acceptedSite() {
                    endpoint.abort(SyncError(.malformed, "the peer's HELLO names \(hello.site), but its certificate carries the key of \(acceptedSite().map(\.rawValue) ?? "no site on the roster")"))
                }
            }
            return { handler in
                if helloArrived { handler.handshakeTimer?.cancel() }
                handler.bytesHandled(bytes.count)
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            // Reads paused for a slow disk are not the peer's silence.
            if !readsPaused { abort(SyncError(.timeout, "nothing from the peer within the idle timeout")) }
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        writable.lock()
        writable.broadcast()
        writable.unlock()
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if transportError == nil { transportError = "\(error)" }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        handshakeTimer?.cancel()
        writable.lock()
        writable.broadcast()
        writable.unlock()
        let transportError = transportError
        let completion = completion
        // After every byte received before: the endpoint commits what it verified, then the
        // session's result is known.
        worker.async { [self] in
            endpoint?.connectionClosed()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
            completion.succeed(SessionResult(peer: endpoint?.peer?.site ?? acceptedSite(), outcome: endpoint?.outcome,
                                             transportError: transportError, report: endpoint?.report ?? SyncReport(),
                                             seconds: seconds, peerHolds: endpoint?.peerHolds ?? .empty))
            endpoint = nil
        }
        context.fireChannelInactive()
    }

    /// Runs `body` on the session's queue, then what it returns on the event loop, followed by
    /// closing the connection if the session is over.
    private func onWorker(_ body: @escaping () -> (SyncSessionHandler) -> Void) {
        guard let eventLoop = context?.eventLoop else { return }
        worker.async { [self] in
            let then = body()
            let outcome = endpoint?.outcome
            eventLoop.execute { [self] in
                then(self)
                closeIfOver(outcome)
            }
        }
    }

    /// Writes from the session's queue; waits while the channel's outbound buffer is full.
    private func write(_ bytes: [UInt8], to channel: Channel) {
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        channel.writeAndFlush(buffer, promise: nil)
        writable.lock()
        while !channel.isWritable, channel.isActive {
            _ = writable.wait(until: Date(timeIntervalSinceNow: 0.1))
        }
        writable.unlock()
    }

    private func bytesHandled(_ count: Int) {
        waitingBytes -= count
        if readsPaused, waitingBytes < Self.resumedBelow, let context {
            readsPaused = false
            context.channel.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in }
        }
    }

    private func abort(_ error: SyncError) {
        onWorker { [self] in
            endpoint?.abort(error)
            return { _ in }
        }
    }

    /// Once the session is over: after DONE the responder closes, once it has committed what
    /// it received (its outcome is set only then), and the initiator waits for that close, so
    /// that a successful `sync` means both ledgers hold the union (it closes itself after the
    /// idle timeout, for a responder that never does). Either side closes after an error, once
    /// the ERROR frame is on its way.
    private func closeIfOver(_ outcome: Result<Void, SyncError>?) {
        guard let context, let outcome, !closing else { return }
        if case .success = outcome, role == .initiator {
            guard !awaitingClose else { return }
            awaitingClose = true
            context.eventLoop.scheduleTask(in: timeouts.idle) { context.close(promise: nil) }
            return
        }
        closing = true
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0))).whenComplete { _ in
            context.close(promise: nil)
        }
        // Before the TLS handshake completes a write never does: close regardless, soon.
        context.eventLoop.scheduleTask(in: .milliseconds(200)) { context.close(promise: nil) }
    }
}

/// Sends ERROR `busy` and closes: the server is at its maximum of concurrent sessions.
final class BusyHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelActive(context: ChannelHandlerContext) {
        let frame = Frame.error(SyncError(.busy, "the server is at its maximum of concurrent sessions; try again later")).encoded
        var buffer = context.channel.allocator.buffer(capacity: frame.count)
        buffer.writeBytes(frame)
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in context.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}
