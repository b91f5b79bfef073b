import Foundation
import LedgerCore
import LedgerStore
import LedgerSync
import LedgerSyncNIO
import Logging
import NIOConcurrencyHelpers
import NIOPosix
import Testing

@Suite("serve: what a session leaves when it reports")
struct ServeSessionTests {
    @Test("a pushed session reports off the event loop, with every received batch committed")
    func reportAfterCommit() throws {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("medledger-serve-XXXXXX").utf8CString)
        let folder = String(cString: mkdtemp(&template)!)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        let (server, serverKey) = try Ledger.create(path: path("a.sqlite"), site: try SiteID("a"), name: nil)
        let (client, clientKey) = try Ledger.create(path: path("b.sqlite"), site: try SiteID("b"), name: nil)
        _ = try server.trust(site: clientKey.site, publicKeyBase64: clientKey.publicKeyBase64)
        _ = try client.trust(site: serverKey.site, publicKeyBase64: serverKey.publicKeyBase64)
        for round in 0..<3 {
            _ = try client.append(key: clientKey) { appender in
                for i in 0..<10 {
                    try appender.append(try EventDraft(type: .patchApplied, device: "PUMP-\(i % 3)",
                                                       at: LedgerTime(seconds: 1_735_689_600 + Int64(round * 10 + i) * 60),
                                                       actor: "biomed.b", data: ["version": .string("2.0.\(round * 10 + i)")]))
                }
            }
        }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        // What the server's ledger holds, read from another connection, when the session reports.
        let seen = NIOLockedValueBox<(offLoop: Bool, held: Int)?>(nil)
        let serverPath = server.path
        let sync = try SyncServer(ledgerPath: serverPath, logger: logger) { _ in
            let held = (try? Ledger.open(path: serverPath).heldOrigins().first { $0.site.rawValue == "b" }?.size) ?? 0
            seen.withLockedValue { $0 = (MultiThreadedEventLoopGroup.currentEventLoop == nil, Int(held)) }
        }
        let port = try sync.start(host: "127.0.0.1", port: 0).port!
        let result = try SyncClient.sync(ledgerPath: client.path, host: "127.0.0.1", port: port, directions: .send, logger: logger)
        sync.stop()
        #expect(result.succeeded, "\(String(describing: result.failure))")
        #expect(result.report.sent.events == 30)
        #expect(seen.withLockedValue { $0 }?.offLoop == true)
        #expect(seen.withLockedValue { $0 }?.held == 30)
        #expect(try server.verify().isIntact)
    }
}
