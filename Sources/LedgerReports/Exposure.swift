import LedgerCore
import LedgerIntel
import LedgerStore

/// One vulnerability as it stands for one device at the reference time.
public struct DeviceVulnerability: Sendable {
    public let cve: String
    /// The disclosures that match the device (by id, by model and version, or by component).
    public let disclosures: [Stamp]
    /// The first of them.
    public let disclosed: Stamp
    /// The score used: the one the disclosure states, else the one computed from its vector.
    public let score: Double?
    /// The score computed from the vector, when there is a vector that parses.
    public let computedScore: Double?
    public let vector: String?
    public let kev: (time: LedgerTime, stamp: Stamp)?
    /// The latest assessment of the CVE for this device.
    public let assessment: Latest<String>?
    /// Patches released for the device's model that fix the CVE, earliest first.
    public let fixes: [FixRelease]
    /// The first time the device ran a fixing version (`patch.applied` or procured so).
    public let fixApplied: Stamp?
    /// What closed it: a `not_affected` or `fixed` assessment, or a fixing version the device runs.
    public let closedBy: Stamp?
    /// Mitigations in force at the reference time.
    public let mitigations: [Stamp]
    /// The database records that matched the device, with why (their events are among
    /// `disclosures`).
    public let matches: [RecordMatch]

    public var severity: CVSSSeverity? { score.map(CVSSSeverity.init(score:)) }
    public var isOpen: Bool { closedBy == nil }
    public var isMitigated: Bool { !mitigations.isEmpty }
    public var notAffected: Bool { assessment?.value == "not_affected" }
}

/// A vulnerability database record that matched a device: the record's id, the event that
/// recorded it, and what matched (component or CPE, the range it fell in).
public struct RecordMatch: Sendable {
    public let record: String
    public let source: String
    public let stamp: Stamp
    public let reason: MatchReason
}

/// The fleet at a reference time, with the indexes that match vulnerabilities to devices:
/// by device id, by manufacturer and model (within the affected versions), and by an SBOM
/// component whose purl starts with the listed purl text.
public struct FleetAnalysis: Sendable {
    public let fleet: Fleet
    /// The time rules are judged at (`--as-of`, else now).
    public let reference: LedgerTime

    /// Every disclosed CVE, sorted, so a CVE's number orders as its text does and matching
    /// works on integers.
    private var cves: [String] = []
    private var byDevice: [String: [(cve: Int, stamp: Stamp)]] = [:]
    private var byModel: [String: [(cve: Int, stamp: Stamp, versions: VersionRange?)]] = [:]
    /// Disclosures matched by SBOM component, grouped by the purl text they list.
    private var byComponent: [String: [(cve: Int, stamp: Stamp)]] = [:]
    /// By CVE number.
    private var scores: [(score: Double?, computed: Double?, vector: String?)] = []
    private var kev: [(time: LedgerTime, stamp: Stamp)?] = []
    /// Per model, the patches fixing each CVE (by number), earliest first, with their versions read.
    private var fixes: [String: [Int: [FixRelease]]] = [:]

    /// Every name of a vulnerability (a record's id and aliases, a disclosure's CVE) to the
    /// name it is reported under: the least CVE of its names, else the least name.
    private var canonical: [String: String] = [:]
    /// By CVE number: every name the vulnerability has (for assessments and mitigations that
    /// name another of them).
    private var names: [[String]] = []
    /// Disclosures and KEV listings merged under each reported name.
    public private(set) var vulnerabilities: [String: VulnerabilityFacts] = [:]
    /// The records not withdrawn at the reference time, with their CVE numbers and events.
    private var matcher = RecordMatcher(records: [])
    private var recordInfo: [(cve: Int, stamp: Stamp)] = []
    /// By `purl` and version (joined by U+001F): the records each component matches.
    private var componentMatches: [ComponentKey: [(record: Int, reason: MatchReason)]] = [:]
    /// Each reported name's number in `cves`.
    private var numberOf: [String: Int] = [:]

    /// A component as matching keys it: its purl and version, hashed without joining them.
    private struct ComponentKey: Hashable, Sendable {
        let purl: String
        let version: String?
    }

    /// Every version the fleet runs or a patch brings, ranked once by `SoftwareVersion`'s order
    /// (equal versions share a rank), so matching compares integers.
    private var versionRanks: [String: Int] = [:]

