import Foundation
import GRDBSQLite
import LedgerCore
@testable import LedgerStore
@testable import LedgerSync
import Testing

/// A live session stores its batches in transactions that span many batches; whatever ends
/// the session, every batch verified before the end is kept whole and nothing of a refused one.
@Suite("Batches stored in an open transaction")
struct OpenTransactionTests {
    /// Never commits before the session ends.
    static let oneTransaction = SessionReceiver.Policy(commitEvents: .max, commitInterval: 3600)

    /// The BATCH frames `ledger` would send to a peer holding nothing, cut every 2 events.
    func frames(of ledger: Ledger) throws -> [[UInt8]] {
        var frames: [[UInt8]] = []
        _ = try BatchSender(ledger: ledger, limits: SyncLimits(targetBatchEvents: 2))
            .send(held: try ledger.heldOrigins(), to: .empty) { frames.append($0) }
        return frames
    }

    /// The batches of `frames`, verified in order with `origin`'s key from `ledger`'s roster.
    func verified(_ frames: [[UInt8]], origin: String, keysFrom ledger: Ledger) throws -> [VerifiedBatch] {
        let key = try #require(try ledger.roster().first { $0.site.rawValue == origin }).verifier
        var base = MerkleFrontier()
        return try frames.map { frame in
            var decoder = FrameDecoder(maximumFrameBytes: 1 << 24)
            decoder.append(frame)
            guard case .batch(let header, let compressed)? = try decoder.next() else { throw SyncError(.malformed, "not a batch") }
            let (batch, frontier) = try BatchVerifier.verify(header, compressed: compressed, base: base, key: key, limits: .default)
            base = frontier
            return batch
        }
    }

    @Test("a session cut after several batches of one open transaction keeps every verified batch and no partial one")
    func cutInsideOneTransaction() throws {
        let limits = SyncLimits(targetBatchEvents: 2)
        var helds: [Int] = []
        for cut in 3...9 {
            let world = SyncWorld()
            let ledgers = try world.create(["a", "b"])
            try world.append("a", count: 9, perTransaction: 2)
            var visibleBeforeCut: Int?
            let run = try runSession(ledgers[0], ledgers[1], directions: .send, limits: limits, storing: Self.oneTransaction,
                                     cutAfter: cut) { visibleBeforeCut = try contents(ledgers[1]).count }
            let responder = run.responder
            #expect(responder.failure != nil, "cut after \(cut) frames")
            // Before the cut the batches sat uncommitted in one transaction…
            #expect(visibleBeforeCut == 0, "cut after \(cut) frames")
            // …and the cut committed all of them: what was verified is what is held.
            let held = try contents(ledgers[1]).count
            helds.append(held)
            #expect(UInt64(held) == responder.progress.received, "cut after \(cut) frames")
            #expect(responder.report.received.stored == held && responder.report.batchesReceived == (held + 1) / 2)
            #expect(try ledgers[1].verify().isIntact, "cut after \(cut) frames")
            // The next session sends only the rest.
            let next = try runSession(ledgers[0], ledgers[1], directions: .send)
            #expect(next.responder.succeeded && next.responder.report.received.stored == 9 - held)
            #expect(try contents(ledgers[1]) == contents(ledgers[0]))
        }
        // The cuts fell before, between and after several batches.
        #expect(helds.first == 0 && helds.contains(4) && helds.contains(8), "\(helds)")
    }

    @Test("a refused batch after good ones in the same transaction: the good ones stay, nothing of it or after it")
    func refusedBatchKeepsEarlierOnes() throws {
        let world = SyncWorld()
        let ledgers = try world.create(["a", "b"])
        let stranger = try world.create(["x"], trustEachOther: false)[0]
        try world.append("a", count: 6, perTransaction: 2)
        try world.append("x", count: 2)
        let good = try verified(try frames(of: ledgers[0]), origin: "a", keysFrom: ledgers[1])
        // Verified with x's own key, but x is not on b's roster: the store refuses it.
        let foreign = try verified(try frames(of: stranger), origin: "x", keysFrom: stranger)
        #expect(good.count == 3 && foreign.count == 1)
        let receiver = SessionReceiver(path: ledgers[1].path, policy: Self.oneTransaction)
        try receiver.submit(good[0])
        try receiver.submit(good[1])
        try receiver.submit(foreign[0])
        // The refusal surfaces at a later submit or at the end; either way a[2] is not stored.
        var refused: Error?
        do { try receiver.submit(good[2]) } catch { refused = error }
        do { try receiver.finish() } catch { refused = refused ?? error }
        guard case LedgerError.batchRefused? = refused else {
            Issue.record("expected the foreign batch to be refused, got \(String(describing: refused))")
            return
        }
        #expect(receiver.stored.received.stored == 4 && receiver.stored.batches == 2)
        #expect(try contents(ledgers[1]) == Array(contents(ledgers[0]).prefix(4)))
        #expect(try ledgers[1].verify().isIntact)
        #expect(throws: LedgerError.self) { try receiver.submit(good[2]) }
    }

