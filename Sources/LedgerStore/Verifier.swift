import Foundation
import GRDB
import LedgerCore

/// The result of recomputing a ledger: per origin site what was checked, and the first thing
/// that did not match, if any.
public struct VerifyReport: Sendable {
    public struct SiteResult: Sendable {
        public let site: SiteID
        public let events: UInt64
        public let checkpoints: Int
        /// The root of the site's whole tree, as recomputed.
        public let root: MerkleHash
    }

    /// What did not match: the event (or checkpoint) and why.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let site: SiteID
        /// The first event that does not match, when one can be named.
        public let event: EventID?
        public let reason: String
        public var description: String {
            if let event { return "event \(event): \(reason)" }
            return "site \(site): \(reason)"
        }
    }

    public let sites: [SiteResult]
    public let failure: Failure?
    public var isIntact: Bool { failure == nil }
}

extension Ledger {
    /// Recomputes everything from the stored bytes: each event's leaf hash, that its indexed
    /// columns agree with its bytes, that each origin's seq is dense, each origin's Merkle tree,
    /// every checkpoint's root, frontier and Ed25519 signature against the roster, and that
    /// every event is covered by a checkpoint. One sequential pass over the log in arrival
    /// order (an origin's events always arrive in seq order), reading each origin's checkpoints
    /// one at a time as the tree reaches them: memory is bounded by the number of origins, not
    /// by events or checkpoints. The first mismatch in arrival order is the one reported, and a
    /// row of any shape (a tamperer's) is reported, never trusted or trapped on.
    public func verify() throws -> VerifyReport {
        try read { db in
            let roster = Dictionary(uniqueKeysWithValues: try Self.roster(db).map { ($0.site.rawValue, $0) })
            let checkpoints = try CheckpointCursor(db)
            var states: [String: SiteVerification] = [:]
            func state(for name: String) throws -> Result<SiteVerification, VerifyReport.Failure> {
                if let existing = states[name] { return .success(existing) }
                guard let site = try? SiteID(name) else {
                    return .failure(.init(site: self.site, event: nil, reason: "a row names the malformed site \"\(name)\""))
                }
                var fresh = SiteVerification(site: site, key: roster[name])
                if let failure = try fresh.loadNextCheckpoint(checkpoints) { return .failure(failure) }
                return .success(fresh)
            }
            let statement = try RawStatement(db, "SELECT site, seq, hlc, type, device, at, actor, leaf, body FROM events ORDER BY rowid")
            defer { statement.reset() }
            var current: (name: String, state: SiteVerification)?
            while try statement.step() {
                let name = statement.text(0)
                if current?.name != name {
                    if let (previous, state) = current { states[previous] = state }
                    switch try state(for: name) {
                    case .success(let found): current = (name, found)
                    case .failure(let failure): return VerifyReport(sites: [], failure: failure)
                    }
                }
                if let failure = try current!.state.check(statement, checkpoints: checkpoints) {
                    return VerifyReport(sites: [], failure: failure)
                }
            }
            if let (name, state) = current { states[name] = state }
            // Origins with checkpoints but no events.
            for name in try String.fetchAll(db, sql: "SELECT DISTINCT CAST(site AS TEXT) FROM checkpoints") where states[name] == nil {
                switch try state(for: name) {
                case .success(let found): states[name] = found
                case .failure(let failure): return VerifyReport(sites: [], failure: failure)
                }
            }
            var results: [VerifyReport.SiteResult] = []
            for name in states.keys.sorted() {
                switch states[name]!.finish() {
                case .success(let result): results.append(result)
                case .failure(let failure): return VerifyReport(sites: results, failure: failure)
                }
            }
            return VerifyReport(sites: results, failure: nil)
        }
    }
}

private struct CheckpointRow {
    let size: Int64
    let root: [UInt8]
    let note: String
    let frontier: [UInt8]
}

/// Reads an origin's checkpoints one at a time, in size order.
private struct CheckpointCursor {
    let statement: RawStatement

    init(_ db: Database) throws {
        statement = try RawStatement(db, """
            SELECT size, root, note, frontier FROM checkpoints WHERE site = ?1 AND size > ?2 ORDER BY size LIMIT 1
            """)
    }

    /// The first checkpoint of `site` above `size`, if any.
    func next(site: SiteID, after size: Int64) throws -> CheckpointRow? {
        statement.bind(1, site.rawValue)
        statement.bind(2, size)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return CheckpointRow(size: statement.int64(0), root: statement.bytes(1), note: statement.text(2), frontier: statement.bytes(3))
    }
}

/// One origin's verification in progress: its tree so far and its next checkpoint.
private struct SiteVerification {
    let site: SiteID
    let key: RosterEntry?
    var pending: CheckpointRow?
    var checkpointCount = 0
    var frontier = MerkleFrontier()
    var lastCheckpointSize: UInt64 = 0
    var scratch: [UInt8] = []

