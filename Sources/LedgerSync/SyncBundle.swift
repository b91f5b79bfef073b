import Foundation
import LedgerCore
import LedgerStore

/// What importing a bundle did.
public struct BundleImportSummary: Sendable, Equatable {
    /// The site that wrote the bundle.
    public var writer: SiteID?
    public var batches = 0
    public var received = ReceiveSummary()

    public init() {}
}

/// Bundles (Protocol/SYNC.md §10): one direction of a session in a file, for sites with no
/// network path between them, verified on import exactly as a session verifies batches.
public enum SyncBundle {
    /// Writes `ledger`'s vector as a vector file: HELLO (RECEIVE) and VECTOR.
    public static func writeVector(of ledger: Ledger, to path: String) throws {
        let vector = VersionVector(try ledger.heldOrigins().map { VectorEntry(site: $0.site, size: $0.size, root: $0.root) })
        try writeWhole(path) { write in
            try write(Frame.hello(Hello(minVersion: 1, maxVersion: 1, directions: .receive, site: ledger.site)).encoded)
            try write(Frame.vector(vector).encoded)
        }
    }

    /// Reads a vector file.
    public static func readVector(at path: String, limits: SyncLimits = .default) throws -> VersionVector {
        var reader = try FrameFileReader(path: path, limits: limits)
        guard case .hello(let hello)? = try reader.next(), hello.directions.contains(.receive) else {
            throw SyncError(.malformed, "\(path) is not a vector file (it does not start with a HELLO asking to receive)")
        }
        guard case .vector(let vector)? = try reader.next() else {
            throw SyncError(.malformed, "\(path): a VECTOR frame must follow the HELLO")
        }
        guard try reader.next() == nil else { throw SyncError(.malformed, "\(path): bytes follow the VECTOR") }
        return vector
    }

    /// Writes the batches a site holding `vector` lacks (everything, for the empty vector) as
    /// a bundle at `path`. The file appears whole or not at all.
    @discardableResult
    public static func create(from ledger: Ledger, at path: String, for vector: VersionVector = .empty,
                              limits: SyncLimits = .default) throws -> SendSummary {
        let held = try ledger.heldOrigins()
        var summary = SendSummary()
        try writeWhole(path) { write in
            try write(Frame.hello(Hello(minVersion: 1, maxVersion: 1, directions: .send, site: ledger.site)).encoded)
            try write(Frame.vector(vector).encoded)
            summary = try BatchSender(ledger: ledger, limits: limits).send(held: held, to: vector) { try write($0) }
            try write(Frame.done(events: summary.events).encoded)
        }
        return summary
    }

