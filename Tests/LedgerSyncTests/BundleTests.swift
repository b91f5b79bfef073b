import Foundation
import LedgerCore
import LedgerStore
@testable import LedgerSync
import Testing

@Suite("Bundles")
struct BundleTests {
    @Test("a refused batch stops the import; the batches before it stay stored, whole, and importing again resumes")
    func refusedBatchKeepsEarlierOnes() throws {
        let world = SyncWorld()
        let ledgers = try world.create(["a", "b"])
        let stranger = try world.create(["x"], trustEachOther: false)[0]
        try world.append("a", count: 6, perTransaction: 2)
        try world.append("x", count: 2)
        var frames: [[UInt8]] = []
        let limits = SyncLimits(targetBatchEvents: 2)
        _ = try BatchSender(ledger: ledgers[0], limits: limits).send(held: try ledgers[0].heldOrigins(), to: .empty) { frames.append($0) }
        _ = try BatchSender(ledger: stranger, limits: limits).send(held: try stranger.heldOrigins(), to: .empty) { frames.append($0) }
        #expect(frames.count == 4)
        let hello = Frame.hello(Hello(minVersion: 1, maxVersion: 1, directions: .send, site: try SiteID("a"))).encoded
        // a's first two batches, then x's (unknown to b), then a's third.
        let bundle = hello + Frame.vector(.empty).encoded + frames[0] + frames[1] + frames[3] + frames[2] + Frame.done(events: 8).encoded
        let file = world.path("mixed.bundle")
        try Data(bundle).write(to: URL(fileURLWithPath: file))
        #expect(throws: SyncError.self) { try SyncBundle.import(at: file, into: ledgers[1]) }
        do { try SyncBundle.import(at: file, into: ledgers[1]) } catch let error as SyncError {
            #expect(error.code == .unknownOrigin)
        }
        #expect(try contents(ledgers[1]).count == 4)
        #expect(try ledgers[1].verify().isIntact)
        // The whole bundle of a, imported afterwards, adds only what is missing.
        let whole = world.path("a.bundle")
        try SyncBundle.create(from: ledgers[0], at: whole, limits: limits)
        let summary = try SyncBundle.import(at: whole, into: ledgers[1])
        #expect(summary.received.stored == 2 && summary.received.alreadyHeld == 4)
        #expect(try contents(ledgers[1]) == contents(ledgers[0]))
    }

    @Test("a bundle cut for a vector holds only what that vector lacks")
    func forVector() throws {
        let world = SyncWorld()
        let ledgers = try world.create(["a", "b"])
        try world.append("a", count: 5)
        try runSession(ledgers[0], ledgers[1])
        try world.append("a", count: 3, offset: 50)
        let vectorFile = world.path("b.vector")
        try SyncBundle.writeVector(of: ledgers[1], to: vectorFile)
        let vector = try SyncBundle.readVector(at: vectorFile)
        #expect(vector.size(of: try SiteID("a")) == 5)
        let sent = try SyncBundle.create(from: ledgers[0], at: world.path("a.bundle"), for: vector)
        #expect(sent.events == 3)
        #expect(try SyncBundle.import(at: world.path("a.bundle"), into: ledgers[1]).received.stored == 3)
        #expect(try contents(ledgers[1]) == contents(ledgers[0]))
    }
}