    init(site: SiteID, key: RosterEntry?) {
        self.site = site
        self.key = key
    }

    func failure(_ seq: UInt64?, _ reason: String) -> VerifyReport.Failure {
        .init(site: site, event: seq.map { EventID(site: site, seq: $0) }, reason: reason)
    }

    /// Reads the next checkpoint above the tree's size. A size below 1 could never be reached
    /// by the tree, so it is reported rather than passed over.
    mutating func loadNextCheckpoint(_ cursor: CheckpointCursor) throws -> VerifyReport.Failure? {
        if let below = try cursor.next(site: site, after: Int64.min), below.size < 1 {
            return failure(nil, "a checkpoint claims the impossible size \(below.size)")
        }
        pending = try cursor.next(site: site, after: Int64(frontier.size))
        return nil
    }

    /// Checks the event under the statement's cursor; returns the failure, if any.
    mutating func check(_ statement: RawStatement, checkpoints: CheckpointCursor) throws -> VerifyReport.Failure? {
        guard let key else { return failure(nil, "not on the roster: no key to check its checkpoints") }
        let expected = frontier.size + 1
        let stored = statement.int64(1)
        guard stored == Int64(expected) else {
            return failure(expected, stored > Int64(expected) ? "missing (the log jumps to seq \(stored))" : "stored out of order (seq \(stored) after \(expected - 1))")
        }
        let seq = expected
        let body = statement.blob(8).assumingMemoryBound(to: UInt8.self)
        let device = statement.isNull(4) ? nil : statement.textBytes(4)
        guard EventEnvelope.matches(body, site: statement.textBytes(0), seq: seq, hlc: statement.textBytes(2),
                                    type: statement.textBytes(3), device: device,
                                    at: LedgerTime(microseconds: statement.int64(5)), actor: statement.textBytes(6),
                                    scratch: &scratch) else {
            if let envelope = try? EventEnvelope(canonicalBytes: body), envelope.id != EventID(site: site, seq: seq) {
                return failure(seq, "stored bytes claim to be event \(envelope.id)")
            }
            return failure(seq, "stored bytes disagree with the indexed columns (site, seq, hlc, type, device, at, actor) or are not canonical")
        }
        let leaf = RFC6962.leafHash(UnsafeRawBufferPointer(body))
        guard MerkleHash(statement.blob(7)) == leaf else {
            return failure(seq, "stored bytes do not hash to the stored leaf")
        }
        frontier.append(leaf)
        if let checkpoint = pending, checkpoint.size == Int64(frontier.size) {
            if let problem = check(checkpoint, verifier: key.verifier) {
                let first = lastCheckpointSize + 1
                return failure(first == seq ? seq : nil,
                               first == seq ? problem : "\(problem): one of events \(site):\(first)…\(site):\(seq) was altered")
            }
            lastCheckpointSize = frontier.size
            checkpointCount += 1
            pending = try checkpoints.next(site: site, after: Int64(frontier.size))
        }
        return nil
    }

    private func check(_ checkpoint: CheckpointRow, verifier: NoteVerifier) -> String? {
        let root = frontier.root
        guard checkpoint.root == root.bytes else { return "the stored root of checkpoint \(checkpoint.size) differs from the recomputed tree" }
        guard checkpoint.frontier == frontier.serialized else { return "the stored frontier of checkpoint \(checkpoint.size) differs from the recomputed tree" }
        guard let note = try? SignedNote(parsing: checkpoint.note), let parsed = try? Checkpoint(text: note.text) else {
            return "checkpoint \(checkpoint.size) is not a well-formed signed note"
        }
        guard parsed.origin == site.logOrigin, parsed.size == frontier.size, parsed.root == root else {
            return "checkpoint \(checkpoint.size) signs a different tree (\(parsed.origin) size \(parsed.size)) than the recomputed one"
        }
        guard note.isSigned(by: verifier) else {
            return "checkpoint \(checkpoint.size) is not signed by \(site)'s key on the roster"
        }
        return nil
    }

    /// After the last event: every checkpoint matched, every event covered.
    func finish() -> Result<VerifyReport.SiteResult, VerifyReport.Failure> {
        if key == nil { return .failure(failure(nil, "not on the roster: no key to check its checkpoints")) }
        if let pending {
            return .failure(failure(nil, "checkpoint \(pending.size) covers more events than the \(frontier.size) stored"))
        }
        if lastCheckpointSize < frontier.size {
            return .failure(failure(lastCheckpointSize + 1, "not covered by any signed checkpoint"))
        }
        return .success(.init(site: site, events: frontier.size, checkpoints: checkpointCount, root: frontier.root))
    }
}
