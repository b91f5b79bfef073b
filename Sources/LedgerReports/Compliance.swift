import LedgerCore
import LedgerStore

/// A contract-compliance finding: which device and supplier broke which term, and the events
/// that prove it.
public struct Finding: Sendable {
    /// The finding codes, worst first (the order reports list them in).
    public enum Code: String, CaseIterable, Sendable, Comparable {
        case kevUnpatched = "KEV_UNPATCHED"
        case inUsePastEndOfLife = "IN_USE_PAST_END_OF_LIFE"
        case supplierPatchLate = "SUPPLIER_PATCH_LATE"
        case sitePatchLate = "SITE_PATCH_LATE"
        case vulnerableAtDelivery = "VULNERABLE_AT_DELIVERY"
        case inUsePastEndOfSupport = "IN_USE_PAST_END_OF_SUPPORT"
        case decommissionedUnsanitized = "DECOMMISSIONED_UNSANITIZED"
        case supportEndsBeforeUsefulLife = "SUPPORT_ENDS_BEFORE_USEFUL_LIFE"
        case missingSBOM = "MISSING_SBOM"
        case missingMDS2 = "MISSING_MDS2"
        case remoteAccessUndocumented = "REMOTE_ACCESS_UNDOCUMENTED"
        case noSecurityContact = "NO_SECURITY_CONTACT"
        case noRoadmap = "NO_ROADMAP"

        /// The contract principles of DOMAIN.md the finding breaks (none for the site's own target).
        public var principles: [Int] {
            switch self {
            case .supportEndsBeforeUsefulLife: [4]
            case .supplierPatchLate: [5, 10]
            case .sitePatchLate: []
            case .kevUnpatched: [2, 5]
            case .vulnerableAtDelivery: [2]
            case .missingMDS2: [8]
            case .missingSBOM: [13]
            case .noSecurityContact: [5]
            case .noRoadmap: [14]
            case .remoteAccessUndocumented: [11]
            case .inUsePastEndOfSupport, .inUsePastEndOfLife, .decommissionedUnsanitized: [14]
            }
        }

        /// The position in the worst-first order.
        var rank: Int {
            switch self {
            case .kevUnpatched: 0
            case .inUsePastEndOfLife: 1
            case .supplierPatchLate: 2
            case .sitePatchLate: 3
            case .vulnerableAtDelivery: 4
            case .inUsePastEndOfSupport: 5
            case .decommissionedUnsanitized: 6
            case .supportEndsBeforeUsefulLife: 7
            case .missingSBOM: 8
            case .missingMDS2: 9
            case .remoteAccessUndocumented: 10
            case .noSecurityContact: 11
            case .noRoadmap: 12
            }
        }
        public static func < (a: Code, b: Code) -> Bool { a.rank < b.rank }
    }

    public let code: Code
    public let device: String
    public let site: SiteID
    public let manufacturer: String
    public let model: String
    public let cve: String?
    public let detail: String
    /// The events that prove it, in the total order; never empty.
    public let evidence: [EventID]
}

extension Finding {
    /// A finding about a procured device, with its evidence as event ids.
    init(_ finding: DeviceFinding, of device: DeviceFacts) {
        let p = device.procured!.value
        self.init(code: finding.code, device: device.id, site: device.site, manufacturer: p.manufacturer, model: p.model,
                  cve: finding.cve, detail: finding.detail.text, evidence: finding.evidence.map(\.id))
    }
}

/// A finding as the rules state it about one device: what it shares with the device's other
/// findings (the device, its site, manufacturer and model) is left to the device's facts, and
/// the evidence is still stamps, so a report writes them as it needs without a `Finding`.
struct DeviceFinding: Sendable {
    let code: Finding.Code
    let cve: String?
    let detail: FindingDetail
    /// The events that prove it, in the total order, each once; never empty.
    let evidence: [Stamp]
}

