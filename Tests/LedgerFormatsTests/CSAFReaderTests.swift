import LedgerCore
import LedgerFormats
import LedgerStore
import Testing

@Suite("CSAF 2.0: the real advisories become disclosures per CVE and patches per vendor fix")
struct CSAFReaderTests {
    struct Expected: Sendable, CustomStringConvertible {
        let file: String
        let id: String
        let cves: [String]
        let initialRelease: String
        let source: String
        var description: String { file }
    }

    @Test("every real advisory: one disclosure per CVE, dated by the initial release, named by tracking id and revision", arguments: [
        Expected(file: "icsa-21-350-16.json", id: "ICSA-21-350-16#2", cves: ["CVE-2021-40367", "CVE-2021-42028", "CVE-2021-45465"],
                 initialRelease: "2021-12-16T00:00:00Z", source: "CISA"),
        Expected(file: "icsma-24-200-01.json", id: "ICSMA-24-200-01#1",
                 cves: ["CVE-2020-36518", "CVE-2020-11113", "CVE-2020-35728", "CVE-2021-20190", "CVE-2020-14061", "CVE-2020-10673",
                        "CVE-2019-12814", "CVE-2017-17485", "CVE-2021-28165", "CVE-2023-40223", "CVE-2023-40704", "CVE-2023-40539",
                        "CVE-2023-40159"],
                 initialRelease: "2024-07-18T06:00:00Z", source: "CISA"),
        Expected(file: "icsma-22-251-01.json", id: "ICSMA-22-251-01#2",
                 cves: ["CVE-2022-26390", "CVE-2022-26392", "CVE-2022-26393", "CVE-2022-26394"],
                 initialRelease: "2022-09-08T00:00:00Z", source: "CISA"),
        Expected(file: "icsma-23-194-01.json", id: "ICSMA-23-194-01#2",
                 cves: ["CVE-2023-30559", "CVE-2023-30560", "CVE-2023-30561", "CVE-2023-30562", "CVE-2023-30563", "CVE-2023-30564",
                        "CVE-2023-30565", "CVE-2018-1285"],
                 initialRelease: "2023-07-13T06:00:00Z", source: "CISA"),
        Expected(file: "bsi-2022-0001.json", id: "BSI-2022-0001#1", cves: ["CVE-2022-27193"],
                 initialRelease: "2022-03-17T13:03:42.105Z", source: "Bundesamt für Sicherheit in der Informationstechnik"),
        Expected(file: "rhsa-2021_5186.json", id: "RHSA-2021:5186#1", cves: ["CVE-2021-4104", "CVE-2021-4125"],
                 initialRelease: "2021-12-16T22:34:00Z", source: "Red Hat Product Security"),
    ])
    func realAdvisory(_ expected: Expected) throws {
        let result = try RealData.csaf("csaf/" + expected.file)
        #expect(result.document.skipped.isEmpty, "\(result.document.skipped)")
        let disclosed = result.document.drafts.filter { $0.type == .vulnerabilityDisclosed }
        #expect(disclosed.compactMap { $0.data["cve"]?.stringValue } == expected.cves)
        #expect(disclosed.allSatisfy { $0.atText == expected.initialRelease && $0.data["source"]?.stringValue == expected.source })
        #expect(result.document.document.id == expected.id && result.document.document.kind == .csaf)
        #expect(result.document.drafts.allSatisfy { $0.document("sha256") == result.document.document.sha256 })
    }

