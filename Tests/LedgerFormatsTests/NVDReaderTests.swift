import Foundation
import LedgerCore
import LedgerFormats
import Testing

/// NVD's CVE API 2.0 records as ../shared/realdata holds them: bare CVE objects (fkie-cad's
/// mirror) and API responses (osv.dev's fixtures), read as `import-nvd` reads them.
@Suite("NVD CVE API 2.0 records: vulnerability.recorded data, kev.listed for CISA's, by shape")
struct NVDReaderTests {
    static let now = LedgerTime(seconds: 1_750_000_000)

    static func read(_ bytes: [UInt8]) throws -> [FeedRecord] {
        try bytes.withUnsafeBufferPointer { try NVDReader.read($0, now: now) }
    }

    static func read(_ path: String) throws -> [FeedRecord] { try read(try RealData.bytes(path)) }

    /// A real file with `target`, which must occur exactly once, replaced.
    static func mutated(_ path: String, _ target: String, _ replacement: String,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
        let text = String(decoding: try RealData.bytes(path), as: UTF8.self)
        #expect(text.components(separatedBy: target).count == 2, "\(target) once in \(path)", sourceLocation: sourceLocation)
        return Array(text.replacingOccurrences(of: target, with: replacement).utf8)
    }

    /// Every `.json` file of nvd/ and nvd-more/, with the records it holds: the 13 of the
    /// response osv.dev's converter is tested on, one in every other file (osv.dev's per-CVE
    /// fixtures are responses of one record, fkie-cad's files bare records).
    static let files: [(String, [String])] = {
        func bare(_ name: String) -> (String, [String]) { (name, [String(name.split(separator: "/")[1].dropLast(5))]) }
        let nvd = ["CVE-2017-0144", "CVE-2019-0708", "CVE-2019-12255", "CVE-2019-6538", "CVE-2020-11896", "CVE-2020-6961",
                   "CVE-2021-40367", "CVE-2022-0778", "CVE-2022-22965", "CVE-2022-26390", "CVE-2022-26392", "CVE-2022-26394",
                   "CVE-2022-3602", "CVE-2023-30559", "CVE-2023-30560", "CVE-2023-30561", "CVE-2023-30562", "CVE-2023-30563",
                   "CVE-2023-30565"].map { bare("nvd/\($0).json") }
        let more = ["CVE-2014-1424", "CVE-2016-1585", "CVE-2017-6507", "CVE-2018-1000500", "CVE-2020-13595", "CVE-2021-28429",
                    "CVE-2022-0090", "CVE-2022-1122", "CVE-2022-25761", "CVE-2022-25929", "CVE-2022-29194", "CVE-2022-2956",
                    "CVE-2022-32746", "CVE-2022-33745", "CVE-2022-34668", "CVE-2022-36037", "CVE-2022-36749", "CVE-2022-46285",
                    "CVE-2023-24256", "CVE-2023-30564", "CVE-2023-4863", "CVE-2023-5341", "CVE-2024-3094",
                    "CVE-2024-47177"].map { bare("nvd-more/\($0).json") }
        let response = ("nvd/api-response-13-cves.json",
                        ["CVE-2026-20912", "CVE-2023-22466", "CVE-2026-23522", "CVE-2025-4565", "CVE-2018-14618", "CVE-2023-1055",
                         "CVE-2024-7264", "CVE-2022-33068", "CVE-2016-1897", "CVE-2016-15012", "CVE-2024-2002", "CVE-2024-31497",
                         "CVE-2023-45803"])
        return nvd + [response] + more
    }()

