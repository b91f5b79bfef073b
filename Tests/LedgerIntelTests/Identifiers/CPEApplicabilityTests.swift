import Foundation
import LedgerIntel
import XCTest

/// NVD configurations from real records, evaluated against made-up device names.
final class CPEApplicabilityTests: XCTestCase {
    let compare = IdentifierFixtures.compareVersions

    func configurations(_ file: String, id: String? = nil) throws -> [CPEConfiguration] {
        try IdentifierFixtures.configurations(of: IdentifierFixtures.nvdRecord(file, id: id))
    }

    func names(_ texts: String...) throws -> [CPE] {
        try texts.map { try CPE(parsing: $0) }
    }

    func evaluate(_ configurations: [CPEConfiguration], _ texts: String...) throws -> [CPEMatchCriterion]? {
        CPEApplicability.evaluate(configurations, names: try texts.map { try CPE(parsing: $0) }, compare: compare)
    }

    // MARK: Running on: an application AND the platform it runs on

    /// CVE-2022-22965 (Spring4Shell), first configuration: spring_framework < 5.2.20 or
    /// 5.3.0 ..< 5.3.18 (vulnerable) AND oracle jdk >= 9 (vulnerable: false).
    func testSpring4ShellNeedsBothTheFrameworkAndTheJDK() throws {
        let spring4shell = try configurations("nvd/CVE-2022-22965.json")
        XCTAssertEqual(spring4shell.first?.operator, .and)
        let spring = "cpe:2.3:a:vmware:spring_framework:5.3.17:*:*:*:*:*:*:*"
        let jdk11 = "cpe:2.3:a:oracle:jdk:11.0.2:*:*:*:*:*:*:*"

        let reasons = try XCTUnwrap(try evaluate(spring4shell, spring, jdk11))
        XCTAssertEqual(reasons.map(\.matchCriteriaId), ["5049322E-FFAA-4CAA-B794-63539EA4E6D7"])
        XCTAssertEqual(reasons.first?.versionStartIncluding, "5.3.0")
        XCTAssertTrue(reasons.allSatisfy(\.vulnerable), "the JDK is a constraint, never the reason")

        XCTAssertNil(try evaluate(spring4shell, spring), "the framework alone: the JDK node fails")
        XCTAssertNil(try evaluate(spring4shell, jdk11), "the JDK alone names no vulnerable product")
        XCTAssertNil(try evaluate(spring4shell, spring, "cpe:2.3:a:oracle:jdk:1.8.0:*:*:*:*:*:*:*"), "JDK 8 is below versionStartIncluding 9")
    }

    func testSpring4ShellVersionBounds() throws {
        let spring4shell = try configurations("nvd/CVE-2022-22965.json")
        let jdk = "cpe:2.3:a:oracle:jdk:17:*:*:*:*:*:*:*"
        func applies(_ version: String) throws -> [String]? {
            try evaluate(spring4shell, "cpe:2.3:a:vmware:spring_framework:\(version):*:*:*:*:*:*:*", jdk)?.compactMap(\.matchCriteriaId)
        }
        XCTAssertEqual(try applies("5.2.19"), ["7417ECB4-3391-4273-9DAF-C9C82220CEA8"], "below versionEndExcluding 5.2.20")
        XCTAssertNil(try applies("5.2.20"), "versionEndExcluding excludes 5.2.20 itself")
        XCTAssertNil(try applies("5.2.25"), "between the two ranges")
        XCTAssertEqual(try applies("5.3.0"), ["5049322E-FFAA-4CAA-B794-63539EA4E6D7"], "versionStartIncluding includes 5.3.0")
        XCTAssertNil(try applies("5.3.18"))
        XCTAssertNil(try evaluate(spring4shell, "cpe:2.3:a:vmware:spring_framework:*:*:*:*:*:*:*:*", jdk),
                     "a device that does not know its version cannot be placed in a range")
    }

