import LedgerCore
import LedgerStore

/// A report: named columns and rows of JSON values, rendered as a table, JSON or CSV.
public struct ReportTable: Sendable {
    public let columns: [String]
    public private(set) var rows: [[JSONValue]] = []

    public init(_ columns: [String]) {
        self.columns = columns
    }

    mutating func reserve(_ count: Int) { rows.reserveCapacity(count) }

    public mutating func append(_ row: [JSONValue]) {
        precondition(row.count == columns.count, "a report row has one value per column")
        rows.append(row)
    }

    /// The rows as JSON: an array with one object per row, one per line, members in RFC 8785 order.
    public var json: [UInt8] {
        var out: [UInt8] = []
        writeJSON { out += $0 }
        return out
    }

    /// Renders rows as objects with their members in RFC 8785 order (worked out once, not per row).
    public struct JSONRowRenderer: Sendable {
        private let order: [Int]
        private let names: [[UInt8]]

        public init(columns: [String]) {
            order = columns.indices.sorted { CanonicalJSON.precedesInUTF16(columns[$0], columns[$1]) }
            names = order.enumerated().map { position, column in
                var name: [UInt8] = Array((position == 0 ? "{" : ",").utf8)
                CanonicalJSON.writeString(columns[column], into: &name)
                name.append(UInt8(ascii: ":"))
                return name
            }
        }

        /// Appends one row's object, with no separator.
        public func render(_ row: [JSONValue], into out: inout [UInt8]) {
            for (position, column) in order.enumerated() {
                out.append(contentsOf: names[position])
                CanonicalJSON.write(row[column], into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Writes the JSON in pieces. Blocks of rows are rendered on every core, a round of them
    /// at a time so memory stays bounded, and emitted in order.
    public func writeJSON(_ emit: ([UInt8]) -> Void) {
        let renderer = JSONRowRenderer(columns: columns)
        let blocks = Parallel.chunks(rows.count, size: 4096)
        let blocksPerRound = 16
        emit(Array("[".utf8))
        for round in stride(from: 0, to: blocks.count, by: blocksPerRound) {
            let rendered = Parallel.map(min(blocksPerRound, blocks.count - round)) { b in
                var out: [UInt8] = []
                out.reserveCapacity(blocks[round + b].count * 256)
                for i in blocks[round + b] {
                    out.append(contentsOf: (i == 0 ? "\n" : ",\n").utf8)
                    renderer.render(rows[i], into: &out)
                }
                return out
            }
            for piece in rendered { emit(piece) }
        }
        emit(Array((rows.isEmpty ? "]\n" : "\n]\n").utf8))
    }

    /// A cell as text: strings as they are, numbers as JSON writes them, lists joined by spaces.
    public static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: ""
        case .bool(let b): b ? "yes" : "no"
        case .number(let n): CanonicalJSON.formatNumber(n)
        case .string(let s): s
        case .array(let values): values.map(text).joined(separator: " ")
        case .object(let o): String(decoding: CanonicalJSON.encode(.object(o)), as: UTF8.self)
        }
    }
}

func cell(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
func cell(_ number: Int?) -> JSONValue { number.map { .number(Double($0)) } ?? .null }
func cell(_ number: Double?) -> JSONValue { number.map(JSONValue.number) ?? .null }
func cell(_ time: LedgerTime?) -> JSONValue { time.map { .string($0.rfc3339) } ?? .null }
func cell(_ ids: [EventID]) -> JSONValue { .array(ids.map { .string($0.description) }) }
func cell(_ names: [String]) -> JSONValue { .array(names.map(JSONValue.string)) }

/// The reports of `medledger report`.
public enum Reports {
    public static let names = ["compliance", "inventory", "exposure", "eol", "suppliers", "incidents"]

    static let complianceColumns = ["code", "device", "site", "manufacturer", "model", "principle", "cve", "evidence", "detail"]

    static func complianceRow(_ f: Finding) -> [JSONValue] {
        [.string(f.code.rawValue), .string(f.device), .string(f.site.rawValue), .string(f.manufacturer),
         .string(f.model), .array(f.code.principles.map { .number(Double($0)) }), cell(f.cve),
         cell(f.evidence), .string(f.detail)]
    }

    public static func compliance(_ analysis: FleetAnalysis, site: SiteID?, sitePatchDays: Int) -> ReportTable {
        var table = ReportTable(complianceColumns)
        let rows = ComplianceRules.findingsByCode(analysis, site: site, sitePatchDays: sitePatchDays, complianceRow)
        table.reserve(rows.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } })
        for code in rows { for chunk in code { for row in chunk { table.append(row) } } }
        return table
    }

