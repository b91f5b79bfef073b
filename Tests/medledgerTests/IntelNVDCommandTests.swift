import Foundation
import LedgerCore
import Testing

/// `medledger import-nvd` run as a user runs it, on the real NVD records of ../shared/realdata.
@Suite("medledger import-nvd: NVD records into the feed cache, those touching the fleet's CPEs recorded")
struct IntelNVDCommandTests {
    static let nvd = FormatCommandTests.real("nvd")
    static let nvdMore = FormatCommandTests.real("nvd-more")
    static let systemsManager = "cpe:2.3:a:bd:alaris_systems_manager:%@:*:*:*:*:*:*:*"
    static let systemsManagerCriterion = "cpe:2.3:a:bd:alaris_systems_manager:*:*:*:*:*:*:*:* <= 12.3"

    /// BD Alaris Systems Manager servers (NVD: CVE-2023-30563 and CVE-2023-30564, up to 12.3
    /// included): one on 12.1.0, one on 12.3.1, one whose CPE leaves the version to the
    /// device's (12.3); and a Siemens syngo fastView workstation with no CPE yet.
    static func fleet() throws -> CLIHarness {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        for (device, version, cpeVersion) in [("SM-1", "12.1.0", "12.1.0"), ("SM-2", "12.3.1", "12.3.1"), ("SM-3", "12.3", "*")] {
            let cpe = systemsManager.replacingOccurrences(of: "%@", with: cpeVersion)
            try procure(cli, device, #"{"manufacturer":"BD","model":"Alaris Systems Manager","version":"\#(version)","cpe":"\#(cpe)","contract":{"id":"C-1"}}"#)
        }
        try procure(cli, "WS-1", #"{"manufacturer":"Siemens Healthineers","model":"syngo fastView","version":"VB10","contract":{"id":"C-2"}}"#)
        return cli
    }

    static func procure(_ cli: CLIHarness, _ device: String, _ data: String) throws {
        try cli.ok(["record", "device.procured", "--device", device, "--at", "2023-01-01", "--actor", "procurement.mchen", "--data", data])
    }

    /// `report exposure --format json`: each device's rows by CVE.
    static func exposure(_ cli: CLIHarness) throws -> [String: [String: JSONObject]] {
        let rows = try #require(try JSONParser.parse(Array(try cli.ok(["report", "exposure", "--format", "json"]).utf8)).arrayValue)
        var devices: [String: [String: JSONObject]] = [:]
        for row in rows.compactMap(\.objectValue) {
            devices[row["device"]!.stringValue!, default: [:]][row["cve"]!.stringValue!] = row
        }
        return devices
    }

    static func count(_ cli: CLIHarness, _ arguments: [String] = []) throws -> Int {
        try FormatCommandTests.count(cli, arguments)
    }

    /// A real file of nvd/ copied into the harness folder with `target` replaced.
    static func mutated(_ cli: CLIHarness, _ file: String, _ target: String, _ replacement: String, as name: String,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let text = try String(contentsOfFile: FormatCommandTests.real(file), encoding: .utf8)
        #expect(text.components(separatedBy: target).count == 2, "\(target) once in \(file)", sourceLocation: sourceLocation)
        return try cli.write(name, text.replacingOccurrences(of: target, with: replacement))
    }

    @Test("the real folders: the Systems Managers in NVD's bounds are exposed by their CPE, the one above is not; again adds nothing")
    func importAndExpose() throws {
        let cli = try Self.fleet()
        let before = try Self.count(cli)
        let first = try cli.run(["import-nvd", Self.nvd, Self.nvdMore, "--actor", "secops.apatel"])
        // Every criterion of the real records is a CPE 2.3 name: nothing is left out.
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "import-nvd: 56 records read (0 already cached), 2 touch the fleet: appended 2 events; the cache holds 56\n")
        let recorded = try cli.ok(["log", "--type", "vulnerability.recorded", "--format", "jsonl"])
        #expect(recorded.contains(#""kind":"nvd""#) && recorded.contains(#""id":"CVE-2023-30563""#) && recorded.contains(#""id":"CVE-2023-30564""#))
        #expect(recorded.contains(#""at":"2023-07-13T20:15:09.143Z""#) && recorded.contains(#""actor":"secops.apatel""#))

        let exposed = try Self.exposure(cli)
        let row = try #require(exposed["SM-1"]?["CVE-2023-30563"])
        #expect(row["score"]?.numberValue == 8.2 && row["records"]?.arrayValue?.first?.stringValue == "CVE-2023-30563")
        #expect(row["matchedBy"]?.stringValue
                == "\(Self.systemsManager.replacingOccurrences(of: "%@", with: "12.1.0")): \(Self.systemsManagerCriterion)")
        #expect(exposed["SM-1"]?["CVE-2023-30564"] != nil)
        #expect(exposed["SM-2"] == nil, "12.3.1 is above NVD's versionEndIncluding 12.3")
        // A CPE with version * stands for the version the device runs: 12.3, the bound itself.
        #expect(Set(exposed["SM-3"]?.keys.map { $0 } ?? []) == ["CVE-2023-30563", "CVE-2023-30564"])
        #expect(exposed["SM-3"]?["CVE-2023-30563"]?["matchedBy"]?.stringValue?.hasPrefix(Self.systemsManager.replacingOccurrences(of: "%@", with: "12.3") + ": ") == true)
        #expect(exposed["WS-1"] == nil)

        let again = try cli.run(["import-nvd", Self.nvd, Self.nvdMore])
        #expect(again.status == 0)
        #expect(again.stdout == "import-nvd: 56 records read (56 already cached), 0 touch the fleet: appended 0 events; the cache holds 56\n")
        #expect(try Self.count(cli) == before + 2)
    }

