import Foundation
import LedgerCore
import LedgerStore
import LedgerSync
import LedgerSyncNIO
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Testing

/// Sends fixed bytes over mutual TLS and collects everything the server answers until it
/// closes: a peer whose key is on the roster but whose frames are hostile.
final class RawPeer: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let payload: [UInt8]
    let answer: EventLoopPromise<[UInt8]>
    var received: [UInt8] = []

    init(payload: [UInt8], answer: EventLoopPromise<[UInt8]>) {
        self.payload = payload
        self.answer = answer
    }

    func channelActive(context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: payload.count)
        buffer.writeBytes(payload)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        received += buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) { context.close(promise: nil) }

    func channelInactive(context: ChannelHandlerContext) { answer.succeed(received) }

    /// Connects to `port` as `key`'s site, sends `payload`, returns the server's answer.
    static func exchange(port: Int, key: SiteKey, trusting server: RosterEntry, payload: [UInt8]) throws -> [UInt8] {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let tls = try SyncTLS.context(for: try SiteCertificate(key: key), server: false)
        let answer = group.next().makePromise(of: [UInt8].self)
        let serverKey = server.publicKey.rawRepresentation
        let channel = try ClientBootstrap(group: group).channelInitializer { channel in
            do {
                let ssl = try NIOSSLClientHandler(context: tls, serverHostname: nil) { certificates, promise in
                    let ok = certificates.first.flatMap(SiteCertificate.siteKey(of:))?.rawRepresentation == serverKey
                    promise.succeed(ok ? .certificateVerified : .failed)
                }
                try channel.pipeline.syncOperations.addHandlers([ssl, RawPeer(payload: payload, answer: answer)])
                return channel.eventLoop.makeSucceededVoidFuture()
            } catch {
                return channel.eventLoop.makeFailedFuture(error)
            }
        }.connect(host: "127.0.0.1", port: port).wait()
        _ = channel
        return try answer.futureResult.wait()
    }
}

/// The frames of `bytes`, decoded.
func frames(_ bytes: [UInt8]) -> [Frame] {
    var decoder = FrameDecoder(maximumFrameBytes: 64 << 20)
    decoder.append(bytes)
    var out: [Frame] = []
    while let frame = try? decoder.next() { out.append(frame) }
    return out
}

@Suite("Transport: hostile peers over mutual TLS while an honest one is served")
struct TransportTests {
    @Test("an oversized frame and random bytes each get their ERROR frame; the ledger is unchanged; an honest peer syncs meanwhile")
    func hostileOverTLS() throws {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("medledger-tls-XXXXXX").utf8CString)
        let folder = String(cString: mkdtemp(&template)!)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        let (server, serverKey) = try Ledger.create(path: path("a.sqlite"), site: try SiteID("a"), name: nil)
        let (honest, honestKey) = try Ledger.create(path: path("b.sqlite"), site: try SiteID("b"), name: nil)
        let (_, hostileKey) = try Ledger.create(path: path("h.sqlite"), site: try SiteID("h"), name: nil)
        for key in [honestKey, hostileKey] { _ = try server.trust(site: key.site, publicKeyBase64: key.publicKeyBase64) }
        _ = try honest.trust(site: serverKey.site, publicKeyBase64: serverKey.publicKeyBase64)
        _ = try honest.append(key: honestKey) { appender in
            for i in 0..<20 {
                try appender.append(try EventDraft(type: .patchApplied, device: "PUMP-\(i % 3)", at: LedgerTime(seconds: 1_735_689_600 + Int64(i) * 60),
                                                   actor: "biomed.b", data: ["version": .string("1.\(i)")]))
            }
        }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let sync = try SyncServer(ledgerPath: server.path, logger: logger)
        let port = try sync.start(host: "127.0.0.1", port: 0).port!
        defer { sync.stop() }
        let opening = Frame.hello(Hello(minVersion: 1, maxVersion: 1, directions: .send, site: hostileKey.site)).encoded
            + Frame.vector(.empty).encoded
        let serverEntry = try server.ownEntry()

        // Hostile peers and the honest one at the same time.
        let results = NSLock()
        var answers: [[UInt8]] = []
        var honestResult: SessionResult?
        DispatchQueue.concurrentPerform(iterations: 3) { i in
            switch i {
            case 0:
                let answer = try? RawPeer.exchange(port: port, key: hostileKey, trusting: serverEntry,
                                                   payload: opening + [0x7F, 0xFF, 0xFF, 0xFF, 0x03])
                results.withLock { answers.append(answer ?? []) }
            case 1:
                var random = SystemRandomNumberGenerator()
                let noise = (0..<500).map { _ in UInt8.random(in: 0...255, using: &random) }
                let answer = try? RawPeer.exchange(port: port, key: hostileKey, trusting: serverEntry, payload: opening + [0, 0, 1, 0, 3] + noise)
                results.withLock { answers.append(answer ?? []) }
            default:
                let result = try? SyncClient.sync(ledgerPath: honest.path, host: "127.0.0.1", port: port, logger: logger)
                results.withLock { honestResult = result }
            }
        }
        #expect(answers.count == 2)
        for answer in answers {
            guard case .error(let code, _)? = frames(answer).last else {
                Issue.record("no ERROR frame in \(frames(answer))")
                continue
            }
            #expect([SyncError.Code.frameTooLarge, .malformed, .unexpectedFrame, .badCompression, .batchTooLarge, .unknownOrigin]
                .map(\.rawValue).contains(code))
        }
        #expect(answers.contains { if case .error(4, _)? = frames($0).last { return true } else { return false } })
        #expect(honestResult?.succeeded == true, "\(String(describing: honestResult?.failure))")
        var held = 0
        try server.forEachEvent(matching: LogFilter()) { row in
            #expect(row.id.site == honestKey.site)
            held += 1
        }
        #expect(held == 20)
        #expect(try server.verify().isIntact)
    }
}
