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
    /// Recomputes everything from the stored bytes: each event's canonical form and leaf hash,
    /// that its indexed columns agree with its bytes, that seq is dense, each origin's Merkle
    /// tree, every checkpoint's root, frontier and Ed25519 signature against the roster, and
    /// that every event is covered by a checkpoint. Streams: memory does not grow with the log.
    public func verify() throws -> VerifyReport {
        try read { db in
            let roster = Dictionary(uniqueKeysWithValues: try Self.roster(db).map { ($0.site, $0) })
            let siteNames = try String.fetchAll(db, sql: "SELECT site FROM events UNION SELECT site FROM checkpoints ORDER BY 1")
            var results: [VerifyReport.SiteResult] = []
            for name in siteNames {
                guard let site = try? SiteID(name) else {
                    return VerifyReport(sites: results, failure: .init(site: self.site, event: nil, reason: "a row names the malformed site \"\(name)\""))
                }
                switch try Self.verifySite(db, site: site, key: roster[site]) {
                case .success(let result): results.append(result)
                case .failure(let failure): return VerifyReport(sites: results, failure: failure)
                }
            }
            return VerifyReport(sites: results, failure: nil)
        }
    }

    private struct CheckpointRow {
        let size: UInt64
        let root: [UInt8]
        let note: String
        let frontier: [UInt8]
    }

    private static func verifySite(_ db: Database, site: SiteID, key: RosterEntry?) throws -> Result<VerifyReport.SiteResult, VerifyReport.Failure> {
        func fail(_ seq: UInt64?, _ reason: String) -> Result<VerifyReport.SiteResult, VerifyReport.Failure> {
            .failure(.init(site: site, event: seq.map { EventID(site: site, seq: $0) }, reason: reason))
        }
        guard let key else { return fail(nil, "not on the roster: no key to check its checkpoints") }
        let verifier = key.verifier
        let checkpoints = try Row.fetchAll(db, sql: "SELECT size, root, note, frontier FROM checkpoints WHERE site = ? ORDER BY size",
                                           arguments: [site.rawValue]).map {
            CheckpointRow(size: UInt64($0["size"] as Int64), root: [UInt8]($0["root"] as Data), note: $0["note"], frontier: [UInt8]($0["frontier"] as Data))
        }
        var nextCheckpoint = 0
        var frontier = MerkleFrontier()
        var lastCheckpointSize: UInt64 = 0

        func checkCheckpoint(_ checkpoint: CheckpointRow) -> String? {
            let root = frontier.root
            guard checkpoint.root == root.bytes else { return "the stored root of checkpoint \(checkpoint.size) differs from the recomputed tree" }
            guard checkpoint.frontier == frontier.serialized else { return "the stored frontier of checkpoint \(checkpoint.size) differs from the recomputed tree" }
            guard let note = try? SignedNote(parsing: checkpoint.note), let parsed = try? Checkpoint(text: note.text) else {
                return "checkpoint \(checkpoint.size) is not a well-formed signed note"
            }
            guard parsed.origin == site.logOrigin, parsed.size == checkpoint.size, parsed.root == root else {
                return "checkpoint \(checkpoint.size) signs a different tree (\(parsed.origin) size \(parsed.size)) than the recomputed one"
            }
            guard note.isSigned(by: verifier) else {
                return "checkpoint \(checkpoint.size) is not signed by \(site)'s key on the roster"
            }
            return nil
        }

        let statement = try RawStatement(db, """
            SELECT seq, hlc, type, device, at, actor, leaf, body FROM events WHERE site = ? ORDER BY seq
            """)
        try statement.statement.setArguments([site.rawValue])
        defer { statement.reset() }
        var expectedSeq: UInt64 = 1
        while try statement.step() {
            let seq = UInt64(statement.int64(0))
            guard seq == expectedSeq else {
                return fail(expectedSeq, seq > expectedSeq ? "missing (the log jumps to seq \(seq))" : "stored twice")
            }
            let body = statement.blob(7)
            let envelope: EventEnvelope
            do { envelope = try EventEnvelope(canonicalBytes: body.assumingMemoryBound(to: UInt8.self)) } catch {
                return fail(seq, "stored bytes are not a valid event: \(error)")
            }
            guard envelope.id == EventID(site: site, seq: seq) else {
                return fail(seq, "stored bytes claim to be event \(envelope.id)")
            }
            guard envelope.hlc == statement.text(1), envelope.type == statement.text(2),
                  envelope.device == statement.optionalText(3), envelope.at.microseconds == statement.int64(4),
                  envelope.actor == statement.text(5) else {
                return fail(seq, "indexed columns disagree with the stored bytes")
            }
            let leaf = RFC6962.leafHash(body)
            guard MerkleHash(statement.blob(6)) == leaf else {
                return fail(seq, "stored bytes do not hash to the stored leaf")
            }
            frontier.append(leaf)
            expectedSeq += 1
            while nextCheckpoint < checkpoints.count, checkpoints[nextCheckpoint].size <= frontier.size {
                let checkpoint = checkpoints[nextCheckpoint]
                if checkpoint.size == frontier.size, let problem = checkCheckpoint(checkpoint) {
                    let first = lastCheckpointSize + 1
                    return fail(first == seq ? seq : nil,
                                first == seq ? problem : "\(problem): one of events \(site):\(first)…\(site):\(seq) was altered")
                }
                lastCheckpointSize = checkpoint.size
                nextCheckpoint += 1
            }
        }
        if nextCheckpoint < checkpoints.count {
            return fail(nil, "checkpoint \(checkpoints[nextCheckpoint].size) covers more events than the \(frontier.size) stored")
        }
        if lastCheckpointSize < frontier.size {
            return fail(lastCheckpointSize + 1, "not covered by any signed checkpoint")
        }
        return .success(.init(site: site, events: frontier.size, checkpoints: checkpoints.count, root: frontier.root))
    }
}
