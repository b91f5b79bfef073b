import LedgerCore
import LedgerStore

/// What investigators open: one device's state and timeline, and a step-by-step replay of a
/// device, a CVE or an incident.
public enum Investigation {
    /// Every event that bears on one device's state: its own events, events naming it, events
    /// of its model and contract, disclosures matched by component, and every event about the
    /// CVEs among them. Folding these alone gives the device the state the whole fleet gives it.
    public static func events(concerning device: String, ledger: Ledger, window: TimeWindow) throws -> [ProjectedEvent] {
        let own = try ledger.projectedEvents(device: device, keys: [], cves: [], in: window)
        var keys = ["component"]
        for event in own {
            if case let .procured(manufacturer, model, _, _, _, terms) = event.payload {
                keys.append(FactPayload.modelKey(manufacturer, model))
                if let contract = terms.id { keys.append("contract\u{1F}" + contract) }
            }
        }
        let related = try ledger.projectedEvents(device: device, keys: keys, cves: [], in: window)
        var cves = Set<String>()
        for event in related {
            switch event.payload {
            case .disclosed(let cve, _, _, _, _, _, _, _), .assessed(let cve, _, _), .mitigation(let cve, _, _):
                cves.insert(cve)
            case .patchReleased(_, _, _, let fixes):
                cves.formUnion(fixes)
            case .recorded(let record):
                cves.formUnion(record.names)
            default:
                break
            }
        }
        // Of other events about those CVEs, only what is true of the CVE itself matters here
        // (other devices' assessments and mitigations do not change this one's state).
        let all = try ledger.projectedEvents(device: device, keys: keys + cves.sorted().map(FactPayload.cveKey), cves: [], in: window)
        return all.sorted { $0.precedes($1) }
    }

    /// The fleet folded from `events` (in any order), analysed at `reference`.
    public static func analysis(of events: [ProjectedEvent], reference: LedgerTime) -> FleetAnalysis {
        var fleet = Fleet()
        for e in events { fleet.apply(e) }
        return FleetAnalysis(fleet: fleet, reference: reference)
    }

    /// One device's state as labelled lines, in a fixed order.
    public static func deviceState(_ id: String, _ analysis: FleetAnalysis, sitePatchDays: Int = 30) -> [(String, String)] {
        guard let device = analysis.fleet.devices[id] else { return [] }
        var lines: [(String, String)] = []
        let status: String
        if device.procured == nil { status = "unknown origin" }
        else if let d = device.decommissioned { status = d.value.sanitized ? "decommissioned" : "decommissioned, unsanitized" }
        else if device.firstDeployment != nil { status = "in service" }
        else { status = "procured" }
        lines.append(("status", status))
        lines.append(("site", device.site.rawValue))
        if let p = device.procured?.value {
            lines.append(("model", "\(p.manufacturer) \(p.model)" + (p.serial.map { ", serial \($0)" } ?? "")))
        }
        if let v = device.currentVersion { lines.append(("version", v.value)) }
        if let d = device.firstDeployment { lines.append(("deployed", d.at.date)) }
        if let place = device.placement?.value {
            let parts = [place.location, place.department, place.segment].compactMap { $0 }
            if !parts.isEmpty { lines.append(("placement", parts.joined(separator: "; "))) }
        }
        if device.procured != nil {
            let terms = analysis.fleet.terms(of: device).terms
            var t: [String] = []
            if let id = terms.id { t.append(id) }
            if let u = terms.usefulLifeEnd { t.append("useful life to \(u.date)") }
            let days = zip(["critical", "high", "medium", "low"], terms.patchDays).compactMap { n, d in d.map { "\(n) \($0)d" } }
            if !days.isEmpty { t.append("patch " + days.joined(separator: ", ")) }
            t.append(terms.securityContact.map { "contact \($0)" } ?? "no security contact")
            lines.append(("contract", t.joined(separator: "; ")))
        }
        if let s = device.firstSBOM { lines.append(("sbom", "recorded \(s.at.date)" + (device.sbom.map { ", \($0.value.count) components" } ?? ""))) }
        if let m = device.firstMDS2 { lines.append(("mds2", "recorded \(m.at.date)")) }
        if let model = analysis.fleet.model(of: device) {
            if let s = model.endOfSupport { lines.append(("end of support", s.value.date)) }
            if let l = model.endOfLife { lines.append(("end of life", l.value.date)) }
        }
        if device.procured != nil {
            for v in analysis.vulnerabilities(of: device) {
                var state: String
                if v.notAffected { state = "not affected" }
                else if v.closedBy != nil { state = v.assessment?.value == "fixed" ? "fixed" : "closed" + (v.fixApplied != nil ? " by patch" : "") }
                else { state = "open" }
                if let severity = v.severity { state += ", \(severity.rawValue) \(ComplianceRules.formatScore(v.score!))" }
                if v.kev != nil { state += ", KEV" }
                if v.isOpen, !v.fixes.isEmpty { state += ", fix \(v.fixes[0].version) released" }
                if v.isOpen, v.isMitigated { state += ", mitigated" }
                for m in v.matches { state += "; matched \(m.reason.text) (\(m.record), \(m.stamp.id))" }
                lines.append((v.cve, state))
            }
        }
        for incident in device.incidents.sorted() {
            let resolved = analysis.fleet.incidents[incident]?.resolved != nil
            lines.append(("incident " + incident, resolved ? "resolved" : "open"))
        }
        if let d = device.decommissioned {
            lines.append(("decommissioned", d.stamp.at.date + (d.value.sanitized ? ", sanitized" : ", not sanitized")))
        }
        let findings = ComplianceRules.findings(for: device, analysis, sitePatchDays: sitePatchDays)
        var counts: [(Finding.Code, Int)] = []
        for f in findings {
            if counts.last?.0 == f.code { counts[counts.count - 1].1 += 1 } else { counts.append((f.code, 1)) }
        }
        lines.append(("findings", counts.isEmpty ? "none" : counts.map { $1 == 1 ? $0.rawValue : "\($0.rawValue) ×\($1)" }.joined(separator: ", ")))
        return lines
    }