    /// Every device with its current state: devices named by events but never procured are
    /// listed with the status "unknown origin".
    public static func inventory(_ analysis: FleetAnalysis, site: SiteID?) -> ReportTable {
        var table = ReportTable(["device", "site", "status", "manufacturer", "model", "serial", "version", "contract",
                                 "deployed", "location", "department", "segment", "sbom", "mds2", "openVulnerabilities",
                                 "endOfSupport", "endOfLife", "decommissioned", "evidence"])
        for device in analysis.devices(site: site) {
            let p = device.procured?.value
            let model = analysis.fleet.model(of: device)
            let status: String
            if p == nil { status = "unknown origin" }
            else if let d = device.decommissioned { status = d.value.sanitized ? "decommissioned" : "decommissioned, unsanitized" }
            else if device.firstDeployment != nil { status = "in service" }
            else { status = "procured" }
            let open = p == nil ? 0 : analysis.vulnerabilities(of: device).filter { $0.isOpen && !$0.notAffected }.count
            var evidence = [device.procured?.stamp ?? device.firstSeen]
            if let d = device.firstDeployment { evidence.append(d) }
            if let v = device.currentVersion, v.stamp != device.procured?.stamp { evidence.append(v.stamp) }
            if let d = device.decommissioned { evidence.append(d.stamp) }
            table.append([
                .string(device.id), .string(device.site.rawValue), .string(status), cell(p?.manufacturer), cell(p?.model),
                cell(p?.serial), cell(device.currentVersion?.value), cell(analysis.fleet.terms(of: device).terms.id),
                cell(device.firstDeployment?.at), cell(device.placement?.value.location),
                cell(device.placement?.value.department), cell(device.placement?.value.segment),
                cell(device.firstSBOM?.at), cell(device.firstMDS2?.at), cell(open),
                cell(model?.endOfSupport?.value), cell(model?.endOfLife?.value), cell(device.decommissioned?.stamp.at),
                cell(evidence.sorted().map(\.id)),
            ])
        }
        return table
    }

    /// Open vulnerabilities per device in service: KEV first, then by score, days open,
    /// device and CVE.
    public static func exposure(_ analysis: FleetAnalysis, site: SiteID?) -> ReportTable {
        var table = ReportTable(["device", "site", "manufacturer", "model", "cve", "score", "severity", "kev", "daysOpen",
                                 "patchAvailable", "mitigated", "computedScore", "aliases", "matchedBy", "records", "evidence"])
        var rows: [(key: (Int, Double, Int, String, String), row: [JSONValue])] = []
        for device in analysis.devices(site: site) where analysis.inService(device) {
            guard let procured = device.procured else { continue }
            for v in analysis.vulnerabilities(of: device) where v.isOpen && !v.notAffected {
                let opened = max(v.disclosed.at, procured.stamp.at)
                let daysOpen = opened.days(until: analysis.reference)
                let available = !v.fixes.isEmpty
                var evidence = v.disclosures + v.mitigations + [procured.stamp]
                if let kev = v.kev { evidence.append(kev.stamp) }
                if let fix = v.fixes.first { evidence.append(fix.stamp) }
                if let a = v.assessment { evidence.append(a.stamp) }
                let disagreement = v.computedScore.flatMap { abs($0 - (v.score ?? $0)) >= 0.05 ? $0 : nil }
                rows.append(((v.kev == nil ? 1 : 0, -(v.score ?? -1), -daysOpen, device.id, v.cve), [
                    .string(device.id), .string(device.site.rawValue), .string(procured.value.manufacturer),
                    .string(procured.value.model), .string(v.cve), cell(v.score), cell(v.severity?.rawValue),
                    .bool(v.kev != nil), cell(daysOpen), .bool(available), .bool(v.isMitigated), cell(disagreement),
                    cell(analysis.names(of: v.cve).filter { $0 != v.cve }),
                    cell(v.matches.isEmpty ? nil : v.matches.map(\.reason.text).joined(separator: "; ")),
                    cell(v.matches.map(\.record)),
                    cell(Array(Set(evidence)).sorted().map(\.id)),
                ]))
            }
        }
        for r in rows.sorted(by: { $0.key < $1.key }) { table.append(r.row) }
        return table
    }

    /// Devices in service whose end of support or end of life falls within `within` days of
    /// the reference time, or has passed; soonest first.
    public static func endOfLife(_ analysis: FleetAnalysis, site: SiteID?, within: Int) -> ReportTable {
        var table = ReportTable(["device", "site", "manufacturer", "model", "milestone", "date", "daysLeft", "status", "evidence"])
        let horizon = analysis.reference.adding(days: within)
        var rows: [(key: (LedgerTime, String, String), row: [JSONValue])] = []
        for device in analysis.devices(site: site) where analysis.inService(device) {
            guard let procured = device.procured, let model = analysis.fleet.model(of: device) else { continue }
            for (milestone, date) in [("end of support", model.endOfSupport), ("end of life", model.endOfLife)] {
                guard let date, date.value <= horizon else { continue }
                let left = analysis.reference.days(until: date.value)
                rows.append(((date.value, device.id, milestone), [
                    .string(device.id), .string(device.site.rawValue), .string(procured.value.manufacturer),
                    .string(procured.value.model), .string(milestone), .string(date.value.date), cell(left),
                    .string(date.value < analysis.reference ? "past" : "within \(within) days"),
                    cell([procured.stamp, date.stamp].sorted().map(\.id)),
                ]))
            }
        }
        for r in rows.sorted(by: { $0.key < $1.key }) { table.append(r.row) }
        return table
    }

