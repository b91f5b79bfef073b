import Foundation
import LedgerIntel
import XCTest

/// Every purl in the real SBOMs of shared/realdata either parses or is refused with a reason.
final class PackageURLRealDataTests: XCTestCase {
    /// The folders whose SBOMs are read.
    static let folders = ["cyclonedx", "cyclonedx/sbom", "cyclonedx/spec-tests/1.5", "cyclonedx/spec-tests/1.6",
                          "cyclonedx/spec-tests/1.7", "cyclonedx/vex", "osv-scanner-sboms", "sboms-more", "spdx/2.3"]

    /// How many purls each file states, counted independently of the product (a separate
    /// script walking the same keys); files not listed state none.
    static let expectedPurlCounts: [String: Int] = [
        "cyclonedx/cdxgen-java-maven-log4j-1.4.json": 27,
        "cyclonedx/cdxgen-vuln-spring-1.5.json": 90,
        "cyclonedx/maven-plugin-gs-maven-1.4.json": 4,
        "cyclonedx/syft-debian13-container-1.6.json": 10,
        "cyclonedx/sbom/bundled-dependencies-bare-1.6.json": 53,
        "cyclonedx/sbom/cern-lhc-vdm-editor-1.2.json": 44,
        "cyclonedx/sbom/deps-from-git-bare-1.5.json": 100,
        "cyclonedx/sbom/dropwizard-1.3.15-1.2.json": 168,
        "cyclonedx/sbom/juice-shop-npm-bare-1.4.json": 1116,
        "cyclonedx/sbom/juice-shop-npm-bare-1.6.json": 1102,
        "cyclonedx/sbom/keycloak-10.0.2-1.2.json": 904,
        "cyclonedx/sbom/laravel-7.12.0-1.3.json": 63,
        "cyclonedx/sbom/laravel-7.12.0-1.4.json": 63,
        "cyclonedx/sbom/package-integrity-bare-1.6.json": 6,
        "cyclonedx/sbom/proton-bridge-v1.6.3-1.2.json": 202,
        "cyclonedx/sbom/proton-bridge-v1.8.0-1.2.json": 202,
        "cyclonedx/spec-tests/1.5/valid-bom-1.5.json": 1,
        "cyclonedx/spec-tests/1.5/valid-vulnerability-1.5.json": 1,
        "cyclonedx/spec-tests/1.6/valid-bom-1.6.json": 4,
        "cyclonedx/spec-tests/1.6/valid-component-identifiers-1.6.json": 1,
        "cyclonedx/spec-tests/1.6/valid-compositions-1.6.json": 3,
        "cyclonedx/spec-tests/1.6/valid-vulnerability-1.6.json": 1,
        "cyclonedx/vex/acme-bom-1.3.json": 4,
        "osv-scanner-sboms/alpine-zlib-16.cdx.json": 1,
        "osv-scanner-sboms/alpine.cdx.xml": 14,
        "osv-scanner-sboms/bad-purls.cdx.xml": 14,
        "osv-scanner-sboms/only-unimportant.spdx.json": 1,
        "osv-scanner-sboms/postgres-stretch.cdx.xml": 136,
        "osv-scanner-sboms/with-duplicates.cdx.xml": 16,
        "sboms-more/alpine-3.17.2.cdx.xml": 14,
        "sboms-more/dropwizard-1.3.15.cdx-1.2.json": 168,
        "sboms-more/juice-shop-11.1.2.cdx-1.2.json": 841,
        "sboms-more/only-unimportant.spdx.json": 1,
        "sboms-more/postgres-stretch.cdx.xml": 136,
        "sboms-more/proton-bridge-1.6.3.cdx-1.2.json": 202,
        "spdx/2.3/04-SBOMwSecurity.json": 2,
        "spdx/2.3/ACME-v2.3.spdx.json": 2,
        "spdx/2.3/SPDXJSONExample-v2.3.spdx.json": 1,
        "spdx/2.3/k8s-releng-hello-server.spdx.json": 4,
    ]

    /// Files in which some purls are refused; everywhere else every purl must parse.
    static let expectedRefusals: [String: Int] = [
        "osv-scanner-sboms/bad-purls.cdx.xml": 6,
    ]

    struct Outcome {
        var parsed: [PackageURL] = []
        var refused: [(text: String, error: PackageURLError)] = []
    }

    static func outcome(of file: String) throws -> Outcome {
        var outcome = Outcome()
        for text in try IdentifierFixtures.purls(inFile: file) {
            do {
                outcome.parsed.append(try PackageURL(parsing: text))
            } catch {
                outcome.refused.append((text, error))
            }
        }
        return outcome
    }