/// The contract-compliance rules of DOMAIN.md, judged at the analysis's reference time.
public enum ComplianceRules {
    /// Every finding, in the documented order: code (worst first), site, device, CVE.
    public static func findings(_ analysis: FleetAnalysis, site: SiteID? = nil, sitePatchDays: Int = 30) -> [Finding] {
        findingsByCode(analysis, site: site, sitePatchDays: sitePatchDays).flatMap { $0.flatMap { $0 } }
    }

    /// Every finding, judged on every core in chunks of devices: per code (worst first), the
    /// chunks' findings in device order. Devices come in (site, id) order, so bucketing each
    /// device's findings by code gives the documented order without sorting the report.
    static func findingsByCode<T: Sendable>(_ analysis: FleetAnalysis, site: SiteID?, sitePatchDays: Int,
                                  _ transform: @Sendable (Finding) -> T = { $0 }) -> [[[T]]] {
        judgedByCode(analysis, site: site, sitePatchDays: sitePatchDays, empty: [T](), context: { $0 }) { bucket, device, finding in
            bucket.append(transform(Finding(finding, of: device)))
        }
    }

    /// The same, with each chunk's findings of a code gathered into a bucket by `add`, which is
    /// given each finding with what `context` made of its device (a procured one) for all of
    /// the device's findings.
    static func judgedByCode<Bucket: Sendable, Context>(
        _ analysis: FleetAnalysis, site: SiteID?, sitePatchDays: Int, empty: Bucket,
        context: @Sendable (DeviceFacts) -> Context, _ add: @Sendable (inout Bucket, Context, DeviceFinding) -> Void
    ) -> [[Bucket]] {
        let devices = analysis.devices(site: site)
        let chunks = Parallel.chunks(devices.count, size: 256)
        let judged = Parallel.map(chunks.count) { c in
            var buckets = Array(repeating: empty, count: Finding.Code.allCases.count)
            for device in devices[chunks[c]] {
                let findings = judge(device, analysis, sitePatchDays: sitePatchDays)
                guard !findings.isEmpty else { continue }
                let shared = context(device)
                for finding in findings { add(&buckets[finding.code.rank], shared, finding) }
            }
            return buckets
        }
        return Finding.Code.allCases.indices.map { code in judged.map { $0[code] } }
    }

    static func days(_ from: LedgerTime, _ to: LedgerTime) -> Int { from.days(until: to) }

    /// The findings about one device, in the documented order.
    /// The rules emit a device's findings by CVE in order (its vulnerabilities come sorted by
    /// CVE) and at most one of each code per CVE, so ordering them by code alone, keeping that
    /// order within a code, gives the documented order.
    public static func findings(for device: DeviceFacts, _ analysis: FleetAnalysis, sitePatchDays: Int) -> [Finding] {
        var buckets = Array(repeating: [Finding](), count: Finding.Code.allCases.count)
        for finding in judge(device, analysis, sitePatchDays: sitePatchDays) {
            buckets[finding.code.rank].append(Finding(finding, of: device))
        }
        return buckets.flatMap { $0 }
    }

