import Foundation
import LedgerCore
import Testing

/// The import commands run as a user runs them, on the real files of ../shared/realdata.
@Suite("medledger import-sbom, import-vex, import-csaf, import-kev and sources")
struct FormatCommandTests {
    static let realdata = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/realdata").path

    static func real(_ path: String) -> String { realdata + "/" + path }

    /// A ledger with two Baxter pumps, a Sigma Spectrum 8.x and a 6.x, and a BD PCU.
    static func fleet() throws -> CLIHarness {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        for (device, manufacturer, model, version) in [("PUMP-1", "Baxter", "Sigma Spectrum", "8.01.01"),
                                                        ("PUMP-2", "Baxter", "Sigma Spectrum", "6.05.01"),
                                                        ("PCU-1", "BD", "Alaris 8015", "12.1.3")] {
            try cli.ok(["record", "device.procured", "--device", device, "--at", "2023-01-01", "--actor", "procurement.mchen",
                        "--data", #"{"manufacturer":"\#(manufacturer)","model":"\#(model)","version":"\#(version)","contract":{"id":"C-1"}}"#])
        }
        return cli
    }

    static func count(_ cli: CLIHarness, _ arguments: [String]) throws -> Int {
        try cli.ok(["log", "--format", "jsonl"] + arguments).split(separator: "\n").count
    }

    @Test("import-sbom records one sbom.recorded; the same file again adds nothing, exits 0 and says so")
    func sbom() throws {
        let cli = try Self.fleet()
        let file = Self.real("cyclonedx/cdxgen-vuln-spring-1.5.json")
        let first = try cli.ok(["import-sbom", file, "--device", "PUMP-1", "--actor", "biomed.jlee"])
        #expect(first.contains("cyclonedx-sbom urn:uuid:cc8b5a04-2698-4375-b04c-cedfa4317fee") && first.contains("(88 components)"))
        let again = try cli.ok(["import-sbom", file, "--device", "PUMP-1", "--actor", "someone.else", "--at", "2025-01-01"])
        #expect(again.hasPrefix("already imported:") && again.contains("nothing appended"))
        #expect(try Self.count(cli, ["--type", "sbom.recorded"]) == 1)
        let line = try cli.ok(["log", "--type", "sbom.recorded", "--format", "jsonl"])
        #expect(line.contains(#""at":"2023-12-24T14:01:41.765Z""#) && line.contains(#""kind":"cyclonedx-sbom""#))
        let unknown = try cli.run(["import-sbom", file, "--device", "PUMP-9"])
        #expect(unknown.status == 2 && unknown.stderr.contains("PUMP-9: no such device"))
    }

    @Test("import-vex leaves the malformed AAV:N statement out and exits 3; --strict refuses it all, exit 2, nothing stored")
    func vex() throws {
        let cli = try Self.fleet()
        let file = Self.real("vex/cisa-case3-ripple20-multistatus-vex-1.4.json")
        let strict = try cli.run(["import-vex", file, "--device", "PUMP-1", "--strict"])
        #expect(strict.status == 2)
        #expect(strict.stderr.contains("import-vex: \(file): $.vulnerabilities[2].ratings[0].vector (CVE-2020-11898):"))
        #expect(strict.stderr.split(separator: "\n").count == 1)
        #expect(try Self.count(cli, ["--type", "vulnerability.assessed"]) == 0)
        let partial = try cli.run(["import-vex", file, "--device", "PUMP-1"])
        #expect(partial.status == 3)
        #expect(partial.stdout.contains("skipped: $.vulnerabilities[2].ratings[0].vector (CVE-2020-11898)"))
        #expect(partial.stdout.contains("18 vulnerability.disclosed, 18 vulnerability.assessed"))
        #expect(try Self.count(cli, ["--type", "vulnerability.assessed", "--device", "PUMP-1"]) == 18)
        let again = try cli.run(["import-vex", file, "--device", "PUMP-1"])
        #expect(again.status == 0 && again.stdout.contains("already imported"))
        // The model's other pump gets its assessments; the CVEs are not disclosed twice.
        let model = try cli.run(["import-vex", file, "--model", "Baxter/Sigma Spectrum"])
        #expect(model.status == 3 && model.stdout.contains("0 vulnerability.disclosed, 18 vulnerability.assessed"))
        #expect(try Self.count(cli, ["--type", "vulnerability.disclosed"]) == 18)
        let unknown = try cli.run(["import-vex", file, "--device", "PUMP-9"])
        #expect(unknown.status == 2 && unknown.stderr.contains("\(file): --device PUMP-9: no such device in the ledger"))
        let noModel = try cli.run(["import-vex", file, "--model", "Baxter/Nothing"])
        #expect(noModel.status == 2)
    }

    @Test("import-csaf prints which product matched which model (a map for names that differ); the same advisory again adds nothing")
    func csaf() throws {
        let cli = try Self.fleet()
        let map = try cli.write("map.csv", "\"BD Alaris Point-of-Care Unit (PCU) Model 8015\",BD,Alaris 8015\n")
        let file = Self.real("csaf/icsma-23-194-01.json")
        let out = try cli.ok(["import-csaf", file, "--map", map, "--actor", "secops.apatel"])
        #expect(out.contains(#"product CSAFPID-0001 "BD Alaris Point-of-Care Unit (PCU) Model 8015: <=12.1.3": BD / Alaris 8015, 1 device, 1 in versions <=12.1.3"#))
        #expect(out.contains(#"product CSAFPID-0004 "CQI Reporter: <=10.17": no model of the fleet"#))
        #expect(out.contains("csaf ICSMA-23-194-01#2") && out.contains("appended 8 (8 vulnerability.disclosed, 0 patch.released)"))
        let log = try cli.ok(["log", "--cve", "CVE-2023-30559", "--format", "jsonl"])
        #expect(log.contains(#"{"manufacturer":"BD","model":"Alaris 8015","product":"BD Alaris Point-of-Care Unit (PCU) Model 8015: <=12.1.3","productId":"CSAFPID-0001","versions":"<=12.1.3"}"#))
        let again = try cli.ok(["import-csaf", file, "--map", map])
        #expect(again.contains("already imported: csaf ICSMA-23-194-01#2"))
        let baxter = try cli.ok(["import-csaf", Self.real("csaf/icsma-22-251-01.json")])
        #expect(baxter.contains(#"product CSAFPID-0003 "Sigma Spectrum: v8.x model 35700BAX2": Baxter / Sigma Spectrum, 2 devices, 1 in versions 8.x"#))
    }

    @Test("report exposure after the Baxter and BD advisories: only the pumps on affected versions, until a patch moves one out")
    func exposureFollowsVersions() throws {
        let cli = try Self.fleet()
        // A second PCU already on the fixed 12.3.0, outside BD's <=12.1.3; a Sigma Spectrum on a
        // version Baxter's advisory does not list (it names 6.x and 8.x).
        try cli.ok(["record", "device.procured", "--device", "PCU-2", "--at", "2023-01-01", "--actor", "procurement.mchen",
                    "--data", #"{"manufacturer":"BD","model":"Alaris 8015","version":"12.3.0","contract":{"id":"C-2"}}"#])
        try cli.ok(["record", "device.procured", "--device", "PUMP-3", "--at", "2023-01-01", "--actor", "procurement.mchen",
                    "--data", #"{"manufacturer":"Baxter","model":"Sigma Spectrum","version":"9.00.01","contract":{"id":"C-1"}}"#])
        let map = try cli.write("map.csv", "\"BD Alaris Point-of-Care Unit (PCU) Model 8015\",BD,Alaris 8015\n")
        try cli.ok(["import-csaf", Self.real("csaf/icsma-23-194-01.json"), "--map", map])
        try cli.ok(["import-csaf", Self.real("csaf/icsma-22-251-01.json")])
        func exposed() throws -> [String: Set<String>] {
            let rows = try #require(try JSONParser.parse(Array(try cli.ok(["report", "exposure", "--format", "json"]).utf8)).arrayValue)
            var devices: [String: Set<String>] = [:]
            for row in rows.compactMap(\.objectValue) {
                devices[row["device"]!.stringValue!, default: []].insert(row["cve"]!.stringValue!)
            }
            return devices
        }
        let before = try exposed()
        #expect(before["PUMP-1"]?.isEmpty == false, "Sigma Spectrum 8.01.01 is in Baxter's 8.x")
        #expect(before["PUMP-2"]?.count == 4, "Sigma Spectrum 6.05.01 is in its 6.x")
        #expect(before["PUMP-3"] == nil, "9.00.01 is in neither")
        #expect(before["PCU-1"]?.contains("CVE-2023-30559") == true, "12.1.3 is in BD's <=12.1.3")
        #expect(before["PCU-2"] == nil, "12.3.0 is outside it")
        // Patching PCU-1 to 12.3.0 moves it out of the range.
        try cli.ok(["record", "patch.applied", "--device", "PCU-1", "--at", "2024-01-01", "--actor", "biomed.jlee",
                    "--data", #"{"version":"12.3.0"}"#])
        #expect(try exposed()["PCU-1"] == nil)
    }

    @Test("bad documents: one line naming the file, the JSON path and what was wrong; exit 2; nothing stored", arguments: [
        (["import-csaf"], "cyclonedx/maven-plugin-gs-maven-1.4.json", "$.document: is missing: not a CSAF document"),
        (["import-sbom", "--device", "PUMP-1"], "csaf/bsi-2022-0001.json", "$.bomFormat: is missing: not a CycloneDX BOM"),
        (["import-kev"], "csaf/bsi-2022-0001.json", "$.catalogVersion: is missing: not a KEV catalog"),
        (["import-vex", "--device", "PUMP-1"], "cyclonedx/hbom-pcie-sata-adapter-board-1.4.json", "$.vulnerabilities: is missing"),
    ])
    func badDocuments(_ command: [String], _ file: String, _ message: String) throws {
        let cli = try Self.fleet()
        let path = Self.real(file)
        let result = try cli.run([command[0], path] + command.dropFirst())
        #expect(result.status == 2)
        #expect(result.stderr == "medledger: \(command[0]): \(path): \(message)\n" || result.stderr.hasPrefix("medledger: \(command[0]): \(path): \(message)"))
        #expect(try Self.count(cli, []) == 3)
    }

    @Test("not JSON, and a CycloneDX version the reader does not support, are refused naming the file")
    func notJSONAndOldVersion() throws {
        let cli = try Self.fleet()
        let broken = try cli.write("broken.json", #"{"bomFormat": "CycloneDX", "#)
        let result = try cli.run(["import-sbom", broken, "--device", "PUMP-1"])
        #expect(result.status == 2 && result.stderr.hasPrefix("medledger: import-sbom: \(broken): $: not JSON:"))
        let old = try cli.write("old.json", #"{"bomFormat": "CycloneDX", "specVersion": "1.2", "components": []}"#)
        let refused = try cli.run(["import-sbom", old, "--device", "PUMP-1"])
        #expect(refused.status == 2 && refused.stderr.contains("$.specVersion: CycloneDX 1.2 is not supported"))
        let missing = try cli.run(["import-kev", cli.path("absent.json")])
        #expect(missing.status == 2 && missing.stderr.contains("cannot read it"))
    }

    @Test("import-kev lists the catalog once; the next day's catalog adds only its new entry; sources lists each document")
    func kevAndSources() throws {
        let cli = try Self.fleet()
        let catalog = Self.real("kev/known_exploited_vulnerabilities.json")
        let first = try cli.ok(["import-kev", catalog, "--actor", "secops.apatel"])
        #expect(first.contains("kev 2025.08.25") && first.contains("1404 entries, appended 1404 kev.listed"))
        let again = try cli.ok(["import-kev", catalog])
        #expect(again.hasPrefix("already imported: kev 2025.08.25"))
        let nextDay = try cli.write("next.json", """
            {"catalogVersion": "2025.08.26", "count": 2, "vulnerabilities": [
              {"cveID": "CVE-2021-44228", "dateAdded": "2021-12-10"},
              {"cveID": "CVE-2025-99999", "dateAdded": "2025-08-26", "dueDate": "2025-09-16"}]}
            """)
        let added = try cli.ok(["import-kev", nextDay, "--actor", "secops.apatel"])
        #expect(added.contains("2 entries, appended 1 kev.listed, 1 already listed"))
        #expect(try Self.count(cli, ["--type", "kev.listed"]) == 1405)
        let log4shell = try cli.ok(["log", "--cve", "CVE-2021-44228", "--format", "jsonl"])
        #expect(log4shell.contains(#""document":{"id":"2025.08.25","kind":"kev","sha256":"901b1f227941a3879a3e39fcb857bb6f7252bf9d71b63ef08d50a836d5ab1bd2"}"#))
        try cli.ok(["import-sbom", Self.real("cyclonedx/maven-plugin-gs-maven-1.4.json"), "--device", "PUMP-2", "--actor", "biomed.jlee"])

        let json = try cli.ok(["sources", "--format", "json"])
        let documents = try #require(try JSONParser.parse(Array(json.utf8)).arrayValue?.compactMap({ $0.objectValue }))
        #expect(documents.compactMap { $0["kind"]?.stringValue } == ["kev", "kev", "cyclonedx-sbom"])
        #expect(documents.compactMap { $0["events"]?.numberValue } == [1404, 1, 1])
        #expect(documents.first?["sha256"]?.stringValue == "901b1f227941a3879a3e39fcb857bb6f7252bf9d71b63ef08d50a836d5ab1bd2")
        #expect(documents.first?["actors"]?.arrayValue?.first?.stringValue == "secops.apatel")
        #expect(documents.last?["id"]?.stringValue == "urn:uuid:e90ca179-bae3-4b30-ba22-d50a36d6c41a")
        let csv = try cli.ok(["sources", "--format", "csv"])
        #expect(csv.hasPrefix("kind,id,sha256,importedAt,actors,sites,events\nkev,2025.08.25,901b1f22"))
        let table = try cli.ok(["sources"])
        #expect(table.hasPrefix("KIND") && table.split(separator: "\n").count == 4)
    }
}
