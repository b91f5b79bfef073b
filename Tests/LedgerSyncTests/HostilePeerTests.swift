import Crypto
import Foundation
import LedgerCore
import LedgerStore
@testable import LedgerSync
import Testing

/// A responder fed what a hostile or broken peer sends: each gets its error, and the ledger
/// is unchanged.
@Suite("Hostile peers")
struct HostilePeerTests {
    /// `b` as a responder receiving `bytes` from a peer claiming to be `a`; returns the error
    /// the session ended with (nil if it did not end).
    func feed(_ responder: Ledger, _ bytes: [UInt8], limits: SyncLimits = .default, close: Bool = true) throws -> SyncError? {
        let endpoint = try LedgerSyncEndpoint(ledger: responder, role: .responder, limits: limits) { _ in }
        endpoint.receive(bytes)
        if close { endpoint.connectionClosed() }
        return endpoint.failure
    }

    func opening(as site: String) throws -> [UInt8] {
        Frame.hello(Hello(minVersion: 1, maxVersion: 1, directions: .send, site: try SiteID(site))).encoded + Frame.vector(.empty).encoded
    }

    /// The BATCH frames `ledger` would send to a peer holding nothing.
    func batches(of ledger: Ledger, limits: SyncLimits = .default) throws -> [[UInt8]] {
        var frames: [[UInt8]] = []
        _ = try BatchSender(ledger: ledger, limits: limits).send(held: try ledger.heldOrigins(), to: .empty) { frames.append($0) }
        return frames
    }

    /// Decodes a BATCH frame, lets `change` alter its header and body, and encodes it again.
    func rewrite(_ frame: [UInt8], _ change: (inout BatchHeader, inout BatchBody) -> Void) throws -> [UInt8] {
        var decoder = FrameDecoder(maximumFrameBytes: 1 << 24)
        decoder.append(frame)
        guard case .batch(var header, let compressed)? = try decoder.next() else { throw SyncError(.malformed, "not a batch") }
        let raw = try Zlib.decompress(compressed, length: Int(header.rawLength))
        var body = try BatchBody.decode(raw, count: Int(header.count), checkpoints: Int(header.checkpoints))
        change(&header, &body)
        let encoded = body.encode()
        header = BatchHeader(origin: header.origin, start: header.start, count: UInt64(body.events.count),
                             checkpoints: UInt64(body.notes.count), rawLength: UInt64(encoded.count))
        return Frame.batch(header, compressed: Zlib.compress(encoded)).encoded
    }

    func setup() throws -> (SyncWorld, Ledger, Ledger, [String]) {
        let world = SyncWorld()
        let ledgers = try world.create(["a", "b"])
        try world.append("a", count: 5)
        try world.append("b", count: 2)
        return (world, ledgers[0], ledgers[1], try contents(ledgers[1]))
    }

    @Test("an origin not on the roster is refused")
    func unknownOrigin() throws {
        let (world, _, b, before) = try setup()
        let stranger = try world.create(["x"], trustEachOther: false)[0]
        try world.append("x", count: 3)
        let error = try feed(b, opening(as: "x") + batches(of: stranger)[0])
        #expect(error?.code == .unknownOrigin)
        #expect(try contents(b) == before)
    }

    @Test("a tampered byte in an event is refused: the tree no longer matches the signed checkpoint")
    func tamperedEvent() throws {
        let (_, a, b, before) = try setup()
        let frame = try rewrite(batches(of: a)[0]) { _, body in
            var events = body.events
            let e = events[2]
            events[2] = BatchEvent(hlc: e.hlc, type: e.type, device: e.device, at: e.at, actor: "biomed.mallory", data: e.data)
            body = BatchBody(notes: body.notes, events: events)
        }
        #expect(try feed(b, opening(as: "a") + frame)?.code == .checkpointMismatch)
        #expect(try contents(b) == before)
    }

    @Test("in a large batch (read on several cores) one altered event among 700 is still found")
    func tamperedLargeBatch() throws {
        let world = SyncWorld()
        let ledgers = try world.create(["a", "b"])
        try world.append("a", count: 700, perTransaction: 700)
        let frames = try batches(of: ledgers[0])
        #expect(frames.count == 1)
        let frame = try rewrite(frames[0]) { _, body in
            var events = body.events
            let e = events[613]
            events[613] = BatchEvent(hlc: e.hlc, type: e.type, device: e.device, at: LedgerTime(microseconds: e.at.microseconds + 1),
                                     actor: e.actor, data: e.data)
            body = BatchBody(notes: body.notes, events: events)
        }
        #expect(try feed(ledgers[1], opening(as: "a") + frame)?.code == .checkpointMismatch)
        #expect(try contents(ledgers[1]).isEmpty)
        // The same batch untouched is stored whole.
        let endpoint = try LedgerSyncEndpoint(ledger: ledgers[1], role: .responder) { _ in }
        endpoint.receive(try opening(as: "a") + frames[0] + Frame.done(events: 700).encoded)
        #expect(endpoint.succeeded)
        #expect(try contents(ledgers[1]) == contents(ledgers[0]))
    }

    @Test("a checkpoint signed by another key is refused")
    func forgedCheckpoint() throws {
        let (_, a, b, before) = try setup()
        let forger = SiteKey(site: try SiteID("a"), privateKey: Curve25519.Signing.PrivateKey())
        let frame = try rewrite(batches(of: a)[0]) { _, body in
            let notes = body.notes.map { text -> String in
                let note = try! SignedNote(parsing: text)
                let checkpoint = try! Checkpoint(text: note.text)
                return try! forger.signCheckpoint(size: checkpoint.size, root: checkpoint.root).serialized
            }
            body = BatchBody(notes: notes, events: body.events)
        }
        #expect(try feed(b, opening(as: "a") + frame)?.code == .badSignature)
        #expect(try contents(b) == before)
    }