    @Test("Baxter Sigma Spectrum: products resolved through the tree to the fleet's models with their version ranges")
    func baxterModels() throws {
        let models = [ProductMatcher.Model(manufacturer: "Baxter", model: "Sigma Spectrum"),
                      ProductMatcher.Model(manufacturer: "Baxter", model: "Spectrum IQ")]
        let result = try RealData.csaf("csaf/icsma-22-251-01.json", models: models)
        #expect(result.matches.map { $0.model?.model } == ["Spectrum IQ", nil, "Sigma Spectrum", "Sigma Spectrum", nil, nil])
        let telnet = try #require(result.document.drafts.first { $0.data["cve"]?.stringValue == "CVE-2022-26392" })
        #expect(telnet.data["cvss"]?.stringValue == "CVSS:3.0/AV:N/AC:H/PR:L/UI:N/S:U/C:L/I:N/A:N")
        #expect(telnet.data["score"]?.numberValue == 3.1)
        let affected = try #require(telnet.data["affects"]?.objectValue?["models"]?.arrayValue?.compactMap({ $0.objectValue }))
        #expect(affected.count == 6)
        func entry(_ id: String) -> JSONObject? { affected.first { $0["productId"]?.stringValue == id } }
        #expect(entry("CSAFPID-0001")?["model"]?.stringValue == "Spectrum IQ" && entry("CSAFPID-0001")?["versions"]?.stringValue == "9.x")
        #expect(entry("CSAFPID-0003")?["model"]?.stringValue == "Sigma Spectrum" && entry("CSAFPID-0003")?["versions"]?.stringValue == "8.x")
        #expect(entry("CSAFPID-0004")?["versions"]?.stringValue == "6.x")
        // Unmatched products keep the advisory's own vendor and product name.
        #expect(entry("CSAFPID-0005")?["manufacturer"]?.stringValue == "Baxter" && entry("CSAFPID-0005")?["model"]?.stringValue == "Sigma Spectrum LVP")
        // Baxter's fixes name no fixed version: kept as text, no patch.released.
        #expect(!result.document.drafts.contains { $0.type == .patchReleased })
        let remediations = try #require(telnet.data["remediations"]?.arrayValue?.compactMap({ $0.objectValue }))
        #expect(remediations.filter { $0["category"]?.stringValue == "vendor_fix" }.count == 2)
        #expect(remediations.contains { $0["category"]?.stringValue == "mitigation" && ($0["details"]?.stringValue?.isEmpty == false) })
    }

    @Test("BD Alaris: vendor and product matched through the vendor's short name; two scores for CVE-2023-30562")
    func bdModels() throws {
        let pcu = ProductMatcher.Model(manufacturer: "BD", model: "Alaris Point-of-Care Unit (PCU) Model 8015")
        let result = try RealData.csaf("csaf/icsma-23-194-01.json", models: [pcu])
        #expect(result.matches.first { $0.product.id == "CSAFPID-0001" }?.model == pcu)
        let cve = try #require(result.document.drafts.first { $0.data["cve"]?.stringValue == "CVE-2023-30562" })
        let scores = try #require(cve.data["scores"]?.arrayValue?.compactMap({ $0.objectValue }))
        #expect(scores.count == 2)
        #expect(scores.compactMap { $0["cvss"]?.stringValue?.prefix(8) } == ["CVSS:3.0", "CVSS:3.1"])
        let models = try #require(cve.data["affects"]?.objectValue?["models"]?.arrayValue?.compactMap({ $0.objectValue }))
        let mine = try #require(models.first { $0["model"]?.stringValue == pcu.model })
        #expect(mine["manufacturer"]?.stringValue == "BD" && mine["versions"]?.stringValue == "<=12.1.3")
    }

    @Test("a map file names the model of products whose names differ")
    func mapFile() throws {
        let map = try ProductMatcher.readMap("""
            CSAF product name,manufacturer,model
            # the site's names
            "BD Alaris Point-of-Care Unit (PCU) Model 8015",BD,Alaris 8015
            BD Alaris Systems Manager , BD , Systems Manager
            """)
        #expect(map.count == 2)
        let result = try RealData.csaf("csaf/icsma-23-194-01.json", map: map)
        #expect(result.matches.compactMap { $0.model?.model } == ["Alaris 8015", "Systems Manager"])
        #expect(throws: FormatError.self) { try ProductMatcher.readMap("only,two") }
    }

    @Test("BSI: first_fixed 1.0.0-rc2 in the same product branch is the released patch, dated by the remediation")
    func bsiPatch() throws {
        let result = try RealData.csaf("csaf/bsi-2022-0001.json")
        let patch = try #require(result.document.drafts.first { $0.type == .patchReleased })
        #expect(patch.data["manufacturer"]?.stringValue == "CSAF Tools" && patch.data["model"]?.stringValue == "CVRF-CSAF-Converter")
        #expect(patch.data["version"]?.stringValue == "1.0.0-rc2")
        #expect(patch.data["fixes"]?.arrayValue?.compactMap({ $0.stringValue }) == ["CVE-2022-27193"])
        #expect(patch.atText == "2022-03-14T12:10:55Z")
        let disclosure = try #require(result.document.drafts.first { $0.type == .vulnerabilityDisclosed })
        // The temporal metrics are kept in the vector; the score is the base score.
        #expect(disclosure.data["cvss"]?.stringValue == "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:L/E:F/RL:O/RC:C")
        #expect(disclosure.data["score"]?.numberValue == 6.1)
        #expect(disclosure.data["affects"]?.objectValue?["models"]?.arrayValue?.count == 5)
    }

