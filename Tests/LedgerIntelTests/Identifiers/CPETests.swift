import Foundation
import LedgerIntel
import XCTest

final class CPETests: XCTestCase {
    // MARK: Formatted string

    func testParsesTheElevenAttributes() throws {
        let cpe = try CPE(parsing: "cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*")
        XCTAssertEqual(cpe.part, .value("a"))
        XCTAssertEqual(cpe.vendor, .value("hp"))
        XCTAssertEqual(cpe.product, .value("insight_diagnostics"))
        XCTAssertEqual(cpe.version, .value("7.4.0.1570"))
        XCTAssertEqual(cpe.update, .na)
        XCTAssertEqual(cpe.edition, .any)
        XCTAssertEqual(cpe.language, .any)
        XCTAssertEqual(cpe.swEdition, .value("online"))
        XCTAssertEqual(cpe.targetSW, .value("win2003"))
        XCTAssertEqual(cpe.targetHW, .value("x64"))
        XCTAssertEqual(cpe.other, .any)
        XCTAssertEqual(cpe.description, "cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*")
    }

    func testBackslashQuotesAnyCharacter() throws {
        let cpe = try CPE(parsing: "cpe:2.3:a:foo\\!bar:tcp\\/ip:1\\:2.41-5:\\-:\\*:*:*:*:*:*")
        XCTAssertEqual(cpe.vendor, .value("foo!bar"))
        XCTAssertEqual(cpe.product, .value("tcp/ip"))
        XCTAssertEqual(cpe.version, .value("1:2.41-5"), "a quoted ':' does not split")
        XCTAssertEqual(cpe.update, .value("-"), "a quoted hyphen is a literal, not NA")
        XCTAssertEqual(cpe.edition, .value("*"), "a quoted asterisk is a literal, not ANY")
        XCTAssertEqual(cpe.description, "cpe:2.3:a:foo\\!bar:tcp\\/ip:1\\:2.41-5:\\-:\\*:*:*:*:*:*")
        XCTAssertEqual(try CPE(parsing: cpe.description), cpe)
    }

    func testValuesAreLowercased() throws {
        let cpe = try CPE(parsing: "CPE:2.3:O:BD:Alaris_8015_PCU_Firmware:12.1.3:*:*:*:*:*:*:*")
        XCTAssertEqual(cpe.vendor, .value("bd"))
        XCTAssertEqual(cpe.product, .value("alaris_8015_pcu_firmware"))
        XCTAssertEqual(cpe, try CPE(parsing: "cpe:2.3:o:bd:alaris_8015_pcu_firmware:12.1.3:*:*:*:*:*:*:*"))
    }

    func testWildcardsAtTheEnds() throws {
        let cpe = try CPE(parsing: "cpe:2.3:a:adobe:*:9.*:*:??x:*rel*:*:*:*:*")
        XCTAssertEqual(cpe.product, .any)
        XCTAssertEqual(cpe.version, .pattern(CPEWildcardPattern(leading: nil, literal: "9.", trailing: .anyRun)))
        XCTAssertEqual(cpe.edition, .pattern(CPEWildcardPattern(leading: .upTo(2), literal: "x", trailing: nil)))
        XCTAssertEqual(cpe.language, .pattern(CPEWildcardPattern(leading: .anyRun, literal: "rel", trailing: .anyRun)))
        XCTAssertEqual(cpe.description, "cpe:2.3:a:adobe:*:9.*:*:??x:*rel*:*:*:*:*")
    }

    func testMalformedNamesAreRefusedWithAReason() {
        let cases: [(String, String)] = [
            ("cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*", "expected 13 components"),
            ("cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:*:*", "expected 13 components"),
            ("cpe:2.3:a:vendor::1.0:*:*:*:*:*:*:*", "empty product"),
            ("cpe:2.3:x:vendor:product:1.0:*:*:*:*:*:*:*", "part must be a, o, h or *"),
            ("cpe:2.3:-:vendor:product:1.0:*:*:*:*:*:*:*", "part must be a, o, h or *"),
            ("cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:x\\", "backslash ends"),
            ("cpe:2.3:a:vendor:pro*duct:1.0:*:*:*:*:*:*:*", "unquoted '*' inside the product"),
            ("cpe:2.3:a:vendor:pro?duct:1.0:*:*:*:*:*:*:*", "unquoted '?' inside the product"),
            ("cpe:2.3:a:vendor:my product:1.0:*:*:*:*:*:*:*", "white space"),
            ("cpe:/a:b:c:d:e:f:g:h", "at most 7 components"),
            ("cpe:/a:hp:diag:1::~~online~win2003", "packed edition"),
            ("cpe:/a:vendor:pro%2", "bad percent-encoding"),
            ("pkg:npm/foo", "not a CPE name"),
            ("", "not a CPE name"),
        ]
        for (text, phrase) in cases {
            do {
                let cpe = try CPE(parsing: text)
                XCTFail("\(text) parsed as \(cpe)")
            } catch {
                XCTAssertTrue(error.description.contains(phrase), "\(text): \(error.description)")
            }
        }
    }

