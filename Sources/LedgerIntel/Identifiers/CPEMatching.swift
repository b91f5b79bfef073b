import Foundation

/// How a source attribute value relates to a target value (NISTIR 7696, section 6.1): the set of
/// values the source stands for, compared with the target's.
public enum CPERelation: Sendable, Hashable {
    /// The source stands for more than the target (ANY against a value, `8.*` against `8.1`).
    case superset
    /// The source stands for less than the target (a value against ANY).
    case subset
    /// Both stand for the same values.
    case equal
    /// They have no value in common.
    case disjoint
    /// The target holds wildcards, which a target name must not; no relation is defined.
    case undefined
}

extension CPEValue {
    /// The relation of this value, as the source, to a target value, per NISTIR 7696:
    /// * a target with wildcards is UNDEFINED (names to be matched are concrete);
    /// * ANY is EQUAL to ANY and a SUPERSET of everything else;
    /// * NA is EQUAL to NA and DISJOINT from everything else;
    /// * a value is a SUBSET of ANY and DISJOINT from NA;
    /// * two values are EQUAL when they are the same ignoring case, else DISJOINT;
    /// * a wildcard pattern is a SUPERSET of the values it matches, else DISJOINT.
    public func relation(toTarget target: CPEValue) -> CPERelation {
        if case .pattern = target { return .undefined }
        switch (self, target) {
        case (.any, .any), (.na, .na): return .equal
        case (.any, _): return .superset
        case (.na, _): return .disjoint
        case (_, .any): return .subset
        case (_, .na): return .disjoint
        case (.value(let source), .value(let value)):
            return source.lowercased() == value.lowercased() ? .equal : .disjoint
        case (.pattern(let pattern), .value(let value)):
            return pattern.matches(value) ? .superset : .disjoint
        default:
            return .undefined
        }
    }
}

extension CPEWildcardPattern {
    /// Whether the pattern matches a literal value, ignoring case: the literal part must occur
    /// in the value with no more characters before it than the leading wildcard allows (none
    /// without one, any for `*`, up to n for n `?`) and likewise after it. Every occurrence is
    /// tried, as NISTIR 7696's string comparison does.
    public func matches(_ value: String) -> Bool {
        let target = Array(value.lowercased())
        let needle = Array(literal.lowercased())
        guard needle.count <= target.count else { return false }
        for start in 0...(target.count - needle.count) where target[start..<(start + needle.count)].elementsEqual(needle) {
            let before = start
            let after = target.count - start - needle.count
            if Self.allows(leading, before), Self.allows(trailing, after) { return true }
        }
        return false
    }

    private static func allows(_ wildcard: Wildcard?, _ count: Int) -> Bool {
        switch wildcard {
        case nil: return count == 0
        case .anyRun: return true
        case .upTo(let limit): return count <= limit
        }
    }
}

extension CPE {
    /// NISTIR 7696 name matching: whether this CPE (as a source pattern, e.g. a cpeMatch criteria)
    /// matches the target name (e.g. a device's CPE): every attribute SUPERSET or EQUAL; ANY
    /// matches anything; NA matches only NA; case-insensitive.
    ///
    /// So a criteria with version ANY matches every version of the product, while a target
    /// whose version is ANY (version unknown) does not match a criteria naming one version:
    /// the criteria would only be a SUBSET, and a device of unknown version is not shown to be
    /// the vulnerable one.
    public func matches(_ target: CPE) -> Bool {
        relations(toTarget: target).allSatisfy { $0 == .superset || $0 == .equal }
    }

    /// The attribute-by-attribute relations of this CPE, as the source, to a target, in binding order.
    public func relations(toTarget target: CPE) -> [CPERelation] {
        zip(attributes, target.attributes).map { $0.relation(toTarget: $1) }
    }
}