    public init(fleet: Fleet, reference: LedgerTime) {
        self.fleet = fleet
        self.reference = reference
        (canonical, vulnerabilities) = Self.join(fleet)
        cves = vulnerabilities.keys.sorted()
        var numbers: [String: Int] = [:]
        for (number, cve) in cves.enumerated() { numbers[cve] = number }
        numberOf = numbers
        names = Array(repeating: [], count: cves.count)
        for (name, key) in canonical { if let n = numbers[key] { names[n].append(name) } }
        for n in names.indices { names[n].sort() }
        for (number, cve) in cves.enumerated() {
            let vulnerability = vulnerabilities[cve]!
            for d in vulnerability.disclosures {
                for device in d.devices { byDevice[device, default: []].append((number, d.stamp)) }
                for m in d.models {
                    // A range that does not read is taken as every version (the recorder refuses them).
                    let range = m.versions.flatMap { try? VersionRange($0) }
                    byModel[FactPayload.modelKey(m.manufacturer, m.model), default: []].append((number, d.stamp, range))
                }
                for prefix in d.components where !prefix.isEmpty { byComponent[prefix, default: []].append((number, d.stamp)) }
            }
            let scoring = vulnerability.scoring
            let vector = scoring?.vector ?? vulnerability.recordScoring?.vector
            let computed = vector.flatMap { try? CVSSScore($0).score }
            scores.append(((scoring != nil ? scoring?.score : vulnerability.recordScoring?.score) ?? computed, computed, vector))
            if let since = vulnerability.kevSince, since.time <= reference { kev.append(since) } else { kev.append(nil) }
        }
        var versions = Set<String>()
        for device in fleet.devices.values { for entry in device.versions { versions.insert(entry.value) } }
        for model in fleet.models.values { for patch in model.patches { versions.insert(patch.value.version) } }
        let ranked = versions.compactMap { text in SoftwareVersion(text).map { (text, $0) } }.sorted { $0.1 < $1.1 }
        var rank = 0
        for (i, entry) in ranked.enumerated() {
            if i > 0, ranked[i - 1].1 < entry.1 { rank += 1 }
            versionRanks[entry.0] = rank
        }
        for (key, model) in fleet.models {
            var byCVE: [Int: [FixRelease]] = [:]
            for (stamp, patch) in model.patches {
                // A fix for a CVE never disclosed here matches no device.
                for cve in patch.fixes {
                    guard let number = numbers[canonical[cve] ?? cve] else { continue }
                    byCVE[number, default: []].append(FixRelease(stamp: stamp, version: patch.version, rank: versionRanks[patch.version]))
                }
            }
            for cve in byCVE.keys { byCVE[cve]!.sort { $0.stamp < $1.stamp } }
            fixes[key] = byCVE
        }
        indexRecords(numbers: numbers)
    }