    @Test("the list of files above is every .json file of nvd/ and nvd-more/")
    func listIsComplete() throws {
        var found: [String] = []
        for folder in ["nvd", "nvd-more"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: RealData.directory.appendingPathComponent(folder).path)
            found += names.filter { $0.hasSuffix(".json") }.map { "\(folder)/\($0)" }
        }
        #expect(found.sorted() == Self.files.map(\.0).sorted())
        #expect(Self.files.reduce(0) { $0 + $1.1.count } == 56)
    }

    @Test("every real file reads: its records in order, each recordable as events the schema accepts, nothing left out",
          arguments: files)
    func everyFileReads(_ file: String, _ ids: [String]) throws {
        let records = try Self.read(file)
        #expect(records.map(\.id) == ids)
        for record in records {
            #expect(record.source == "nvd" && record.skipped.isEmpty)
            #expect(record.data["document"]?.objectValue?["kind"]?.stringValue == "nvd")
            #expect(record.data["document"]?.objectValue?["id"]?.stringValue == record.id)
            // NVD's zone-less times are written as UTC.
            for name in ["published", "modified"] { #expect(record.data[name]?.stringValue?.hasSuffix("Z") == true, "\(record.id) \(name)") }
            let drafts = try record.drafts(actor: "secops.apatel")
            #expect(drafts.first?.type == .vulnerabilityRecorded)
            #expect(drafts.count == (record.kevListing == nil ? 1 : 2))
        }
    }

    @Test("a bare record: its file's SHA-256, NVD's Primary v3.1 metric, its nine configurations, summary cut at a word")
    func eternalBlue() throws {
        let record = try #require(try Self.read("nvd/CVE-2017-0144.json").first)
        #expect(record.sha256 == "1db696a64bbdb59a83053f5c1e13df98040a27a596ea2a50e79d380757db19c2")
        #expect(record.data["document"]?.objectValue?["sha256"]?.stringValue == record.sha256)
        #expect(record.data["cvss"]?.stringValue == "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H")
        #expect(record.data["score"]?.numberValue == 8.8)
        #expect(record.data["configurations"]?.arrayValue?.count == 9)
        #expect(record.data["published"]?.stringValue == "2017-03-17T00:59:04.010Z")
        #expect(record.data["modified"]?.stringValue == "2025-10-21T20:16:42.430Z")
        #expect(record.at == (try LedgerTime(rfc3339: "2017-03-17T00:59:04.01Z")))
        #expect(record.data["withdrawn"] == nil)
        #expect(record.data["summary"]?.stringValue == "The SMBv1 server in Microsoft Windows Vista SP2; Windows Server 2008 SP2 and R2 SP1; "
            + "Windows 7 SP1; Windows 8.1; Windows Server 2012 Gold and R2; Windows RT 8.1; and Windows 10 Gold, 1511, and 1607;…")
        #expect(record.keys.contains("cpe\u{1F}microsoft:server_message_block") && record.keys.contains("cpe\u{1F}siemens:syngo_sc2000_firmware"))
    }

    @Test("cisaExploitAdd gives a kev.listed dated by it, with CISA's due date, action and name, and the same document")
    func kevListing() throws {
        let record = try #require(try Self.read("nvd/CVE-2017-0144.json").first)
        let kev = try #require(record.kevListing)
        #expect(kev["cve"]?.stringValue == "CVE-2017-0144" && kev["dateAdded"]?.stringValue == "2022-02-10")
        #expect(kev["dueDate"]?.stringValue == "2022-08-10" && kev["requiredAction"]?.stringValue == "Apply updates per vendor instructions.")
        #expect(kev["vulnerabilityName"]?.stringValue == "Microsoft SMBv1 Remote Code Execution Vulnerability")
        #expect(kev["document"]?.objectValue?["sha256"]?.stringValue == record.sha256)
        let drafts = try record.drafts(actor: "secops.apatel")
        #expect(drafts.map(\.type) == [.vulnerabilityRecorded, .kevListed])
        #expect(drafts.map(\.atText) == ["2017-03-17T00:59:04.01Z", "2022-02-10T00:00:00Z"])
        let webp = try #require(try Self.read("nvd-more/CVE-2023-4863.json").first)
        #expect(webp.kevListing?["dateAdded"]?.stringValue == "2023-09-13" && webp.kevListing?["dueDate"]?.stringValue == "2023-10-04")
        #expect(webp.kevListing?["vulnerabilityName"]?.stringValue == "Google Chromium WebP Heap-Based Buffer Overflow Vulnerability")
        #expect(try Self.read("nvd/CVE-2023-30559.json").first?.kevListing == nil)
    }

    @Test("the metric read is NVD's Primary one, v3.1 before v3.0 before v4.0, else the first; a whole-number score reads")
    func metricChoice() throws {
        func metric(_ file: String, _ id: String) throws -> (String?, Double?) {
            let record = try #require(try Self.read(file).first { $0.id == id })
            return (record.data["cvss"]?.stringValue, record.data["score"]?.numberValue)
        }
        // The CNA's Secondary 9.3 comes first; NVD's Primary is 6.5.
        #expect(try metric("nvd/CVE-2019-6538.json", "CVE-2019-6538") == ("CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N", 6.5))
        let response = "nvd/api-response-13-cves.json"
        // A Secondary v4.0 beside a Primary v3.1; a v3.0 Secondary before its Primary; only a Secondary.
        #expect(try metric(response, "CVE-2025-4565") == ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L", 5.3))
        #expect(try metric(response, "CVE-2018-14618") == ("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8))
        #expect(try metric(response, "CVE-2026-20912") == ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N", 9.1))
        #expect(try metric("nvd-more/CVE-2024-3094.json", "CVE-2024-3094") == ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10))
    }

    @Test("configurations are kept as published, without matchCriteriaId; the vulnerable criteria are the keys")
    func configurations() throws {
        let record = try #require(try Self.read("nvd/CVE-2023-30559.json").first)
        let expected = try JSONParser.parse(Array("""
            [{"operator": "AND", "nodes": [
              {"operator": "OR", "negate": false, "cpeMatch": [{"vulnerable": true,
                "criteria": "cpe:2.3:o:bd:alaris_8015_pcu_firmware:*:*:*:*:*:*:*:*", "versionEndIncluding": "12.1.3"}]},
              {"operator": "OR", "negate": false, "cpeMatch": [{"vulnerable": false,
                "criteria": "cpe:2.3:h:bd:alaris_8015_pcu:-:*:*:*:*:*:*:*"}]}]}]
            """.utf8))
        #expect(CanonicalJSON.encode(try #require(record.data["configurations"])) == CanonicalJSON.encode(expected))
        #expect(record.keys == ["cpe\u{1F}bd:alaris_8015_pcu_firmware"])
        // A quoted slash is part of the product.
        #expect(try Self.read("nvd/CVE-2020-11896.json").first?.keys == ["cpe\u{1F}treck:tcp/ip"])
        // Awaiting analysis: no configurations, nothing it can match.
        let lobe = try #require(try Self.read("nvd/api-response-13-cves.json").first { $0.id == "CVE-2026-23522" })
        #expect(lobe.data["configurations"] == nil && lobe.keys.isEmpty)
    }

    @Test("a time NVD writes with its zone is kept as it is")
    func timeWithZone() throws {
        let record = try #require(try Self.read("nvd-more/CVE-2023-5341.json").first)
        #expect(record.data["published"]?.stringValue == "2023-11-19T10:15:49.433Z")
        #expect(record.data["modified"]?.stringValue == "2023-11-20T00:02:51.467Z")
    }

    @Test("a record in a response is identified by its cve object's canonical bytes: the same in any page, not the file's hash")
    func responseIdentity() throws {
        let bytes = try RealData.bytes("nvd/api-response-13-cves.json")
        let records = try Self.read(bytes)
        #expect(!records.contains { $0.sha256 == "b9b159292e8596b44819b0689bb6538a086e882722981c0c015cf032043f645d" })
        #expect(Set(records.map(\.sha256)).count == 13)
        // The same records, reordered and written compactly: another file, the same facts.
        let root = try JSONParser.parse(bytes)
        let reversed = Array(try #require(root.objectValue?["vulnerabilities"]?.arrayValue).reversed())
        let page = CanonicalJSON.encode(.object(["resultsPerPage": 13, "format": "NVD_CVE", "version": "2.0",
                                                 "vulnerabilities": .array(reversed)]))
        let again = try Self.read(page)
        #expect(again.map(\.id) == records.map(\.id).reversed())
        #expect(Dictionary(uniqueKeysWithValues: again.map { ($0.id, $0.sha256) })
                == Dictionary(uniqueKeysWithValues: records.map { ($0.id, $0.sha256) }))
        let curl = try #require(again.first { $0.id == "CVE-2024-7264" })
        #expect(curl.data["document"]?.objectValue?["sha256"]?.stringValue == curl.sha256)
    }

    @Test("a record wrapped as {\"cve\": …} reads as the bare one, identified by its own file's bytes")
    func wrapped() throws {
        let bare = try RealData.bytes("nvd/CVE-2023-30563.json")
        let wrapped = Array(#"{"cve": "#.utf8) + bare + Array("}".utf8)
        let records = try Self.read(wrapped)
        let record = try #require(records.first)
        #expect(records.count == 1 && record.id == "CVE-2023-30563")
        #expect(record.sha256 == wrapped.withUnsafeBufferPointer(DocumentIdentity.sha256))
        var expected = try #require(try Self.read(bare).first).data
        expected.members.removeAll { $0.name == "document" }
        var data = record.data
        data.members.removeAll { $0.name == "document" }
        #expect(CanonicalJSON.encode(.object(data)) == CanonicalJSON.encode(.object(expected)))
    }

    @Test("a Rejected record is withdrawn at its lastModified")
    func rejected() throws {
        let records = try Self.read(try Self.mutated("nvd/CVE-2023-30559.json", #""vulnStatus": "Modified""#, #""vulnStatus": "Rejected""#))
        #expect(records.first?.data["withdrawn"]?.stringValue == "2024-02-08T22:15:08.523Z")
        #expect(try records.first?.drafts(actor: "secops.apatel").count == 1)
    }

    @Test("a criteria that is not a CPE 2.3 name is left out and listed by path and CVE; its node stays, empty", arguments: [
        "cpe:/o:bd:alaris_8015_pcu_firmware", "cpe:2.3:o:bd:alaris_8015_pcu_firmware:*:*", "cpe:2.3:o:bd:alaris pcu:*:*:*:*:*:*:*:*",
    ])
    func criterionLeftOut(_ criteria: String) throws {
        let bytes = try Self.mutated("nvd/CVE-2023-30559.json", "cpe:2.3:o:bd:alaris_8015_pcu_firmware:*:*:*:*:*:*:*:*", criteria)
        let record = try #require(try Self.read(bytes).first)
        #expect(record.skipped.map(\.path) == ["$.configurations[0].nodes[0].cpeMatch[0].criteria"])
        #expect(record.skipped.first?.description.hasPrefix(
            "$.configurations[0].nodes[0].cpeMatch[0].criteria (CVE-2023-30559): \"\(criteria)\" is not a CPE 2.3 name") == true)
        let nodes = record.data["configurations"]?.arrayValue?.first?.objectValue?["nodes"]?.arrayValue
        #expect(nodes?.count == 2 && nodes?.first?.objectValue?["cpeMatch"]?.arrayValue?.isEmpty == true)
        #expect(record.keys.isEmpty, "the only vulnerable criterion was left out")
        _ = try record.drafts(actor: "secops.apatel")
    }

    @Test("files that are no NVD record are refused at $ saying what was expected", arguments: [
        ("nvd/README.md", FormatError.Kind.notJSON),
        ("osv/GHSA-24rp-q3w6-vc56.json", .notTheFormat),
        ("cve5/CVE-2021-44228.json", .notTheFormat),
        ("vex/cisa-case3-ripple20-multistatus-vex-1.4.json", .notTheFormat),
        ("kev/known_exploited_vulnerabilities.json", .notTheFormat),
    ])
    func notNVD(_ file: String, _ kind: FormatError.Kind) throws {
        let error = try #require(RealData.refusal { try Self.read(file) })
        #expect(error.kind == kind && error.path == "$")
        #expect(error.reason.contains("expected an NVD CVE API 2.0 record"))
    }

    @Test("a malformed record refuses the file, naming its JSON path and CVE", arguments: [
        ("nvd/api-response-13-cves.json", #""id": "CVE-2025-4565""#, #""name": "CVE-2025-4565""#,
         "$.vulnerabilities[3].cve.id: is required"),
        ("nvd/api-response-13-cves.json", #""criteria": "cpe:2.3:a:gitea:gitea:*:*:*:*:*:-:*:*""#, #""criteria": 7"#,
         "$.vulnerabilities[0].cve.configurations[0].nodes[0].cpeMatch[0].criteria (CVE-2026-20912): must be a string, not a number"),
        ("nvd/api-response-13-cves.json", "\"NVD_CVE\",\n  \"version\": \"2.0\"", "\"NVD_CVE\",\n  \"version\": \"1.1\"",
         #"$.version: "1.1": only CVE API 2.x responses are read"#),
        ("nvd/CVE-2023-30563.json", #""vulnerable": true"#, #""vulnerable": "yes""#,
         #"$.configurations[0].nodes[0].cpeMatch[0].vulnerable (CVE-2023-30563): must be true or false, not "yes""#),
        ("nvd/CVE-2023-30563.json", #""published": "2023-07-13T20:15:09.143""#, #""published": "13 July 2023""#,
         #"$.published (CVE-2023-30563): "13 July 2023" is not an ISO 8601 time"#),
        ("nvd/CVE-2023-30563.json", #""id": "CVE-2023-30563""#, #""id": "BD-2023-30563""#,
         #"$.id: "BD-2023-30563" is not a CVE id (CVE-YYYY-NNNN)"#),
        ("nvd/CVE-2017-0144.json", #""cisaExploitAdd": "2022-02-10""#, #""cisaExploitAdd": "2022-02-30""#,
         #"$.cisaExploitAdd (CVE-2017-0144): "2022-02-30" is not a date (YYYY-MM-DD)"#),
        ("nvd/CVE-2022-26392.json", #""baseScore": 6.5"#, #""baseScore": "6.5""#,
         #"$.metrics.cvssMetricV31[0].cvssData.baseScore (CVE-2022-26392): must be a number from 0 to 10, not "6.5""#),
        ("nvd-more/CVE-2016-1585.json", #""NVD_CVE""#, #""CVE_RECORD""#,
         #"$.format: "CVE_RECORD": an NVD CVE API response's format is NVD_CVE"#),
    ])
    func malformed(_ file: String, _ target: String, _ replacement: String, _ message: String) throws {
        let bytes = try Self.mutated(file, target, replacement)
        let error = try #require(RealData.refusal { try Self.read(bytes) })
        #expect(error.description == message)
    }
}
