import LedgerCore

/// Why a record matched: what matched (a component's purl as the SBOM writes it, or a CPE),
/// its name and version, and the range, list or CPE criterion it fell in.
public struct MatchReason: Sendable, Hashable {
    /// The component's purl as written, or the CPE name.
    public let component: String
    public let name: String?
    public let version: String?
    /// `ECOSYSTEM introduced 2.4, fixed 2.12.2`, `listed in the record's versions`, or the
    /// CPE criterion with its version bounds.
    public let detail: String

    /// `pkg:maven/org.apache.logging.log4j/log4j-core@2.6.1 (log4j-core 2.6.1): ECOSYSTEM introduced 2.4, fixed 2.12.2`,
    /// worded once (reports print it for every device the component is on).
    public let text: String

    public init(component: String, name: String?, version: String?, detail: String) {
        self.component = component
        self.name = name
        self.version = version
        self.detail = detail
        var label = component
        let named = [name, version].compactMap { $0 }.joined(separator: " ")
        // A CPE names its product and version itself; a purl may carry neither as the SBOM does.
        if !named.isEmpty, !component.hasPrefix("cpe:"), !component.contains(named.replacingOccurrences(of: " ", with: "@")) {
            label += " (\(named))"
        }
        text = label + ": " + detail
    }
}

/// Records indexed for matching: by the OSV packages their `affected` entries name, and by the
/// CPE vendor and product their configurations name, so matching a component or a CPE touches
/// only the records that could match it.
public struct RecordMatcher: Sendable {
    public let records: [VulnerabilityRecord]
    private var byPackage: [OSVPackage: [(record: Int, entry: Int)]] = [:]
    private var byProduct: [String: [Int]] = [:]
    /// Each record's configurations, read as CPE applicability statements (nil when a criterion does not read).
    private var configurations: [Int: [CPEConfiguration]] = [:]

    public init(records: [VulnerabilityRecord]) {
        self.records = records
        for (r, record) in records.enumerated() {
            for (e, entry) in record.packages.enumerated() {
                byPackage[OSVPackage(ecosystem: entry.ecosystem, name: entry.name), default: []].append((r, e))
            }
            guard !record.configurations.isEmpty else { continue }
            let read = Self.read(record.configurations)
            configurations[r] = read
            var products = Set<String>()
            for configuration in read { for node in configuration.nodes { for m in node.matches where m.vulnerable {
                products.insert(Self.productKey(m.criteria))
            } } }
            for product in products { byProduct[product, default: []].append(r) }
        }
    }

    public var isEmpty: Bool { records.isEmpty }

    /// Every record whose `affected` entries match a component with this purl and version, with
    /// why. A purl that does not parse matches nothing (the reader reports it).
    public func matches(purl text: String, version: String?, name: String? = nil) -> [(record: Int, reason: MatchReason)] {
        guard !byPackage.isEmpty, let purl = try? PackageURL(parsing: text) else { return [] }
        guard let version = version ?? purl.version, !version.isEmpty else { return [] }
        var found: [(Int, MatchReason)] = []
        var seen = Set<Int>()
        for package in purl.osvPackages {
            for (r, e) in byPackage[package] ?? [] where !seen.contains(r) {
                // Distribution records name source packages and their versions; the purl's
                // `upstream=name@version` gives the source version when it differs.
                let entry = records[r].packages[e]
                let candidate = (package.name == purl.sourcePackageName ? purl.sourceVersion : nil) ?? version
                if let detail = AffectedVersions.reason(candidate, in: entry) {
                    seen.insert(r)
                    found.append((r, MatchReason(component: text, name: name ?? purl.name, version: candidate,
                                                 detail: "\(entry.ecosystem) \(entry.name): \(detail)")))
                }
            }
        }
        return found
    }

    /// Every NVD record whose configurations apply to a device with these CPE names, with the
    /// vulnerable criterion that matched.
    public func matches(cpes texts: [String]) -> [(record: Int, reason: MatchReason)] {
        guard !byProduct.isEmpty else { return [] }
        let names = texts.compactMap { try? CPE(parsing: $0) }
        var candidates = Set<Int>()
        for name in names { candidates.formUnion(byProduct[Self.productKey(name)] ?? []) }
        let generic = VersionScheme.generic
        var found: [(Int, MatchReason)] = []
        for r in candidates.sorted() {
            guard let read = configurations[r],
                  let matched = CPEApplicability.evaluate(read, names: names, compare: generic.compare), let first = matched.first,
                  let target = names.first(where: { first.matches($0, compare: generic.compare) }) else { continue }
            found.append((r, MatchReason(component: target.description, name: target.product.literal, version: target.version.literal,
                                         detail: Self.describe(first))))
        }
        return found
    }

    /// `vendor:product`, lower-cased, as the index keys a CPE (ANY when it has none).
    static func productKey(_ cpe: CPE) -> String {
        (cpe.vendor.literal ?? "*").lowercased() + ":" + (cpe.product.literal ?? "*").lowercased()
    }

    static func read(_ configurations: [LedgerCore.RecordConfiguration]) -> [CPEConfiguration] {
        configurations.map { c in
            CPEConfiguration(operator: c.and ? .and : .or, negate: c.negate, nodes: c.nodes.map { n in
                CPEConfigurationNode(operator: n.and ? .and : .or, negate: n.negate, matches: n.matches.compactMap { m in
                    guard let criteria = try? CPE(parsing: m.criteria) else { return nil }
                    return CPEMatchCriterion(criteria: criteria, vulnerable: m.vulnerable, versionStartIncluding: m.startIncluding,
                                             versionStartExcluding: m.startExcluding, versionEndIncluding: m.endIncluding,
                                             versionEndExcluding: m.endExcluding)
                })
            })
        }
    }

    /// The criterion and its bounds: `cpe:2.3:a:apache:log4j:*:… from 2.0.1 up to 2.15.0 (excluded)`.
    static func describe(_ m: CPEMatchCriterion) -> String {
        var bounds: [String] = []
        if let v = m.versionStartIncluding { bounds.append(">= \(v)") }
        if let v = m.versionStartExcluding { bounds.append("> \(v)") }
        if let v = m.versionEndIncluding { bounds.append("<= \(v)") }
        if let v = m.versionEndExcluding { bounds.append("< \(v)") }
        return m.criteria.description + (bounds.isEmpty ? "" : " " + bounds.joined(separator: ", "))
    }
}
