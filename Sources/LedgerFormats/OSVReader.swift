import LedgerCore
import LedgerIntel
import LedgerReports

/// One record of a vulnerability database, read: what the cache keeps of it and the event
/// data the log records when it touches the fleet (Protocol/LEDGER.md §2.6).
public struct FeedRecord: Sendable {
    public let source: String
    public let id: String
    public let modified: LedgerTime?
    /// SHA-256 of the record's own bytes: its `document.sha256`, and how the cache knows it.
    public let sha256: String
    /// The event's `at`: published, else modified, else the time of import.
    public let at: LedgerTime
    /// The `vulnerability.recorded` data, `document` included.
    public let data: JSONObject
    /// More events the record states: NVD's `cisaExploitAdd` as a `kev.listed`.
    public let kevListing: JSONObject?
    /// What it can match: `FeedKeys.package` of each affected package, `FeedKeys.product` of
    /// each vulnerable CPE criterion.
    public let keys: [String]
    /// Ranges or criteria left out because they do not read.
    public let skipped: [FormatError]

    public init(source: String, id: String, modified: LedgerTime?, sha256: String, at: LedgerTime, data: JSONObject,
                kevListing: JSONObject?, keys: [String], skipped: [FormatError]) {
        self.source = source
        self.id = id
        self.modified = modified
        self.sha256 = sha256
        self.at = at
        self.data = data
        self.kevListing = kevListing
        self.keys = keys
        self.skipped = skipped
    }

    /// The events that record it, by `actor`.
    public func drafts(actor: String) throws(FormatError) -> [EventDraft] {
        var drafts: [EventDraft] = []
        do {
            drafts.append(try EventDraft(type: .vulnerabilityRecorded, device: nil, at: at, actor: actor, data: data))
            if let kevListing, let added = kevListing["dateAdded"]?.stringValue.flatMap({ try? LedgerTime(rfc3339: $0) }) {
                drafts.append(try EventDraft(type: .kevListed, device: nil, at: added, actor: actor, data: kevListing))
            }
        } catch {
            throw FormatError(.invalidStatement, path: "$", cve: id, "the fact it states is refused: \(error)")
        }
        return drafts
    }
}

/// The keys under which the cache finds records and the fleet's holdings meet them.
public enum FeedKeys {
    /// An OSV package, its name normalised as `OSVPackage` does.
    public static func package(_ p: OSVPackage) -> String { "pkg\u{1F}" + p.ecosystem + "\u{1F}" + p.name }
    /// A CPE's vendor and product, lower-cased.
    public static func product(_ cpe: CPE) -> String {
        "cpe\u{1F}" + (cpe.vendor.literal ?? "*").lowercased() + ":" + (cpe.product.literal ?? "*").lowercased()
    }

    /// The keys a purl meets: each OSV package it names. Nil when it does not parse.
    public static func keys(purl: String) -> [String]? {
        guard let parsed = try? PackageURL(parsing: purl) else { return nil }
        return parsed.osvPackages.map(package)
    }

    /// The key a CPE name meets. Nil when it does not parse.
    public static func key(cpe: String) -> String? {
        (try? CPE(parsing: cpe)).map(product)
    }
}

/// Reads one OSV record (OSV schema 1.x: GitHub Security Advisories, osv.dev's ecosystems).
public enum OSVReader {
    /// Longest summary kept when a record has only `details`.
    static let summaryLength = 200

