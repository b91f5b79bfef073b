import Foundation

/// One `cpeMatch` entry of an NVD CVE configuration: a CPE pattern, optionally narrowed by a
/// version range, and whether a product it matches is vulnerable or only a platform it runs on.
public struct CPEMatchCriterion: Sendable, Hashable {
    /// The CPE pattern (NVD's `criteria`), usually with version ANY when bounds are given.
    public var criteria: CPE
    /// True for the vulnerable product; false for a "running on/with" platform, which only
    /// constrains when the configuration applies.
    public var vulnerable: Bool
    public var versionStartIncluding: String?
    public var versionStartExcluding: String?
    public var versionEndIncluding: String?
    public var versionEndExcluding: String?
    /// NVD's `matchCriteriaId`, kept to cite the entry.
    public var matchCriteriaId: String?

    public init(criteria: CPE, vulnerable: Bool,
                versionStartIncluding: String? = nil, versionStartExcluding: String? = nil,
                versionEndIncluding: String? = nil, versionEndExcluding: String? = nil,
                matchCriteriaId: String? = nil) {
        self.criteria = criteria
        self.vulnerable = vulnerable
        self.versionStartIncluding = versionStartIncluding
        self.versionStartExcluding = versionStartExcluding
        self.versionEndIncluding = versionEndIncluding
        self.versionEndExcluding = versionEndExcluding
        self.matchCriteriaId = matchCriteriaId
    }

    /// Whether any version bound is given (an empty string counts as none).
    public var hasVersionBounds: Bool {
        [versionStartIncluding, versionStartExcluding, versionEndIncluding, versionEndExcluding]
            .contains { Self.bound($0) != nil }
    }

    /// criteria matches target AND, when any version bound is given, target's version (must be a
    /// concrete value) lies within the bounds using compare.
    ///
    /// `compare(a, b)` returns a negative number when version a is lower than b, zero when they
    /// are equal and a positive number when a is higher, in the product's version scheme. A
    /// target whose version is ANY, NA or a pattern cannot be placed in a range, so it does not
    /// match a bounded criterion: an unknown version is not evidence of a vulnerable one.
    public func matches(_ target: CPE, compare: (String, String) -> Int) -> Bool {
        guard criteria.matches(target) else { return false }
        guard hasVersionBounds else { return true }
        guard case .value(let version) = target.version else { return false }
        return isWithinBounds(version, compare: compare)
    }

    /// Whether a concrete version lies within every bound given.
    public func isWithinBounds(_ version: String, compare: (String, String) -> Int) -> Bool {
        if let start = Self.bound(versionStartIncluding), compare(version, start) < 0 { return false }
        if let start = Self.bound(versionStartExcluding), compare(version, start) <= 0 { return false }
        if let end = Self.bound(versionEndIncluding), compare(version, end) > 0 { return false }
        if let end = Self.bound(versionEndExcluding), compare(version, end) >= 0 { return false }
        return true
    }

    private static func bound(_ text: String?) -> String? {
        guard let trimmed = text?.trimmedWhitespace, !trimmed.isEmpty else { return nil }
        return trimmed
    }
}

/// How a node combines its entries, or a configuration its nodes.
public enum CPEOperator: String, Sendable, Hashable {
    case and = "AND"
    case or = "OR"
}

/// A node of an NVD configuration: `cpeMatch` entries combined by an operator, optionally negated.
public struct CPEConfigurationNode: Sendable, Hashable {
    public var `operator`: CPEOperator
    public var negate: Bool
    /// The node's `cpeMatch` entries.
    public var matches: [CPEMatchCriterion]

    public init(operator: CPEOperator = .or, negate: Bool = false, matches: [CPEMatchCriterion]) {
        self.operator = `operator`
        self.negate = negate
        self.matches = matches
    }
}

