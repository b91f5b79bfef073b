import LedgerCore
import LedgerStore

/// What a sender put on the wire.
public struct SendSummary: Sendable, Equatable {
    public var events: UInt64 = 0
    public var batches = 0
    /// The canonical bytes of the events sent (what they weigh uncompressed).
    public var canonicalBytes = 0
    /// Batch bodies before compression.
    public var bodyBytes = 0
    /// Frames as written.
    public var frameBytes = 0

    public init() {}
}

/// Reads what a peer lacks from a ledger and cuts it into BATCH frames (Protocol/SYNC.md §6.2),
/// streaming: one batch is held at a time, whatever the size of the log.
public struct BatchSender {
    public let ledger: Ledger
    public let limits: SyncLimits

    public init(ledger: Ledger, limits: SyncLimits = .default) {
        self.ledger = ledger
        self.limits = limits
    }

    /// Calls `emit` with every BATCH frame a peer holding `peer` lacks, origin by origin in
    /// site id order, each origin's events in seq order, cut at stored checkpoints; `sent`
    /// with the summary so far after each frame.
    public func send(held: [HeldOrigin], to peer: VersionVector, emit: ([UInt8]) throws -> Void,
                     sent: (SendSummary) -> Void = { _ in }) throws -> SendSummary {
        var summary = SendSummary()
        let origins = held.sorted { $0.site.rawValue.utf8.lexicographicallyPrecedes($1.site.rawValue.utf8) }
        for origin in origins {
            let theirs = peer[origin.site]
            let theirSize = theirs?.size ?? 0
            // Evidence rule: a checkpoint here at their size with another root proves a fork.
            if let theirs, theirSize <= origin.size,
               let stored = try ledger.checkpoint(of: origin.site, at: theirSize), stored.root != theirs.root {
                var builder = BatchBodyBuilder()
                builder.appendNote(stored.note)
                try emitBatch(builder, origin: origin.site, start: theirSize + 1, summary: &summary, emit: emit)
                sent(summary)
                continue
            }
            guard origin.size > theirSize else { continue }
            var builder = BatchBodyBuilder()
            var start = theirSize + 1
            var canonical = 0
            try ledger.forEachOutgoingRow(origin: origin.site, after: theirSize, through: origin.size, event: { event in
                guard builder.append(stored: event, origin: origin.site) else {
                    throw LedgerError.corrupt("event \(origin.site):\(event.seq): stored bytes disagree with its indexed columns (run 'medledger verify')")
                }
                canonical += event.body.count
                guard builder.count <= limits.maximumBatchEvents, builder.byteCount <= limits.maximumBatchBytes else {
                    throw SyncError(.batchTooLarge, "cannot send \(origin.site) from seq \(start): its events up to the next checkpoint exceed the batch limits")
                }
            }, checkpoint: { checkpoint in
                builder.appendNote(checkpoint.note)
                if builder.count >= limits.targetBatchEvents || builder.byteCount >= limits.targetBatchBytes
                    || checkpoint.size == origin.size {
                    let count = builder.count
                    try emitBatch(builder, origin: origin.site, start: start, summary: &summary, emit: emit)
                    summary.canonicalBytes += canonical
                    sent(summary)
                    start += UInt64(count)
                    builder = BatchBodyBuilder()
                    canonical = 0
                }
            })
            guard builder.count == 0 else {
                throw LedgerError.corrupt("site \(origin.site)'s events after seq \(start - 1) are not covered by a stored checkpoint")
            }
        }
        return summary
    }

    private func emitBatch(_ builder: BatchBodyBuilder, origin: SiteID, start: UInt64, summary: inout SendSummary,
                           emit: ([UInt8]) throws -> Void) throws {
        let body = builder.encode()
        let compressed = Zlib.compress(body)
        let header = BatchHeader(origin: origin, start: start, count: UInt64(builder.count), checkpoints: UInt64(builder.notes.count),
                                 rawLength: UInt64(body.count))
        let frame = Frame.batch(header, compressed: compressed).encoded
        guard frame.count - 4 <= limits.maximumFrameBytes else {
            throw SyncError(.frameTooLarge, "the batch of \(origin) from seq \(start) compresses to \(frame.count) bytes, above the frame limit")
        }
        try emit(frame)
        summary.events += UInt64(builder.count)
        summary.batches += 1
        summary.bodyBytes += body.count
        summary.frameBytes += frame.count
    }
}