    @Test("a record CISA lists is recorded with its kev.listed, dated by cisaExploitAdd; the exposure says KEV")
    func kevListed() throws {
        let cli = try Self.fleet()
        try Self.procure(cli, "AX-1", #"{"manufacturer":"Siemens Healthineers","model":"AXIOM workstation","cpe":"cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*","contract":{"id":"C-2"}}"#)
        let out = try cli.ok(["import-nvd", FormatCommandTests.real("nvd/CVE-2019-0708.json")])
        #expect(out.hasPrefix("import-nvd: 1 record read (0 already cached), 1 touch the fleet: appended 2 events;"))
        let kev = try cli.ok(["log", "--type", "kev.listed", "--format", "jsonl"])
        #expect(kev.contains(#""at":"2021-11-03T00:00:00Z""#) && kev.contains(#""dueDate":"2022-05-03""#) && kev.contains(#""kind":"nvd""#))
        let row = try #require(try Self.exposure(cli)["AX-1"]?["CVE-2019-0708"])
        #expect(row["kev"]?.boolValue == true && row["score"]?.numberValue == 9.8)
    }

    @Test("a malformed record refuses the import: exit 2, one line naming the file, the JSON path and what was wrong; nothing recorded or cached")
    func malformed() throws {
        let cli = try Self.fleet()
        let before = try Self.count(cli)
        let feed = cli.path("feed")
        try FileManager.default.createDirectory(atPath: feed, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: FormatCommandTests.real("nvd/CVE-2023-30563.json"), toPath: feed + "/CVE-2023-30563.json")
        let bad = try Self.mutated(cli, "nvd/api-response-13-cves.json", #""id": "CVE-2025-4565""#, #""name": "CVE-2025-4565""#,
                                   as: "feed/page-1.json")
        let result = try cli.run(["import-nvd", feed])
        #expect(result.status == 2)
        #expect(result.stderr == "medledger: import-nvd: \(bad): $.vulnerabilities[3].cve.id: is required (nothing recorded)\n")
        #expect(try Self.count(cli) == before)
        // Nothing was cached either: the good record is read as new.
        let good = try cli.ok(["import-nvd", feed + "/CVE-2023-30563.json"])
        #expect(good.hasPrefix("import-nvd: 1 record read (0 already cached), 1 touch the fleet: appended 1 event;"))
    }

    @Test("a criteria that is not a CPE 2.3 name is left out and listed, exit 3, the rest recorded; --strict refuses it all")
    func criterionLeftOut() throws {
        let cli = try Self.fleet()
        let before = try Self.count(cli)
        let bad = try Self.mutated(cli, "nvd-more/CVE-2023-30564.json",
                                   #""criteria": "cpe:2.3:a:bd:alaris_systems_manager:*:*:*:*:*:*:*:*""#,
                                   #""criteria": "cpe:/a:bd:alaris_systems_manager""#, as: "CVE-2023-30564.json")
        let good = FormatCommandTests.real("nvd/CVE-2023-30563.json")
        let strict = try cli.run(["import-nvd", good, bad, "--strict"])
        #expect(strict.status == 2)
        #expect(strict.stderr.hasPrefix("medledger: import-nvd: \(bad): $.configurations[0].nodes[0].cpeMatch[0].criteria (CVE-2023-30564): "))
        #expect(strict.stderr.hasSuffix("(--strict: nothing recorded)\n") && strict.stderr.split(separator: "\n").count == 1)
        #expect(try Self.count(cli) == before)
        let partial = try cli.run(["import-nvd", good, bad])
        #expect(partial.status == 3)
        #expect(partial.stdout.contains("skipped: \(bad): $.configurations[0].nodes[0].cpeMatch[0].criteria (CVE-2023-30564): "
                                        + #""cpe:/a:bd:alaris_systems_manager" is not a CPE 2.3 name"#))
        #expect(partial.stderr.contains("import-nvd: 1 cpeMatch whose criteria is not a CPE 2.3 name left out (listed above); the rest is recorded"))
        // The record left without its criterion names nothing the fleet has; the other is recorded.
        #expect(partial.stdout.contains("2 records read (0 already cached), 1 touch the fleet: appended 1 event"))
        let exposed = try Self.exposure(cli)
        #expect(exposed["SM-1"]?["CVE-2023-30563"] != nil && exposed["SM-1"]?["CVE-2023-30564"] == nil)
    }

    @Test("a cpe.assigned recorded after the import records the cached record then, and the workstation becomes exposed")
    func cpeAssignedLater() throws {
        let cli = try Self.fleet()
        let imported = try cli.ok(["import-nvd", Self.nvd])
        #expect(imported.contains("32 records read (0 already cached), 1 touch the fleet"))
        #expect(try Self.exposure(cli)["WS-1"] == nil)
        let out = try cli.ok(["record", "cpe.assigned", "--device", "WS-1", "--at", "2024-02-01", "--actor", "biomed.jlee",
                              "--data", #"{"cpe":"cpe:2.3:a:siemens-healthineers:syngo_fastview:vb10:*:*:*:*:*:*:*"}"#])
        let lines = out.split(separator: "\n")
        #expect(lines.count == 2 && lines.first?.hasPrefix("north:") == true)
        #expect(lines.last == "recorded 1 cached vulnerability record that now touches the fleet: appended 1 event")
        let row = try #require(try Self.exposure(cli)["WS-1"]?["CVE-2021-40367"])
        #expect(row["matchedBy"]?.stringValue?.hasSuffix(": cpe:2.3:a:siemens-healthineers:syngo_fastview:*:*:*:*:*:*:*:*") == true)
        // The record is in the log now: the same CPE for another device records nothing more.
        try Self.procure(cli, "WS-2", #"{"manufacturer":"Siemens Healthineers","model":"syngo fastView","contract":{"id":"C-2"},"cpe":"cpe:2.3:a:siemens-healthineers:syngo_fastview:vb10:*:*:*:*:*:*:*"}"#)
        #expect(try Self.count(cli, ["--type", "vulnerability.recorded"]) == 2)
        #expect(try Self.exposure(cli)["WS-2"]?["CVE-2021-40367"] != nil)
    }

    @Test("a procurement with a CPE, recorded or imported after the feed, records the cached records it makes relevant")
    func procuredLater() throws {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        #expect(try cli.ok(["import-nvd", Self.nvdMore]).contains("24 records read (0 already cached), 0 touch the fleet"))
        let recorded = try cli.ok(["record", "device.procured", "--device", "SM-1", "--at", "2023-01-01", "--actor", "procurement.mchen",
                                   "--data", #"{"manufacturer":"BD","model":"Alaris Systems Manager","cpe":"cpe:2.3:a:bd:alaris_systems_manager:12.0:*:*:*:*:*:*:*","contract":{"id":"C-1"}}"#])
        #expect(recorded.hasSuffix("\nrecorded 1 cached vulnerability record that now touches the fleet: appended 1 event\n"))
        #expect(try Self.exposure(cli)["SM-1"]?["CVE-2023-30564"] != nil)
        // Through `import`, recorded by the actor of the line that brought the CPE.
        let line = #"{"type":"device.procured","device":"WEBP-1","at":"2024-01-01","actor":"procurement.lkim","data":{"manufacturer":"Philips","model":"IntelliVue Viewer","cpe":"cpe:2.3:a:google:chrome:116.0.5845.180:*:*:*:*:*:*:*","contract":{"id":"C-3"}}}"#
        let imported = try cli.ok(["import", "-"], stdin: line + "\n")
        #expect(imported == "appended 1, already held 0\nrecorded 1 cached vulnerability record that now touches the fleet: appended 2 events\n")
        let webp = try cli.ok(["log", "--cve", "CVE-2023-4863", "--format", "jsonl"])
        #expect(webp.contains(#""type":"kev.listed""#) && webp.contains(#""actor":"procurement.lkim""#))
        #expect(try Self.exposure(cli)["WEBP-1"]?["CVE-2023-4863"]?["kev"]?.boolValue == true)
    }

    @Test("device firmware: NVD's firmware AND hardware configuration applies to a pump whose own CPE names the firmware and whose model's names the hardware")
    func firmwareAndHardware() throws {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        let firmware = "cpe:2.3:o:bd:alaris_8015_pcu_firmware:*:*:*:*:*:*:*:*"
        for (device, version) in [("PCU-1", "12.1.3"), ("PCU-2", "12.3.0")] {
            try Self.procure(cli, device, #"{"manufacturer":"BD","model":"Alaris 8015","version":"\#(version)","cpe":"\#(firmware)","contract":{"id":"C-1"}}"#)
        }
        try cli.ok(["import-nvd", FormatCommandTests.real("nvd/CVE-2023-30559.json")])
        // The firmware alone does not satisfy CVE-2023-30559 (firmware <= 12.1.3 AND the PCU hardware).
        #expect(try Self.exposure(cli)["PCU-1"]?["CVE-2023-30559"] == nil)
        try cli.ok(["record", "cpe.assigned", "--at", "2023-01-02", "--actor", "biomed.jlee",
                    "--data", #"{"manufacturer":"BD","model":"Alaris 8015","cpe":"cpe:2.3:h:bd:alaris_8015_pcu:-:*:*:*:*:*:*:*"}"#])
        let exposure = try Self.exposure(cli)
        let row = try #require(exposure["PCU-1"]?["CVE-2023-30559"])
        #expect(row["matchedBy"]?.stringValue == "cpe:2.3:o:bd:alaris_8015_pcu_firmware:12.1.3:*:*:*:*:*:*:*: cpe:2.3:o:bd:alaris_8015_pcu_firmware:*:*:*:*:*:*:*:* <= 12.1.3")
        #expect(exposure["PCU-2"]?["CVE-2023-30559"] == nil)
    }
}