    // MARK: URI binding

    func testURIBinding() throws {
        // The CycloneDX 1.6 specification's example component carries this 2.2 name.
        let uri = try CPE(parsing: "cpe:/a:example:myapplication:1.0.0")
        XCTAssertEqual(uri, try CPE(parsing: "cpe:2.3:a:example:myapplication:1.0.0:*:*:*:*:*:*:*"))
        let packed = try CPE(parsing: "cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~:en")
        XCTAssertEqual(packed, try CPE(parsing: "cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:en:online:win2003:x64:*"))
        let escaped = try CPE(parsing: "cpe:/a:foo%21bar:tcp%2fip:9.%02")
        XCTAssertEqual(escaped.vendor, .value("foo!bar"))
        XCTAssertEqual(escaped.product, .value("tcp/ip"))
        XCTAssertEqual(escaped.version, .pattern(CPEWildcardPattern(leading: nil, literal: "9.", trailing: .anyRun)))
        XCTAssertEqual(try CPE(parsing: "cpe:/o"), CPE(part: .value("o")))
        XCTAssertEqual(try CPE(parsing: "cpe:/a::reader:9.3.2:-:-").vendor, .any, "an empty URI component is ANY")
    }

    // MARK: Matching (NISTIR 7696)

    func testAttributeRelations() {
        let value = CPEValue.value("1.0")
        XCTAssertEqual(CPEValue.any.relation(toTarget: .any), .equal)
        XCTAssertEqual(CPEValue.any.relation(toTarget: .na), .superset)
        XCTAssertEqual(CPEValue.any.relation(toTarget: value), .superset)
        XCTAssertEqual(CPEValue.na.relation(toTarget: .na), .equal)
        XCTAssertEqual(CPEValue.na.relation(toTarget: .any), .disjoint)
        XCTAssertEqual(CPEValue.na.relation(toTarget: value), .disjoint)
        XCTAssertEqual(value.relation(toTarget: .any), .subset)
        XCTAssertEqual(value.relation(toTarget: .na), .disjoint)
        XCTAssertEqual(value.relation(toTarget: .value("1.0")), .equal)
        XCTAssertEqual(value.relation(toTarget: .value("1.1")), .disjoint)
        XCTAssertEqual(CPEValue.any.relation(toTarget: .pattern(CPEWildcardPattern(leading: nil, literal: "1", trailing: .anyRun))), .undefined)
    }

    func testNAMatchesOnlyNAAndANYMatchesEverything() throws {
        let hardware = try CPE(parsing: "cpe:2.3:h:bd:alaris_8015_pcu:-:*:*:*:*:*:*:*")
        XCTAssertTrue(hardware.matches(try CPE(parsing: "cpe:2.3:h:bd:alaris_8015_pcu:-:*:*:*:*:*:*:*")))
        XCTAssertFalse(hardware.matches(try CPE(parsing: "cpe:2.3:h:bd:alaris_8015_pcu:*:*:*:*:*:*:*:*")),
                       "NA in the criteria does not match a device that left the version ANY")
        XCTAssertFalse(hardware.matches(try CPE(parsing: "cpe:2.3:h:bd:alaris_8015_pcu:2:*:*:*:*:*:*:*")))
        let anyVersion = try CPE(parsing: "cpe:2.3:h:bd:alaris_8015_pcu:*:*:*:*:*:*:*:*")
        XCTAssertTrue(anyVersion.matches(try CPE(parsing: "cpe:2.3:h:bd:alaris_8015_pcu:-:*:*:*:*:*:*:*")))
        XCTAssertTrue(anyVersion.matches(try CPE(parsing: "cpe:2.3:h:bd:alaris_8015_pcu:2:*:*:*:*:*:*:*")))
        // A criteria naming one version does not match a device whose version is unknown.
        let exact = try CPE(parsing: "cpe:2.3:o:baxter:spectrum_wireless_battery_module_firmware:16d38:*:*:*:*:*:*:*")
        XCTAssertFalse(exact.matches(try CPE(parsing: "cpe:2.3:o:baxter:spectrum_wireless_battery_module_firmware:*:*:*:*:*:*:*:*")))
        XCTAssertTrue(exact.matches(try CPE(parsing: "cpe:2.3:o:Baxter:Spectrum_Wireless_Battery_Module_Firmware:16D38:*:*:*:*:*:*:*")),
                      "matching ignores case")
    }