    /// Joins names into vulnerabilities: a record's id and aliases are one flaw, and so is
    /// every other record or disclosure sharing one of those names (GHSA-jfh8-c2jp-5v3q is
    /// CVE-2021-44228). Each is reported under the least CVE among its names, else its least
    /// name; its disclosures and KEV listings are merged under that name.
    static func join(_ fleet: Fleet) -> (canonical: [String: String], vulnerabilities: [String: VulnerabilityFacts]) {
        var parent: [String: String] = [:]
        func root(_ name: String) -> String {
            var r = name
            while let p = parent[r], p != r { r = p }
            var n = name
            while let p = parent[n], p != r { parent[n] = r; n = p }
            return r
        }
        func union(_ a: String, _ b: String) {
            let (ra, rb) = (root(a), root(b))
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        for cve in fleet.vulnerabilities.keys { parent[cve] = parent[cve] ?? cve }
        for facts in fleet.records.values {
            for name in facts.current.names {
                parent[name] = parent[name] ?? name
                union(facts.current.id, name)
            }
        }
        var groups: [String: [String]] = [:]
        for name in parent.keys { groups[root(name), default: []].append(name) }
        var canonical: [String: String] = [:]
        for members in groups.values {
            let key = members.filter { $0.hasPrefix("CVE-") }.min() ?? members.min()!
            for name in members { canonical[name] = key }
        }
        var merged: [String: VulnerabilityFacts] = [:]
        for (cve, facts) in fleet.vulnerabilities {
            let key = canonical[cve] ?? cve
            merged[key, default: VulnerabilityFacts(cve: key)].disclosures += facts.disclosures
            merged[key, default: VulnerabilityFacts(cve: key)].kevListings += facts.kevListings
        }
        for facts in fleet.records.values {
            let key = canonical[facts.current.id] ?? facts.current.id
            var v = merged[key] ?? VulnerabilityFacts(cve: key)
            v.records.append(facts)
            merged[key] = v
        }
        return (canonical, merged)
    }

    /// Indexes the records in force at the reference time and matches every component the
    /// fleet's SBOMs list, once per purl and version.
    private mutating func indexRecords(numbers: [String: Int]) {
        guard !fleet.records.isEmpty else { return }
        var records: [VulnerabilityRecord] = []
        for id in fleet.records.keys.sorted() {
            let facts = fleet.records[id]!
            if let withdrawn = facts.current.withdrawn, withdrawn <= reference { continue }
            guard let number = numbers[canonical[id] ?? id] else { continue }
            records.append(facts.current)
            recordInfo.append((number, facts.stamp))
        }
        matcher = RecordMatcher(records: records)
        guard !matcher.isEmpty else { return }
        for device in fleet.devices.values {
            for c in device.sbom?.value ?? [] {
                guard let purl = c.purl else { continue }
                let key = ComponentKey(purl: purl, version: c.version)
                if componentMatches[key] == nil {
                    componentMatches[key] = matcher.matches(purl: purl, version: c.version, name: c.name)
                }
            }
        }
    }

    /// The CPE names a device has: its own and its model's (a version `*` read as the version
    /// it runs: NVD's firmware records need the firmware's name and the hardware's together),
    /// and its latest SBOM's components'.
    public func cpeNames(of device: DeviceFacts) -> [String] {
        var names: [String] = []
        for cpe in [device.cpe?.value, fleet.model(of: device)?.cpe?.value].compactMap({ $0 }) {
            let name = Self.withVersion(cpe, device.currentVersion?.value)
            if !names.contains(name) { names.append(name) }
        }
        for c in device.sbom?.value ?? [] { if let cpe = c.cpe { names.append(cpe) } }
        return names
    }

    /// `cpe` with a version `*` replaced by `version`, as a device's CPE stands for the
    /// version it runs.
    static func withVersion(_ cpe: String, _ version: String?) -> String {
        guard let version, var parsed = try? CPE(parsing: cpe), case .any = parsed.version else { return cpe }
        parsed.version = .value(version)
        return parsed.description
    }

    /// The name a vulnerability is reported under, for any of its names.
    public func reportedName(_ name: String) -> String { canonical[name] ?? name }

    /// Every name the vulnerability reported as `key` has (itself included), sorted.
    public func names(of key: String) -> [String] {
        guard let i = numberOf[key] else { return [key] }
        return names[i]
    }

    /// Devices sorted by site then id, optionally of one site.
    public func devices(site: SiteID?) -> [DeviceFacts] {
        // Sorts the keys, not the (large) facts.
        let keys = fleet.devices.compactMap { site == nil || $0.value.site == site ? ($0.value.site, $0.key) : nil }
        return keys.sorted { $0 < $1 }.map { fleet.devices[$0.1]! }
    }

    /// Procured and not decommissioned at the reference time.
    public func inService(_ device: DeviceFacts) -> Bool {
        device.procured != nil && !device.isDecommissioned(by: reference)
    }

    /// Every vulnerability that matches the device, by CVE.
    public func vulnerabilities(of device: DeviceFacts) -> [DeviceVulnerability] {
        var matched: [(cve: Int, stamp: Stamp)] = byDevice[device.id] ?? []
        var modelKey: String?
        // The versions it ran, ranked; their texts stay in `device.versions` (same indices), so
        // matching copies no string per vulnerability.
        let ran = device.versions.map { (stamp: $0.stamp, rank: versionRanks[$0.value]) }
        if let p = device.procured?.value {
            let key = FactPayload.modelKey(p.manufacturer, p.model)
            modelKey = key
            // The running version is read once; text that is not a version is in no range but `*`.
            let current = device.versions.last.map { (text: $0.value, version: SoftwareVersion($0.value)) }
            func inRange(_ range: VersionRange) -> Bool {
                guard let current else { return true }
                if let version = current.version { return range.contains(version) }
                return range.contains(current.text)
            }
            for m in byModel[key] ?? [] where m.versions.map(inRange) ?? true { matched.append((m.cve, m.stamp)) }
        }
        if let components = device.sbom?.value, !byComponent.isEmpty {
            let purls = components.compactMap(\.purl)
            for (prefix, entries) in byComponent where purls.contains(where: { $0.hasPrefix(prefix) }) {
                matched += entries
            }
        }
        var recordMatches: [Int: [RecordMatch]] = [:]
        if !matcher.isEmpty {
            func found(_ r: Int, _ reason: MatchReason) {
                let info = recordInfo[r]
                matched.append((info.cve, info.stamp))
                recordMatches[info.cve, default: []].append(RecordMatch(record: matcher.records[r].id, source: matcher.records[r].source,
                                                                        stamp: info.stamp, reason: reason))
            }
            for c in device.sbom?.value ?? [] {
                guard let purl = c.purl else { continue }
                for (r, reason) in componentMatches[ComponentKey(purl: purl, version: c.version)] ?? [] { found(r, reason) }
            }
            let cpes = cpeNames(of: device)
            if !cpes.isEmpty { for (r, reason) in matcher.matches(cpes: cpes) { found(r, reason) } }
        }
        let modelFixes = modelKey.flatMap { fixes[$0] } ?? [:]
        // By CVE (the numbers order as the texts do), each CVE's disclosures in the total order, once.
        matched.sort { $0.cve != $1.cve ? $0.cve < $1.cve : $0.stamp < $1.stamp }
        var found: [DeviceVulnerability] = []
        found.reserveCapacity(matched.count)
        var i = 0
        while i < matched.count {
            let cve = matched[i].cve
            var stamps: [Stamp] = []
            while i < matched.count, matched[i].cve == cve {
                if stamps.last != matched[i].stamp { stamps.append(matched[i].stamp) }
                i += 1
            }
            found.append(assess(device, cve: cve, disclosures: stamps, fixes: modelFixes[cve] ?? [], ran: ran,
                                matches: recordMatches[cve] ?? []))
        }
        return found
    }

    private func assess(_ device: DeviceFacts, cve number: Int, disclosures: [Stamp], fixes: [FixRelease],
                        ran: [(stamp: Stamp, rank: Int?)], matches: [RecordMatch]) -> DeviceVulnerability {
        // A version has the fix if it is a fixing version, or ranks at or above the lowest one.
        let lowest = fixes.lazy.compactMap(\.rank).min()
        func satisfies(_ i: Int) -> Bool {
            if let rank = ran[i].rank, let lowest { return rank >= lowest }
            return fixes.contains { $0.version == device.versions[i].value }
        }
        let cve = cves[number]
        let fixApplied = fixes.isEmpty ? nil : ran.indices.first(where: satisfies).map { ran[$0].stamp }
        // Most devices have no assessment or mitigation: no need to hash the CVE for them.
        let assessment = device.assessments.isEmpty ? nil : names[number].compactMap { device.assessments[$0] }.max { $0.stamp < $1.stamp }
        var closedBy: Stamp?
        if let a = assessment, a.value == "not_affected" || a.value == "fixed" { closedBy = a.stamp }
        if closedBy == nil, !fixes.isEmpty, !ran.isEmpty, satisfies(ran.count - 1) {
            closedBy = fixApplied ?? ran[ran.count - 1].stamp
        }
        var mitigations: [Stamp] = []
        if !device.mitigations.isEmpty {
            for name in names[number] {
                guard let applied = device.mitigations[name] else { continue }
                mitigations += applied.filter { $0.value.expires.map { $0 > reference } ?? true }.map(\.stamp)
            }
            mitigations.sort()
        }
        let scoring = scores[number]
        return DeviceVulnerability(
            cve: cve, disclosures: disclosures, disclosed: disclosures[0], score: scoring.score,
            computedScore: scoring.computed, vector: scoring.vector, kev: kev[number],
            assessment: assessment, fixes: fixes, fixApplied: fixApplied, closedBy: closedBy,
            mitigations: mitigations, matches: matches)
    }
}

/// A patch released for a model that fixes a CVE.
public struct FixRelease: Sendable {
    public let stamp: Stamp
    public let version: String
    /// The version's rank among the fleet's versions (nil when it does not read as a version).
    let rank: Int?
}

/// Version comparison for matching fixes (`SoftwareVersion`).
enum VersionMatching {
    /// Whether a device running `version` has the fix released as `fix`: the same version, or
    /// a later one by `SoftwareVersion`'s order.
    static func version(_ version: String, satisfiesFix fix: String) -> Bool {
        if version == fix { return true }
        guard let running = SoftwareVersion(version), let fixed = SoftwareVersion(fix) else { return false }
        return running >= fixed
    }
}