/// One NVD configuration: nodes combined by an operator (NVD leaves it out for a single node;
/// the default is OR), optionally negated. The typical AND configuration is "application (or
/// firmware) X, vulnerable, running on platform Y, not vulnerable".
public struct CPEConfiguration: Sendable, Hashable {
    public var `operator`: CPEOperator
    public var negate: Bool
    public var nodes: [CPEConfigurationNode]

    public init(operator: CPEOperator = .or, negate: Bool = false, nodes: [CPEConfigurationNode]) {
        self.operator = `operator`
        self.negate = negate
        self.nodes = nodes
    }
}

/// Whether an NVD CVE's configurations apply to a device, and why.
public enum CPEApplicability {
    /// Evaluates an NVD CVE's configurations against the set of CPE names a device has (its
    /// firmware CPE, its components' CPEs): the CVE applies if any configuration is satisfied. A
    /// node is satisfied per its operator over its cpeMatch entries (each satisfied if some
    /// target name matches it), negated if negate; a configuration per its operator over its
    /// nodes, negated if negate. Returns the criteria that matched a `vulnerable: true` entry (the
    /// reason) or nil when not applicable. Running-on/with entries (vulnerable: false) only
    /// constrain; they are never themselves the reason.
    ///
    /// A node or configuration with nothing in it is not satisfied (there is nothing to be
    /// present). The reasons come from the satisfied, non-negated nodes of satisfied
    /// configurations, in the order of the configurations, each criterion once. A configuration
    /// that is satisfied but names no matched vulnerable entry (only platforms matched, or only
    /// a negation holds) gives no reason and so does not make the CVE apply: it names no
    /// vulnerable product on the device.
    public static func evaluate(_ configurations: [CPEConfiguration], names: [CPE],
                                compare: (String, String) -> Int) -> [CPEMatchCriterion]? {
        var reasons: [CPEMatchCriterion] = []
        for configuration in configurations {
            for reason in self.reasons(configuration, names: names, compare: compare) ?? [] where !reasons.contains(reason) {
                reasons.append(reason)
            }
        }
        return reasons.isEmpty ? nil : reasons
    }

    /// The matched vulnerable entries of a satisfied configuration, possibly none; nil when the
    /// configuration is not satisfied.
    public static func reasons(_ configuration: CPEConfiguration, names: [CPE],
                               compare: (String, String) -> Int) -> [CPEMatchCriterion]? {
        let outcomes = configuration.nodes.map { outcome(of: $0, names: names, compare: compare) }
        let satisfied = combine(outcomes.map(\.satisfied), by: configuration.operator) != configuration.negate
        guard satisfied else { return nil }
        if configuration.negate { return [] }
        return outcomes.filter(\.satisfied).flatMap(\.reasons)
    }

    /// A node's result: whether it holds, and the vulnerable entries that made it hold.
    struct NodeOutcome {
        let satisfied: Bool
        let reasons: [CPEMatchCriterion]
    }

    static func outcome(of node: CPEConfigurationNode, names: [CPE], compare: (String, String) -> Int) -> NodeOutcome {
        let matched = node.matches.map { criterion in
            names.contains { criterion.matches($0, compare: compare) }
        }
        let holds = combine(matched, by: node.operator)
        guard holds != node.negate else { return NodeOutcome(satisfied: false, reasons: []) }
        // A negated node holds because its entries are absent; none of them is a reason.
        guard !node.negate else { return NodeOutcome(satisfied: true, reasons: []) }
        let reasons = zip(node.matches, matched).filter { $0.1 && $0.0.vulnerable }.map(\.0)
        return NodeOutcome(satisfied: true, reasons: reasons)
    }

    /// AND: every one holds (and there is at least one); OR: at least one holds.
    static func combine(_ results: [Bool], by logic: CPEOperator) -> Bool {
        switch logic {
        case .and: return !results.isEmpty && results.allSatisfy { $0 }
        case .or: return results.contains(true)
        }
    }
}
