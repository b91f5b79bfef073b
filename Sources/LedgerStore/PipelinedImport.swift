import Foundation
import LedgerCore

extension Ledger {
    /// A batch is handed over at 256 events or 1 MiB of canonical bytes, whichever comes
    /// first, and at most 8 batches wait: an import holds a few MiB of events in flight however
    /// large its lines are (each up to `JSONLinesReader.maximumLineBytes`).
    static let batchSize = 256
    static let batchBytes = 1 << 20
    static let batchesInFlight = 8

    /// Appends every event of a JSON Lines stream in one transaction: all or nothing. One
    /// thread reads, parses, validates and canonicalizes the lines while this one hashes and
    /// stores them, so an import uses two cores. Blank lines are skipped. The first bad line
    /// stops the import with `LedgerError.badEvent(line:…)` and nothing of the stream is kept.
    /// `appended` sees each event appended (not those already held), on the calling thread,
    /// before the transaction commits.
    public func importLines(from reader: JSONLinesReader, key: SiteKey, now: LedgerTime = .now,
                            appended: (CanonicalDraft) -> Void = { _ in }) throws -> AppendSummary {
        let channel = BoundedChannel<[(CanonicalDraft, LeafHashPrefix)]>(capacity: Self.batchesInFlight)
        let parser = Thread {
            var batch: [(CanonicalDraft, LeafHashPrefix)] = []
            var bytes = 0
            batch.reserveCapacity(Self.batchSize)
            do {
                while let (number, line) = try reader.next() {
                    if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                    // The JSON tree is built and dropped here; only canonical bytes cross over,
                    // with the leaf hash begun over them.
                    do {
                        let draft = try EventDraft(interchange: line).canonical
                        bytes += draft.canonicalByteCount
                        batch.append((draft, draft.leafHashPrefix))
                    } catch let error as EventError {
                        throw LedgerError.badEvent(line: number, error)
                    }
                    if batch.count == Self.batchSize || bytes >= Self.batchBytes {
                        guard channel.put(.items(batch)) else { return }
                        batch.removeAll(keepingCapacity: true)
                        bytes = 0
                    }
                }
                if !batch.isEmpty { guard channel.put(.items(batch)) else { return } }
                _ = channel.put(.finished)
            } catch {
                _ = channel.put(.failed(error))
            }
        }
        parser.stackSize = 8 << 20
        parser.start()
        defer { channel.cancel() }
        return try append(key: key, now: now) { appender in
            while true {
                switch channel.take() {
                case .items(let drafts):
                    for (draft, prefix) in drafts {
                        if case .appended = try appender.append(draft, leafHashPrefix: prefix) { appended(draft) }
                    }
                case .failed(let error):
                    throw error
                case .finished:
                    return
                }
            }
        }.1
    }
}
