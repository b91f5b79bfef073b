import Foundation
import LedgerCore
import LedgerReports
import Testing

/// The CVSS v4.0 vectors of a real medical-device advisory, Philips Vue PACS (CISA
/// ICSMA-24-200-01), against the v4.0 scores published for them.
///
/// The CSAF edition in ../shared/realdata/csaf/icsma-24-200-01.json gives each CVE's v4.0 vector
/// only as a link to FIRST's calculator (`vulnerabilities[].references[].url`, after the `#`)
/// and states no v4.0 score. The scores come from two publications on the same advisory:
/// - CISA's HTML edition (https://www.cisa.gov/news-events/ics-medical-advisories/icsma-24-200-01,
///   initial release, which writes the prefix as "CVSS4.0/"): "A CVSS v4 score has also been
///   calculated for CVE-2020-36518. A base score of 7.1 has been calculated; the CVSS vector
///   string is (CVSS4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N)."
/// - NHS England's cyber alert CC-4529 on the advisory: "A CVSS v4 score of 9.3 has been
///   calculated" for CVE-2020-35728 and for CVE-2021-20190 (no vector; the CSAF file's is used).
/// The other CVEs' scores were not found in a readable source. CVE-2020-11113 is left out on
/// purpose: both publications state 7.1, but the CSAF links it to a UI:P vector that differs
/// from CVE-2020-36518's, and the HTML's own vector for it could not be read.
@Suite("CVSS v4.0 scores published for the Philips Vue PACS advisory")
struct CVSSv4AdvisoryTests {
    @Test("the v4.0 vectors the CSAF advisory links score as published", arguments: [
        ("CVE-2020-36518", 7.1, CVSSSeverity.high,
         "CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N" as String?),
        ("CVE-2020-35728", 9.3, .critical, nil),
        ("CVE-2021-20190", 9.3, .critical, nil),
    ])
    func published(cve: String, score: Double, severity: CVSSSeverity, statedVector: String?) throws {
        let vector = try #require(try Self.linkedVectors()[cve], "no v4.0 vector for \(cve)")
        if let statedVector { #expect(vector == statedVector) }
        let cvss = try CVSSv4(vector)
        #expect(cvss.score == score)
        #expect(cvss.severity == severity)
    }

    @Test("CISA's Update A re-scores CVE-2021-28165 with its own vector")
    func updateA() throws {
        // The same page's "Update A": "A base score of 6.0 has been calculated; the CVSS vector
        // string is (CVSS4.0/AV:A/AC:H/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N)."
        let cvss = try CVSSv4("CVSS:4.0/AV:A/AC:H/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N")
        #expect(cvss.score == 6.0)
        #expect(cvss.severity == .medium)
    }

    @Test("every v4.0 vector the advisory links is read")
    func allLinkedVectorsRead() throws {
        let vectors = try Self.linkedVectors()
        #expect(vectors.count == 13)
        for (cve, vector) in vectors {
            #expect(throws: Never.self, "\(cve)") { try CVSSv4(vector) }
        }
    }

    /// CVE → the v4.0 vector of its FIRST calculator link in the CSAF file.
    static func linkedVectors() throws -> [String: String] {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/realdata/csaf/icsma-24-200-01.json")
        let document = try JSONParser.parseObject(Array(try Data(contentsOf: file)))
        var vectors: [String: String] = [:]
        for vulnerability in document["vulnerabilities"]?.arrayValue ?? [] {
            guard let cve = vulnerability.objectValue?["cve"]?.stringValue else { continue }
            for reference in vulnerability.objectValue?["references"]?.arrayValue ?? [] {
                guard let url = reference.objectValue?["url"]?.stringValue,
                      let fragment = url.split(separator: "#", maxSplits: 1).dropFirst().first,
                      fragment.hasPrefix("CVSS:4.0/") else { continue }
                vectors[cve] = String(fragment)
            }
        }
        return vectors
    }
}
