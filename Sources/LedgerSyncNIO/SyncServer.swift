import Foundation
import LedgerCore
import LedgerStore
import LedgerSync
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// `medledger serve`: accepts sync sessions from sites on the roster until stopped.
public final class SyncServer: @unchecked Sendable {
    public let ledgerPath: String
    public let limits: SyncLimits
    public let timeouts: SyncTimeouts
    public let maxSessions: Int
    private let logger: Logger
    private let group: MultiThreadedEventLoopGroup
    private let identity: SiteCertificate
    private let tls: NIOSSLContext
    private let active = NIOLockedValueBox(0)
    /// The sessions' channels, so that `stop` can cut those that outlast the grace period.
    private let sessions = NIOLockedValueBox<[ObjectIdentifier: Channel]>([:])
    private var channel: Channel?
    private let idle = ConditionLock(value: 0)
    private let onSession: (SessionResult) -> Void
    /// Where sessions' results are logged and handed to `onSession`, one at a time.
    private let reports = DispatchQueue(label: "medledger.serve-sessions")

    /// `onSession` is called with each session's result, one at a time, on a queue of the
    /// server's (never an event loop).
    public init(ledgerPath: String, limits: SyncLimits = .default, timeouts: SyncTimeouts = SyncTimeouts(), maxSessions: Int = 16,
                logger: Logger, onSession: @escaping (SessionResult) -> Void = { _ in }) throws {
        self.onSession = onSession
        self.ledgerPath = ledgerPath
        self.limits = limits
        self.timeouts = timeouts
        self.maxSessions = maxSessions
        self.logger = logger
        let ledger = try Ledger.open(path: ledgerPath)
        identity = try SiteCertificate(key: try ledger.loadKey())
        tls = try SyncTLS.context(for: identity, server: true)
        group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
    }

    /// Starts listening; returns the address bound (port 0 picks a free port).
    public func start(host: String, port: Int) throws -> SocketAddress {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] channel in
                let admitted = active.withLockedValue { count -> Bool in
                    guard count < maxSessions else { return false }
                    count += 1
                    return true
                }
                idle.lock()
                idle.unlock(withValue: active.withLockedValue { $0 })
                // The roster is read for each connection: a key trusted a minute ago counts.
                let roster: [Data: SiteID]
                do { roster = SyncTLS.rosterKeys(try Ledger.open(path: ledgerPath).roster()) } catch {
                    logger.error("cannot read the roster: \(error)")
                    return channel.close()
                }
                let accepted = NIOLockedValueBox<SiteID?>(nil)
                let ssl = NIOSSLServerHandler(context: tls, customVerificationCallback: SyncTLS.verifier(roster: roster) { site in
                    accepted.withLockedValue { $0 = site }
                })
                let remote = channel.remoteAddress.map { "\($0)" } ?? "?"
                guard admitted else {
                    logger.warning("refused a session from \(remote): \(maxSessions) sessions already")
                    return channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandlers([ssl, BusyHandler()]) }
                }
                let promise = channel.eventLoop.makePromise(of: SessionResult.self)
                sessions.withLockedValue { $0[ObjectIdentifier(channel)] = channel }
                promise.futureResult.whenSuccess { [self] result in
                    // Off the event loop: recording the session writes to the ledger, which may
                    // wait for another session's commit.
                    reports.async { [self] in
                        sessions.withLockedValue { $0[ObjectIdentifier(channel)] = nil }
                        log(result, remote: remote)
                        onSession(result)
                        let now = active.withLockedValue { count -> Int in
                            count -= 1
                            return count
                        }
                        idle.lock()
                        idle.unlock(withValue: now)
                    }
                }
                return channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandlers([
                    ssl,
                    IdleStateHandler(readTimeout: timeouts.idle),
                    SyncSessionHandler(role: .responder, ledgerPath: ledgerPath, directions: .both, limits: limits, timeouts: timeouts,
                                       logger: logger, acceptedSite: { accepted.withLockedValue { $0 } }, completion: promise),
                ]) }
            }
            .childChannelOption(.socketOption(.so_keepalive), value: 1)
        let channel = try bootstrap.bind(host: host, port: port).wait()
        self.channel = channel
        return channel.localAddress!
    }

    private func log(_ result: SessionResult, remote: String) {
        let report = result.report
        let peer = result.peer?.rawValue ?? "unknown"
        let summary = "peer \(peer) (\(remote)): sent \(report.sent.events) events, received \(report.received.stored) stored / \(report.received.alreadyHeld) already held, wire \(report.wireBytesOut) out / \(report.wireBytesIn) in, \(String(format: "%.3f", result.seconds)) s"
        if let failure = result.failure {
            logger.warning("session failed: \(summary): \(failure)")
        } else {
            logger.info("session: \(summary)")
        }
    }

    /// Stops accepting, lets the sessions in flight finish for `gracePeriod`, then cuts those
    /// still running; each session commits the batches it verified before it reports (a cut
    /// loses at most the batch in flight), and the event loops shut down after the last report.
    public func stop(gracePeriod: TimeInterval = 30) {
        try? channel?.close().wait()
        if idle.lock(whenValue: 0, timeoutSeconds: gracePeriod) {
            idle.unlock()
        } else {
            for session in sessions.withLockedValue({ Array($0.values) }) { session.close(promise: nil) }
            if idle.lock(whenValue: 0, timeoutSeconds: 60) { idle.unlock() }
        }
        try? group.syncShutdownGracefully()
    }
}

