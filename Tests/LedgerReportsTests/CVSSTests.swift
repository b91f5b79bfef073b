import Foundation
import LedgerCore
import LedgerReports
import Testing

@Suite("CVSS v3 base scores")
struct CVSSTests {
    @Test("published scores of well-known CVEs", arguments: [
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0, CVSSSeverity.critical),  // Log4Shell, CVE-2021-44228
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5, .high),                  // Heartbleed, CVE-2014-0160
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, .critical),
        ("CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", 5.4, .medium),                // stored XSS, scope changed
        ("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H", 9.1, .critical),              // PR:H under S:C weighs 0.5
        ("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0, .none),
        ("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6, .low),
    ])
    func knownScores(vector: String, score: Double, severity: CVSSSeverity) throws {
        let cvss = try CVSSv3(vector)
        #expect(cvss.baseScore == score)
        #expect(cvss.severity == severity)
    }

    @Test("every CVSS v3 score stated in the real CSAF advisories is reproduced from its vector")
    func realAdvisories() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/realdata/csaf")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        var checked = 0
        for file in files {
            let document = try JSONParser.parseObject(Array(try Data(contentsOf: folder.appendingPathComponent(file))))
            for vulnerability in document["vulnerabilities"]?.arrayValue ?? [] {
                for score in vulnerability.objectValue?["scores"]?.arrayValue ?? [] {
                    guard let v3 = score.objectValue?["cvss_v3"]?.objectValue,
                          let vector = v3["vectorString"]?.stringValue, let stated = v3["baseScore"]?.numberValue else { continue }
                    let cvss = try CVSSv3(vector)
                    #expect(cvss.baseScore == stated, "\(file): \(vector)")
                    #expect(cvss.severity.rawValue == v3["baseSeverity"]?.stringValue?.lowercased(), "\(file): \(vector)")
                    checked += 1
                }
            }
        }
        #expect(checked >= 24)
    }

    @Test("v3.1 Roundup works in integers where ceil(x × 10) would be fooled by floating point")
    func roundup() throws {
        // 6.42 × ISS + exploitability lands a hair above a one-decimal value for some vectors;
        // the scores here are FIRST calculator results.
        #expect(try CVSSv3("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:N").baseScore == 4.4)
        #expect(try CVSSv3("CVSS:3.1/AV:A/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H").baseScore == 5.3)
    }

    @Test("malformed vectors are refused naming the metric", arguments: [
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", "A"),                       // missing
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:Q", "A"),                   // unknown value
        ("CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "AV"),             // repeated
        ("CVSS:3.1/AAV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "AAV"),                // the Ripple20 VEX typo
        ("AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", nil),                             // no prefix
        ("CVSS:2.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", nil),                   // wrong prefix
    ])
    func refusals(vector: String, metric: String?) {
        #expect { try CVSSv3(vector) } throws: { error in
            (error as? CVSSError)?.metric == metric
        }
    }

    @Test("temporal and environmental metrics are checked but leave the base score alone")
    func temporal() throws {
        let cvss = try CVSSv3("CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:L/E:F/RL:O/RC:C")
        #expect(cvss.baseScore == 6.1)
        #expect(throws: CVSSError.self) { try CVSSv3("CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:L/E:Z") }
    }
}
