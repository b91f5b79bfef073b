import Foundation
import LedgerCore
import LedgerStore
@testable import LedgerSync
import Testing

@Suite("Sync sessions in memory")
struct SessionTests {
    @Test("two sites exchange what each lacks in one session and both verify")
    func twoSites() throws {
        let world = SyncWorld()
        let (a, b) = try { let l = try world.create(["a", "b"]); return (l[0], l[1]) }()
        try world.append("a", count: 7)
        try world.append("b", count: 4)
        let run = try runSession(a, b)
        #expect(run.initiator.succeeded && run.responder.succeeded)
        #expect(try contents(a) == contents(b))
        #expect(try contents(a).count == 11)
        #expect(run.initiator.report.sent.events == 7)
        #expect(run.responder.report.sent.events == 4)
        #expect(run.initiator.report.received.stored == 4)
        // A relay's checkpoints are stored: every one of a's 3 appends travelled to b.
        #expect(try b.checkpoints(site: try SiteID("a")).count == 3)
        #expect(try a.verify().isIntact)
        #expect(try b.verify().isIntact)
    }

    @Test("a no-op session is one round trip of under 1 KB of payload each way, even with 8 origins")
    func noOpSession() throws {
        let world = SyncWorld()
        let names = (1...8).map { "hospital-\($0)" }
        let ledgers = try world.create(names)
        for name in names { try world.append(name, count: 2) }
        // Spread everything to the first two sites.
        for ledger in ledgers.dropFirst(2) {
            try runSession(ledger, ledgers[0])
        }
        try runSession(ledgers[0], ledgers[1])
        #expect(try contents(ledgers[0]) == contents(ledgers[1]))
        let run = try runSession(ledgers[0], ledgers[1])
        #expect(run.initiator.succeeded && run.responder.succeeded)
        #expect(run.framesDelivered == 6)  // HELLO, VECTOR; HELLO, VECTOR, DONE; DONE
        #expect(run.initiator.report.wireBytesOut < 1024)
        #expect(run.responder.report.wireBytesOut < 1024)
        #expect(run.initiator.report.sent.events == 0 && run.responder.report.sent.events == 0)
    }

    @Test("three sites: C holds A's events, checked with A's key, though A and C never met")
    func relay() throws {
        let world = SyncWorld()
        let ledgers = try world.create(["a", "b", "c"])
        try world.append("a", count: 10, perTransaction: 4)
        try runSession(ledgers[0], ledgers[1])
        try runSession(ledgers[2], ledgers[1])
        #expect(try contents(ledgers[2]) == contents(ledgers[0]))
        // The relay cut where the origin signed: C holds A's own checkpoints (sizes 4, 8, 10).
        #expect(try ledgers[2].checkpoints(site: try SiteID("a")).map(\.size) == [4, 8, 10])
        #expect(try ledgers[2].verify().isIntact)
    }

    @Test("random disjoint histories converge to the same events in any sync order", arguments: [1, 2, 3, 4] as [UInt64])
    func convergence(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let world = SyncWorld()
        let names = ["north", "south", "east"]
        let ledgers = try world.create(names)
        for name in names {
            try world.append(name, count: Int.random(in: 1...12, using: &random), perTransaction: Int.random(in: 1...5, using: &random))
        }
        let expected = try ledgers.map { try contents($0) }.reduce(0) { $0 + $1.count }
        var rounds = 0
        func converged() throws -> Bool {
            let all = try ledgers.map { try contents($0) }
            return Set(all).count == 1 && all[0].count == expected
        }
        while try !converged() {
            let i = Int.random(in: 0..<3, using: &random)
            var j = Int.random(in: 0..<3, using: &random)
            if j == i { j = (i + 1) % 3 }
            let directions: [SyncDirections] = [.both, .send, .receive]
            try runSession(ledgers[i], ledgers[j], directions: directions.randomElement(using: &random)!)
            rounds += 1
            #expect(rounds < 50, "seed \(seed): no convergence after 50 sessions")
            if rounds >= 50 { return }
        }
        for ledger in ledgers { #expect(try ledger.verify().isIntact, "seed \(seed)") }
    }

    @Test("a session cut after any frame loses at most the batch in flight; the next resumes with no duplicates")
    func cutAndResume() throws {
        // Small batches, so a session carries several.
        let limits = SyncLimits(targetBatchEvents: 2)
        var cut = 0
        while true {
            let world = SyncWorld()
            let ledgers = try world.create(["a", "b"])
            try world.append("a", count: 9, perTransaction: 2)
            try world.append("b", count: 5, perTransaction: 2)
            let union = try contents(ledgers[0]).count + contents(ledgers[1]).count
            let first = try runSession(ledgers[0], ledgers[1], limits: limits, cutAfter: cut)
            let completed = first.initiator.succeeded
            for ledger in ledgers { #expect(try ledger.verify().isIntact, "cut after \(cut) frames") }
            let second = try runSession(ledgers[0], ledgers[1], limits: limits)
            #expect(second.initiator.succeeded && second.responder.succeeded, "cut after \(cut) frames")
            #expect(try contents(ledgers[0]) == contents(ledgers[1]), "cut after \(cut) frames")
            #expect(try contents(ledgers[0]).count == union, "cut after \(cut) frames")
            // Nothing crosses twice: the resumed session sends only what the cut one did not store.
            let storedFirst = first.initiator.report.received.stored + first.responder.report.received.stored
            let storedSecond = second.initiator.report.received.stored + second.responder.report.received.stored
            #expect(storedFirst + storedSecond == 14, "cut after \(cut) frames")
            #expect(second.initiator.report.received.alreadyHeld + second.responder.report.received.alreadyHeld == 0)
            if completed || first.framesDelivered < cut { break }
            cut += 1
        }
        #expect(cut >= 8)
    }

    @Test("a peer that chooses a lower version gets the initiator's vector again")
    func versionNegotiation() throws {
        let world = SyncWorld()
        let ledgers = try world.create(["a", "b"])
        try world.append("a", count: 2)
        var out: [UInt8] = []
        let responder = try LedgerSyncEndpoint(ledger: ledgers[1], role: .responder) { out += $0 }
        // An initiator speaking versions 1…2 sends its vector in version 2; it is discarded.
        responder.receive(Frame.hello(Hello(minVersion: 1, maxVersion: 2, directions: .both, site: try SiteID("a"))).encoded)
        var hello = out
        out = []
        guard case .hello(let answer)? = try { var d = FrameDecoder(maximumFrameBytes: 1 << 20); d.append(hello); return try d.next() }() else {
            Issue.record("no HELLO")
            return
        }
        #expect(answer.minVersion == 1 && answer.maxVersion == 1)
        // A version-2 VECTOR that is not a valid version-1 one: passed over unread.
        responder.receive([0, 0, 0, 3, 0x02, 0xFF, 0xFF])
        #expect(out.isEmpty)
        #expect(responder.outcome == nil)
        hello = []
        responder.receive(Frame.vector(.empty).encoded)
        #expect(!out.isEmpty)
        #expect(responder.outcome == nil)
    }
}