    /// CVE-2023-30559: BD Alaris 8015 PCU firmware <= 12.1.3 (vulnerable) AND the PCU hardware
    /// with version NA (vulnerable: false).
    func testAlarisFirmwareOnItsHardware() throws {
        let alaris = try configurations("nvd/CVE-2023-30559.json")
        let hardware = "cpe:2.3:h:bd:alaris_8015_pcu:-:*:*:*:*:*:*:*"
        let reasons = try XCTUnwrap(try evaluate(alaris, "cpe:2.3:o:bd:alaris_8015_pcu_firmware:12.1.3:*:*:*:*:*:*:*", hardware))
        XCTAssertEqual(reasons.map(\.criteria.description), ["cpe:2.3:o:bd:alaris_8015_pcu_firmware:*:*:*:*:*:*:*:*"])
        XCTAssertEqual(reasons.first?.versionEndIncluding, "12.1.3")

        XCTAssertNotNil(try evaluate(alaris, "cpe:2.3:o:BD:Alaris_8015_PCU_Firmware:12.0:*:*:*:*:*:*:*", "cpe:2.3:h:BD:ALARIS_8015_PCU:-:*:*:*:*:*:*:*"),
                        "names compare ignoring case")
        XCTAssertNil(try evaluate(alaris, "cpe:2.3:o:bd:alaris_8015_pcu_firmware:12.1.4:*:*:*:*:*:*:*", hardware), "a fixed firmware")
        XCTAssertNil(try evaluate(alaris, "cpe:2.3:o:bd:alaris_8015_pcu_firmware:12.1.3:*:*:*:*:*:*:*"), "firmware without its hardware")
        XCTAssertNil(try evaluate(alaris, hardware), "hardware without the firmware")
        XCTAssertNil(try evaluate(alaris, "cpe:2.3:o:bd:alaris_8015_pcu_firmware:12.1.3:*:*:*:*:*:*:*",
                                  "cpe:2.3:h:bd:alaris_8015_pcu:*:*:*:*:*:*:*:*"),
                     "the criteria's hardware version is NA, which a device's ANY does not match")
    }

    /// CVE-2022-26392: Baxter Spectrum, the hardware node comes FIRST; the firmware node holds a
    /// letter-versioned range 20d29 ... 20d32 (both inclusive) and exact versions.
    func testBaxterHardwareFirstAndLetterVersions() throws {
        let baxter = try configurations("nvd/CVE-2022-26392.json")
        let module = "cpe:2.3:h:baxter:spectrum_wireless_battery_module:-:*:*:*:*:*:*:*"
        func firmware(_ version: String) -> String {
            "cpe:2.3:o:baxter:spectrum_wireless_battery_module_firmware:\(version):*:*:*:*:*:*:*"
        }
        XCTAssertEqual(try evaluate(baxter, module, firmware("20D30"))?.map(\.matchCriteriaId), ["34DB00B2-DE3D-4D7B-9F03-35060096C37C"])
        XCTAssertNotNil(try evaluate(baxter, firmware("20d29"), module), "the order of the device's names does not matter")
        XCTAssertNotNil(try evaluate(baxter, module, firmware("20d32")))
        XCTAssertNil(try evaluate(baxter, module, firmware("20d33")))
        XCTAssertEqual(try evaluate(baxter, module, firmware("16d38"))?.map(\.matchCriteriaId), ["03DA9071-305A-4319-9807-1BD6F9EB8FDB"])
        XCTAssertNil(try evaluate(baxter, module, firmware("16d39")), "an exact-version entry matches only that version")
        // The Sigma Spectrum firmware entries have version NA: matched only by a device that says NA.
        XCTAssertNotNil(try evaluate(baxter, "cpe:2.3:h:baxter:sigma_spectrum_35700bax:-:*:*:*:*:*:*:*",
                                     "cpe:2.3:o:baxter:sigma_spectrum_35700bax_firmware:-:*:*:*:*:*:*:*"))
        XCTAssertNil(try evaluate(baxter, "cpe:2.3:h:baxter:sigma_spectrum_35700bax:-:*:*:*:*:*:*:*",
                                  "cpe:2.3:o:baxter:sigma_spectrum_35700bax_firmware:8.0:*:*:*:*:*:*:*"))
    }