    @Test("refused batches between good ones, key rows in short runs: their side rows go, the others' stay whole")
    func refusedBatchSideRows() throws {
        let world = SyncWorld()
        let ledgers = try world.create(["a", "b", "c"])
        let stranger = try world.create(["x"], trustEachOther: false)[0]
        let (a, aKey) = world.sites["a"]!
        for pair in 0..<3 {
            _ = try a.append(key: aKey) { appender in
                for i in (pair * 2)..<(pair * 2 + 2) {
                    try appender.append(try EventDraft(
                        type: .vulnerabilityDisclosed, device: nil, at: LedgerTime(seconds: 1_735_689_600 + Int64(i) * 3600),
                        actor: "secops.a", data: ["cve": .string("CVE-2025-\(1000 + i)"),
                                                  "affects": .object(["devices": .array([.string("PUMP-\(i)"), "PUMP-9"])])]))
                }
            }
        }
        try world.append("x", count: 2)
        let good = try verified(try frames(of: a), origin: "a", keysFrom: ledgers[1])
        let foreign = try verified(try frames(of: stranger), origin: "x", keysFrom: stranger)
        #expect(good.count == 3 && foreign.count == 1)
        // good[1] without its checkpoint: its events are written, then it is refused at its end.
        let uncovered = VerifiedBatch(origin: good[1].origin, base: good[1].base, events: good[1].events, checkpoints: [],
                                      leaves: good[1].leaves)
        try ledgers[1].receiving(now: .now, keyRunLength: 3) { store in
            try store.store(good[0])
            #expect(throws: LedgerError.self) { try store.store(foreign[0]) }
            #expect(throws: LedgerError.self) { try store.store(uncovered) }
            try store.store(good[1])
            try store.commit()
            try store.store(good[2])
        }
        for batch in good { try ledgers[2].receive(batch) }
        let rows = try sideRows(ledgers[1])
        #expect(rows == (try sideRows(ledgers[2])))
        #expect(rows.filter { $0.hasPrefix("fact ") }.count == 6 && rows.filter { $0.hasPrefix("cve ") }.count == 6)
        #expect(rows.filter { $0.hasPrefix("device ") }.count == 12 && !rows.contains { $0.contains("missing event") })
        #expect(try contents(ledgers[1]) == contents(a))
    }

    @Test("a refused batch that named devices first: their numbers go with it, and the next batch numbers them again")
    func refusedBatchDeviceNumbers() throws {
        let world = SyncWorld()
        let ledgers = try world.create(["a", "b", "c"])
        try world.append("a", count: 6, perTransaction: 2)
        let good = try verified(try frames(of: ledgers[0]), origin: "a", keysFrom: ledgers[1])
        #expect(good.count == 3)
        // good[0] without its checkpoint: its events (the first of devices PUMP-a-0 and
        // PUMP-a-1) are written, then it is refused at its end.
        let uncovered = VerifiedBatch(origin: good[0].origin, base: good[0].base, events: good[0].events, checkpoints: [],
                                      leaves: good[0].leaves)
        try ledgers[1].receiving(now: .now, keyRunLength: 3) { store in
            #expect(throws: LedgerError.self) { try store.store(uncovered) }
            for batch in good { try store.store(batch) }
        }
        for batch in good { try ledgers[2].receive(batch) }
        let rows = try sideRows(ledgers[1])
        #expect(rows == (try sideRows(ledgers[2])))
        #expect(rows.filter { $0.hasPrefix("own device ") }.count == 6 && !rows.contains { $0.contains("unnumbered") })
        // Each device's trail is its own events, at the receiver as at the origin.
        func trail(_ ledger: Ledger, _ device: String) throws -> [String] {
            var ids: [String] = []
            try ledger.forEachEvent(matching: LogFilter(device: device)) { ids.append("\($0.id)") }
            return ids
        }
        for n in 0..<5 {
            let device = "PUMP-a-\(n)"
            #expect(try trail(ledgers[1], device) == trail(ledgers[0], device), "\(device)")
            #expect(try trail(ledgers[1], device).count == (n == 0 ? 2 : 1), "\(device)")
        }
    }

