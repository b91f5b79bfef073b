import Foundation
import LedgerCore
import LedgerFormats
import Testing

@Suite("The KEV catalog: a kev.listed per CVE not yet listed, read entry by entry")
struct KEVReaderTests {
    static let file = "kev/known_exploited_vulnerabilities.json"

    @Test("the real catalog: 1,404 listings dated by dateAdded, 293 with known ransomware use")
    func realCatalog() throws {
        let (summary, drafts) = try RealData.kev(RealData.bytes(Self.file))
        #expect(summary.catalog.catalogVersion == "2025.08.25" && summary.catalog.count == 1404)
        #expect(summary.catalog.dateReleased == "2025-08-25T17:04:19.9796Z")
        #expect(summary.entries == 1404 && drafts.count == 1404 && summary.skipped.isEmpty)
        #expect(drafts.filter { $0.data["knownRansomwareCampaignUse"]?.stringValue == "Known" }.count == 293)
        #expect(drafts.allSatisfy { $0.type == .kevListed && $0.device == nil && $0.document("id") == "2025.08.25" })
        #expect(drafts.first?.data["cve"]?.stringValue == "CVE-2025-48384" && drafts.first?.atText == "2025-08-25T00:00:00Z")
        #expect(drafts.last?.data["cve"]?.stringValue == "CVE-2020-29583" && drafts.last?.atText == "2021-11-03T00:00:00Z")
        let ripple = try #require(drafts.first { $0.data["cve"]?.stringValue == "CVE-2020-11899" })
        #expect(ripple.data["dateAdded"]?.stringValue == "2022-03-03")
    }

    @Test("Log4Shell's listing is exactly the fact of the independent vector south:6 (Protocol/vectors)")
    func matchesTheVector() throws {
        let context = ImportContext(actor: "secops@south", now: LedgerTime(seconds: 0))
        let (_, drafts) = try RealData.kev(RealData.bytes(Self.file), context: context)
        let log4shell = try #require(drafts.first { $0.data["cve"]?.stringValue == "CVE-2021-44228" })
        let vectors = try JSONParser.parse([UInt8](Data(contentsOf: RealData.root.appendingPathComponent("Protocol/vectors/events.json"))))
        let vector = try #require(vectors.arrayValue?.compactMap({ $0.objectValue }).first {
            $0["site"]?.stringValue == "south" && $0["seq"]?.numberValue == 6
        })
        #expect(log4shell.factHash.hex == vector["fact"]?.stringValue)
    }

    @Test("the next day's catalog adds only the entries not already listed")
    func nextDay() throws {
        let (_, first) = try RealData.kev(RealData.bytes(Self.file))
        let listed = Set(first.compactMap { $0.data["cve"]?.stringValue })
        let nextDay = """
            {"title": "CISA Catalog of Known Exploited Vulnerabilities", "catalogVersion": "2025.08.26", "count": 2,
             "vulnerabilities": [
               {"cveID": "CVE-2021-44228", "dateAdded": "2021-12-10", "dueDate": "2021-12-24"},
               {"cveID": "CVE-2025-99999", "dateAdded": "2025-08-26", "dueDate": "2025-09-16", "knownRansomwareCampaignUse": "Unknown"}
             ]}
            """
        let (summary, drafts) = try RealData.kev(Array(nextDay.utf8), skip: listed)
        #expect(summary.alreadyListed == 1)
        #expect(drafts.compactMap { $0.data["cve"]?.stringValue } == ["CVE-2025-99999"])
        #expect(drafts.first?.data["catalogVersion"]?.stringValue == "2025.08.26")
    }

    @Test("a malformed entry is left out by path and CVE; the others are read")
    func malformedEntry() throws {
        let text = """
            {"catalogVersion": "1", "vulnerabilities": [{"cveID": "CVE-2025-0001", "dateAdded": "2025-13-01"}, 7,
              {"cveID": "CVE-2025-0002", "dateAdded": "2025-01-01"}, {"cveID": "GHSA-1", "dateAdded": "2025-01-01"}]}
            """
        let (summary, drafts) = try RealData.kev(Array(text.utf8))
        #expect(drafts.count == 1)
        #expect(summary.skipped.map(\.path) == ["$.vulnerabilities[0].dateAdded", "$.vulnerabilities[1]", "$.vulnerabilities[3].cveID"])
        #expect(summary.skipped.first?.cve == "CVE-2025-0001")
    }

    @Test("not a catalog, broken JSON inside the array, or repeated names: the whole file is refused", arguments: [
        (#"{"vulnerabilities": []}"#, FormatError.Kind.notTheFormat, "$.catalogVersion"),
        (#"{"catalogVersion": "1"}"#, .notTheFormat, "$.vulnerabilities"),
        (#"{"catalogVersion": "1", "vulnerabilities": {}}"#, .notTheFormat, "$.vulnerabilities"),
        (#"{"catalogVersion": "1", "vulnerabilities": [{"cveID": "CVE-2025-0001", "cveID": "CVE-2025-0002"}]}"#, .notJSON, "$.vulnerabilities[0]"),
        (#"{"catalogVersion": "1", "vulnerabilities": [], "vulnerabilities": []}"#, .notJSON, "$"),
        (#"{"catalogVersion": "1", "catalogVersion": "2", "vulnerabilities": []}"#, .notJSON, "$"),
        (#"[1, 2]"#, .notJSON, "$"),
    ])
    func refused(_ text: String, _ kind: FormatError.Kind, _ path: String) {
        let error = RealData.refusal { try RealData.kev(Array(text.utf8)) }
        #expect(error?.kind == kind)
        #expect(error?.path == path)
    }
}
