import LedgerCore

/// Which directions a side of a session takes (HELLO's flags, Protocol/SYNC.md §3.2).
public struct SyncDirections: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The side sends batches.
    public static let send = SyncDirections(rawValue: 1)
    /// The side accepts batches.
    public static let receive = SyncDirections(rawValue: 2)
    public static let both: SyncDirections = [.send, .receive]
}

/// The first frame of each side: who it is and which protocol versions it speaks.
public struct Hello: Sendable, Equatable {
    /// "MLSY".
    public static let magic: [UInt8] = [0x4D, 0x4C, 0x53, 0x59]
    public let minVersion: UInt8
    public let maxVersion: UInt8
    public let directions: SyncDirections
    public let site: SiteID

    public init(minVersion: UInt8, maxVersion: UInt8, directions: SyncDirections, site: SiteID) {
        self.minVersion = minVersion
        self.maxVersion = maxVersion
        self.directions = directions
        self.site = site
    }
}

/// One origin in a version vector: the prefix of its log held and the tree's root there.
public struct VectorEntry: Sendable, Equatable {
    public let site: SiteID
    public let size: UInt64
    public let root: MerkleHash

    public init(site: SiteID, size: UInt64, root: MerkleHash) {
        self.site = site
        self.size = size
        self.root = root
    }
}

/// What a side holds of every origin (Protocol/SYNC.md §3.3), in site id order.
public struct VersionVector: Sendable, Equatable {
    /// Most origins one vector may name.
    public static let maximumOrigins = 4096

    public let entries: [VectorEntry]

    /// Entries sorted by site id; origins held with no events are left out.
    public init(_ entries: [VectorEntry]) {
        self.entries = entries.filter { $0.size > 0 }.sorted { $0.site.rawValue.utf8.lexicographicallyPrecedes($1.site.rawValue.utf8) }
    }

    public static let empty = VersionVector([])

    /// The entry of `site`, if it holds any of its events.
    public subscript(site: SiteID) -> VectorEntry? { entries.first { $0.site == site } }

    /// The size held of `site` (0 when none).
    public func size(of site: SiteID) -> UInt64 { self[site]?.size ?? 0 }
}

/// The fixed part of a BATCH frame, checked before its body is inflated.
public struct BatchHeader: Sendable, Equatable {
    public let origin: SiteID
    /// Seq of the first event.
    public let start: UInt64
    /// Number of events.
    public let count: UInt64
    /// Number of signed notes in the body.
    public let checkpoints: UInt64
    /// The body's length once inflated.
    public let rawLength: UInt64

    public init(origin: SiteID, start: UInt64, count: UInt64, checkpoints: UInt64, rawLength: UInt64) {
        self.origin = origin
        self.start = start
        self.count = count
        self.checkpoints = checkpoints
        self.rawLength = rawLength
    }
}

/// A frame of Protocol/SYNC.md §3.
public enum Frame: Sendable, Equatable {
    case hello(Hello)
    case vector(VersionVector)
    /// A batch: its header and its zlib-compressed body.
    case batch(BatchHeader, compressed: [UInt8])
    /// The number of events the sender sent in the session.
    case done(events: UInt64)
    /// The code (one of `SyncError.Code`, or one this version does not know) and message.
    case error(code: UInt16, message: String)

    /// Frame type bytes.
    public enum Kind: UInt8, Sendable {
        case hello = 1, vector = 2, batch = 3, done = 4, error = 5
    }

    public var kind: Kind {
        switch self {
        case .hello: .hello
        case .vector: .vector
        case .batch: .batch
        case .done: .done
        case .error: .error
        }
    }

    /// Longest ERROR message, in bytes.
    public static let maximumErrorMessage = 1024

    /// The frame as it travels: length, type, payload.
    public var encoded: [UInt8] {
        var payload = WireWriter()
        switch self {
        case .hello(let hello):
            payload.raw(Hello.magic)
            payload.u8(hello.minVersion)
            payload.u8(hello.maxVersion)
            payload.u8(hello.directions.rawValue)
            payload.string(hello.site.rawValue)
        case .vector(let vector):
            payload.varint(vector.entries.count)
            for entry in vector.entries {
                payload.string(entry.site.rawValue)
                payload.varint(entry.size)
                payload.hash(entry.root)
            }
        case .batch(let header, let compressed):
            payload.string(header.origin.rawValue)
            payload.varint(header.start)
            payload.varint(header.count)
            payload.varint(header.checkpoints)
            payload.varint(header.rawLength)
            payload.raw(compressed)
        case .done(let events):
            payload.varint(events)
        case .error(let code, let message):
            payload.u16(code)
            payload.string(Self.errorMessage(message))
        }
        var frame = WireWriter(capacity: payload.bytes.count + 5)
        frame.u32(UInt32(payload.bytes.count + 1))
        frame.u8(kind.rawValue)
        frame.raw(payload.bytes)
        return frame.bytes
    }

    /// An ERROR frame for `error`.
    public static func error(_ error: SyncError) -> Frame { .error(code: error.code.rawValue, message: error.message) }

