import Foundation
import LedgerCore
import Testing
import ZIPFoundation

/// Vulnerability intelligence as a user meets it: OSV records imported from the real files of
/// ../shared/realdata, matched against the fleet's SBOMs, reported with why, and refused
/// whole when they are not what they claim to be.
@Suite("medledger import-osv, match, and matched exposure")
struct IntelCommandTests {
    static func real(_ path: String) -> String { FormatCommandTests.real(path) }

    /// The log4j SBOM with log4j 2.17.1 in place of 2.6.1 (the release that fixed Log4Shell's
    /// last variant), written into the harness folder.
    static func fixedSBOM(_ cli: CLIHarness) throws -> String {
        let original = try String(contentsOfFile: real("cyclonedx/cdxgen-java-maven-log4j-1.4.json"), encoding: .utf8)
        return try cli.write("log4j-2.17.1.cdx.json", original.replacingOccurrences(of: "2.6.1", with: "2.17.1")
            .replacingOccurrences(of: "3ada63e1-1aa0-4a9e-be9c-1eda1d2725ad", with: "3ada63e1-1aa0-4a9e-be9c-1eda1d2725ae"))
    }

    /// Two gateways on a contract allowing 15 days for a critical fix: GW-1's SBOM holds
    /// log4j-core 2.6.1, GW-2's 2.17.1.
    static func gateways() throws -> CLIHarness {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        for device in ["GW-1", "GW-2"] {
            try cli.ok(["record", "device.procured", "--device", device, "--at", "2021-06-01", "--actor", "procurement.mchen",
                        "--data", #"{"manufacturer":"Acme","model":"Gateway","version":"1.0","contract":{"id":"C-1","patchDays":{"critical":15}}}"#])
        }
        try cli.ok(["import-sbom", real("cyclonedx/cdxgen-java-maven-log4j-1.4.json"), "--device", "GW-1", "--at", "2021-07-01"])
        try cli.ok(["import-sbom", try fixedSBOM(cli), "--device", "GW-2", "--at", "2021-07-01"])
        return cli
    }

    static func json(_ text: String) throws -> [JSONObject] {
        try #require(try JSONParser.parse(Array(text.utf8)).arrayValue).compactMap(\.objectValue)
    }

    static func count(_ cli: CLIHarness, _ arguments: [String]) throws -> Int {
        try FormatCommandTests.count(cli, arguments)
    }

    @Test("Log4Shell: log4j-core 2.6.1 is exposed, on KEV and late, with why; 2.17.1 is not; a second import adds nothing")
    func log4Shell() throws {
        let cli = try Self.gateways()
        try cli.ok(["import-kev", Self.real("kev/known_exploited_vulnerabilities.json")])
        let imported = try cli.run(["import-osv", Self.real("osv")])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("touch the fleet"))
        let recorded = try Self.count(cli, ["--type", "vulnerability.recorded"])
        #expect(recorded > 0)
        // Only records naming a package an SBOM holds are in the log; the others wait in the cache.
        let files = try FileManager.default.subpathsOfDirectory(atPath: Self.real("osv")).filter { $0.hasSuffix(".json") }.count
        #expect(recorded < files)

        let exposure = try Self.json(try cli.ok(["report", "exposure", "--format", "json"]))
        let log4Shell = exposure.filter { $0["cve"]?.stringValue == "CVE-2021-44228" }
        #expect(log4Shell.map { $0["device"]?.stringValue } == ["GW-1"])
        let row = try #require(log4Shell.first)
        #expect(row["kev"]?.boolValue == true)
        #expect(row["aliases"]?.arrayValue?.compactMap(\.stringValue) == ["GHSA-jfh8-c2jp-5v3q"])
        #expect(row["records"]?.arrayValue?.compactMap(\.stringValue) == ["GHSA-jfh8-c2jp-5v3q"])
        let why = try #require(row["matchedBy"]?.stringValue)
        #expect(why.contains("pkg:maven/org.apache.logging.log4j/log4j-core@2.6.1") && why.contains("ECOSYSTEM introduced 2.4, fixed 2.12.2"))
        #expect(!exposure.contains { $0["device"]?.stringValue == "GW-2" && ($0["cve"]?.stringValue ?? "").hasPrefix("CVE-2021-4") })

        let compliance = try cli.ok(["report", "compliance"]).split(separator: "\n").filter { $0.contains("GW-1") && $0.contains("CVE-2021-44228") }.joined(separator: "\n")
        #expect(compliance.contains("KEV_UNPATCHED") && compliance.contains("SUPPLIER_PATCH_LATE"))
        #expect(compliance.contains("(GHSA-jfh8-c2jp-5v3q)"))
        let shown = try cli.ok(["show", "device", "GW-1"])
        #expect(shown.contains("CVE-2021-44228  open, critical 10.0, KEV; matched pkg:maven/org.apache.logging.log4j/log4j-core@2.6.1"))
        #expect(!(try cli.ok(["show", "device", "GW-2"])).contains("CVE-2021-44228"))

        // The GHSA id and the CVE are one flaw in the log and in a replay.
        let byGHSA = try cli.ok(["log", "--cve", "GHSA-jfh8-c2jp-5v3q", "--format", "jsonl"])
        #expect(byGHSA.contains(#""type":"vulnerability.recorded""#) && byGHSA.contains(#""type":"kev.listed""#))
        let replay = try cli.ok(["replay", "--cve", "GHSA-jfh8-c2jp-5v3q"])
        #expect(replay.contains("GW-1: - -> open; matched pkg:maven/org.apache.logging.log4j/log4j-core@2.6.1"))

        let before = try Self.count(cli, [])
        let again = try cli.ok(["import-osv", Self.real("osv")])
        #expect(again.contains("already cached") && again.contains("appended 0 events"))
        #expect(try Self.count(cli, []) == before)
    }

    @Test("as of a day before a record's publication no device is exposed to it; known at a time before the import, the site did not know it")
    func replayable() throws {
        let cli = try Self.gateways()
        try cli.ok(["import-osv", Self.real("osv/GHSA-jfh8-c2jp-5v3q.json")])
        func exposed(_ options: [String]) throws -> Bool {
            try Self.json(try cli.ok(["report", "exposure", "--format", "json"] + options)).contains { $0["cve"]?.stringValue == "CVE-2021-44228" }
        }
        #expect(try exposed(["--as-of", "2021-12-11"]))
        #expect(try !exposed(["--as-of", "2021-12-09"]))
        #expect(try !exposed(["--known-at", "2021-12-11"]))
    }

    @Test("an SBOM recorded after the feed import brings the cached records it makes relevant into the log")
    func sbomAfterFeed() throws {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        try cli.ok(["record", "device.procured", "--device", "GW-1", "--at", "2021-06-01", "--actor", "procurement.mchen",
                    "--data", #"{"manufacturer":"Acme","model":"Gateway","contract":{"id":"C-1"}}"#])
        let first = try cli.ok(["import-osv", Self.real("osv")])
        #expect(first.contains("0 touch the fleet"))
        #expect(try Self.count(cli, ["--type", "vulnerability.recorded"]) == 0)
        let sbom = try cli.ok(["import-sbom", Self.real("cyclonedx/cdxgen-java-maven-log4j-1.4.json"), "--device", "GW-1"])
        #expect(sbom.contains("cached vulnerability record"))
        #expect(try Self.count(cli, ["--type", "vulnerability.recorded", "--cve", "CVE-2021-44228"]) == 1)
        #expect(try cli.ok(["report", "exposure"]).contains("CVE-2021-44228"))
    }

    @Test("a withdrawn record matches nothing from its withdrawal, but stays in the log as evidence")
    func withdrawn() throws {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        try cli.ok(["record", "device.procured", "--device", "LAB-1", "--at", "2021-01-01", "--actor", "procurement.mchen",
                    "--data", #"{"manufacturer":"Acme","model":"Lab","contract":{"id":"C-1"}}"#])
        let sbom = try cli.write("lab.cdx.json", #"""
            {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
             "components": [{"type": "library", "name": "cryptography", "version": "3.2", "purl": "pkg:pypi/cryptography@3.2"}]}
            """#)
        try cli.ok(["import-sbom", sbom, "--device", "LAB-1", "--at", "2021-01-02"])
        try cli.ok(["import-osv", Self.real("osv-more/PYSEC-2021-63.json")])
        #expect(try Self.count(cli, ["--type", "vulnerability.recorded", "--cve", "PYSEC-2021-63"]) == 1)
        // Published 2021-02-07, withdrawn 2021-02-10.
        #expect(try cli.ok(["report", "exposure", "--as-of", "2021-02-08"]).contains("CVE-2020-36242"))
        #expect(try !cli.ok(["report", "exposure", "--as-of", "2021-02-11"]).contains("CVE-2020-36242"))
        #expect(try !cli.ok(["match", "--device", "LAB-1"]).contains("PYSEC-2021-63"))
    }

    @Test("match --sbom prints every cached match with its reason and records nothing; --format json has the documented fields")
    func match() throws {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        try cli.ok(["import-osv", Self.real("osv")])
        let before = try Self.count(cli, [])
        let rows = try Self.json(try cli.ok(["match", "--sbom", Self.real("cyclonedx/cdxgen-java-maven-log4j-1.4.json"), "--format", "json"]))
        let log4Shell = try #require(rows.first { $0["id"]?.stringValue == "GHSA-jfh8-c2jp-5v3q" })
        #expect(log4Shell["component"]?.stringValue == "pkg:maven/org.apache.logging.log4j/log4j-core@2.6.1?type=jar")
        #expect(log4Shell["version"]?.stringValue == "2.6.1")
        #expect(log4Shell["aliases"]?.arrayValue?.compactMap(\.stringValue) == ["CVE-2021-44228"])
        #expect(log4Shell["source"]?.stringValue == "osv")
        #expect(log4Shell["reason"]?.stringValue?.contains("ECOSYSTEM introduced 2.4, fixed 2.12.2") == true)
        let fixed = try Self.json(try cli.ok(["match", "--sbom", try Self.fixedSBOM(cli), "--format", "json"]))
        #expect(!fixed.contains { $0["id"]?.stringValue == "GHSA-jfh8-c2jp-5v3q" })
        #expect(try Self.count(cli, []) == before)
        let csv = try cli.ok(["match", "--sbom", Self.real("cyclonedx/cdxgen-java-maven-log4j-1.4.json"), "--format", "csv"])
        #expect(csv.hasPrefix("component,version,name,id,aliases,source,reason\n"))
        let noCache = try CLIHarness()
        try noCache.ok(["init", "--site", "north"])
        let refused = try noCache.run(["match", "--sbom", Self.real("cyclonedx/cdxgen-java-maven-log4j-1.4.json")])
        #expect(refused.status == 2 && refused.stderr.contains("no feed cache"))
    }

    @Test("a malformed range is left out and listed (exit 3); --strict refuses the import whole, nothing recorded or cached")
    func malformedRange() throws {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        let file = Self.real("osv-more/GHSA-5mrr-rgp6-x4gr.json")
        let strict = try cli.run(["import-osv", file, "--strict"])
        #expect(strict.status == 2)
        #expect(strict.stderr.contains("\(file): $.affected[0].ranges[0].events[1].fixed (GHSA-5mrr-rgp6-x4gr): must be a non-empty string"))
        #expect(try FeedCacheProbe.count(cli) == 0)
        let partial = try cli.run(["import-osv", file])
        #expect(partial.status == 3)
        #expect(partial.stdout.contains("skipped: \(file): $.affected[0].ranges[0].events[1].fixed (GHSA-5mrr-rgp6-x4gr)"))
        #expect(try FeedCacheProbe.count(cli) == 1)
    }

    @Test("refused whole, with one line naming file, record and JSON path: not JSON, not OSV, a field of the wrong type")
    func badRecords() throws {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        let good = Self.real("osv/GHSA-jfh8-c2jp-5v3q.json")
        let cases: [(String, String, String)] = [
            ("not-json.json", "{\"id\": ", "not-json.json: $: not JSON"),
            ("kev.json", #"{"catalogVersion": "2025.01.01", "vulnerabilities": []}"#, "kev.json: $.id: is required: not an OSV record"),
            ("typed.json", #"{"id": "GHSA-xxxx-yyyy-zzzz", "modified": "2024-01-01T00:00:00Z", "affected": [{"package": {"ecosystem": 7, "name": "x"}}]}"#,
             "typed.json: $.affected[0].package.ecosystem (GHSA-xxxx-yyyy-zzzz): must be a string, not a number"),
            ("time.json", #"{"id": "GHSA-xxxx-yyyy-zzzz", "modified": "last tuesday"}"#,
             "time.json: $.modified (GHSA-xxxx-yyyy-zzzz): \"last tuesday\" is not an RFC 3339 time"),
        ]
        for (name, text, expected) in cases {
            let file = try cli.write(name, text)
            // The good record first: a refusal later in the same import leaves nothing behind.
            let result = try cli.run(["import-osv", good, file])
            #expect(result.status == 2, "\(name)")
            #expect(result.stderr.contains(expected), "\(name): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(name)")
        }
        #expect(try FeedCacheProbe.count(cli) == 0)
        #expect(try Self.count(cli, []) == 0)
    }

    @Test("a record cached by import-osv, fed to import-nvd, is read and refused as not NVD, not passed over as cached")
    func cacheKnowsEachFeed() throws {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        let file = Self.real("osv/GHSA-jfh8-c2jp-5v3q.json")
        try cli.ok(["import-osv", file])
        let refused = try cli.run(["import-nvd", file])
        #expect(refused.status == 2, "\(refused.stdout)")
        #expect(refused.stderr.split(separator: "\n").count == 1 && refused.stderr.contains(file))
    }

    @Test("zip archives: read entry by entry; a .. or absolute entry name, an oversized entry, a truncated archive are refused with one line")
    func archives() throws {
        let cli = try Self.gateways()
        let records = ["GHSA-jfh8-c2jp-5v3q", "GHSA-7rjr-3q55-vv33", "GHSA-p6xc-xr62-6r2g"]
        let archive = try ArchiveMaker(cli, "all.zip")
        for id in records { try archive.add("\(id).json", try Data(contentsOf: URL(fileURLWithPath: Self.real("osv/\(id).json")))) }
        let imported = try cli.run(["import-osv", archive.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("3 records read"))
        #expect(try Self.count(cli, ["--type", "vulnerability.recorded", "--cve", "CVE-2021-44228"]) == 1)
        // The same records from a folder are the same facts: nothing more is appended.
        let before = try Self.count(cli, [])
        #expect(try cli.ok(["import-osv", Self.real("osv/GHSA-jfh8-c2jp-5v3q.json")]).contains("already cached"))
        #expect(try Self.count(cli, []) == before)

        let evil = try ArchiveMaker(cli, "evil.zip")
        try evil.add("../escape.json", Data("{}".utf8))
        let refusedEvil = try cli.run(["import-osv", evil.path])
        #expect(refusedEvil.status == 2 && refusedEvil.stderr.contains("entry \"../escape.json\": a name with .. or an absolute path is refused"))

        let bomb = try ArchiveMaker(cli, "bomb.zip")
        try bomb.add("big.json", Data(repeating: 0x20, count: 33 << 20))
        let refusedBomb = try cli.run(["import-osv", bomb.path])
        #expect(refusedBomb.status == 2 && refusedBomb.stderr.contains("more than any record"))

        let whole = try Data(contentsOf: URL(fileURLWithPath: archive.path))
        let truncated = cli.path("truncated.zip")
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: truncated))
        let refusedTruncated = try cli.run(["import-osv", truncated])
        #expect(refusedTruncated.status == 2 && refusedTruncated.stderr.contains("not a zip archive, or truncated"))
        #expect(try Self.count(cli, []) == before)
    }
}

@Suite("cached records meet SBOMs received from another site")
struct IntelSyncTests {
    @Test("a bundle carrying an SBOM to a site whose cache holds the matching records: that site records them on import")
    func bundleBringsSBOM() throws {
        let cli = try CLIHarness()
        try BundleCommandTests().threeSites(cli, count: 1)
        try cli.ok(["import-osv", "--db", "b.sqlite", FormatCommandTests.real("osv")])
        #expect(try cli.ok(["log", "--db", "b.sqlite", "--type", "vulnerability.recorded", "--format", "jsonl"]).isEmpty)
        try cli.ok(["record", "device.procured", "--db", "a.sqlite", "--device", "GW-1", "--at", "2021-06-01", "--actor", "biomed",
                    "--data", #"{"manufacturer":"Acme","model":"Gateway","contract":{"id":"C-1"}}"#])
        try cli.ok(["import-sbom", "--db", "a.sqlite", FormatCommandTests.real("cyclonedx/cdxgen-java-maven-log4j-1.4.json"), "--device", "GW-1"])
        try cli.ok(["bundle", "create", "--db", "a.sqlite", "a.bundle"])
        let imported = try cli.ok(["bundle", "import", "--db", "b.sqlite", "a.bundle"])
        #expect(imported.contains("cached vulnerability records that now touch the fleet"))
        let exposure = try cli.ok(["report", "exposure", "--db", "b.sqlite", "--format", "csv"])
        #expect(exposure.contains("GW-1,a,Acme,Gateway,CVE-2021-44228,"))
    }
}

/// Builds zip archives for the tests with ZIPFoundation.
struct ArchiveMaker {
    let path: String
    let archive: Archive

    init(_ cli: CLIHarness, _ name: String) throws {
        path = cli.path(name)
        archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
    }

    func add(_ name: String, _ data: Data) throws {
        try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Data.Index(position)..<Data.Index(position) + size)
        }
    }
}

/// How many records a harness ledger's feed cache holds, as `stats` reports it (0 when it has none).
enum FeedCacheProbe {
    static func count(_ cli: CLIHarness) throws -> Int {
        let stats = try cli.ok(["stats"])
        guard let line = stats.split(separator: "\n").first(where: { $0.hasPrefix("feed cache: ") }) else { return 0 }
        return Int(line.dropFirst("feed cache: ".count).prefix { $0.isNumber }) ?? -1
    }
}

@Suite("osv-scanner's own test SBOMs")
struct OSVScannerSBOMTests {
    static func real(_ path: String) -> String { FormatCommandTests.real("osv-scanner-sboms/" + path) }

    @Test("each is read, or refused with one line naming why: CycloneDX JSON goes in; XML and SPDX are refused by name")
    func readOrRefused() throws {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        try cli.ok(["record", "device.procured", "--device", "IMG-1", "--at", "2025-01-01", "--actor", "biomed",
                    "--data", #"{"manufacturer":"Acme","model":"Imager","contract":{"id":"C-1"}}"#])
        let expected: [(String, Int32, String)] = [
            ("alpine-zlib-16.cdx.json", 0, "1 sbom.recorded for IMG-1 (1 components)"),
            ("alpine.cdx.xml", 2, "$: is XML: CycloneDX XML is not read yet"),
            ("bad-purls.cdx.xml", 2, "$: is XML: CycloneDX XML is not read yet"),
            ("postgres-stretch.cdx.xml", 2, "$: is XML: CycloneDX XML is not read yet"),
            ("with-duplicates.cdx.xml", 2, "$: is XML: CycloneDX XML is not read yet"),
            ("only-unimportant.spdx.json", 2, "$.spdxVersion: \"SPDX-2.3\": an SPDX document; SPDX is not read yet"),
        ]
        let files = try FileManager.default.contentsOfDirectory(atPath: FormatCommandTests.real("osv-scanner-sboms")).filter { $0 != "README.md" }
        #expect(Set(files) == Set(expected.map(\.0)), "every file of the folder has an expectation")
        for (file, status, text) in expected {
            let result = try cli.run(["import-sbom", Self.real(file), "--device", "IMG-1"])
            #expect(result.status == status, "\(file): \(result.stderr)")
            #expect((status == 0 ? result.stdout : result.stderr).contains(text), "\(file): \(result.stdout)\(result.stderr)")
        }
    }

    /// ALPINE-CVE-2022-37434 as osv-scanner's own snapshot reports it for alpine-zlib-16.cdx.json:
    /// zlib 1.2.12-r1 in Alpine:v3.22, fixed in 1.2.12-r2. Written here from those facts (the
    /// record itself is not among the real files).
    static let alpineZlib = #"""
        {"id": "ALPINE-CVE-2022-37434", "modified": "2025-07-01T00:00:00Z", "published": "2022-08-05T07:15:07Z",
         "upstream": ["CVE-2022-37434"],
         "affected": [{"package": {"ecosystem": "Alpine:v3.22", "name": "zlib", "purl": "pkg:apk/alpine/zlib?arch=source"},
                       "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.2.12-r2"}]}]}]}
        """#

    @Test("alpine-zlib-16: the zlib purl's distro=3.22.0 and origin=zlib find Alpine:v3.22 zlib, as osv-scanner reports it")
    func alpineZlibMatches() throws {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        try cli.ok(["import-osv", try cli.write("ALPINE-CVE-2022-37434.json", Self.alpineZlib)])
        let rows = try IntelCommandTests.json(try cli.ok(["match", "--sbom", Self.real("alpine-zlib-16.cdx.json"), "--format", "json"]))
        #expect(rows.map { $0["id"]?.stringValue } == ["ALPINE-CVE-2022-37434"])
        #expect(rows.first?["version"]?.stringValue == "1.2.12-r1")
        #expect(rows.first?["aliases"]?.arrayValue?.compactMap(\.stringValue) == ["CVE-2022-37434"])
        #expect(rows.first?["reason"]?.stringValue == "Alpine:v3.22 zlib: ECOSYSTEM introduced 0, fixed 1.2.12-r2")
    }

    @Test("a record file too large to be one record (a 2 GB file) is refused with one line, unread")
    func hugeFile() throws {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        let huge = cli.path("huge.json")
        FileManager.default.createFile(atPath: huge, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: huge))
        try handle.truncate(atOffset: 2 << 30)  // sparse: no disk is used
        try handle.close()
        let result = try cli.run(["import-osv", huge])
        #expect(result.status == 2)
        #expect(result.stderr.contains("huge.json: 2147483648 bytes, more than any record"))
    }
}