    /// Per manufacturer: devices, vulnerabilities, days from disclosure to a fix (median and
    /// worst, per model and CVE) against the contracts' days, and the findings against them.
    public static func suppliers(_ analysis: FleetAnalysis, site: SiteID?, sitePatchDays: Int) -> ReportTable {
        var table = ReportTable(["manufacturer", "devices", "vulnerabilities", "fixed", "unfixed", "medianDaysToPatch",
                                 "worstDaysToPatch", "contractDays", "supplierPatchLate", "findings"])
        struct Tally {
            var devices = 0
            var cves = Set<String>()
            var daysToPatch: [String: Int] = [:]  // model + CVE -> days
            var unfixed = Set<String>()
            var contractDays = Set<String>()
        }
        var tallies: [String: Tally] = [:]
        for device in analysis.devices(site: site) {
            guard let p = device.procured?.value else { continue }
            var tally = tallies[p.manufacturer] ?? Tally()
            tally.devices += 1
            let terms = analysis.fleet.terms(of: device).terms
            for v in analysis.vulnerabilities(of: device) where !v.notAffected {
                tally.cves.insert(v.cve)
                let key = p.model + "\u{1F}" + v.cve
                if let severity = v.severity, let i = ComplianceRules.patchDayIndex(severity), let days = terms.patchDays[i] {
                    tally.contractDays.insert("\(severity.rawValue) \(days)")
                }
                if let fix = v.fixes.first {
                    let firstDisclosure = analysis.vulnerabilities[v.cve]?.firstDisclosure?.stamp.at ?? v.disclosed.at
                    tally.daysToPatch[key] = max(0, firstDisclosure.days(until: fix.stamp.at))
                } else {
                    tally.unfixed.insert(key)
                }
            }
            tallies[p.manufacturer] = tally
        }
        let findings = ComplianceRules.findings(analysis, site: site, sitePatchDays: sitePatchDays)
        for (manufacturer, tally) in tallies.sorted(by: { $0.key < $1.key }) {
            let days = tally.daysToPatch.values.sorted()
            let median: Double? = days.isEmpty ? nil : days.count % 2 == 1 ? Double(days[days.count / 2])
                : Double(days[days.count / 2 - 1] + days[days.count / 2]) / 2
            let against = findings.filter { $0.manufacturer == manufacturer && $0.code != .sitePatchLate }
            let contractDays = tally.contractDays.sorted {
                let (a, b) = ($0.split(separator: " "), $1.split(separator: " "))
                let rank = { (s: Substring) in CVSSSeverity(rawValue: String(s)).map { -(CVSSSeverity.allCases.firstIndex(of: $0)!) } ?? 0 }
                return (rank(a[0]), Int(a[1]) ?? 0) < (rank(b[0]), Int(b[1]) ?? 0)
            }
            table.append([
                .string(manufacturer), cell(tally.devices), cell(tally.cves.count), cell(tally.daysToPatch.count),
                cell(tally.unfixed.count), cell(median), cell(days.last), .array(contractDays.map(JSONValue.string)),
                cell(against.filter { $0.code == .supplierPatchLate }.count), cell(against.count),
            ])
        }
        return table
    }

    /// Incidents by site, then by when they opened.
    public static func incidents(_ analysis: FleetAnalysis, site: SiteID?) -> ReportTable {
        var table = ReportTable(["incident", "site", "status", "severity", "opened", "resolved", "durationHours", "devices",
                                 "summary", "evidence"])
        let sorted = analysis.fleet.incidents.values.compactMap { i in i.opened.map { (i, $0) } }
            .filter { site == nil || $0.0.site == site }
            .sorted { ($0.1.id.site, $0.1) < ($1.1.id.site, $1.1) }
        for (incident, opened) in sorted {
            let resolved = incident.resolved
            let end = resolved?.at ?? analysis.reference
            let hours = Double((end.microseconds - opened.at.microseconds) / 360_000_000) / 10
            table.append([
                .string(incident.id), .string(opened.id.site.rawValue), .string(resolved == nil ? "open" : "resolved"),
                cell(incident.severity), cell(opened.at), cell(resolved?.at), cell(hours),
                .array(incident.devices.map(JSONValue.string)), cell(incident.summary),
                cell(incident.entries.map(\.stamp).sorted().map(\.id)),
            ])
        }
        return table
    }
}
