import LedgerCore
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

    public var severity: CVSSSeverity? { score.map(CVSSSeverity.init(score:)) }
    public var isOpen: Bool { closedBy == nil }
    public var isMitigated: Bool { !mitigations.isEmpty }
    public var notAffected: Bool { assessment?.value == "not_affected" }
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

    /// Every version the fleet runs or a patch brings, ranked once by `SoftwareVersion`'s order
    /// (equal versions share a rank), so matching compares integers.
    private var versionRanks: [String: Int] = [:]

    public init(fleet: Fleet, reference: LedgerTime) {
        self.fleet = fleet
        self.reference = reference
        cves = fleet.vulnerabilities.keys.sorted()
        var numbers: [String: Int] = [:]
        for (number, cve) in cves.enumerated() {
            numbers[cve] = number
            let vulnerability = fleet.vulnerabilities[cve]!
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
            let computed = scoring?.vector.flatMap { try? CVSSScore($0).score }
            scores.append((scoring?.score ?? computed, computed, scoring?.vector))
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
                    guard let number = numbers[cve] else { continue }
                    byCVE[number, default: []].append(FixRelease(stamp: stamp, version: patch.version, rank: versionRanks[patch.version]))
                }
            }
            for cve in byCVE.keys { byCVE[cve]!.sort { $0.stamp < $1.stamp } }
            fixes[key] = byCVE
        }
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
            found.append(assess(device, cve: cve, disclosures: stamps, fixes: modelFixes[cve] ?? [], ran: ran))
        }
        return found
    }

    private func assess(_ device: DeviceFacts, cve number: Int, disclosures: [Stamp], fixes: [FixRelease],
                        ran: [(stamp: Stamp, rank: Int?)]) -> DeviceVulnerability {
        // A version has the fix if it is a fixing version, or ranks at or above the lowest one.
        let lowest = fixes.lazy.compactMap(\.rank).min()
        func satisfies(_ i: Int) -> Bool {
            if let rank = ran[i].rank, let lowest { return rank >= lowest }
            return fixes.contains { $0.version == device.versions[i].value }
        }
        let cve = cves[number]
        let fixApplied = fixes.isEmpty ? nil : ran.indices.first(where: satisfies).map { ran[$0].stamp }
        // Most devices have no assessment or mitigation: no need to hash the CVE for them.
        let assessment = device.assessments.isEmpty ? nil : device.assessments[cve]
        var closedBy: Stamp?
        if let a = assessment, a.value == "not_affected" || a.value == "fixed" { closedBy = a.stamp }
        if closedBy == nil, !fixes.isEmpty, !ran.isEmpty, satisfies(ran.count - 1) {
            closedBy = fixApplied ?? ran[ran.count - 1].stamp
        }
        var mitigations: [Stamp] = []
        if !device.mitigations.isEmpty, let applied = device.mitigations[cve] {
            mitigations = applied.filter { $0.value.expires.map { $0 > reference } ?? true }.map(\.stamp)
        }
        let scoring = scores[number]
        return DeviceVulnerability(
            cve: cve, disclosures: disclosures, disclosed: disclosures[0], score: scoring.score,
            computedScore: scoring.computed, vector: scoring.vector, kev: kev[number],
            assessment: assessment, fixes: fixes, fixApplied: fixApplied, closedBy: closedBy,
            mitigations: mitigations)
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
