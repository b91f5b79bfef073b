import Foundation
import GRDB
import LedgerCore

/// A signed checkpoint as stored: the origin's tree at `size`, and its whole signed note.
public struct StoredCheckpoint: Sendable {
    public let site: SiteID
    public let size: UInt64
    public let root: MerkleHash
    /// The C2SP signed note, as signed.
    public let note: String
}

extension Ledger {
    /// Every stored checkpoint (of `site`, or of all origins), by site then size.
    public func checkpoints(site: SiteID? = nil) throws -> [StoredCheckpoint] {
        var all: [StoredCheckpoint] = []
        try forEachCheckpoint(site: site) { all.append($0) }
        return all
    }

    /// Streams the stored checkpoints (of `site`, or of all origins), by site then size, in one
    /// read snapshot: memory does not grow with their number (`record` signs one per call).
    public func forEachCheckpoint(site: SiteID? = nil, _ body: (StoredCheckpoint) throws -> Void) throws {
        try read { db in
            let statement = try RawStatement(db, """
                SELECT site, size, root, note FROM checkpoints \(site == nil ? "" : "WHERE site = ?1 ")ORDER BY site, size
                """)
            if let site { statement.bind(1, site.rawValue) }
            defer { statement.reset() }
            while try statement.step() {
                let siteText = statement.text(0)
                guard let origin = try? SiteID(siteText), let root = MerkleHash(statement.blob(2)) else {
                    throw LedgerError.corrupt("a checkpoint row of \"\(siteText)\" is malformed")
                }
                try body(StoredCheckpoint(site: origin, size: UInt64(clamping: statement.int64(1)), root: root,
                                          note: statement.text(3)))
            }
        }
    }
}
