import LedgerCore

/// Everything the ledger refuses or fails at, each with the context a person needs to act.
public enum LedgerError: Error, CustomStringConvertible, Sendable {
    /// No database at the path (a ledger is made by `medledger init`).
    case noLedger(path: String)
    /// `init` would overwrite something.
    case alreadyExists(path: String)
    /// The file is not a medledger database.
    case notALedger(path: String, reason: String)
    /// The site's private key file is missing.
    case keyMissing(path: String)
    /// The key file can be read or written by others than its owner.
    case keyTooOpen(path: String, mode: UInt16)
    /// The key file is malformed or does not belong to this ledger.
    case keyInvalid(path: String, reason: String)
    /// Another process holds the write lock for longer than the busy timeout.
    case locked(path: String, seconds: Double)
    /// An event was refused; `line` is its line in an import file.
    case badEvent(line: Int?, EventError)
    /// An argument the user gave is not acceptable.
    case invalidArgument(String)
    /// A site is already on the roster with a different key.
    case rosterConflict(site: SiteID)
    /// The store holds something that contradicts itself.
    case corrupt(String)
    /// A database or file-system operation failed.
    case storage(String)
    /// An origin signed two different trees: a received checkpoint contradicts the tree held
    /// at `size`. The checkpoint was kept apart as evidence and nothing of its batch stored.
    case fork(site: SiteID, size: UInt64)
    /// A received batch was refused before anything of it was stored.
    case batchRefused(String)

    public var description: String {
        switch self {
        case .noLedger(let path): "no ledger at \(path) (create one with 'medledger init --site SITE', or pass --db)"
        case .alreadyExists(let path): "\(path) already exists; refusing to overwrite it"
        case .notALedger(let path, let reason): "\(path) is not a medledger ledger: \(reason)"
        case .keyMissing(let path): "the site's private key \(path) is missing"
        case .keyTooOpen(let path, let mode):
            "the site's private key \(path) is accessible by others (mode \(String(mode, radix: 8))); run 'chmod 600 \(path)'"
        case .keyInvalid(let path, let reason): "the site's private key \(path) is unusable: \(reason)"
        case .locked(let path, let seconds):
            "\(path) is locked by another writer; gave up after \(Int(seconds)) s"
        case .badEvent(let line, let error):
            if let line { "line \(line): \(error)" } else { "\(error)" }
        case .invalidArgument(let message): message
        case .rosterConflict(let site): "site \(site) is already on the roster with a different key"
        case .corrupt(let message): "ledger is inconsistent: \(message)"
        case .storage(let message): message
        case .fork(let site, let size):
            "site \(site) signed two different histories (a checkpoint at size \(size) contradicts the tree held); the conflicting checkpoint is kept as evidence"
        case .batchRefused(let message): message
        }
    }

    /// The process exit code: 2 for what the user typed or fed in, 1 for a refused operation
    /// or a failed check.
    public var exitCode: Int32 {
        switch self {
        case .noLedger, .notALedger, .badEvent, .invalidArgument: 2
        default: 1
        }
    }
}