    @Test("events claiming another origin are refused: their checkpoint names the real one")
    func forgedOrigin() throws {
        let world = SyncWorld()
        let ledgers = try world.create(["a", "b", "c"])
        try world.append("a", count: 3)
        let before = try contents(ledgers[1])
        let frame = try rewrite(batches(of: ledgers[0])[0]) { header, _ in
            header = BatchHeader(origin: try! SiteID("c"), start: 1, count: header.count, checkpoints: header.checkpoints, rawLength: 0)
        }
        #expect(try feed(ledgers[1], opening(as: "a") + frame)?.code == .checkpointMismatch)
        #expect(try contents(ledgers[1]) == before)
    }

    @Test("a batch that does not start after what the receiver holds is refused")
    func outOfOrder() throws {
        let (_, a, b, before) = try setup()
        let frames = try batches(of: a, limits: SyncLimits(targetBatchEvents: 2))
        #expect(frames.count > 1)
        #expect(try feed(b, opening(as: "a") + frames[1])?.code == .outOfOrder)
        #expect(try contents(b) == before)
    }

    @Test("a truncated frame stores nothing")
    func truncatedFrame() throws {
        let (_, a, b, before) = try setup()
        let frame = try batches(of: a)[0]
        let error = try feed(b, opening(as: "a") + frame.dropLast(10))
        #expect(error != nil)
        #expect(try contents(b) == before)
    }

    @Test("a frame over the limit is refused from its length alone")
    func frameTooLarge() throws {
        let (_, _, b, before) = try setup()
        let error = try feed(b, try opening(as: "a") + [0x7F, 0xFF, 0xFF, 0xFF, 0x03], close: false)
        #expect(error?.code == .frameTooLarge)
        #expect(try contents(b) == before)
    }

    @Test("a zip bomb is refused: a declared size over the limit before inflating, a lie about it at the limit")
    func zipBomb() throws {
        let (_, _, b, before) = try setup()
        let bomb = Zlib.compress([UInt8](repeating: 0, count: 40 << 20))
        #expect(bomb.count < 100_000)
        let origin = try SiteID("a")
        let declaredHuge = Frame.batch(BatchHeader(origin: origin, start: 1, count: 1, checkpoints: 1, rawLength: 40 << 20), compressed: bomb).encoded
        #expect(try feed(b, opening(as: "a") + declaredHuge)?.code == .batchTooLarge)
        let declaredSmall = Frame.batch(BatchHeader(origin: origin, start: 1, count: 1, checkpoints: 1, rawLength: 1000), compressed: bomb).encoded
        #expect(try feed(b, opening(as: "a") + declaredSmall)?.code == .badCompression)
        #expect(try contents(b) == before)
    }

    @Test("zlib streams: truncated, trailing bytes and wrong lengths are refused")
    func zlibEdges() throws {
        let body = Array("the same bytes, compressed and inflated again".utf8)
        let stream = Zlib.compress(body)
        #expect(try Zlib.decompress(stream, length: body.count) == body)
        #expect(throws: SyncError.self) { try Zlib.decompress(Array(stream.dropLast(3)), length: body.count) }
        #expect(throws: SyncError.self) { try Zlib.decompress(stream + [0], length: body.count) }
        #expect(throws: SyncError.self) { try Zlib.decompress(stream, length: body.count - 1) }
        #expect(throws: SyncError.self) { try Zlib.decompress(stream, length: body.count + 1) }
        #expect(throws: SyncError.self) { try Zlib.decompress([], length: 0) }
        #expect(try Zlib.decompress(Zlib.compress([]), length: 0) == [])
    }

    @Test("random bytes after a valid opening never crash the receiver nor store anything", arguments: [7, 8, 9] as [UInt64])
    func randomBytes(seed: UInt64) throws {
        let (_, a, b, before) = try setup()
        var random = SeededGenerator(seed: seed)
        let real = try batches(of: a)[0]
        for round in 0..<150 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int.random(in: 1...300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            } else {
                // A real batch with a few bytes flipped.
                bytes = real
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
                }
            }
            let error = try feed(b, opening(as: "a") + bytes)
            #expect(error != nil, "seed \(seed) round \(round)")
        }
        // A flip deflate ignores (a padding bit) leaves the genuine batch, which may be
        // stored; nothing else ever is.
        #expect(Set(try contents(b)).isSubset(of: Set(try before + contents(a))), "seed \(seed)")
        #expect(try b.verify().isIntact)
    }

    @Test("a fork is refused and its conflicting checkpoint kept as evidence on both sides")
    func fork() throws {
        let world = SyncWorld()
        let ledgers = try world.create(["a", "b"])
        try world.append("a", count: 2)
        try world.clone("a", as: "a-twin")
        try world.append("a", count: 1, offset: 100)
        let twin = world.ledger("a-twin")
        let key = world.sites["a-twin"]!.key
        _ = try twin.append(key: key) { appender in
            try appender.append(try EventDraft(type: .patchApplied, device: "PUMP-a-0", at: LedgerTime(seconds: 1_800_000_000),
                                               actor: "biomed.a", data: ["version": "9.9.9"]))
        }
        try runSession(ledgers[0], ledgers[1])
        let before = try contents(ledgers[1])
        #expect(before.count == 3)
        let run = try runSession(twin, ledgers[1])
        #expect(run.responder.failure?.code == .fork || run.initiator.failure?.code == .fork)
        #expect(try contents(ledgers[1]) == before)
        let evidence = try ledgers[1].forks()
        #expect(evidence.count == 1)
        #expect(evidence.first?.size == 3)
        #expect(try ledgers[1].verify().isIntact)  // the log itself is intact; the fork is reported apart
    }
}