    func testEveryPurlParsesOrIsRefusedWithAReason() throws {
        var files: [String] = []
        for folder in Self.folders {
            files += try IdentifierFixtures.files(in: folder, endingWith: [".json", ".xml"])
        }
        XCTAssertGreaterThan(files.count, 50)
        var total = 0
        for file in files {
            let outcome = try Self.outcome(of: file)
            let count = outcome.parsed.count + outcome.refused.count
            total += count
            XCTAssertEqual(count, Self.expectedPurlCounts[file] ?? 0, "purls in \(file)")
            XCTAssertEqual(outcome.refused.count, Self.expectedRefusals[file] ?? 0,
                           "refused in \(file): \(outcome.refused.map { "\($0.text): \($0.error)" })")
            for refusal in outcome.refused {
                XCTAssertFalse(refusal.error.description.isEmpty, refusal.text)
            }
            // What parses prints canonically and parses back to the same value.
            for purl in outcome.parsed {
                XCTAssertEqual(try? PackageURL(parsing: purl.description), purl, purl.description)
            }
        }
        XCTAssertEqual(total, Self.expectedPurlCounts.values.reduce(0, +))
    }

    /// bad-purls.cdx.xml is osv-scanner's fixture of malformed purls. Of its 14 `<purl>`
    /// elements, read by hand: 8 are ordinary Alpine purls; `pkg:pypi/` (three times) has no
    /// name, `pkg:///` no type, `/` no scheme, and `pkg:apk/alpine/@1.36.1-r27…` an empty name
    /// before its version. osv-scanner's snapshot agrees: "Filtered 7 local/unscannable
    /// package/s" for this file, the 6 refused here plus the one component with no purl.
    func testBadPurlsFixtureByHand() throws {
        let outcome = try Self.outcome(of: "osv-scanner-sboms/bad-purls.cdx.xml")
        XCTAssertEqual(outcome.parsed.count, 8)
        XCTAssertTrue(outcome.parsed.allSatisfy { $0.type == "apk" && $0.namespace == "alpine" })
        XCTAssertEqual(outcome.refused.map(\.text).sorted(),
                       ["/", "pkg:///", "pkg:apk/alpine/@1.36.1-r27?arch=x86_64&upstream=busybox&distro=alpine-3.17.2",
                        "pkg:pypi/", "pkg:pypi/", "pkg:pypi/"])
        let kinds = Dictionary(grouping: outcome.refused, by: \.text).mapValues { $0.map(\.error.kind) }
        XCTAssertEqual(kinds["/"], [.noScheme])
        XCTAssertEqual(kinds["pkg:///"], [.noType])
        XCTAssertEqual(kinds["pkg:pypi/"], [.noName, .noName, .noName])
        XCTAssertEqual(kinds["pkg:apk/alpine/@1.36.1-r27?arch=x86_64&upstream=busybox&distro=alpine-3.17.2"], [.noName])
        // What does parse maps like osv-scanner: musl-utils is filed under its source, musl.
        let musl = try XCTUnwrap(outcome.parsed.first { $0.name == "musl-utils" })
        XCTAssertEqual(musl.osvPackages.first, OSVPackage(ecosystem: "Alpine:v3.17", name: "musl"))
    }

    /// postgres-stretch.cdx.xml (syft, Debian 9 image): 136 purls, all well-formed: 132 `deb`,
    /// 3 `golang` (one with version `(devel)`) and 1 `generic`. Counted with grep on `<purl>pkg:`.
    func testPostgresStretchByHand() throws {
        let outcome = try Self.outcome(of: "osv-scanner-sboms/postgres-stretch.cdx.xml")
        XCTAssertEqual(outcome.refused.count, 0)
        let types = Dictionary(grouping: outcome.parsed, by: \.type).mapValues(\.count)
        XCTAssertEqual(types, ["deb": 132, "golang": 3, "generic": 1])
        let debs = outcome.parsed.filter { $0.type == "deb" }
        XCTAssertTrue(debs.allSatisfy { $0.osvPackages.first?.ecosystem == "Debian:9" && $0.osvPackages.last?.ecosystem == "Debian" })
        // osv-scanner's snapshot lists github.com/opencontainers/runc v1.0.1 from this file under Go.
        XCTAssertTrue(outcome.parsed.contains { $0.osvPackages == [OSVPackage(ecosystem: "Go", name: "github.com/opencontainers/runc")] && $0.version == "v1.0.1" })
        let withSource = debs.filter { $0.sourcePackageName != nil && $0.sourcePackageName != $0.name }
        XCTAssertGreaterThan(withSource.count, 10)
        for purl in withSource {
            XCTAssertEqual(purl.osvPackages.first, OSVPackage(ecosystem: "Debian:9", name: purl.sourcePackageName ?? ""), purl.description)
        }
    }