    @Test("received facts are registered with their run: a fact held already adds no row, a different fact under a taken key goes beside it")
    func receivedFacts() throws {
        func patch(_ device: String, _ version: String) throws -> EventDraft {
            try EventDraft(type: .patchApplied, device: device, at: LedgerTime(seconds: 1_735_689_600), actor: "biomed.jlee",
                           data: ["version": .string(version)])
        }
        func key(_ draft: EventDraft) -> Int64 {
            draft.canonical.factHash.withUnsafeBytes { Int64(bigEndian: $0.loadUnaligned(as: Int64.self)) }
        }
        let shared = try patch("PUMP-1", "1"), victim = try patch("PUMP-2", "2"), squatter = try patch("PUMP-3", "3")
        for runLength in [1, KeyRows.defaultRunLength] {
            let world = SyncWorld()
            let ledgers = try world.create(["a", "b"])
            let (a, aKey) = world.sites["a"]!
            let (b, bKey) = world.sites["b"]!
            _ = try a.append(key: aKey) { for draft in [shared, victim, shared] { try $0.append(draft) } }
            _ = try b.append(key: bKey) { for draft in [shared, squatter] { try $0.append(draft) } }
            // Register the victim's key at b as held by the squatter, as a crafted collision would.
            var db: OpaquePointer?
            #expect(sqlite3_open(b.path, &db) == SQLITE_OK)
            #expect(sqlite3_exec(db, "INSERT INTO facts(fact, event) VALUES (\(key(victim)), 2)", nil, nil, nil) == SQLITE_OK)
            sqlite3_close(db)

            let batches = try verified(try frames(of: a), origin: "a", keysFrom: b)
            try b.receiving(now: .now, keyRunLength: runLength) { store in
                for batch in batches { try store.store(batch) }
            }
            let rows = try sideRows(ledgers[1])
            // shared: b's own event holds it, a's copy adds nothing; victim: the squatter's
            // key row stays and a:2 is registered beside it.
            #expect(rows.filter { $0.hasPrefix("fact ") || $0.hasPrefix("collision ") }.sorted() == [
                "collision \(key(victim)) a:2", "fact \(key(victim)) b:2", "fact \(key(shared)) b:1", "fact \(key(squatter)) b:2",
            ].sorted(), "runs of \(runLength)")
            #expect(try contents(b).count == 4)
            // Each fact is found again: b records none of them a second time.
            let (_, again) = try b.append(key: bKey) { for draft in [shared, victim, squatter] { try $0.append(draft) } }
            #expect(again.alreadyHeld == 3 && again.appended == 0, "runs of \(runLength)")
        }
    }

    @Test("a bad batch after good ones in a session: the good ones stay and the session ends with its error")
    func badBatchInSession() throws {
        let world = SyncWorld()
        let ledgers = try world.create(["a", "b"])
        try world.append("a", count: 6, perTransaction: 2)
        var frames = try frames(of: ledgers[0])
        frames[2][frames[2].count - 1] ^= 0x55  // the zlib stream's checksum
        let opening = Frame.hello(Hello(minVersion: 1, maxVersion: 1, directions: .send, site: try SiteID("a"))).encoded
            + Frame.vector(.empty).encoded
        var sent: [UInt8] = []
        let endpoint = try LedgerSyncEndpoint(ledger: ledgers[1], role: .responder, storing: Self.oneTransaction) { sent += $0 }
        endpoint.receive(opening + frames.joined() + Frame.done(events: 6).encoded)
        #expect(endpoint.failure?.code == .badCompression)
        #expect(sent.suffix(2) != [] && endpoint.report.received.stored == 4)
        #expect(try contents(ledgers[1]) == Array(contents(ledgers[0]).prefix(4)))
        #expect(try ledgers[1].verify().isIntact)
    }

    @Test("another writer appending during a long session gets the lock: the session commits on a timer")
    func concurrentWriter() throws {
        let world = SyncWorld()
        let ledgers = try world.create(["a", "b"])
        try world.append("a", count: 4, perTransaction: 2)
        let batches = try verified(try frames(of: ledgers[0]), origin: "a", keysFrom: ledgers[1])
        let receiver = SessionReceiver(path: ledgers[1].path,
                                       policy: SessionReceiver.Policy(commitEvents: .max, commitInterval: 0.2, pauseAfterCommit: 0.12))
        try receiver.submit(batches[0])
        while receiver.stored.batches == 0 { Thread.sleep(forTimeInterval: 0.005) }
        // b records an event of its own while the session is still open (its busy timeout is
        // 5 s; a transaction held until the end would make this fail as locked).
        try world.append("b", count: 1)
        try receiver.submit(batches[1])
        let totals = try receiver.finish()
        #expect(totals.received.stored == 4 && totals.commits == 2)
        #expect(try contents(ledgers[1]).count == 5)
        #expect(try ledgers[1].verify().isIntact)
    }

    @Test("each commit of a session is copied into the database file before the next transaction begins")
    func checkpointAfterEachCommit() throws {
        let world = SyncWorld()
        let ledgers = try world.create(["a", "b"])
        try world.append("a", count: 6, perTransaction: 2)
        let batches = try verified(try frames(of: ledgers[0]), origin: "a", keysFrom: ledgers[1])
        let receiver = SessionReceiver(path: ledgers[1].path, policy: SessionReceiver.Policy(commitEvents: 2, pauseAfterCommit: 0))
        var inFile: [Int] = []
        for (i, batch) in batches.enumerated() {
            try receiver.submit(batch)
            // A batch of 2 events fills a transaction: it is committed alone.
            let deadline = Date(timeIntervalSinceNow: 10)
            while receiver.stored.commits <= i, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
            inFile.append(try eventsInDatabaseFile(ledgers[1].path))
        }
        let totals = try receiver.finish()
        #expect(totals.received.stored == 6 && totals.commits == 3)
        // The database file alone (its write-ahead log ignored; `ledgers[1]` keeps a connection
        // open, so no close copied it) holds what each commit stored: SQLite's own checkpoint,
        // which this session turns off, would not have run for commits this small.
        #expect(try eventsInDatabaseFile(ledgers[1].path) == 6)
        #expect(inFile == [2, 4, 6])
        #expect(try contents(ledgers[1]) == contents(ledgers[0]))
    }

    /// The events of the database file at `path` read alone, as if it had no write-ahead log.
    func eventsInDatabaseFile(_ path: String) throws -> Int {
        var db: OpaquePointer?
        defer { sqlite3_close(db) }
        guard sqlite3_open_v2("file:\(path)?immutable=1", &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nil) == SQLITE_OK else {
            throw LedgerError.storage("cannot open \(path) alone")
        }
        var statement: OpaquePointer?
        defer { sqlite3_finalize(statement) }
        guard sqlite3_prepare_v2(db, "SELECT count(*) FROM events", -1, &statement, nil) == SQLITE_OK,
              sqlite3_step(statement) == SQLITE_ROW else { throw LedgerError.storage("cannot count the events of \(path)") }
        return Int(sqlite3_column_int64(statement, 0))
    }

    @Test("progress counts events moved against what the vectors say is to move")
    func progress() throws {
        let world = SyncWorld()
        let ledgers = try world.create(["a", "b"])
        try world.append("a", count: 7, perTransaction: 2)
        try world.append("b", count: 3)
        var seen: [SyncProgress] = []
        var toResponder: [UInt8] = [], toInitiator: [UInt8] = []
        let a = try LedgerSyncEndpoint(ledger: ledgers[0], role: .initiator, limits: SyncLimits(targetBatchEvents: 2)) { toResponder += $0 }
        let b = try LedgerSyncEndpoint(ledger: ledgers[1], role: .responder) { toInitiator += $0 }
        a.onProgress = { seen.append($0) }
        a.start()
        while !toResponder.isEmpty || !toInitiator.isEmpty {
            let (r, i) = (toResponder, toInitiator)
            toResponder = []; toInitiator = []
            if !r.isEmpty { b.receive(r) }
            if !i.isEmpty { a.receive(i) }
        }
        #expect(a.succeeded && b.succeeded)
        #expect(a.progress == SyncProgress(received: 3, toReceive: 3, sent: 7, toSend: 7))
        #expect(b.progress == SyncProgress(received: 7, toReceive: 7, sent: 3, toSend: 3))
        // a's sends came in batches of 2 (the last one 1), then b's single batch arrived.
        #expect(seen.map(\.sent) == [2, 4, 6, 7, 7])
        #expect(seen.last == SyncProgress(received: 3, toReceive: 3, sent: 7, toSend: 7))
    }
}
