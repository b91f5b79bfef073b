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
        try read { db in
            var sql = "SELECT CAST(site AS TEXT) AS site, CAST(size AS INTEGER) AS size, CAST(root AS BLOB) AS root, CAST(note AS TEXT) AS note FROM checkpoints"
            var arguments: StatementArguments = []
            if let site {
                sql += " WHERE site = ?"
                arguments = [site.rawValue]
            }
            sql += " ORDER BY site, size"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let siteText: String = row["site"]
                let rootBytes = [UInt8](row["root"] as Data)
                guard let site = try? SiteID(siteText), let root = MerkleHash(bytes: rootBytes) else {
                    throw LedgerError.corrupt("a checkpoint row of \"\(siteText)\" is malformed")
                }
                return StoredCheckpoint(site: site, size: UInt64(clamping: row["size"] as Int64), root: root, note: row["note"])
            }
        }
    }
}
