import Dispatch
import Foundation
import LedgerCore
import LedgerStore

/// Verifies a received batch exactly as Protocol/SYNC.md §5 says, with no I/O: the caller
/// gives the origin's tree as the receiver holds it and the origin's key from the receiver's
/// roster. Both a live session and a bundle import go through here.
public enum BatchVerifier {
    /// Checks a batch's header against the limits, inflates its body within them, rebuilds and
    /// re-reads every event's canonical bytes, recomputes the origin's tree from `base`, and
    /// checks every note against the tree and `key`. Returns the batch ready to store and the
    /// origin's tree after it.
    public static func verify(_ header: BatchHeader, compressed: [UInt8], base: MerkleFrontier, key: NoteVerifier,
                              limits: SyncLimits) throws(SyncError) -> (batch: VerifiedBatch, frontier: MerkleFrontier) {
        let origin = header.origin
        guard header.start == base.size + 1 else {
            throw SyncError(.outOfOrder, "a batch of \(origin) starts at seq \(header.start) but the receiver holds \(base.size) of its events")
        }
        try checkLimits(header, limits: limits)
        let raw = try Zlib.decompress(compressed, length: Int(header.rawLength))
        let body = try BatchBody.decode(raw, count: Int(header.count), checkpoints: Int(header.checkpoints))

        // The notes first: each must be a checkpoint of this origin signed by its key, at a
        // size inside the batch, the last one at its end (every event covered).
        let end = base.size + header.count
        var checkpoints: [ReceivedCheckpoint] = []
        for text in body.notes {
            let note: SignedNote
            let checkpoint: Checkpoint
            do {
                note = try SignedNote(parsing: text)
                checkpoint = try Checkpoint(text: note.text)
            } catch {
                throw SyncError(.checkpointMismatch, "a note of the batch of \(origin) is not a signed checkpoint: \(error)")
            }
            guard checkpoint.origin == origin.logOrigin else {
                throw SyncError(.checkpointMismatch, "a note in the batch of \(origin) is a checkpoint of \(checkpoint.origin)")
            }
            let lowest = header.count == 0 ? base.size : base.size + 1
            guard lowest >= 1, checkpoint.size >= lowest, checkpoint.size <= end, checkpoint.size > (checkpoints.last?.size ?? 0) else {
                throw SyncError(.checkpointMismatch, "checkpoint \(origin):\(checkpoint.size) is out of place in a batch of events \(header.start) … \(end)")
            }
            guard note.isSigned(by: key) else {
                throw SyncError(.badSignature, "checkpoint \(origin):\(checkpoint.size) is not signed by \(origin)'s key on the roster")
            }
            checkpoints.append(ReceivedCheckpoint(note: note, size: checkpoint.size, root: checkpoint.root))
        }
        guard checkpoints.last?.size == end else {
            throw SyncError(.checkpointMismatch, "the batch of \(origin) ends at seq \(end) without a checkpoint there")
        }

        let (events, leaves): ([ReceivedEvent], [MerkleHash])
        switch readEvents(body.events, origin: origin, firstSeq: base.size + 1) {
        case .success(let read): (events, leaves) = read
        case .failure(let unread):
            throw SyncError(.notCanonical, "event \(origin):\(base.size + 1 + UInt64(unread.offset)) is not a canonical event: \(unread.error)")
        }
        var frontier = base
        var pending = checkpoints[...]
        var frontiers: [MerkleFrontier] = []
        frontiers.reserveCapacity(checkpoints.count)
        if let first = pending.first, first.size == base.size {  // an evidence batch
            frontiers.append(base)
        }
        for leaf in leaves {
            frontier.append(leaf)
            if let checkpoint = pending.first, checkpoint.size == frontier.size {
                pending = pending.dropFirst()
                guard checkpoint.root == frontier.root else {
                    throw SyncError(.checkpointMismatch, "checkpoint \(origin):\(checkpoint.size) does not match the tree recomputed from the events (one of them was altered)")
                }
                frontiers.append(frontier)
            }
        }
        return (VerifiedBatch(origin: origin, base: base, events: events, checkpoints: checkpoints, leaves: leaves, frontiers: frontiers),
                frontier)
    }