    // MARK: Single-node configurations

    /// CVE-2020-11896 (Ripple20): a configuration without an operator, one entry with an escaped
    /// slash in the product (`tcp\/ip`) and versionEndExcluding 6.0.1.66.
    func testTreckWithAQuotedSlash() throws {
        let ripple20 = try configurations("nvd/CVE-2020-11896.json")
        XCTAssertEqual(ripple20.first?.operator, .or, "no operator reads as OR")
        XCTAssertNotNil(try evaluate(ripple20, "cpe:2.3:a:treck:tcp\\/ip:6.0.1.65:*:*:*:*:*:*:*"))
        XCTAssertNil(try evaluate(ripple20, "cpe:2.3:a:treck:tcp\\/ip:6.0.1.66:*:*:*:*:*:*:*"))
        XCTAssertNil(try evaluate(ripple20, "cpe:2.3:a:treck:tcp_ip:6.0.1.65:*:*:*:*:*:*:*"))
    }

    /// CVE-2022-0778: Node.js ranges split by sw_edition, `lts` against `-` (NA).
    func testNodeJSSoftwareEdition() throws {
        let openssl = try configurations("nvd/CVE-2022-0778.json")
        XCTAssertNotNil(try evaluate(openssl, "cpe:2.3:a:nodejs:node.js:14.18.0:*:*:*:lts:*:*:*"), "LTS 14.15.0 ..< 14.19.1")
        XCTAssertNil(try evaluate(openssl, "cpe:2.3:a:nodejs:node.js:14.18.0:*:*:*:-:*:*:*"), "non-LTS 14 ranges stop at 14.14.0")
        XCTAssertNotNil(try evaluate(openssl, "cpe:2.3:a:nodejs:node.js:14.10.0:*:*:*:-:*:*:*"))
        XCTAssertNil(try evaluate(openssl, "cpe:2.3:a:nodejs:node.js:14.18.0:*:*:*:*:*:*:*"),
                     "a device that leaves sw_edition ANY matches neither the lts nor the NA entries")
        // OpenSSL's letter-suffixed versions: 1.1.0 ..< 1.1.1n.
        XCTAssertNotNil(try evaluate(openssl, "cpe:2.3:a:openssl:openssl:1.1.1m:*:*:*:*:*:*:*"))
        XCTAssertNil(try evaluate(openssl, "cpe:2.3:a:openssl:openssl:1.1.1n:*:*:*:*:*:*:*"))
    }

    /// Several configurations can apply; every reason is returned once, in order.
    func testReasonsFromSeveralConfigurations() throws {
        let openssl = try configurations("nvd/CVE-2022-0778.json")
        let reasons = try XCTUnwrap(try evaluate(openssl, "cpe:2.3:a:openssl:openssl:3.0.1:*:*:*:*:*:*:*",
                                                 "cpe:2.3:o:debian:debian_linux:11.0:*:*:*:*:*:*:*",
                                                 "cpe:2.3:a:openssl:openssl:3.0.1:*:*:*:*:*:*:*"))
        XCTAssertEqual(reasons.map(\.criteria.description),
                       ["cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*", "cpe:2.3:o:debian:debian_linux:11.0:*:*:*:*:*:*:*"])
        XCTAssertEqual(reasons.first?.versionStartIncluding, "3.0.0")
    }

    // MARK: Negation and constraints (built from a real configuration)

