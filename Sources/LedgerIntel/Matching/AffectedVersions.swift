import LedgerCore

/// Whether a version of a package is affected by one OSV `affected` entry, by OSV's rules
/// (Protocol/LEDGER.md §2.6): listed in `versions`, or inside one of its ranges.
public enum AffectedVersions {
    /// Why `version` is affected by `entry` (the range or the list it falls in), or nil.
    public static func reason(_ version: String, in entry: AffectedPackage) -> String? {
        if entry.versions.contains(version) { return "listed in the record's versions" }
        for range in entry.ranges where contains(version, range: range, ecosystem: entry.ecosystem) {
            return describe(range)
        }
        return nil
    }

    /// The scheme a range orders its versions by: SemVer for `SEMVER`, the ecosystem's own for
    /// `ECOSYSTEM`; nil for `GIT` (commits have no order without the repository: such ranges
    /// match only through the record's `versions` list).
    static func scheme(of range: AffectedRange, ecosystem: String) -> VersionScheme? {
        switch range.type {
        case "SEMVER": .semver
        case "ECOSYSTEM": VersionScheme(ecosystem: ecosystem)
        default: nil
        }
    }

    /// OSV's evaluation of one range: with the events sorted by version (`introduced` `0`
    /// before every version), the version is affected when the last event at or below it is an
    /// `introduced` and no `fixed` event at or below it, or `last_affected` below it, follows
    /// that; and, when the range has `limit` events, it is below one of them.
    public static func contains(_ version: String, range: AffectedRange, ecosystem: String) -> Bool {
        guard let scheme = scheme(of: range, ecosystem: ecosystem) else { return false }
        let v = scheme.parse(version)
        let limits = range.events.filter { $0.kind == .limit }
        if !limits.isEmpty, !limits.contains(where: { v.compare(to: scheme.parse($0.version)) < 0 }) { return false }
        // (position in the sorted order, the event): "0" sorts first.
        let events = range.events.filter { $0.kind != .limit }.map { event in
            (version: event.kind == .introduced && event.version == "0" ? nil : scheme.parse(event.version), event: event)
        }.sorted { a, b in
            guard let av = a.version else { return b.version != nil }
            guard let bv = b.version else { return false }
            return av.compare(to: bv) < 0
        }
        var affected = false
        for (eventVersion, event) in events {
            let order = eventVersion.map { v.compare(to: $0) } ?? 1
            switch event.kind {
            case .introduced where order >= 0: affected = true
            case .fixed where order >= 0: affected = false
            case .lastAffected where order > 0: affected = false
            default: break
            }
        }
        return affected
    }

    /// `ECOSYSTEM introduced 2.4, fixed 2.12.2`: the range as the record states it.
    public static func describe(_ range: AffectedRange) -> String {
        range.type + " " + range.events.map { "\($0.kind.name) \($0.version)" }.joined(separator: ", ")
    }

    /// The first reason a range cannot be evaluated as written (an unknown type, no events,
    /// no `introduced`, a version its scheme does not read), for reporting it skipped.
    public static func problem(with range: AffectedRange, ecosystem: String) -> String? {
        guard ["SEMVER", "ECOSYSTEM", "GIT"].contains(range.type) else { return "range type \"\(range.type)\" is not SEMVER, ECOSYSTEM or GIT" }
        guard !range.events.isEmpty else { return "range has no events" }
        guard range.events.contains(where: { $0.kind == .introduced }) else { return "range has no introduced event" }
        guard range.type == "SEMVER" else { return nil }
        for event in range.events where !(event.kind == .introduced && event.version == "0") {
            if !VersionScheme.semver.isValid(event.version) { return "\(event.kind.name) \"\(event.version)\" is not a SemVer version" }
        }
        return nil
    }
}
