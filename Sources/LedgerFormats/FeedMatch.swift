import LedgerCore
import LedgerIntel
import LedgerReports
import LedgerStore

/// "Are we hit?": an SBOM's components, or a device's, matched against every record in the
/// feed cache, recording nothing. Reads only the cached records whose keys the components
/// meet.
public enum FeedMatch {
    /// What matching found, and the purls and CPEs that could not be read.
    public struct Result: Sendable {
        public var table = ReportTable(["component", "version", "name", "id", "aliases", "source", "reason"])
        public var unreadable: [String] = []
    }

    public static func run(components: [SBOMComponent], cpes: [String] = [], cache: FeedCache, reference: LedgerTime) throws -> Result {
        var result = Result()
        var keys = Set<String>()
        for c in components {
            if let purl = c.purl {
                if let found = FeedKeys.keys(purl: purl) { keys.formUnion(found) } else { result.unreadable.append("purl \(purl)") }
            }
            if let cpe = c.cpe {
                if let key = FeedKeys.key(cpe: cpe) { keys.insert(key) } else { result.unreadable.append("cpe \(cpe)") }
            }
        }
        for cpe in cpes { if let key = FeedKeys.key(cpe: cpe) { keys.insert(key) } else { result.unreadable.append("cpe \(cpe)") } }
        var records: [VulnerabilityRecord] = []
        for row in try cache.records(keys: keys) {
            guard let data = try? JSONParser.parseObject(row.data),
                  case .recorded(let record) = FactPayload(type: .vulnerabilityRecorded, data: data) else { continue }
            if let withdrawn = record.withdrawn, withdrawn <= reference { continue }
            records.append(record)
        }
        let matcher = RecordMatcher(records: records)
        var rows: [(key: [String], row: [JSONValue])] = []
        func add(_ r: Int, _ reason: MatchReason) {
            let record = matcher.records[r]
            rows.append(([reason.component, record.id], [
                .string(reason.component), reason.version.map(JSONValue.string) ?? .null, reason.name.map(JSONValue.string) ?? .null,
                .string(record.id), .array(record.aliases.map(JSONValue.string)), .string(record.source), .string(reason.detail),
            ]))
        }
        var seen = Set<String>()
        for c in components {
            guard let purl = c.purl, seen.insert(purl + "\u{1F}" + (c.version ?? "")).inserted else { continue }
            for (r, reason) in matcher.matches(purl: purl, version: c.version, name: c.name) { add(r, reason) }
        }
        let names = cpes + components.compactMap(\.cpe)
        if !names.isEmpty { for (r, reason) in matcher.matches(cpes: names) { add(r, reason) } }
        for r in rows.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) { result.table.append(r.row) }
        return result
    }
}