    /// The findings about one device, by CVE as the rules emit them (not yet by code).
    static func judge(_ device: DeviceFacts, _ analysis: FleetAnalysis, sitePatchDays: Int) -> [DeviceFinding] {
        guard let procured = device.procured else { return [] }
        let fleet = analysis.fleet
        let reference = analysis.reference
        let p = procured.value
        let layers = fleet.termLayers(of: device)
        let (terms, termLayers) = Fleet.merge(layers)
        // The terms in force at a time: the procurement and the amendments made by then.
        var termsByCount: [Int: (terms: ContractTerms, evidence: [Stamp])] = [:]
        func termsAt(_ time: LedgerTime) -> (terms: ContractTerms, evidence: [Stamp]) {
            var count = 1
            for i in layers.indices.dropFirst() where layers[i].0.at <= time { count += 1 }
            if let known = termsByCount[count] { return known }
            let merged = Fleet.merge(layers.prefix(count))
            termsByCount[count] = merged
            return merged
        }
        let model = fleet.model(of: device)
        let inService = analysis.inService(device)
        let endOfService = device.decommissioned.map { min($0.stamp.at, reference) } ?? reference
        var out: [DeviceFinding] = []

        func add(_ code: Finding.Code, cve: String? = nil, _ detail: FindingDetail, _ evidence: consuming [Stamp]) {
            out.append(DeviceFinding(code: code, cve: cve, detail: detail, evidence: Self.ordered(evidence)))
        }
        let identity = [procured.stamp] + (device.firstDeployment.map { [$0] } ?? [])

        // Principle 4: the supplier's support must last the contract's useful life.
        if let usefulLife = terms.usefulLifeEnd, let support = model?.endOfSupport, support.value < usefulLife {
            add(.supportEndsBeforeUsefulLife,
                "end of support \(support.value.date) is \(days(support.value, usefulLife)) days before the useful life ends \(usefulLife.date)",
                termLayers + [support.stamp])
        }

        for v in analysis.vulnerabilities(of: device) where !v.notAffected {
            let severityText = v.severity.map { "\($0.rawValue) \(formatScore(v.score!))" } ?? "unscored"
            // Why a database record matched the device, for the details that name the CVE.
            let why: String = v.matches.first.map { "; matched \($0.reason.text) (\($0.record))" } ?? ""
            // A finding's evidence: the vulnerability's disclosures, the procurement, `stamps`
            // and `terms`, gathered into one array (chained `+` made one for each step).
            func evidence(_ stamps: Stamp?..., terms: [Stamp] = []) -> [Stamp] {
                var all = v.disclosures
                all.reserveCapacity(v.disclosures.count + 1 + stamps.count + terms.count)
                all.append(procured.stamp)
                for case let stamp? in stamps { all.append(stamp) }
                all += terms
                return all
            }

            // Principles 5 and 10: the supplier's fix within the contract's days for the severity.
            let start = max(v.disclosed.at, procured.stamp.at)
            let (termsThen, layersThen) = termsAt(start)
            if let severity = v.severity, let index = Self.patchDayIndex(severity), let allowed = termsThen.patchDays[index] {
                let due = start.adding(days: allowed)
                let release = v.fixes.first
                if due < endOfService, release.map({ $0.stamp.at > due }) ?? true {
                    let what: FindingDetail = release.map { "released \($0.version) on \($0.stamp.at.date), \(days(start, $0.stamp.at)) days" }
                        ?? "no fix released after \(days(start, endOfService)) days"
                    add(.supplierPatchLate, cve: v.cve,
                        "\(v.cve) (\(severityText)): fix due within \(allowed) days, by \(due.date); \(what)\(why)",
                        evidence(release?.stamp, terms: layersThen))
                }
            }

            // The site's own target: apply a released fix within `sitePatchDays`.
            if let release = v.fixes.first {
                let start = max(release.stamp.at, procured.stamp.at)
                let due = start.adding(days: sitePatchDays)
                let closedInTime = v.assessment.map { $0.value == "fixed" && $0.stamp.at <= due } ?? false
                let applied = v.fixApplied
                if due < endOfService, !closedInTime, applied.map({ $0.at > due }) ?? true {
                    let what: FindingDetail = applied.map { "applied on \($0.at.date), \(days(start, $0.at)) days" }
                        ?? "not applied after \(days(start, endOfService)) days"
                    add(.sitePatchLate, cve: v.cve,
                        "\(v.cve): fix \(release.version) released \(release.stamp.at.date), due within \(sitePatchDays) days by \(due.date); \(what)",
                        evidence(release.stamp, applied))
                }
            }

            // Principles 2 and 5: known exploited, not fixed, not mitigated.
            if inService, let kev = v.kev, v.isOpen, !v.isMitigated {
                add(.kevUnpatched, cve: v.cve,
                    "\(v.cve) (\(severityText)) is on CISA's KEV list since \(kev.time.date); open \(days(max(v.disclosed.at, procured.stamp.at), reference)) days, no fix applied, no mitigation\(why)",
                    evidence(kev.stamp))
            }

            // Principle 2: delivered free of known vulnerabilities.
            if let deployed = device.firstDeployment, v.disclosed < deployed {
                let version = device.version(at: deployed.at)
                let fixedAtDelivery = version.map { ver in v.fixes.contains { $0.stamp < deployed && VersionMatching.version(ver, satisfiesFix: $0.version) } } ?? false
                let closedBefore = v.closedBy.map { $0 < deployed } ?? false
                if !fixedAtDelivery, !closedBefore {
                    add(.vulnerableAtDelivery, cve: v.cve,
                        "\(v.cve) (\(severityText)) was disclosed \(v.disclosed.at.date), before deployment on \(deployed.at.date)\(version.map { ", at version \($0)" } ?? "")\(why)",
                        evidence(deployed))
                }
            }
        }

        // Principles 8 and 13: the MDS2 form and the SBOM before implementation.
        if let deployed = device.firstDeployment {
            if device.firstMDS2.map({ deployed < $0 }) ?? true {
                add(.missingMDS2, device.firstMDS2.map { "MDS2 recorded \($0.at.date), after deployment on \(deployed.at.date)" }
                    ?? "no MDS2 recorded before deployment on \(deployed.at.date)", identity + (device.firstMDS2.map { [$0] } ?? []))
            }
            if device.firstSBOM.map({ deployed < $0 }) ?? true {
                add(.missingSBOM, device.firstSBOM.map { "SBOM recorded \($0.at.date), after deployment on \(deployed.at.date)" }
                    ?? "no SBOM recorded before deployment on \(deployed.at.date)", identity + (device.firstSBOM.map { [$0] } ?? []))
            }
        }

        if inService {
            // Principle 5: a security contact.
            if (terms.securityContact ?? "").allSatisfy(\.isWhitespace) {
                add(.noSecurityContact, "the contract names no security contact", identity + termLayers)
            }
            // Principle 11: remote access documented.
            switch terms.remoteAccess {
            case nil:
                add(.remoteAccessUndocumented, "the contract does not document remote access", identity + termLayers)
            case .undocumented?:
                add(.remoteAccessUndocumented, "the contract grants remote access without documenting its method", identity + termLayers)
            default:
                break
            }
            // Principle 14: a roadmap, and no use past its dates.
            if model?.announcements.isEmpty ?? true {
                add(.noRoadmap, "no end-of-sale, support or life dates announced for \(p.manufacturer) \(p.model)", identity)
            }
            if let support = model?.endOfSupport, support.value < reference {
                add(.inUsePastEndOfSupport, "in service \(days(support.value, reference)) days past the end of support on \(support.value.date)",
                    identity + [support.stamp])
            }
            if let life = model?.endOfLife, life.value < reference {
                add(.inUsePastEndOfLife, "in service \(days(life.value, reference)) days past the end of life on \(life.value.date)",
                    identity + [life.stamp])
            }
        }

        if let d = device.decommissioned, !d.value.sanitized {
            add(.decommissionedUnsanitized, "decommissioned \(d.stamp.at.date) without sanitising its stored data", [procured.stamp, d.stamp])
        }
        return out
    }

    /// Stamps in the total order, each once.
    static func ordered(_ stamps: consuming [Stamp]) -> [Stamp] {
        // Sorted in place: the rules pass arrays they just built, so nothing is copied.
        var sorted = stamps
        sorted.sort()
        var kept = 0
        for i in sorted.indices where kept == 0 || sorted[kept - 1] != sorted[i] {
            sorted.swapAt(kept, i)
            kept += 1
        }
        sorted.removeLast(sorted.count - kept)
        return sorted
    }

    /// A score with one decimal, as CVSS writes it (`9.8`, `10.0`).
    public static func formatScore(_ score: Double) -> String {
        let tenths = Int((score * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// The index into `ContractTerms.patchDays` for a severity (none has no deadline).
    static func patchDayIndex(_ severity: CVSSSeverity) -> Int? {
        switch severity {
        case .critical: 0
        case .high: 1
        case .medium: 2
        case .low: 3
        case .none: nil
        }
    }
}
