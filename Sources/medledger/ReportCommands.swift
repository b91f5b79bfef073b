import ArgumentParser
import Foundation
import LedgerCore
import LedgerReports
import LedgerStore

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// `--as-of` and `--known-at`: which past the fleet is replayed to.
struct ReplayWindowOptions: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp("The fleet as it stood at this time: events that happened by then (default: now).", valueName: "time"))
    var asOf: String?
    @Option(name: .customLong("known-at"), help: ArgumentHelp("Only what this site had stored by this time.", valueName: "time"))
    var knownAt: String?

    /// The reference time rules are judged at (--as-of, else --known-at, else now) and the
    /// window of events: `at` up to the reference time, stored by --known-at.
    func window() throws -> (reference: LedgerTime, window: TimeWindow) {
        let asOf = try self.asOf.map { try parseTime($0, option: "--as-of") }
        let knownAt = try self.knownAt.map { try parseTime($0, option: "--known-at") }
        let reference = asOf ?? knownAt ?? LedgerTime.now
        return (reference, TimeWindow(asOf: reference, knownAt: knownAt))
    }
}

/// Writes a report table in the chosen format.
func write(_ table: ReportTable, format: ReportFormat, emptyNote: String) {
    switch format {
    case .json:
        table.writeJSON { Output.write($0) }
    case .csv:
        Output.write(CSV.row(table.columns))
        for row in table.rows { Output.write(CSV.row(row.map(ReportTable.text))) }
    case .table:
        if table.rows.isEmpty && Output.isTerminal {
            Output.line(emptyNote)
            return
        }
        var text = TextTable(table.columns)
        for row in table.rows { text.append(row.map { ReportTable.text($0).isEmpty ? "-" : ReportTable.text($0) }) }
        Output.write(text.render(maximumWidth: Output.terminalWidth))
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print a report over the fleet: compliance, inventory, exposure, eol, suppliers or incidents.",
        discussion: """
            compliance  every contract-compliance finding: code, device, site, manufacturer,
                        model, principle, CVE, detail and the ids of the events that prove it;
                        worst first, then by site, device and CVE
            inventory   every device with its current state (devices named by events but never
                        procured are listed as "unknown origin")
            exposure    open vulnerabilities per device in service: score, severity, KEV, days
                        open, patch available, mitigated; KEV first, then by score
            eol         devices whose end of support or life is within --within days, or past
            suppliers   per manufacturer: devices, vulnerabilities, days from disclosure to a fix
                        (median, worst) against the contracts' days, and the findings
            incidents   incidents by site: status, severity, duration, devices

            Rules are judged at --as-of (default: now) over the events that had happened by
            then; --known-at keeps only what this site had stored by that time.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "compliance, inventory, exposure, eol, suppliers or incidents.") var name: String
    @OptionGroup var replayWindow: ReplayWindowOptions
    @Option(help: "Only devices (and incidents) of this site.") var site: String?
    @Option(help: "table, json or csv.") var format: ReportFormat = .table
    @Option(help: "eol: the horizon in days.") var within: Int = 365
    @Option(name: .customLong("site-patch-days"), help: "compliance: days the site allows itself to apply a released fix.")
    var sitePatchDays: Int = 30

    func validate() throws {
        if within < 0 { throw ValidationError("--within must be 0 or more") }
        if sitePatchDays < 0 { throw ValidationError("--site-patch-days must be 0 or more") }
    }

    func run() throws {
        guard Reports.names.contains(name) else {
            throw CommandFailure.badInput("report: unknown report \"\(name)\" (one of \(Reports.names.joined(separator: ", ")))")
        }
        let site = try self.site.map { try parseSite($0, option: "--site") }
        let (reference, window) = try replayWindow.window()
        let ledger = try global.open()
        let analysis = FleetAnalysis(fleet: try Fleet(ledger: ledger, window: window), reference: reference)
        if name == "compliance", format == .json {
            // Rendered as judged, on every core, without a table of rows in between.
            Reports.writeComplianceJSON(analysis, site: site, sitePatchDays: sitePatchDays) { Output.write($0) }
            KeptUntilExit.keep(analysis)
            return
        }
        let table: ReportTable
        switch name {
        case "compliance": table = Reports.compliance(analysis, site: site, sitePatchDays: sitePatchDays)
        case "inventory": table = Reports.inventory(analysis, site: site)
        case "exposure": table = Reports.exposure(analysis, site: site)
        case "eol": table = Reports.endOfLife(analysis, site: site, within: within)
        case "suppliers": table = Reports.suppliers(analysis, site: site, sitePatchDays: sitePatchDays)
        default: table = Reports.incidents(analysis, site: site)
        }
        write(table, format: format, emptyNote: "no rows: the \(name) report is empty as of \(reference.rfc3339)")
        KeptUntilExit.keep(analysis, table)
    }
}

/// What a command built and the process exits right after: freeing a million-event fleet
/// object by object takes longer than printing its report, and the system reclaims it at once.
enum KeptUntilExit {
    nonisolated(unsafe) private static var values: [Any] = []

    static func keep(_ values: Any...) { self.values += values }
}

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one device's state and timeline: show device ID.",
        discussion: """
            The state (status, model, version, placement, contract terms, SBOM, MDS2, roadmap,
            each vulnerability with its status, incidents, findings) and every event about the
            device, each with its id, who recorded it, the site it came from and when it arrived.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "What to show: device.") var kind: String
    @Argument(help: "The device id.") var id: String
    @OptionGroup var replayWindow: ReplayWindowOptions
    @Option(help: "table or json.") var format: ReportFormat = .table
    @Option(name: .customLong("site-patch-days"), help: "Days the site allows itself to apply a released fix.")
    var sitePatchDays: Int = 30

    func run() throws {
        guard kind == "device" else { throw CommandFailure.badInput("show: unknown kind \"\(kind)\" (show device ID)") }
        guard format != .csv else { throw CommandFailure.badInput("show: --format must be table or json") }
        let (reference, window) = try replayWindow.window()
        let ledger = try global.open()
        let events = try Investigation.events(concerning: id, ledger: ledger, window: window)
        let analysis = Investigation.analysis(of: events, reference: reference)
        guard let device = analysis.fleet.devices[id] else {
            throw CommandFailure.badInput("show: no device \"\(id)\" in the ledger as of \(reference.rfc3339)")
        }
        let state = Investigation.deviceState(id, analysis, sitePatchDays: sitePatchDays)
        let findings = ComplianceRules.findings(for: device, analysis, sitePatchDays: sitePatchDays)
        var timeline: [LogRow] = []
        try ledger.forEachEvent(matching: LogFilter(device: id, until: window.asOf)) { row in
            if let knownAt = window.knownAt, row.receivedAt > knownAt { return }
            timeline.append(row)
        }
        switch format {
        case .json:
            var object = JSONObject()
            object.append("device", .string(id))
            object.append("reference", .string(reference.rfc3339))
            object.append("state", .object(JSONObject(state.map { JSONMember($0.0, .string($0.1)) })))
            object.append("findings", .array(findings.map { f in
                .object(JSONObject([
                    JSONMember("code", .string(f.code.rawValue)), JSONMember("cve", f.cve.map(JSONValue.string) ?? .null),
                    JSONMember("detail", .string(f.detail)),
                    JSONMember("evidence", .array(f.evidence.map { .string($0.description) })),
                    JSONMember("principle", .array(f.code.principles.map { .number(Double($0)) })),
                ]))
            }))
            object.append("timeline", .array(timeline.map { row in
                .object(JSONObject([
                    JSONMember("id", .string(row.id.description)), JSONMember("at", .string(row.at.rfc3339)),
                    JSONMember("type", .string(row.type)), JSONMember("actor", .string(row.actor)),
                    JSONMember("site", .string(row.id.site.rawValue)), JSONMember("receivedAt", .string(row.receivedAt.rfc3339)),
                ]))
            }))
            Output.write(CanonicalJSON.encode(.object(object)))
            Output.line()
        case .table, .csv:
            Output.line("device \(id), as of \(reference.rfc3339)")
            var lines = TextTable(["", ""])
            for (label, value) in state { lines.append([label, value]) }
            Output.write(String(lines.render().drop { $0 != "\n" }.dropFirst()))
            if !findings.isEmpty {
                Output.line()
                var table = TextTable(["FINDING", "CVE", "EVIDENCE", "DETAIL"])
                for f in findings { table.append([f.code.rawValue, f.cve ?? "-", f.evidence.map(\.description).joined(separator: " "), f.detail]) }
                Output.write(table.render(maximumWidth: Output.terminalWidth))
            }
            Output.line()
            var table = TextTable(["ID", "AT", "TYPE", "ACTOR", "FROM", "RECEIVED"])
            for row in timeline {
                table.append([row.id.description, row.at.rfc3339, row.type, row.actor, row.id.site.rawValue, row.receivedAt.rfc3339])
            }
            Output.write(table.render(maximumWidth: Output.terminalWidth))
        }
    }
}

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Step through the history of a device, a CVE or an incident, printing the change each event caused.",
        discussion: """
            Events are folded in the total order (at, hlc, site, seq); after each, the lines of
            state it changed are printed as "label: before -> after".
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Replay this device.") var device: String?
    @Option(help: "Replay this CVE (or any id or alias of a recorded vulnerability record).") var cve: String?
    @Option(help: "Replay this incident.") var incident: String?
    @OptionGroup var replayWindow: ReplayWindowOptions

    func validate() throws {
        guard [device, cve, incident].compactMap({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --device, --cve or --incident")
        }
    }

    func run() throws {
        let (_, window) = try replayWindow.window()
        let ledger = try global.open()
        let events: [ProjectedEvent]
        let state: (FleetAnalysis) -> [(String, String)]
        let subject: String
        if let device {
            events = try Investigation.events(concerning: device, ledger: ledger, window: window)
            state = { Investigation.deviceState(device, $0) }
            subject = "device \(device)"
        } else if let cve {
            // Any name of the flaw: a CVE, or a database record's id or alias (GHSA-…, PYSEC-…).
            let names = try ledger.aliases(of: cve)
            guard PayloadSchema.isCVE(cve) || names.count > 1 else {
                throw CommandFailure.badInput("replay: --cve: \"\(cve)\" is neither a CVE id (CVE-YYYY-NNNN) nor the id or alias of a recorded vulnerability record")
            }
            // The CVE's own events, then every event about the devices it came to concern.
            let direct = try ledger.projectedEvents(device: nil, keys: [], cves: names, in: window)
            let whole = FleetAnalysis(fleet: try Fleet(ledger: ledger, window: window), reference: window.asOf ?? LedgerTime.now)
            var concerned: [ProjectedEvent] = direct
            var seen = Set(direct.map(\.id))
            for line in Investigation.vulnerabilityState(cve, whole) where whole.fleet.devices[line.0] != nil {
                for e in try Investigation.events(concerning: line.0, ledger: ledger, window: window) where seen.insert(e.id).inserted {
                    concerned.append(e)
                }
            }
            events = concerned
            state = { Investigation.vulnerabilityState(cve, $0) }
            subject = cve
        } else {
            let id = incident!
            events = try ledger.projectedEvents(device: nil, keys: ["incident\u{1F}" + id], cves: [], in: window)
            state = { Investigation.incidentState(id, $0) }
            subject = "incident \(id)"
        }
        guard !events.isEmpty else { throw CommandFailure.badInput("replay: no events about \(subject)") }
        var shown = 0
        for step in Investigation.replay(events, state: state) where !step.changes.isEmpty {
            let e = step.event
            Output.line("\(e.at.rfc3339)  \(e.id)  \(e.type.rawValue)\(e.device.map { " " + $0 } ?? "")  by \(e.actor)")
            for change in step.changes {
                Output.line("    \(change.label): \(change.before ?? "-") -> \(change.after ?? "-")")
            }
            shown += 1
        }
        Output.line("\(shown) of \(events.count) events changed the state of \(subject)")
    }
}

struct RebuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Derive the projection again from the log, exactly.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let ledger = try global.open()
        let before = try ledger.projectionDigest()
        let started = DispatchTime.now()
        let count = try ledger.rebuildProjection()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let same = try ledger.projectionDigest() == before
        Output.line("rebuilt the projection from \(count) events in \(String(format: "%.2f", seconds)) s; "
                    + (same ? "it was already exact" : "the previous projection differed from the log"))
    }
}
