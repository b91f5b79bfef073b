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
final class SyncSessionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let role: SyncSession.Role
    private let ledgerPath: String
    private let directions: SyncDirections
    private let limits: SyncLimits
    private let timeouts: SyncTimeouts
    private let logger: Logger
    /// The site whose key the TLS verification callback accepted.
    private let acceptedSite: () -> SiteID?
    let completion: EventLoopPromise<SessionResult>
    private var endpoint: LedgerSyncEndpoint?
    private var context: ChannelHandlerContext?
    private var peerChecked = false
    private var handshakeTimer: Scheduled<Void>?
    private var transportError: String?
    private var closing = false
    private let started = DispatchTime.now()

    init(role: SyncSession.Role, ledgerPath: String, directions: SyncDirections, limits: SyncLimits, timeouts: SyncTimeouts,
         logger: Logger, acceptedSite: @escaping () -> SiteID?, completion: EventLoopPromise<SessionResult>) {
        self.role = role
        self.ledgerPath = ledgerPath
        self.directions = directions
        self.limits = limits
        self.timeouts = timeouts
        self.logger = logger
        self.acceptedSite = acceptedSite
        self.completion = completion
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func channelActive(context: ChannelHandlerContext) {
        do {
            let ledger = try Ledger.open(path: ledgerPath)
            endpoint = try LedgerSyncEndpoint(ledger: ledger, role: role, directions: directions, limits: limits) { [weak self] bytes in
                guard let self, let context = self.context else { return }
                var buffer = context.channel.allocator.buffer(capacity: bytes.count)
                buffer.writeBytes(bytes)
                context.write(self.wrapOutboundOut(buffer), promise: nil)
            }
        } catch {
            transportError = "cannot open the ledger: \(error)"
            context.close(promise: nil)
            return
        }
        handshakeTimer = context.eventLoop.scheduleTask(in: timeouts.handshake) { [weak self] in
            self?.abort(SyncError(.timeout, "no HELLO from the peer within the handshake timeout"))
        }
        if role == .initiator { endpoint?.start() }
        context.flush()
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let endpoint, !closing else { return }
        var buffer = unwrapInboundIn(data)
        endpoint.receive(buffer.readBytes(length: buffer.readableBytes) ?? [])
        if !peerChecked, let hello = endpoint.peer {
            // TLS 1.3: a client sees the handshake complete before the server has judged its
            // certificate, so the peer counts as accepted only once its first frame arrives;
            // and that frame must name the site whose key the certificate carries.
            peerChecked = true
            handshakeTimer?.cancel()
            if hello.site != acceptedSite() {
                endpoint.abort(SyncError(.malformed, "the peer's HELLO names \(hello.site), but its certificate carries the key of \(acceptedSite().map(\.rawValue) ?? "no site on the roster")"))
            }
        }
        context.flush()
        closeIfOver()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            abort(SyncError(.timeout, "nothing from the peer within the idle timeout"))
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if transportError == nil { transportError = "\(error)" }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        handshakeTimer?.cancel()
        endpoint?.connectionClosed()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        completion.succeed(SessionResult(peer: endpoint?.peer?.site ?? acceptedSite(), outcome: endpoint?.outcome,
                                         transportError: transportError, report: endpoint?.report ?? SyncReport(), seconds: seconds,
                                         peerHolds: endpoint?.peerHolds ?? .empty))
        context.fireChannelInactive()
    }

    private func abort(_ error: SyncError) {
        endpoint?.abort(error)
        context?.flush()
        closeIfOver()
    }

    /// Once the session is over: the initiator closes after DONE; either side closes after an
    /// error, once the ERROR frame is on its way.
    private func closeIfOver() {
        guard let context, let outcome = endpoint?.outcome, !closing else { return }
        if case .success = outcome, role == .responder { return }  // the initiator closes
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