    func testQuotedCharactersMatchTheirLiteral() throws {
        let treck = try CPE(parsing: "cpe:2.3:a:treck:tcp\\/ip:*:*:*:*:*:*:*:*")
        XCTAssertTrue(treck.matches(try CPE(parsing: "cpe:2.3:a:treck:tcp\\/ip:6.0.1.41:*:*:*:*:*:*:*")))
        XCTAssertTrue(treck.matches(CPE(part: .value("a"), vendor: .value("Treck"), product: .value("TCP/IP"), version: .value("6"))))
        XCTAssertFalse(treck.matches(try CPE(parsing: "cpe:2.3:a:treck:tcp_ip:6.0.1.41:*:*:*:*:*:*:*")))
        let bang = try CPE(parsing: "cpe:2.3:a:foo\\!bar:widget:*:*:*:*:*:*:*:*")
        XCTAssertTrue(bang.matches(try CPE(parsing: "cpe:2.3:a:FOO\\!BAR:widget:1.0:*:*:*:*:*:*:*")))
        XCTAssertFalse(bang.matches(try CPE(parsing: "cpe:2.3:a:foobar:widget:1.0:*:*:*:*:*:*:*")))
        // A quoted asterisk is a literal asterisk, not a wildcard.
        let literalStar = try CPE(parsing: "cpe:2.3:a:vendor:product:9.\\*:*:*:*:*:*:*:*")
        XCTAssertFalse(literalStar.matches(try CPE(parsing: "cpe:2.3:a:vendor:product:9.1:*:*:*:*:*:*:*")))
        XCTAssertTrue(literalStar.matches(try CPE(parsing: "cpe:2.3:a:vendor:product:9.\\*:*:*:*:*:*:*:*")))
    }

    func testWildcardMatching() throws {
        let nine = try CPE(parsing: "cpe:2.3:a:adobe:reader:9.*:*:*:*:*:*:*:*")
        XCTAssertTrue(nine.matches(try CPE(parsing: "cpe:2.3:a:adobe:reader:9.3.2:*:*:*:*:*:*:*")))
        XCTAssertTrue(nine.matches(try CPE(parsing: "cpe:2.3:a:adobe:reader:9.:*:*:*:*:*:*:*")))
        XCTAssertFalse(nine.matches(try CPE(parsing: "cpe:2.3:a:adobe:reader:19.3:*:*:*:*:*:*:*")))
        XCTAssertFalse(nine.matches(try CPE(parsing: "cpe:2.3:a:adobe:reader:*:*:*:*:*:*:*:*")), "ANY is wider than 9.*")
        let twoBefore = CPEWildcardPattern(leading: .upTo(2), literal: "1", trailing: nil)
        XCTAssertTrue(twoBefore.matches("1"))
        XCTAssertTrue(twoBefore.matches("x1"))
        XCTAssertTrue(twoBefore.matches("xy1"))
        XCTAssertFalse(twoBefore.matches("xyz1"))
        XCTAssertFalse(twoBefore.matches("x1y"))
        XCTAssertTrue(CPEWildcardPattern(leading: .anyRun, literal: "rc", trailing: .anyRun).matches("1.0-RC2"))
        // A target with wildcards is undefined, so it matches nothing.
        XCTAssertFalse(try CPE(parsing: "cpe:2.3:a:adobe:reader:*:*:*:*:*:*:*:*").matches(nine))
        // NISTIR 7696's own example: these two names are disjoint.
        let source = try CPE(parsing: "cpe:2.3:a:adobe:*:9.*:*:PalmOS:*:*:*:*:*")
        XCTAssertFalse(source.matches(try CPE(parsing: "cpe:/a::Reader:9.3.2:-:-")))
    }

    // MARK: Real NVD criteria

    static let nvdFolders = ["nvd", "nvd-more"]

    /// Every `criteria` of every cpeMatch in the real NVD files parses, and the formatted string
    /// written back is the one NVD wrote.
    func testEveryNVDCriteriaParses() throws {
        var count = 0
        for folder in Self.nvdFolders {
            for file in try IdentifierFixtures.files(in: folder, endingWith: [".json"]) {
                for text in try IdentifierFixtures.criteriaStrings(inFile: file) {
                    count += 1
                    do {
                        let cpe = try CPE(parsing: text)
                        XCTAssertEqual(cpe.description, text, file)
                    } catch {
                        XCTFail("\(file): \(text): \(error)")
                    }
                }
            }
        }
        XCTAssertEqual(count, 689)
    }

    func testEveryNVDConfigurationIsRead() throws {
        var records = 0, configurations = 0, nodes = 0, entries = 0
        for folder in Self.nvdFolders {
            for file in try IdentifierFixtures.files(in: folder, endingWith: [".json"]) {
                for record in try IdentifierFixtures.nvdRecords(file) {
                    records += 1
                    let read = try IdentifierFixtures.configurations(of: record)
                    configurations += read.count
                    nodes += read.map(\.nodes.count).reduce(0, +)
                    entries += read.flatMap(\.nodes).map(\.matches.count).reduce(0, +)
                    XCTAssertNil(CPEApplicability.evaluate(read, names: [], compare: IdentifierFixtures.compareVersions),
                                 "nothing applies to a device with no names")
                }
            }
        }
        XCTAssertEqual(records, 56)
        XCTAssertEqual(configurations, 218)
        XCTAssertEqual(nodes, 351)
        XCTAssertEqual(entries, 689)
    }
}
