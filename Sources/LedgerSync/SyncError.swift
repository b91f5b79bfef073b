/// Why a session or a bundle was refused: one of the error codes of Protocol/SYNC.md §7 and a
/// one-line message naming what was wrong and where.
public struct SyncError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The error codes of Protocol/SYNC.md §7, as they travel in an ERROR frame.
    public enum Code: UInt16, Sendable, CaseIterable {
        case malformed = 1
        case unexpectedFrame = 2
        case unsupportedVersion = 3
        case frameTooLarge = 4
        case batchTooLarge = 5
        case badCompression = 6
        case unknownOrigin = 7
        case outOfOrder = 8
        case notCanonical = 9
        case checkpointMismatch = 10
        case badSignature = 11
        case fork = 12
        case countMismatch = 13
        case storage = 14
        case timeout = 15
        case busy = 16

        /// The code's name as SYNC.md writes it (`checkpoint-mismatch`).
        public var name: String {
            switch self {
            case .malformed: "malformed"
            case .unexpectedFrame: "unexpected-frame"
            case .unsupportedVersion: "unsupported-version"
            case .frameTooLarge: "frame-too-large"
            case .batchTooLarge: "batch-too-large"
            case .badCompression: "bad-compression"
            case .unknownOrigin: "unknown-origin"
            case .outOfOrder: "out-of-order"
            case .notCanonical: "not-canonical"
            case .checkpointMismatch: "checkpoint-mismatch"
            case .badSignature: "bad-signature"
            case .fork: "fork"
            case .countMismatch: "count-mismatch"
            case .storage: "storage"
            case .timeout: "timeout"
            case .busy: "busy"
            }
        }
    }

    public let code: Code
    public let message: String
    /// True when the peer sent this error in an ERROR frame (rather than this side finding it).
    public let fromPeer: Bool

    public init(_ code: Code, _ message: String, fromPeer: Bool = false) {
        self.code = code
        self.message = message
        self.fromPeer = fromPeer
    }

    public var description: String {
        fromPeer ? "the peer refused: \(code.name): \(message)" : "\(code.name): \(message)"
    }
}