    /// Rebuilds and re-reads every event's canonical bytes and hashes its leaf. Events are
    /// independent here (only the tree is sequential), so a large batch is spread over the
    /// cores: re-reading is most of a receiver's work. Each event's JSON tree is dropped on the
    /// thread that built it. Returns the events and their leaves, or the first event that is not
    /// canonical: every event is read before the tree is recomputed (SYNC.md §5, steps 3 and 4).
    static func readEvents(_ columns: [BatchEvent], origin: SiteID, firstSeq: UInt64)
        -> Result<(events: [ReceivedEvent], leaves: [MerkleHash]), UnreadEvent> {
        let count = columns.count
        var events = [ReceivedEvent?](repeating: nil, count: count)
        var leaves = [MerkleHash](repeating: RFC6962.emptyRoot, count: count)
        var failures = [EventError?](repeating: nil, count: count)
        events.withUnsafeMutableBufferPointer { eventBuffer in
            leaves.withUnsafeMutableBufferPointer { leafBuffer in
                failures.withUnsafeMutableBufferPointer { failureBuffer in
                    // Each index is written by exactly one call.
                    nonisolated(unsafe) let eventOut = eventBuffer, leafOut = leafBuffer, failureOut = failureBuffer
                    @Sendable func read(_ i: Int) {
                        do {
                            let column = columns[i]
                            // The same check as `Event(canonicalBytes:)` without parsing back the
                            // envelope the columns carry typed: the receiving `sync` of 1,000,000
                            // events went from 23.8 to 20.5 CPU-seconds (user), measured.
                            let event = try Event(site: origin, seq: firstSeq + UInt64(i), hlc: column.hlc, type: column.type,
                                                  device: column.device, at: column.at, actor: column.actor, data: column.data)
                            leafOut[i] = event.leafHash
                            eventOut[i] = ReceivedEvent(event)
                        } catch {
                            failureOut[i] = error
                        }
                    }
                    let workers = ProcessInfo.processInfo.activeProcessorCount
                    guard count >= 256, workers > 1 else {
                        for i in 0..<count { read(i) }
                        return
                    }
                    // Chunks of 128 events, many more than cores: in a live session the storing
                    // thread holds a core meanwhile, and with one share per core the batch waited
                    // for the share that ran beside it (a receiving `sync` used 1.0 of 2 cores;
                    // measured).
                    let chunk = 128
                    DispatchQueue.concurrentPerform(iterations: (count + chunk - 1) / chunk) { part in
                        for i in (part * chunk)..<min(count, (part + 1) * chunk) { read(i) }
                    }
                }
            }
        }
        if let offset = failures.firstIndex(where: { $0 != nil }) {
            return .failure(UnreadEvent(offset: offset, error: failures[offset]!))
        }
        return .success((events.compactMap { $0 }, leaves))
    }

    /// The first event of a batch (by offset) that is not a canonical event, and why.
    struct UnreadEvent: Error {
        let offset: Int
        let error: EventError
    }

    /// The header checks made before a byte is inflated.
    static func checkLimits(_ header: BatchHeader, limits: SyncLimits) throws(SyncError) {
        guard header.count <= UInt64(limits.maximumBatchEvents) else {
            throw SyncError(.batchTooLarge, "a batch of \(header.count) events is above the limit of \(limits.maximumBatchEvents)")
        }
        guard header.rawLength <= UInt64(limits.maximumBatchBytes) else {
            throw SyncError(.batchTooLarge, "a batch body of \(header.rawLength) bytes is above the limit of \(limits.maximumBatchBytes)")
        }
        if header.count == 0 && header.checkpoints != 1 {
            throw SyncError(.malformed, "an evidence batch carries exactly one checkpoint, not \(header.checkpoints)")
        }
    }
}
