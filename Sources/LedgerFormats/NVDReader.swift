import LedgerCore
import LedgerIntel

/// Reads NVD's CVE records (CVE API 2.0) as `vulnerability.recorded` data, with a `kev.listed`
/// for a record CISA lists (Protocol/LEDGER.md §2.6).
///
/// Three shapes are read: a bare CVE object (`{"id": "CVE-…", "sourceIdentifier", …}`, as
/// fkie-cad's mirror and NVD's per-CVE files give it), the same wrapped as `{"cve": {…}}`, and
/// the API's response or a feed (`{"resultsPerPage", …, "vulnerabilities": [{"cve": {…}}, …]}`).
public enum NVDReader {
    /// Members only a CVE API 2.0 record has at its top (an OSV record also has `id`).
    static let recordMembers = ["sourceIdentifier", "vulnStatus", "lastModified", "descriptions", "metrics", "configurations"]
    /// The CVSS metrics read, in order of preference.
    static let metricFamilies = ["cvssMetricV31", "cvssMetricV30", "cvssMetricV40"]
    static let expected = "expected an NVD CVE API 2.0 record ({\"id\": \"CVE-…\", \"lastModified\", …}), "
        + "one wrapped as {\"cve\": {…}}, or a response {\"vulnerabilities\": [{\"cve\": {…}}, …]}"