    /// The Spring4Shell configuration with its JDK node negated reads "the framework, NOT on
    /// JDK 9 or later".
    func testNegatedNode() throws {
        var configuration = try XCTUnwrap(try configurations("nvd/CVE-2022-22965.json").first)
        configuration.nodes[1].negate = true
        let spring = "cpe:2.3:a:vmware:spring_framework:5.3.17:*:*:*:*:*:*:*"
        XCTAssertEqual(try evaluate([configuration], spring, "cpe:2.3:a:oracle:jdk:1.8.0:*:*:*:*:*:*:*")?.count, 1)
        XCTAssertEqual(try evaluate([configuration], spring)?.first?.criteria.product, .value("spring_framework"))
        XCTAssertNil(try evaluate([configuration], spring, "cpe:2.3:a:oracle:jdk:11:*:*:*:*:*:*:*"))
    }

    func testNegatedConfigurationNamesNoReason() throws {
        var configuration = try XCTUnwrap(try configurations("nvd/CVE-2020-11896.json").first)
        configuration.negate = true
        // Satisfied (Treck is absent) but it names no vulnerable product on the device.
        XCTAssertEqual(CPEApplicability.reasons(configuration, names: [], compare: compare), [])
        XCTAssertNil(CPEApplicability.evaluate([configuration], names: [], compare: compare))
    }

    func testPlatformEntriesAloneNeverApply() throws {
        let jdk = CPEMatchCriterion(criteria: try CPE(parsing: "cpe:2.3:a:oracle:jdk:*:*:*:*:*:*:*:*"), vulnerable: false)
        let configuration = CPEConfiguration(nodes: [CPEConfigurationNode(matches: [jdk])])
        XCTAssertNotNil(CPEApplicability.reasons(configuration, names: try names("cpe:2.3:a:oracle:jdk:17:*:*:*:*:*:*:*"), compare: compare))
        XCTAssertNil(CPEApplicability.evaluate([configuration], names: try names("cpe:2.3:a:oracle:jdk:17:*:*:*:*:*:*:*"), compare: compare))
    }

    func testEmptyNodesAreNotSatisfied() {
        XCTAssertNil(CPEApplicability.reasons(CPEConfiguration(operator: .and, nodes: []), names: [], compare: compare))
        XCTAssertNil(CPEApplicability.reasons(CPEConfiguration(nodes: [CPEConfigurationNode(operator: .and, matches: [])]),
                                              names: [], compare: compare))
    }

    func testBoundsUseTheGivenComparison() throws {
        let criterion = CPEMatchCriterion(criteria: try CPE(parsing: "cpe:2.3:a:acme:widget:*:*:*:*:*:*:*:*"), vulnerable: true,
                                          versionStartExcluding: "1.0", versionEndIncluding: "2.0")
        let target = { (version: String) in CPE(part: .value("a"), vendor: .value("acme"), product: .value("widget"), version: .value(version)) }
        XCTAssertFalse(criterion.matches(target("1.0"), compare: compare), "start excluded")
        XCTAssertTrue(criterion.matches(target("1.5"), compare: compare))
        XCTAssertTrue(criterion.matches(target("2.0"), compare: compare), "end included")
        XCTAssertFalse(criterion.matches(target("2.1"), compare: compare))
        XCTAssertFalse(criterion.matches(CPE(part: .value("a"), vendor: .value("acme"), product: .value("widget"), version: .na), compare: compare))
        // The closure decides the order: as plain text "1.10" sorts below "1.9".
        let belowNine = CPEMatchCriterion(criteria: try CPE(parsing: "cpe:2.3:a:acme:widget:*:*:*:*:*:*:*:*"), vulnerable: true,
                                          versionEndExcluding: "1.9")
        XCTAssertFalse(belowNine.matches(target("1.10"), compare: compare))
        XCTAssertTrue(belowNine.matches(target("1.10"), compare: { $0 < $1 ? -1 : ($0 == $1 ? 0 : 1) }))
        let empty = CPEMatchCriterion(criteria: try CPE(parsing: "cpe:2.3:a:acme:widget:*:*:*:*:*:*:*:*"), vulnerable: true, versionEndExcluding: "")
        XCTAssertFalse(empty.hasVersionBounds, "an empty bound is no bound")
        XCTAssertTrue(empty.matches(CPE(part: .value("a"), vendor: .value("acme"), product: .value("widget")), compare: compare))
    }
}