    /// The message cut to the limit on a character boundary, control characters replaced.
    static func errorMessage(_ message: String) -> String {
        var out = ""
        var bytes = 0
        for scalar in message.unicodeScalars {
            let clean: Unicode.Scalar = (scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)) ? " " : scalar
            let length = String(clean).utf8.count
            guard bytes + length <= maximumErrorMessage else { break }
            out.unicodeScalars.append(clean)
            bytes += length
        }
        return out
    }

    /// Reads a frame's payload (`bytes[range]`, after its type byte).
    public static func decode(type: UInt8, _ bytes: [UInt8], _ range: Range<Int>) throws(SyncError) -> Frame {
        guard let kind = Kind(rawValue: type) else {
            throw SyncError(.unexpectedFrame, "unknown frame type 0x\(String(type, radix: 16))")
        }
        var reader = WireReader(bytes, from: range.lowerBound, to: range.upperBound, context: "\(kind) frame".uppercased())
        let frame: Frame
        switch kind {
        case .hello:
            let magic = try reader.take(4, "magic")
            guard Array(bytes[magic]) == Hello.magic else { throw reader.malformed("magic is not MLSY") }
            let minVersion = try reader.u8("minVersion"), maxVersion = try reader.u8("maxVersion")
            guard minVersion >= 1, minVersion <= maxVersion else {
                throw reader.malformed("version range \(minVersion)…\(maxVersion) is empty")
            }
            let flags = try reader.u8("flags")
            guard flags & ~SyncDirections.both.rawValue == 0 else { throw reader.malformed("unknown flags 0x\(String(flags, radix: 16))") }
            frame = .hello(Hello(minVersion: minVersion, maxVersion: maxVersion, directions: SyncDirections(rawValue: flags),
                                 site: try reader.site("site")))
        case .vector:
            let count = try reader.count("count", limit: VersionVector.maximumOrigins)
            var entries: [VectorEntry] = []
            for _ in 0..<count {
                let site = try reader.site("site")
                let size = try reader.varint("size")
                guard size >= 1 else { throw reader.malformed("size of \(site) is 0 (origins with no events are left out)") }
                guard size <= maximumSeq else { throw reader.malformed("size of \(site) is beyond 2^53-1") }
                if let last = entries.last, !last.site.rawValue.utf8.lexicographicallyPrecedes(site.rawValue.utf8) {
                    throw reader.malformed("entries are not in increasing site order (\(site) after \(last.site))")
                }
                entries.append(VectorEntry(site: site, size: size, root: try reader.hash("root")))
            }
            frame = .vector(VersionVector(entries))
        case .batch:
            let origin = try reader.site("origin")
            let start = try reader.varint("start")
            let count = try reader.varint("count")
            let checkpoints = try reader.varint("checkpoints")
            let rawLength = try reader.varint("rawLength")
            guard start >= 1, start <= maximumSeq, count <= maximumSeq - start + 1 else {
                throw reader.malformed("events \(start) … +\(count) are not valid seqs")
            }
            guard checkpoints >= 1, checkpoints <= count + 1 else {
                throw reader.malformed("\(checkpoints) checkpoints for \(count) events")
            }
            let body = try reader.take(reader.remaining, "body")
            frame = .batch(BatchHeader(origin: origin, start: start, count: count, checkpoints: checkpoints, rawLength: rawLength),
                           compressed: Array(bytes[body]))
        case .done:
            frame = .done(events: try reader.varint("events"))
        case .error:
            let code = try reader.u16("code")
            frame = .error(code: code, message: try reader.string("message", maxBytes: maximumErrorMessage))
        }
        try reader.expectEnd()
        return frame
    }

    /// 2^53 − 1, the largest seq (LEDGER.md §2.2).
    static let maximumSeq: UInt64 = (1 << 53) - 1
}

/// Cuts a byte stream into frames. Refuses a frame whose length is 0 or above the limit as
/// soon as its four length bytes arrive, so no more than one frame is ever buffered.
public struct FrameDecoder: Sendable {
    public let maximumFrameBytes: Int
    private var buffer: [UInt8] = []
    private var start = 0

    public init(maximumFrameBytes: Int) {
        self.maximumFrameBytes = maximumFrameBytes
    }

    /// Bytes received but not yet part of a complete frame.
    public var bufferedCount: Int { buffer.count - start }

    public mutating func append(_ bytes: some Collection<UInt8>) {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete frame, or nil until more bytes arrive.
    public mutating func next() throws(SyncError) -> Frame? {
        guard let (type, payload) = try nextRaw() else { return nil }
        return try Frame.decode(type: type, buffer, payload)
    }

    /// Passes over the next complete frame without reading its payload (a frame of another
    /// protocol version); false until it has arrived whole.
    public mutating func skip() throws(SyncError) -> Bool {
        try nextRaw() != nil
    }

    private mutating func nextRaw() throws(SyncError) -> (UInt8, Range<Int>)? {
        guard bufferedCount >= 4 else { return nil }
        let length = Int(buffer[start]) << 24 | Int(buffer[start + 1]) << 16 | Int(buffer[start + 2]) << 8 | Int(buffer[start + 3])
        guard length >= 1 else { throw SyncError(.malformed, "a frame of length 0") }
        guard length <= maximumFrameBytes else {
            throw SyncError(.frameTooLarge, "a frame of \(length) bytes is above the limit of \(maximumFrameBytes)")
        }
        guard bufferedCount >= 4 + length else { return nil }
        let type = buffer[start + 4]
        let payload = (start + 5)..<(start + 4 + length)
        start += 4 + length
        return (type, payload)
    }
}