    /// Reads `bytes` as one record or a response of many. Throws for a file in neither shape
    /// (at `$`) and for a record that is not one (named by its JSON path and, once known, its
    /// CVE id): nothing of the file is read then. A `cpeMatch` whose criteria is not a CPE 2.3
    /// name is left out and listed in the record's `skipped`.
    ///
    /// A record alone in its file is identified by the file's SHA-256; a record in a response,
    /// by the SHA-256 of its `cve` object's RFC 8785 bytes, so the same record fetched in any
    /// page is the same fact.
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>, now: LedgerTime) throws(FormatError) -> [FeedRecord] {
        let root: Node
        do { root = try DocumentReader.object(bytes) } catch {
            throw FormatError(error.kind, path: error.path, error.reason + "; " + expected)
        }
        if let list = root["vulnerabilities"], isResponse(root, list) {
            try checkResponse(root)
            var records: [FeedRecord] = []
            for item in try list.elements() {
                guard item.object != nil else {
                    throw item.error(.invalidStatement, "must be an object {\"cve\": {…}}, not \(item.value.typeName)")
                }
                guard let cve = item["cve"] else { throw FormatError(.invalidStatement, path: item.path + ".cve", "is required") }
                let canonical = CanonicalJSON.encode(cve.value)
                records.append(try record(cve, sha256: canonical.withUnsafeBufferPointer(DocumentIdentity.sha256), now: now))
            }
            return records
        }
        if let cve = root["cve"] {
            return [try record(cve, sha256: DocumentIdentity.sha256(bytes), now: now)]
        }
        guard recordMembers.contains(where: { root[$0] != nil }) else {
            throw FormatError(.notTheFormat, path: "$", "is not an NVD record: " + expected)
        }
        return [try record(root, sha256: DocumentIdentity.sha256(bytes), now: now)]
    }

    /// A response says it is one, or its first element is a `{"cve": …}` (a CycloneDX VEX also
    /// has `vulnerabilities`, of another shape).
    static func isResponse(_ root: Node, _ list: Node) -> Bool {
        if root["format"] != nil || root["resultsPerPage"] != nil || root["totalResults"] != nil { return true }
        guard case .array(let values) = list.value, let first = values.first?.objectValue else { return false }
        return first["cve"] != nil
    }

    static func checkResponse(_ root: Node) throws(FormatError) {
        if let format = try root.optionalString("format"), format != "NVD_CVE" {
            throw FormatError(.notTheFormat, path: "$.format", "\"\(format)\": an NVD CVE API response's format is NVD_CVE")
        }
        if let version = try root.optionalString("version"), !version.hasPrefix("2.") {
            throw FormatError(.unsupportedVersion, path: "$.version", "\"\(version)\": only CVE API 2.x responses are read")
        }
    }

    /// One CVE object, at `cve.path`.
    static func record(_ cve: Node, sha256: String, now: LedgerTime) throws(FormatError) -> FeedRecord {
        try requireObject(cve, id: nil)
        guard let id = try cve.optionalString("id"), !id.isEmpty else {
            throw FormatError(.invalidStatement, path: cve.path + ".id", "is required")
        }
        guard PayloadSchema.isCVE(id) else {
            throw FormatError(.invalidStatement, path: cve.path + ".id", "\"\(id)\" is not a CVE id (CVE-YYYY-NNNN)")
        }
        func time(_ name: String) throws(FormatError) -> (text: String, time: LedgerTime)? {
            guard let text = try cve.optionalString(name, cve: id) else { return nil }
            guard let utc = utc(text) else {
                throw FormatError(.invalidStatement, path: cve.path + "." + name, cve: id, "\"\(text)\" is not an ISO 8601 time")
            }
            return utc
        }
        let published = try time("published")
        let modified = try time("lastModified")
        var data: JSONObject = ["id": .string(id), "source": "nvd"]
        if let published { data.append("published", .string(published.text)) }
        if let modified { data.append("modified", .string(modified.text)) }
        if try cve.optionalString("vulnStatus", cve: id) == "Rejected" {
            data.append("withdrawn", .string((modified ?? published)?.text ?? now.rfc3339))
        }
        if let summary = try englishDescription(cve, id: id).map(OSVReader.shortened), !summary.isEmpty {
            data.append("summary", .string(summary))
        }
        if let metric = try metric(cve, id: id) {
            data.append("cvss", .string(metric.vector))
            if let score = metric.score { data.append("score", .number(score)) }
        }
        let applicability = try configurations(cve, id: id)
        if !applicability.configurations.isEmpty { data.append("configurations", .array(applicability.configurations)) }
        let document = DocumentIdentity(kind: .nvd, id: id, sha256: sha256).json
        data.append("document", document)
        let kevListing = try kevListing(cve, id: id, document: document)
        return FeedRecord(source: "nvd", id: id, modified: modified?.time, sha256: sha256, at: published?.time ?? modified?.time ?? now,
                          data: data, kevListing: kevListing, keys: applicability.keys, skipped: applicability.skipped)
    }

    /// `text` as an RFC 3339 time: NVD writes its times without a zone, and they are UTC
    /// (LEDGER.md §2.6), so such a time gets its `Z`. Nil when it is no time at all.
    static func utc(_ text: String) -> (text: String, time: LedgerTime)? {
        if let time = try? LedgerTime(rfc3339: text) { return (text, time) }
        if let time = try? LedgerTime(rfc3339: text + "Z") { return (text + "Z", time) }
        return nil
    }

    /// The `descriptions` entry in English.
    static func englishDescription(_ cve: Node, id: String) throws(FormatError) -> String? {
        for entry in try cve.array("descriptions", cve: id) {
            try requireObject(entry, id: id)
            let lang = try entry.optionalString("lang", cve: id)
            guard lang == "en" || lang?.hasPrefix("en-") == true else { continue }
            if let value = try entry.optionalString("value", cve: id) { return value }
        }
        return nil
    }

    /// The `Primary` metric of CVSS v3.1, else v3.0, else v4.0; without a `Primary` one, the
    /// first of the first of these families present.
    static func metric(_ cve: Node, id: String) throws(FormatError) -> (vector: String, score: Double?)? {
        guard let metrics = cve["metrics"] else { return nil }
        try requireObject(metrics, id: id)
        var first: Node?
        var primary: Node?
        search: for family in metricFamilies {
            for entry in try metrics.array(family, cve: id) {
                try requireObject(entry, id: id)
                if try entry.optionalString("type", cve: id) == "Primary" {
                    primary = entry
                    break search
                }
                if first == nil { first = entry }
            }
        }
        guard let chosen = primary ?? first else { return nil }
        guard let cvssData = chosen["cvssData"] else {
            throw FormatError(.invalidStatement, path: chosen.path + ".cvssData", cve: id, "is required")
        }
        try requireObject(cvssData, id: id)
        let vector = try cvssData.requiredString("vectorString", cve: id)
        guard let scoreNode = cvssData["baseScore"] else { return (vector, nil) }
        guard let score = scoreNode.value.numberValue, (0...10).contains(score) else {
            throw scoreNode.error(.invalidStatement, cve: id, "must be a number from 0 to 10, not \(shown(scoreNode.value))")
        }
        return (vector, score)
    }

    /// `configurations` with only the members the event keeps; the keys of the vulnerable
    /// criteria; the entries left out.
    static func configurations(_ cve: Node, id: String) throws(FormatError)
        -> (configurations: [JSONValue], keys: [String], skipped: [FormatError]) {
        var configurations: [JSONValue] = []
        var keys: [String] = []
        var skipped: [FormatError] = []
        for configuration in try cve.array("configurations", cve: id) {
            try requireObject(configuration, id: id)
            var out = JSONObject([])
            if let op = try logic(configuration, id: id, required: false) { out.append("operator", .string(op)) }
            if let negate = try flag(configuration, "negate", id: id) { out.append("negate", .bool(negate)) }
            var nodes: [JSONValue] = []
            for node in try required(configuration, "nodes", id: id).elements(cve: id) {
                try requireObject(node, id: id)
                var nodeOut: JSONObject = ["operator": .string(try logic(node, id: id, required: true) ?? "")]
                if let negate = try flag(node, "negate", id: id) { nodeOut.append("negate", .bool(negate)) }
                var matches: [JSONValue] = []
                for match in try required(node, "cpeMatch", id: id).elements(cve: id) {
                    try requireObject(match, id: id)
                    guard let vulnerable = try flag(match, "vulnerable", id: id) else {
                        throw FormatError(.invalidStatement, path: match.path + ".vulnerable", cve: id, "is required")
                    }
                    let criteria = try match.requiredString("criteria", cve: id)
                    // The event keeps only CPE 2.3 formatted strings (the URI binding also parses).
                    let cpe: CPE
                    do throws(CPEError) {
                        guard PayloadSchema.isCPEName(criteria) else { throw CPEError("cpe:2.3: and 11 attributes expected") }
                        cpe = try CPE(parsing: criteria)
                    } catch {
                        skipped.append(FormatError(.invalidStatement, path: match.path + ".criteria", cve: id,
                                                   "\"\(criteria)\" is not a CPE 2.3 name (\(error)); the entry is left out"))
                        continue
                    }
                    var matchOut: JSONObject = ["vulnerable": .bool(vulnerable), "criteria": .string(criteria)]
                    for bound in ["versionStartIncluding", "versionStartExcluding", "versionEndIncluding", "versionEndExcluding"] {
                        if let version = try match.optionalString(bound, cve: id) { matchOut.append(bound, .string(version)) }
                    }
                    matches.append(.object(matchOut))
                    if vulnerable, !keys.contains(FeedKeys.product(cpe)) { keys.append(FeedKeys.product(cpe)) }
                }
                // A node whose every entry is left out stays, empty: it is then never satisfied,
                // as dropping it could make an AND configuration apply without its platform.
                nodeOut.append("cpeMatch", .array(matches))
                nodes.append(.object(nodeOut))
            }
            out.append("nodes", .array(nodes))
            configurations.append(.object(out))
        }
        return (configurations, keys, skipped)
    }

    /// The `kev.listed` data of a record with `cisaExploitAdd`.
    static func kevListing(_ cve: Node, id: String, document: JSONValue) throws(FormatError) -> JSONObject? {
        guard let added = try date(cve, "cisaExploitAdd", id: id) else { return nil }
        var listing: JSONObject = ["cve": .string(id), "dateAdded": .string(added)]
        if let due = try date(cve, "cisaActionDue", id: id) { listing.append("dueDate", .string(due)) }
        if let action = try cve.optionalString("cisaRequiredAction", cve: id) { listing.append("requiredAction", .string(action)) }
        if let name = try cve.optionalString("cisaVulnerabilityName", cve: id) { listing.append("vulnerabilityName", .string(name)) }
        listing.append("document", document)
        return listing
    }

    // MARK: Members of a given type

    /// A value as an error quotes it: a string in quotes, a number, else its type.
    static func shown(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): "\"\(s.count > 40 ? String(s.prefix(40)) + "…" : s)\""
        case .number(let n): CanonicalJSON.formatNumber(n)
        default: value.typeName
        }
    }

    static func requireObject(_ node: Node, id: String?) throws(FormatError) {
        guard node.object == nil else { return }
        throw node.error(.invalidStatement, cve: id, "must be an object, not \(node.value.typeName)")
    }

    static func required(_ node: Node, _ name: String, id: String) throws(FormatError) -> Node {
        guard let member = node[name] else { throw FormatError(.invalidStatement, path: node.path + "." + name, cve: id, "is required") }
        return member
    }

    static func flag(_ node: Node, _ name: String, id: String) throws(FormatError) -> Bool? {
        guard let member = node[name] else { return nil }
        guard let value = member.value.boolValue else {
            throw member.error(.invalidStatement, cve: id, "must be true or false, not \(shown(member.value))")
        }
        return value
    }

    /// `operator`: AND or OR.
    static func logic(_ node: Node, id: String, required: Bool) throws(FormatError) -> String? {
        guard let text = try node.optionalString("operator", cve: id) else {
            if required { throw FormatError(.invalidStatement, path: node.path + ".operator", cve: id, "is required") }
            return nil
        }
        guard text == "AND" || text == "OR" else {
            throw FormatError(.invalidStatement, path: node.path + ".operator", cve: id, "\"\(text)\" is neither AND nor OR")
        }
        return text
    }

    /// A date CISA gives (YYYY-MM-DD).
    static func date(_ node: Node, _ name: String, id: String) throws(FormatError) -> String? {
        guard let text = try node.optionalString(name, cve: id) else { return nil }
        guard text.utf8.count == 10, DocumentReader.time(text) != nil else {
            throw FormatError(.invalidStatement, path: node.path + "." + name, cve: id, "\"\(text)\" is not a date (YYYY-MM-DD)")
        }
        return text
    }
}