/// Cuts a running `SyncClient.sync` from another thread (a signal handler): the session
/// commits what it verified and returns as a cut connection does.
public final class SyncInterruption: @unchecked Sendable {
    private let state = NIOLockedValueBox<(interrupted: Bool, channel: Channel?)>((false, nil))

    public init() {}

    /// Closes the session's connection (now, or as soon as it is open).
    public func interrupt() {
        let channel = state.withLockedValue { state -> Channel? in
            state.interrupted = true
            return state.channel
        }
        channel?.close(promise: nil)
    }

    /// True once `interrupt()` was called.
    public var interrupted: Bool { state.withLockedValue { $0.interrupted } }

    fileprivate func attach(_ channel: Channel) {
        if state.withLockedValue({ state -> Bool in
            state.channel = channel
            return state.interrupted
        }) {
            channel.close(promise: nil)
        }
    }
}

/// `medledger sync`: one session with a peer.
public enum SyncClient {
    /// Runs one session with the peer at `host:port`; `progress` is called after each batch
    /// sent or received, on the session's queue.
    public static func sync(ledgerPath: String, host: String, port: Int, directions: SyncDirections = .both,
                            limits: SyncLimits = .default, timeouts: SyncTimeouts = SyncTimeouts(), logger: Logger,
                            progress: ((SyncProgress) -> Void)? = nil, interruption: SyncInterruption? = nil) throws -> SessionResult {
        let ledger = try Ledger.open(path: ledgerPath)
        let identity = try SiteCertificate(key: try ledger.loadKey())
        let tls = try SyncTLS.context(for: identity, server: false)
        let roster = SyncTLS.rosterKeys(try ledger.roster())
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let accepted = NIOLockedValueBox<SiteID?>(nil)
        let promise = group.next().makePromise(of: SessionResult.self)
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeouts.handshake)
            .channelInitializer { channel in
                do {
                    let ssl = try NIOSSLClientHandler(context: tls, serverHostname: nil,
                                                      customVerificationCallback: SyncTLS.verifier(roster: roster) { site in
                                                          accepted.withLockedValue { $0 = site }
                                                      })
                    try channel.pipeline.syncOperations.addHandlers([
                        ssl,
                        IdleStateHandler(readTimeout: timeouts.idle),
                        SyncSessionHandler(role: .initiator, ledgerPath: ledgerPath, directions: directions, limits: limits,
                                           timeouts: timeouts, logger: logger, acceptedSite: { accepted.withLockedValue { $0 } },
                                           onProgress: progress, completion: promise),
                    ])
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
        let channel: Channel
        do { channel = try bootstrap.connect(host: host, port: port).wait() } catch {
            promise.fail(error)
            throw error
        }
        interruption?.attach(channel)
        return try promise.futureResult.wait()
    }
}