    /// A CVE's state as labelled lines: disclosure, score, KEV, fixes, and each device it matches.
    public static func vulnerabilityState(_ cve: String, _ analysis: FleetAnalysis) -> [(String, String)] {
        let key = analysis.reportedName(cve)
        guard let v = analysis.vulnerabilities[key] else { return [] }
        var lines: [(String, String)] = []
        let aliases = analysis.names(of: key).filter { $0 != key }
        if !aliases.isEmpty { lines.append(("aliases", aliases.joined(separator: ", "))) }
        if let first = v.firstDisclosure { lines.append(("disclosed", first.stamp.at.date + (first.source.map { " by \($0)" } ?? ""))) }
        for r in v.records.sorted(by: { $0.current.id < $1.current.id }) {
            lines.append(("record \(r.current.id)", "\(r.current.source), recorded \(r.stamp.id)"
                          + (r.current.modified.map { ", modified \($0.date)" } ?? "")
                          + (r.current.withdrawn.map { ", withdrawn \($0.date)" } ?? "")))
        }
        if let s = v.scoring {
            let score = s.score ?? s.vector.flatMap { try? CVSSScore($0).score }
            lines.append(("score", (score.map { "\(ComplianceRules.formatScore($0)) \(CVSSSeverity(score: $0).rawValue)" } ?? "unscored")
                          + (s.vector.map { " (\($0))" } ?? "")))
        }
        if let kev = v.kevSince, kev.time <= analysis.reference { lines.append(("kev", "listed \(kev.time.date)")) }
        for device in analysis.devices(site: nil) where device.procured != nil {
            guard let dv = analysis.vulnerabilities(of: device).first(where: { $0.cve == key }) else { continue }
            var state = dv.notAffected ? "not affected" : dv.closedBy != nil ? "closed" : "open"
            if dv.isOpen, dv.isMitigated { state += ", mitigated" }
            if dv.isOpen, !dv.fixes.isEmpty { state += ", fix \(dv.fixes[0].version) released" }
            if let m = dv.matches.first { state += "; matched \(m.reason.text)" }
            lines.append((device.id, state))
        }
        return lines
    }

    /// An incident's state as labelled lines.
    public static func incidentState(_ id: String, _ analysis: FleetAnalysis) -> [(String, String)] {
        guard let i = analysis.fleet.incidents[id] else { return [] }
        var lines: [(String, String)] = [("status", i.resolved == nil ? "open" : "resolved")]
        if let s = i.severity { lines.append(("severity", s)) }
        lines.append(("devices", i.devices.isEmpty ? "none" : i.devices.joined(separator: ", ")))
        if let s = i.summary { lines.append(("summary", s)) }
        return lines
    }

    /// One step of a replay: the event and the lines of state it changed (old value, new value).
    public struct Step: Sendable {
        public let event: ProjectedEvent
        public let changes: [(label: String, before: String?, after: String?)]
    }

    /// Folds `events` in the total order and reports, after each, what changed in the lines
    /// `state` draws from the fleet at that event's time.
    public static func replay(_ events: [ProjectedEvent], state: (FleetAnalysis) -> [(String, String)]) -> [Step] {
        var fleet = Fleet()
        var previous: [(String, String)] = []
        var steps: [Step] = []
        for event in events.sorted(by: { $0.precedes($1) }) {
            fleet.apply(event)
            let current = state(FleetAnalysis(fleet: fleet, reference: event.at))
            let before = Dictionary(previous, uniquingKeysWith: { a, _ in a })
            let after = Dictionary(current, uniquingKeysWith: { a, _ in a })
            var changes: [(label: String, before: String?, after: String?)] = []
            for (label, value) in current where before[label] != value { changes.append((label, before[label], value)) }
            for (label, value) in previous where after[label] == nil { changes.append((label, value, nil)) }
            steps.append(Step(event: event, changes: changes))
            previous = current
        }
        return steps
    }
}
