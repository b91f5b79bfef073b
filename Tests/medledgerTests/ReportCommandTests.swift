import Foundation
import LedgerCore
import Testing

@Suite("medledger: report, show, replay, rebuild")
struct ReportCommandTests {
    /// Two Baxter pumps under a 30-day contract for high CVEs; one is patched, one is not.
    func fleet(_ cli: CLIHarness) throws {
        try cli.ok(["init", "--site", "north"])
        let lines = [
            #"{"type":"device.procured","device":"PUMP-1","at":"2025-01-10","actor":"procurement","data":{"manufacturer":"Baxter","model":"Sigma Spectrum","version":"8.00.01","contract":{"id":"C-1","usefulLifeEnd":"2032-12-31","patchDays":{"critical":15,"high":30,"medium":30},"securityContact":"psirt@baxter.com","remoteAccess":{"method":"VPN"}}}}"#,
            #"{"type":"device.procured","device":"PUMP-2","at":"2025-01-10","actor":"procurement","data":{"manufacturer":"Baxter","model":"Sigma Spectrum","version":"8.00.01","contract":{"id":"C-1","usefulLifeEnd":"2032-12-31","patchDays":{"critical":15,"high":30,"medium":30},"securityContact":"psirt@baxter.com","remoteAccess":{"method":"VPN"}}}}"#,
            #"{"type":"sbom.recorded","device":"PUMP-1","at":"2025-01-12","actor":"biomed","data":{"components":[]}}"#,
            #"{"type":"mds2.recorded","device":"PUMP-1","at":"2025-01-12","actor":"biomed","data":{}}"#,
            #"{"type":"device.deployed","device":"PUMP-1","at":"2025-01-20","actor":"biomed","data":{"location":"ICU"}}"#,
            #"{"type":"device.deployed","device":"PUMP-2","at":"2025-01-20","actor":"biomed","data":{"location":"ICU"}}"#,
            #"{"type":"lifecycle.announced","at":"2025-01-15","actor":"procurement","data":{"manufacturer":"Baxter","model":"Sigma Spectrum","endOfSupport":"2028-06-30","endOfLife":"2029-12-31"}}"#,
            #"{"type":"vulnerability.disclosed","at":"2025-02-01","actor":"secops","data":{"cve":"CVE-2022-26394","cvss":"CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N","affects":{"models":[{"manufacturer":"Baxter","model":"Sigma Spectrum"}]}}}"#,
            #"{"type":"patch.released","at":"2025-03-20","actor":"secops","data":{"manufacturer":"Baxter","model":"Sigma Spectrum","version":"8.01.01","fixes":["CVE-2022-26394"]}}"#,
            #"{"type":"patch.applied","device":"PUMP-1","at":"2025-03-25","actor":"biomed","data":{"version":"8.01.01"}}"#,
            #"{"type":"incident.opened","at":"2025-04-01T10:00:00Z","actor":"secops","data":{"incident":"INC-1","devices":["PUMP-2"],"severity":"high"}}"#,
            #"{"type":"incident.resolved","at":"2025-04-02T10:00:00Z","actor":"secops","data":{"incident":"INC-1"}}"#,
            #"{"type":"vulnerability.assessed","device":"MYSTERY-9","at":"2025-04-03","actor":"secops","data":{"cve":"CVE-2022-26394","status":"affected"}}"#,
        ]
        try cli.ok(["import", "-"], stdin: lines.joined(separator: "\n"))
    }

    func json(_ text: String) throws -> [JSONObject] {
        let value = try JSONParser.parse(Array(text.utf8))
        return try #require(value.arrayValue).compactMap(\.objectValue)
    }