    /// Verifies the bundle's batches in order and stores them as a live session does, each
    /// batch whole. The first refused batch stops the import and is named in the error; the
    /// batches before it are kept and nothing of it is stored.
    @discardableResult
    public static func `import`(at path: String, into ledger: Ledger, limits: SyncLimits = .default) throws -> BundleImportSummary {
        var reader = try FrameFileReader(path: path, limits: limits)
        var summary = BundleImportSummary()
        guard case .hello(let hello)? = try reader.next(), hello.directions.contains(.send) else {
            throw SyncError(.malformed, "not a bundle (it does not start with a HELLO of a sender)")
        }
        guard hello.minVersion <= SyncSession.versions.upperBound, hello.maxVersion >= SyncSession.versions.lowerBound else {
            throw SyncError(.unsupportedVersion, "the bundle is of protocol versions \(hello.minVersion)…\(hello.maxVersion)")
        }
        summary.writer = hello.site
        guard case .vector? = try reader.next() else { throw SyncError(.malformed, "a VECTOR frame must follow the HELLO") }
        let roster = Dictionary(uniqueKeysWithValues: try ledger.roster().map { ($0.site, $0.verifier) })
        var trees: [SiteID: MerkleFrontier] = [:]
        var events: UInt64 = 0
        // Stored as a live session stores (`SessionReceiver`): on a thread of its own while the
        // next batch is verified, in transactions that span batches, each batch whole.
        let receiver = SessionReceiver(path: ledger.path)
        func stored(_ error: Error) -> Error {
            if case LedgerError.fork = error { return SyncError(.fork, "\(error)") }
            return error
        }
        do {
            reading: while true {
                guard let frame = try reader.next() else { throw SyncError(.malformed, "the bundle ends before its DONE frame (truncated)") }
                switch frame {
                case .batch(let header, let compressed):
                    guard let key = roster[header.origin] else {
                        throw SyncError(.unknownOrigin, "site \(header.origin) is not on this ledger's roster")
                    }
                    try BatchVerifier.checkLimits(header, limits: limits)
                    let base: MerkleFrontier
                    if let known = trees[header.origin], known.size == header.start - 1 {
                        base = known
                    } else if let held = try ledger.frontier(of: header.origin, at: header.start - 1) {
                        base = held
                    } else {
                        throw SyncError(.outOfOrder, "the batch of \(header.origin) from seq \(header.start) needs its events 1 … \(header.start - 1) first (import an earlier bundle, or sync)")
                    }
                    let (batch, frontier) = try BatchVerifier.verify(header, compressed: compressed, base: base, key: key, limits: limits)
                    do { try receiver.submit(batch) } catch { throw stored(error) }
                    trees[header.origin] = frontier
                    events += header.count
                case .done(let count):
                    guard count == events else {
                        throw SyncError(.countMismatch, "the bundle's DONE counts \(count) events; its batches hold \(events)")
                    }
                    guard try reader.next() == nil else { throw SyncError(.malformed, "bytes follow the DONE frame") }
                    break reading
                case .error(let code, let message):
                    throw SyncError(SyncError.Code(rawValue: code) ?? .malformed, message, fromPeer: true)
                default:
                    throw SyncError(.unexpectedFrame, "a \(String(describing: frame.kind).uppercased()) frame inside a bundle's batches")
                }
            }
        } catch {
            // The batches verified before the error are kept, whole; the error reported is the
            // first: a store's refusal surfaces at a later submit, or here.
            do { try receiver.finish() } catch let refusal { throw stored(refusal) }
            throw error
        }
        let totals: SessionReceiver.Totals
        do { totals = try receiver.finish() } catch { throw stored(error) }
        summary.batches = totals.batches
        summary.received = totals.received
        return summary
    }

    /// Writes a file under a temporary name beside `path`, then renames it into place.
    private static func writeWhole(_ path: String, _ body: (([UInt8]) throws -> Void) throws -> Void) throws {
        let temporary = path + ".partial-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
            throw LedgerError.storage("cannot create \(temporary)")
        }
        var done = false
        defer { if !done { try? FileManager.default.removeItem(atPath: temporary) } }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
        do {
            var pending: [UInt8] = []
            try body { bytes in
                pending += bytes
                if pending.count >= 1 << 20 {
                    try handle.write(contentsOf: pending)
                    pending.removeAll(keepingCapacity: true)
                }
            }
            try handle.write(contentsOf: pending)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            throw error
        }
        guard rename(temporary, path) == 0 else {
            throw LedgerError.storage("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        done = true
    }
}

/// Reads frames from a file in chunks: memory holds one frame, never the file.
struct FrameFileReader {
    private let handle: FileHandle
    private var decoder: FrameDecoder
    private var atEnd = false

    init(path: String, limits: SyncLimits) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LedgerError.invalidArgument("cannot read \(path)")
        }
        self.handle = handle
        decoder = FrameDecoder(maximumFrameBytes: limits.maximumFrameBytes)
    }

    /// The next frame; nil at the end of the file; `malformed` for a frame cut short.
    mutating func next() throws -> Frame? {
        while true {
            if let frame = try decoder.next() { return frame }
            if atEnd {
                guard decoder.bufferedCount == 0 else {
                    throw SyncError(.malformed, "the file ends inside a frame (\(decoder.bufferedCount) bytes of it)")
                }
                return nil
            }
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { atEnd = true } else { decoder.append(chunk) }
        }
    }
}