    /// Reads `bytes` as one OSV record. Throws for a record that is not one (named by JSON
    /// path and, once known, its id); a malformed range is left out and listed in `skipped`.
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>, now: LedgerTime) throws(FormatError) -> FeedRecord {
        let root = try DocumentReader.object(bytes)
        guard let id = try root.optionalString("id"), !id.isEmpty else {
            throw FormatError(.notTheFormat, path: "$.id", "is required: not an OSV record")
        }
        func time(_ name: String) throws(FormatError) -> LedgerTime? {
            guard let text = try root.optionalString(name, cve: id) else { return nil }
            guard let t = DocumentReader.time(text) else {
                throw FormatError(.invalidStatement, path: "$." + name, cve: id, "\"\(text)\" is not an RFC 3339 time")
            }
            return t
        }
        guard let modifiedText = try root.optionalString("modified", cve: id) else {
            throw FormatError(.notTheFormat, path: "$.modified", cve: id, "is required: not an OSV record")
        }
        let modified = try time("modified")
        let published = try time("published")
        _ = try time("withdrawn")  // a withdrawal must read as a time, as the event requires
        var data = JSONObject([])
        data.append("id", .string(id))
        data.append("source", "osv")
        var aliases: [String] = []
        for name in ["aliases", "upstream"] {
            for node in try root.array(name, cve: id) {
                guard let alias = node.string else { throw node.error(.invalidStatement, cve: id, "must be a string") }
                if alias != id, !aliases.contains(alias) { aliases.append(alias) }
            }
        }
        if !aliases.isEmpty { data.append("aliases", .array(aliases.map(JSONValue.string))) }
        if let text = try root.optionalString("published", cve: id) { data.append("published", .string(text)) }
        data.append("modified", .string(modifiedText))
        if let text = try root.optionalString("withdrawn", cve: id) { data.append("withdrawn", .string(text)) }
        var summary = try root.optionalString("summary", cve: id)
        if summary?.isEmpty ?? true { summary = try root.optionalString("details", cve: id).map(shortened) }
        if let summary, !summary.isEmpty {
            data.append("summary", .string(summary))
        }
        if let vector = try severity(root, id: id) {
            data.append("cvss", .string(vector))
            if let score = try? CVSSScore(vector).score { data.append("score", .number(score)) }
        }
        var affected: [JSONValue] = []
        var keys: [String] = []
        var skipped: [FormatError] = []
        for entry in try root.array("affected", cve: id) {
            guard let package = entry["package"] else {
                // An entry without a package names no version of anything (OSS-Fuzz commits only).
                continue
            }
            let ecosystem = try package.requiredString("ecosystem", cve: id)
            let name = try package.requiredString("name", cve: id)
            var packageData: JSONObject = ["ecosystem": .string(ecosystem), "name": .string(name)]
            if let purl = try package.optionalString("purl", cve: id) { packageData.append("purl", .string(purl)) }
            var out: JSONObject = ["package": .object(packageData)]
            var ranges: [JSONValue] = []
            for rangeNode in try entry.array("ranges", cve: id) {
                switch readRange(rangeNode, ecosystem: ecosystem, id: id) {
                case .success(let range): ranges.append(range)
                case .failure(let problem): skipped.append(problem)
                }
            }
            if !ranges.isEmpty { out.append("ranges", .array(ranges)) }
            var versions: [JSONValue] = []
            for node in try entry.array("versions", cve: id) {
                guard let v = node.string else { throw node.error(.invalidStatement, cve: id, "must be a string") }
                versions.append(.string(v))
            }
            if !versions.isEmpty { out.append("versions", .array(versions)) }
            affected.append(.object(out))
            let key = FeedKeys.package(OSVPackage(ecosystem: ecosystem, name: name))
            if !keys.contains(key) { keys.append(key) }
        }
        if !affected.isEmpty { data.append("affected", .array(affected)) }
        let sha = DocumentIdentity.sha256(bytes)
        data.append("document", DocumentIdentity(kind: .osv, id: id, sha256: sha).json)
        return FeedRecord(source: "osv", id: id, modified: modified, sha256: sha, at: published ?? modified ?? now,
                          data: data, kevListing: nil, keys: keys, skipped: skipped)
    }

    /// The first CVSS v3 vector of `severity`, else the first v4 one.
    static func severity(_ root: Node, id: String) throws(FormatError) -> String? {
        var v4: String?
        for node in try root.array("severity", cve: id) {
            let type = try node.optionalString("type", cve: id)
            let score = try node.optionalString("score", cve: id)
            if type == "CVSS_V3", let score { return score }
            if type == "CVSS_V4", v4 == nil { v4 = score }
        }
        return v4
    }

    /// One range as the event keeps it, or why it is left out.
    static func readRange(_ node: Node, ecosystem: String, id: String) -> Result<JSONValue, FormatError> {
        func fail(_ path: String, _ reason: String) -> Result<JSONValue, FormatError> {
            .failure(FormatError(.invalidStatement, path: path, cve: id, reason + "; the range is left out"))
        }
        guard let type = node["type"]?.string else { return fail(node.path + ".type", "is required") }
        guard let eventNodes = try? node.array("events", cve: id), !eventNodes.isEmpty else {
            return fail(node.path + ".events", "must be a non-empty array")
        }
        var events: [AffectedRange.Event] = []
        var eventValues: [JSONValue] = []
        for eventNode in eventNodes {
            guard let object = eventNode.object, object.members.count == 1, let member = object.members.first,
                  let kind = AffectedRange.Event.Kind.allCases.first(where: { $0.name == member.name }) else {
                return fail(eventNode.path, "must be one of introduced, fixed, last_affected or limit")
            }
            guard let version = member.value.stringValue, !version.isEmpty else {
                return fail(eventNode.path + "." + member.name, "must be a non-empty string")
            }
            events.append(AffectedRange.Event(kind, version))
            eventValues.append(.object([member.name: .string(version)]))
        }
        let range = AffectedRange(type: type, events: events)
        if let problem = AffectedVersions.problem(with: range, ecosystem: ecosystem) { return fail(node.path, problem) }
        return .success(.object(["type": .string(type), "events": .array(eventValues)]))
    }

    /// `details` cut at a word boundary within `summaryLength` characters.
    static func shortened(_ details: String) -> String {
        // The first non-empty line, read no further than needed (details run to kilobytes).
        let trimmed = details.drop { $0 == "\n" || $0 == "\r" }
        let firstLine = String(trimmed.prefix(summaryLength + 1).prefix { $0 != "\n" && $0 != "\r" })
        guard firstLine.count > summaryLength else { return firstLine }
        let cut = firstLine.prefix(summaryLength)
        return (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + "…"
    }
}