    @Test("report compliance --format json: the findings with code, principle, detail and evidence")
    func compliance() throws {
        let cli = try CLIHarness()
        try fleet(cli)
        let findings = try json(try cli.ok(["report", "compliance", "--as-of", "2025-06-30", "--format", "json"]))
        func codes(_ device: String) -> [String] { findings.filter { $0["device"]?.stringValue == device }.compactMap { $0["code"]?.stringValue } }
        #expect(codes("PUMP-1") == ["SUPPLIER_PATCH_LATE", "SUPPORT_ENDS_BEFORE_USEFUL_LIFE"])
        #expect(codes("PUMP-2") == ["SUPPLIER_PATCH_LATE", "SITE_PATCH_LATE", "SUPPORT_ENDS_BEFORE_USEFUL_LIFE", "MISSING_SBOM", "MISSING_MDS2"])
        let late = try #require(findings.first { $0["device"]?.stringValue == "PUMP-2" && $0["code"]?.stringValue == "SUPPLIER_PATCH_LATE" })
        #expect(late["principle"]?.arrayValue?.compactMap(\.numberValue) == [5, 10])
        #expect(late["evidence"]?.arrayValue?.compactMap(\.stringValue) == ["north:2", "north:8", "north:9"])
        #expect(late["site"]?.stringValue == "north" && late["manufacturer"]?.stringValue == "Baxter")
        let site = try #require(findings.first { $0["code"]?.stringValue == "SITE_PATCH_LATE" })
        #expect(site["principle"]?.arrayValue?.isEmpty == true)
        // Before the deadline nothing was late.
        #expect(try json(try cli.ok(["report", "compliance", "--as-of", "2025-02-10", "--format", "json"]))
            .allSatisfy { $0["code"]?.stringValue != "SUPPLIER_PATCH_LATE" })
        // CSV and table carry the same rows.
        let csv = try cli.ok(["report", "compliance", "--as-of", "2025-06-30", "--format", "csv"])
        #expect(csv.split(separator: "\n").count == findings.count + 1)
        #expect(csv.hasPrefix("code,device,site,manufacturer,model,principle,cve,evidence,detail\n"))
    }

    @Test("every report runs over an empty ledger and prints an empty report")
    func emptyReports() throws {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        for name in ["compliance", "inventory", "exposure", "eol", "suppliers", "incidents"] {
            #expect(try cli.ok(["report", name, "--format", "json"]) == "[]\n")
        }
    }

    @Test("inventory lists a device never procured as unknown origin; exposure, eol, suppliers and incidents")
    func views() throws {
        let cli = try CLIHarness()
        try fleet(cli)
        let inventory = try json(try cli.ok(["report", "inventory", "--as-of", "2025-06-30", "--format", "json"]))
        #expect(inventory.map { $0["device"]?.stringValue } == ["MYSTERY-9", "PUMP-1", "PUMP-2"])
        #expect(inventory[0]["status"]?.stringValue == "unknown origin")
        #expect(inventory[1]["version"]?.stringValue == "8.01.01" && inventory[2]["version"]?.stringValue == "8.00.01")
        let exposure = try json(try cli.ok(["report", "exposure", "--as-of", "2025-06-30", "--format", "json"]))
        #expect(exposure.count == 1)
        let open = try #require(exposure.first)
        #expect(open["device"]?.stringValue == "PUMP-2" && open["cve"]?.stringValue == "CVE-2022-26394")
        #expect(open["score"]?.numberValue == 6.5 && open["severity"]?.stringValue == "medium")
        #expect(open["patchAvailable"]?.boolValue == true && open["mitigated"]?.boolValue == false && open["kev"]?.boolValue == false)
        #expect(open["daysOpen"]?.numberValue == 149)
        let eol = try json(try cli.ok(["report", "eol", "--as-of", "2028-01-01", "--format", "json"]))
        #expect(eol.map { $0["milestone"]?.stringValue } == ["end of support", "end of support"])
        #expect(try json(try cli.ok(["report", "eol", "--as-of", "2028-01-01", "--within", "30", "--format", "json"])).isEmpty)
        let suppliers = try json(try cli.ok(["report", "suppliers", "--as-of", "2025-06-30", "--format", "json"]))
        #expect(suppliers.first?["medianDaysToPatch"]?.numberValue == 47)
        let incidents = try json(try cli.ok(["report", "incidents", "--format", "json"]))
        #expect(incidents.first?["durationHours"]?.numberValue == 24 && incidents.first?["status"]?.stringValue == "resolved")
    }

    @Test("show device prints state, findings and timeline; as of a past day it shows that day")
    func showDevice() throws {
        let cli = try CLIHarness()
        try fleet(cli)
        let now = try JSONParser.parseObject(Array(try cli.ok(["show", "device", "PUMP-1", "--as-of", "2025-06-30", "--format", "json"]).utf8))
        #expect(now["state"]?.objectValue?["version"]?.stringValue == "8.01.01")
        #expect(now["timeline"]?.arrayValue?.count == 5)
        let before = try JSONParser.parseObject(Array(try cli.ok(["show", "device", "PUMP-1", "--as-of", "2025-03-01", "--format", "json"]).utf8))
        #expect(before["state"]?.objectValue?["version"]?.stringValue == "8.00.01")
        #expect(before["state"]?.objectValue?["CVE-2022-26394"]?.stringValue == "open, medium 6.5")
        let table = try cli.ok(["show", "device", "PUMP-2", "--as-of", "2025-06-30"])
        #expect(table.contains("SITE_PATCH_LATE") && table.contains("north:11"))
    }

    @Test("replay prints the state change each event caused")
    func replay() throws {
        let cli = try CLIHarness()
        try fleet(cli)
        let device = try cli.ok(["replay", "--device", "PUMP-1"])
        #expect(device.contains("version: 8.00.01 -> 8.01.01"))
        #expect(device.contains("CVE-2022-26394: - -> open, medium 6.5"))
        let cve = try cli.ok(["replay", "--cve", "CVE-2022-26394"])
        #expect(cve.contains("PUMP-1: open, fix 8.01.01 released -> closed"))
        let incident = try cli.ok(["replay", "--incident", "INC-1"])
        #expect(incident.contains("status: open -> resolved"))
    }

    @Test("rebuild derives the same projection; bad names, devices and times exit 2 with one line")
    func rebuildAndBadInput() throws {
        let cli = try CLIHarness()
        try fleet(cli)
        #expect(try cli.ok(["rebuild"]).contains("from 13 events") )
        for args in [["report", "complaince"], ["report", "compliance", "--as-of", "yesterday"], ["show", "device", "NOPE"],
                     ["report", "exposure", "--known-at", "2025-13-01"], ["replay", "--cve", "log4shell"], ["show", "pump", "PUMP-1"]] {
            let result = try cli.run(args)
            #expect(result.status == 2, "\(args)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(args): \(result.stderr)")
        }
    }
}
