import LedgerCore
import LedgerFormats
import LedgerStore
import Testing

@Suite("CycloneDX VEX: CISA's use cases become assessments per device and disclosures of new CVEs")
struct VEXReaderTests {
    static let ripple20 = "vex/cisa-case3-ripple20-multistatus-vex-1.4.json"
    static let log4j = "vex/cisa-case8-log4j-multiproduct-vex-1.4.json"
    static let ghi = FleetIndex.Device(id: "GW-7", manufacturer: "Treck", model: "GHI", version: "17.4")

    @Test("Ripple20 (case 3): 18 of 19 statements assessed with the states mapped; the malformed AAV:N vector is left out by path and CVE")
    func ripple20() throws {
        let result = try RealData.vex(Self.ripple20, targets: [Self.ghi])
        let assessed = result.drafts.filter { $0.type == .vulnerabilityAssessed }
        #expect(assessed.count == 18)
        #expect(assessed.allSatisfy { $0.device == "GW-7" })
        var byStatus: [String: Int] = [:]
        for draft in assessed { byStatus[draft.data["status"]?.stringValue ?? "?", default: 0] += 1 }
        #expect(byStatus == ["under_investigation": 5, "not_affected": 6, "affected": 4, "fixed": 3])
        #expect(result.skipped.count == 1)
        let skipped = try #require(result.skipped.first)
        #expect(skipped.path == "$.vulnerabilities[2].ratings[0].vector" && skipped.cve == "CVE-2020-11898")
        #expect(skipped.description.contains("AAV"))
        let cve11897 = try #require(assessed.first { $0.data["cve"]?.stringValue == "CVE-2020-11897" })
        #expect(cve11897.data["justification"]?.stringValue == "code_not_present")
        #expect(cve11897.data["detail"]?.stringValue == "IPv6 is not supported and code is not present.")
        #expect(cve11897.data["vexState"]?.stringValue == "not_affected")
        // CVE-2020-11899 is in KEV, yet this supplier says not affected: recorded as stated.
        #expect(assessed.first { $0.data["cve"]?.stringValue == "CVE-2020-11899" }?.data["status"]?.stringValue == "not_affected")
        #expect(cve11897.atText == "2022-03-03T00:00:00Z")
    }

    @Test("disclosures restore the CVSS:3.1/ prefix, score the base metrics, keep the ratings, and are made only for CVEs not yet held")
    func disclosures() throws {
        let result = try RealData.vex(Self.ripple20, targets: [Self.ghi])
        let disclosed = result.drafts.filter { $0.type == .vulnerabilityDisclosed }
        #expect(disclosed.count == 18)
        let first = try #require(disclosed.first { $0.data["cve"]?.stringValue == "CVE-2020-11896" })
        #expect(first.data["cvss"]?.stringValue == "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H")
        #expect(first.data["score"]?.numberValue == 10.0)
        #expect(first.data["source"]?.stringValue == "NVD")
        #expect(first.data["affects"]?.objectValue?["devices"]?.arrayValue?.first?.stringValue == "GW-7")
        // An environmental vector scored 0.0 by the supplier: the ledger records the base score.
        let environmental = try #require(disclosed.first { $0.data["cve"]?.stringValue == "CVE-2020-11897" })
        #expect(environmental.data["score"]?.numberValue == 10.0)
        #expect(environmental.data["ratings"]?.arrayValue?.first?.objectValue?["score"]?.numberValue == 0)
        #expect(environmental.data["affects"] == nil)  // not affected: it names no device
        let held = try RealData.vex(Self.ripple20, targets: [Self.ghi], disclosed: ["CVE-2020-11896", "CVE-2020-11897"])
        #expect(held.drafts.filter { $0.type == .vulnerabilityDisclosed }.count == 16)
        // Without a device or model, only the disclosures.
        let bare = try RealData.vex(Self.ripple20, targets: nil)
        #expect(bare.drafts.allSatisfy { $0.type == .vulnerabilityDisclosed } && bare.drafts.count == 18)
    }

    @Test("Log4j (case 8): a device is the product its model names, and statements apply by its version", arguments: [
        ("ABC", "2.4", ["CVE-2021-44228": "affected", "CVE-2021-45105": "affected"], 0),
        ("ABC", "3.0", ["CVE-2021-44228": "affected", "CVE-2021-45105": "affected"], 0),
        ("ABC", "2.5", ["CVE-2021-44228": "not_affected", "CVE-2021-45105": "not_affected"], 0),
        ("ABC", "4.2", ["CVE-2021-44228": "not_affected", "CVE-2021-45105": "not_affected"], 0),
        ("JKL", "4.2", ["CVE-2021-44228": "not_affected", "CVE-2021-45105": "not_affected"], 0),
        ("JKL", "5.0", ["CVE-2021-44228": "affected", "CVE-2021-45105": "affected"], 0),
        ("JKL", "5.1", ["CVE-2021-44228": "fixed", "CVE-2021-45105": "affected"], 0),
        // The document states JKL 5.2 both unaffected and resolved for CVE-2021-45105: the
        // second statement is refused, not silently preferred.
        ("JKL", "5.2", ["CVE-2021-44228": "fixed", "CVE-2021-45105": "not_affected"], 1),
        ("ABC", "9.9", [:], 0),
    ])
    func log4jVersions(_ model: String, _ version: String, _ expected: [String: String], _ contradictions: Int) throws {
        let device = FleetIndex.Device(id: "APP-1", manufacturer: "Example", model: model, version: version)
        let result = try RealData.vex(Self.log4j, targets: [device])
        var got: [String: String] = [:]
        for draft in result.drafts where draft.type == .vulnerabilityAssessed {
            got[draft.data["cve"]?.stringValue ?? "?"] = draft.data["status"]?.stringValue
        }
        #expect(got == expected)
        #expect(result.skipped.count == contradictions)
        #expect(result.skipped.allSatisfy { $0.cve == "CVE-2021-45105" && $0.reason.contains("gave it not_affected") })
        // No serialNumber: named by the file's hash; no date anywhere: the import's time.
        #expect(result.document.id.hasPrefix("sha256:"))
        #expect(result.drafts.allSatisfy { $0.at == RealData.context.now })
    }

    @Test("a device of unknown version gets no assessment from statements that list versions")
    func unknownVersion() throws {
        let device = FleetIndex.Device(id: "APP-2", manufacturer: "Example", model: "ABC", version: nil)
        let result = try RealData.vex(Self.log4j, targets: [device])
        #expect(result.drafts.isEmpty)
    }

    @Test("an SBOM fed as VEX is refused: it has no vulnerabilities")
    func notAVEX() throws {
        let error = RealData.refusal { try RealData.vex("cyclonedx/maven-plugin-gs-maven-1.4.json", targets: [Self.ghi]) }
        #expect(error?.kind == .notTheFormat && error?.path == "$.vulnerabilities")
    }
}
