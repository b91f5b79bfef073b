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
    public let fixes: [(stamp: Stamp, version: String)]
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

    private var byDevice: [String: [(cve: String, stamp: Stamp)]] = [:]
    private var byModel: [String: [(cve: String, stamp: Stamp, versions: String?)]] = [:]
    private var byComponent: [(prefix: String, cve: String, stamp: Stamp)] = []
    private var scores: [String: (score: Double?, computed: Double?, vector: String?)] = [:]

    public init(fleet: Fleet, reference: LedgerTime) {
        self.fleet = fleet
        self.reference = reference
        for (cve, vulnerability) in fleet.vulnerabilities {
            for d in vulnerability.disclosures {
                for device in d.devices { byDevice[device, default: []].append((cve, d.stamp)) }
                for m in d.models {
                    byModel[FactPayload.modelKey(m.manufacturer, m.model), default: []].append((cve, d.stamp, m.versions))
                }
                for prefix in d.components where !prefix.isEmpty { byComponent.append((prefix, cve, d.stamp)) }
            }
            let scoring = vulnerability.scoring
            let computed = scoring?.vector.flatMap { try? CVSSScore($0).score }
            scores[cve] = (scoring?.score ?? computed, computed, scoring?.vector)
        }
        byComponent.sort { ($0.prefix, $0.cve, $0.stamp) < ($1.prefix, $1.cve, $1.stamp) }
    }

    /// Devices sorted by site then id, optionally of one site.
    public func devices(site: SiteID?) -> [DeviceFacts] {
        fleet.devices.values.filter { site == nil || $0.site == site }.sorted { ($0.site, $0.id) < ($1.site, $1.id) }
    }

    /// Procured and not decommissioned at the reference time.
    public func inService(_ device: DeviceFacts) -> Bool {
        device.procured != nil && !device.isDecommissioned(by: reference)
    }

    /// Every vulnerability that matches the device, by CVE.
    public func vulnerabilities(of device: DeviceFacts) -> [DeviceVulnerability] {
        var matched: [String: [Stamp]] = [:]
        for m in byDevice[device.id] ?? [] { matched[m.cve, default: []].append(m.stamp) }
        if let p = device.procured?.value {
            let version = device.currentVersion?.value
            for m in byModel[FactPayload.modelKey(p.manufacturer, p.model)] ?? [] where Self.versions(m.versions, contain: version) {
                matched[m.cve, default: []].append(m.stamp)
            }
        }
        if let purls = device.sbom?.value.purls, !byComponent.isEmpty {
            for c in byComponent where purls.contains(where: { $0.hasPrefix(c.prefix) }) {
                matched[c.cve, default: []].append(c.stamp)
            }
        }
        return matched.keys.sorted().map { cve in
            let stamps = Array(Set(matched[cve]!)).sorted()
            return assess(device, cve: cve, disclosures: stamps)
        }
    }

    /// Whether a version range (nil: every version) contains the device's version (unknown:
    /// assumed affected, since nothing shows otherwise).
    static func versions(_ range: String?, contain version: String?) -> Bool {
        guard let range, let version else { return true }
        return VersionMatching.range(range, contains: version)
    }

    private func assess(_ device: DeviceFacts, cve: String, disclosures: [Stamp]) -> DeviceVulnerability {
        let vulnerability = fleet.vulnerabilities[cve]
        var fixes: [(stamp: Stamp, version: String)] = []
        if let model = fleet.model(of: device) {
            fixes = model.patches.filter { $0.value.fixes.contains(cve) }.map { ($0.key, $0.value.version) }.sorted { $0.stamp < $1.stamp }
        }
        let fixingVersions = fixes.map(\.version)
        let ran = device.versions.sorted { $0.key < $1.key }
        let fixApplied = ran.first { entry in fixingVersions.contains { VersionMatching.version(entry.value, satisfiesFix: $0) } }?.key
        let assessment = device.assessments[cve]
        var closedBy: Stamp?
        if let a = assessment, a.value == "not_affected" || a.value == "fixed" { closedBy = a.stamp }
        if closedBy == nil, let current = ran.last,
           fixingVersions.contains(where: { VersionMatching.version(current.value, satisfiesFix: $0) }) {
            closedBy = fixApplied ?? current.key
        }
        let mitigations = (device.mitigations[cve] ?? [:]).filter { $0.value.expires.map { $0 > reference } ?? true }.keys.sorted()
        let scoring = scores[cve]
        return DeviceVulnerability(
            cve: cve, disclosures: disclosures, disclosed: disclosures[0], score: scoring?.score,
            computedScore: scoring?.computed, vector: scoring?.vector, kev: vulnerability?.kevSince.flatMap { $0.time <= reference ? $0 : nil },
            assessment: assessment, fixes: fixes, fixApplied: fixApplied, closedBy: closedBy, mitigations: mitigations)
    }
}

/// Version comparison for matching fixes and affected ranges.
enum VersionMatching {
    /// Whether a device running `version` has the fix released as `fix`: the same version, or
    /// a later one when both are dotted numbers.
    static func version(_ version: String, satisfiesFix fix: String) -> Bool {
        if version == fix { return true }
        guard let a = numeric(version), let b = numeric(fix) else { return false }
        return !a.lexicographicallyPrecedes(b)
    }

    static func numeric(_ version: String) -> [Int]? {
        let parts = version.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return nil }
        return parts.map { $0! }
    }

    static func range(_ range: String, contains version: String) -> Bool {
        true
    }
}