    /// syft-debian13-container-1.6.json: 10 purls: 9 `deb` with `distro=debian-13`, some with a
    /// percent-encoded `+` (`13.8%2Bdeb13u2`) and epoch (`1%3A2.41-5`), and `pkg:generic/bash`,
    /// which has no OSV ecosystem.
    func testSyftDebian13ByHand() throws {
        let outcome = try Self.outcome(of: "cyclonedx/syft-debian13-container-1.6.json")
        XCTAssertEqual(outcome.parsed.count, 10)
        XCTAssertEqual(outcome.parsed.filter { $0.type == "deb" }.count, 9)
        XCTAssertEqual(outcome.parsed.first { $0.name == "base-files" }?.version, "13.8+deb13u2")
        XCTAssertEqual(outcome.parsed.first { $0.name == "bsdutils" }?.version, "1:2.41-5")
        XCTAssertEqual(outcome.parsed.first { $0.name == "bsdutils" }?.sourceVersion, "2.41-5")
        XCTAssertEqual(outcome.parsed.first { $0.type == "generic" }?.osvPackages, [])
        XCTAssertTrue(outcome.parsed.filter { $0.type == "deb" }.allSatisfy { $0.osvPackages.first?.ecosystem == "Debian:13" })
    }

    /// The Ubuntu OSV export writes a purl beside each affected package; the purl must give the
    /// record's own key, including the ESM spellings `trusty/esm`, `esm-infra/xenial` and
    /// `esm-infra-legacy/trusty` for `Ubuntu:Pro:…`.
    func testOSVRecordPurlsGiveTheRecordsOwnKey() throws {
        var checked = 0
        for file in try IdentifierFixtures.files(in: "osv/distro", endingWith: [".json"])
            + IdentifierFixtures.files(in: "osv-more/distro", endingWith: [".json"]) {
            let record = try XCTUnwrap(IdentifierFixtures.json(file) as? [String: Any])
            for affected in record["affected"] as? [[String: Any]] ?? [] {
                guard let package = affected["package"] as? [String: Any], let text = package["purl"] as? String,
                      let ecosystem = package["ecosystem"] as? String, let name = package["name"] as? String else { continue }
                let key = OSVPackage(ecosystem: ecosystem, name: name)
                XCTAssertTrue(try PackageURL(parsing: text).osvPackages.contains(key), "\(file): \(text) should give \(key)")
                checked += 1
            }
        }
        XCTAssertEqual(checked, 15)
    }

    /// The Maven SBOM's log4j-core and the Log4Shell advisory name the same package.
    func testLog4jSBOMMeetsTheLog4ShellAdvisory() throws {
        let sbom = try Self.outcome(of: "cyclonedx/cdxgen-java-maven-log4j-1.4.json")
        let log4j = try XCTUnwrap(sbom.parsed.first { $0.name == "log4j-core" })
        XCTAssertEqual(log4j.version, "2.6.1")
        let advisory = try XCTUnwrap(IdentifierFixtures.json("osv/GHSA-jfh8-c2jp-5v3q.json") as? [String: Any])
        let keys = (advisory["affected"] as? [[String: Any]] ?? []).compactMap { affected -> OSVPackage? in
            guard let package = affected["package"] as? [String: Any],
                  let ecosystem = package["ecosystem"] as? String, let name = package["name"] as? String else { return nil }
            return OSVPackage(ecosystem: ecosystem, name: name)
        }
        XCTAssertTrue(keys.contains(try XCTUnwrap(log4j.osvPackages.first)))
    }

    /// Every SBOM CPE (syft's `<cpe>` elements, CycloneDX `cpe` fields) parses as a CPE, including
    /// quoted characters such as `1\:2.41-5` and `\(devel\)`.
    func testEverySBOMCPEParses() throws {
        var count = 0
        for folder in Self.folders {
            for file in try IdentifierFixtures.files(in: folder, endingWith: [".json", ".xml"]) {
                for text in try IdentifierFixtures.cpes(inFile: file) {
                    count += 1
                    XCTAssertNoThrow(try CPE(parsing: text), "\(file): \(text)")
                }
            }
        }
        XCTAssertEqual(count, 346)
        let bsdutils = try CPE(parsing: "cpe:2.3:a:bsdutils:bsdutils:1\\:2.41-5:*:*:*:*:*:*:*")
        XCTAssertEqual(bsdutils.version, .value("1:2.41-5"))
        let gosu = try CPE(parsing: "cpe:2.3:a:tianon:gosu:\\(devel\\):*:*:*:*:*:*:*")
        XCTAssertEqual(gosu.version, .value("(devel)"))
    }
}
