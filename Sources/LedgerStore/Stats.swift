import Foundation
import GRDB
import LedgerCore

/// Counts that describe a ledger.
public struct LedgerStats: Sendable {
    public struct SiteCounts: Sendable {
        public let site: SiteID
        public let events: Int
        public let checkpoints: Int
        public let byType: [(type: String, count: Int)]
    }

    public let sites: [SiteCounts]
    /// Bytes of the database file and of its write-ahead log.
    public let databaseBytes: Int64
    public let walBytes: Int64
    public var totalEvents: Int { sites.reduce(0) { $0 + $1.events } }
}

extension Ledger {
    /// Events per origin site and type, checkpoints per site, and file sizes.
    public func stats() throws -> LedgerStats {
        let (typeRows, checkpointRows) = try read { db in
            (try Row.fetchAll(db, sql: "SELECT CAST(site AS TEXT) AS site, CAST(type AS TEXT) AS type, count(*) AS n FROM events GROUP BY 1, 2 ORDER BY 1, 2"),
             try Row.fetchAll(db, sql: "SELECT CAST(site AS TEXT) AS site, count(*) AS n FROM checkpoints GROUP BY 1"))
        }
        var types: [String: [(String, Int)]] = [:]
        for row in typeRows { types[row["site"], default: []].append((row["type"], row["n"])) }
        var checkpoints: [String: Int] = [:]
        for row in checkpointRows { checkpoints[row["site"]] = row["n"] }
        let siteNames = Set(types.keys).union(checkpoints.keys).sorted()
        let sites = try siteNames.map { name in
            guard let site = try? SiteID(name) else { throw LedgerError.corrupt("site id \"\(name)\" is malformed") }
            let byType = types[name] ?? []
            return LedgerStats.SiteCounts(site: site, events: byType.reduce(0) { $0 + $1.1 },
                                          checkpoints: checkpoints[name] ?? 0, byType: byType.map { (type: $0.0, count: $0.1) })
        }
        func size(_ file: String) -> Int64 {
            ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.int64Value ?? 0
        }
        return LedgerStats(sites: sites, databaseBytes: size(path), walBytes: size(path + "-wal"))
    }
}