    @Test("Red Hat: relationships resolve to the platform; the fixed component version is the patch; no scores")
    func redHat() throws {
        let result = try RealData.csaf("csaf/rhsa-2021_5186.json")
        let patches = result.document.drafts.filter { $0.type == .patchReleased }
        #expect(patches.count == 1)
        let patch = try #require(patches.first)
        #expect(patch.data["model"]?.stringValue == "Red Hat OpenShift Container Platform 4.6")
        #expect(patch.data["version"]?.stringValue == "openshift4/ose-metering-hive:v4.6.0-202112160147.p0.gf139e12.assembly.stream")
        #expect(patch.data["fixes"]?.arrayValue?.compactMap({ $0.stringValue }) == ["CVE-2021-4104", "CVE-2021-4125"])
        #expect(result.document.drafts.filter { $0.type == .vulnerabilityDisclosed }.allSatisfy { $0.data["cvss"] == nil })
    }

    @Test("Philips Vue PACS: the CVSS v4.0 vector from FIRST's calculator URL, scored; Siemens: every version")
    func v4AndAllVersions() throws {
        let philips = try RealData.csaf("csaf/icsma-24-200-01.json")
        let jackson = try #require(philips.document.drafts.first { $0.data["cve"]?.stringValue == "CVE-2020-36518" })
        #expect(jackson.data["cvssV4"]?.stringValue == "CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N")
        #expect(jackson.data["scoreV4"]?.numberValue != nil)
        #expect(jackson.data["affects"]?.objectValue?["models"]?.arrayValue?.first?.objectValue?["versions"]?.stringValue == "<12.2.8.410")
        let siemens = try RealData.csaf("csaf/icsa-21-350-16.json")
        let model = siemens.document.drafts.first?.data["affects"]?.objectValue?["models"]?.arrayValue?.first?.objectValue
        #expect(model?["versions"]?.stringValue == "vers:all/*")
        #expect(model?["manufacturer"]?.stringValue == "Siemens Healthineers, Siemens")
    }

    @Test("CSAF refusals: not CSAF, another CSAF version, an unknown product id (left out, by path and CVE)")
    func refusals() throws {
        let sbom = RealData.refusal { try RealData.csaf("cyclonedx/maven-plugin-gs-maven-1.4.json") }
        #expect(sbom?.kind == .notTheFormat && sbom?.path == "$.document")
        let future = RealData.refusal { try RealData.csaf(text: #"{"document": {"csaf_version": "2.1"}}"#) }
        #expect(future?.kind == .unsupportedVersion && future?.path == "$.document.csaf_version")
        let result = try RealData.csaf(text: """
            {"document": {"csaf_version": "2.0", "category": "csaf_base", "title": "t",
              "publisher": {"name": "ACME PSIRT", "category": "vendor", "namespace": "https://acme.example"},
              "tracking": {"id": "ACME-1", "version": "1", "status": "final", "initial_release_date": "2025-01-01T00:00:00Z",
                           "current_release_date": "2025-01-02T00:00:00Z", "revision_history": []}},
             "product_tree": {"branches": [{"category": "vendor", "name": "ACME", "branches": [{"category": "product_name", "name": "Pump",
               "branches": [{"category": "product_version_range", "name": "vers:generic/>=1.0|<2.0",
                             "product": {"product_id": "P1", "name": "ACME Pump 1.x"}}]}]}]},
             "vulnerabilities": [
               {"cve": "CVE-2025-0001", "product_status": {"known_affected": ["P1"]}},
               {"cve": "CVE-2025-0002", "product_status": {"known_affected": ["P9"]}},
               {"cve": "CVE-2025-0003", "scores": [{"products": ["P1"], "cvss_v3": {"version": "3.1", "vectorString": "CVSS:3.1/AV:X", "baseScore": 1}}]}]}
            """)
        #expect(result.document.drafts.count == 1)
        #expect(result.document.drafts.first?.data["affects"]?.objectValue?["models"]?.arrayValue?.first?.objectValue?["versions"]?.stringValue
                == "vers:generic/>=1.0|<2.0")
        #expect(result.document.skipped.map(\.path) == ["$.vulnerabilities[1].product_status.known_affected[0]",
                                                         "$.vulnerabilities[2].scores[0].cvss_v3.vectorString"])
        #expect(result.document.skipped.map(\.cve) == ["CVE-2025-0002", "CVE-2025-0003"])
    }
}
