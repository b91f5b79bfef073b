import LedgerCore
import XCTest
@testable import LedgerIntel

/// OSV's range evaluation (Protocol/LEDGER.md §2.6), case by case as the OSV schema states it.
final class AffectedVersionsTests: XCTestCase {
    private func range(_ type: String, _ events: [(AffectedRange.Event.Kind, String)]) -> AffectedRange {
        AffectedRange(type: type, events: events.map { AffectedRange.Event($0.0, $0.1) })
    }

    private func range(_ events: [(AffectedRange.Event.Kind, String)]) -> AffectedRange { range("ECOSYSTEM", events) }

    private func affected(_ version: String, _ r: AffectedRange, _ ecosystem: String = "Maven") -> Bool {
        AffectedVersions.contains(version, range: r, ecosystem: ecosystem)
    }

    func testIntroducedAndFixed() {
        let r = range([(.introduced, "2.4"), (.fixed, "2.12.2")])
        XCTAssertFalse(affected("2.3", r))
        XCTAssertTrue(affected("2.4", r))
        XCTAssertTrue(affected("2.6.1", r))
        XCTAssertTrue(affected("2.12.1", r))
        XCTAssertFalse(affected("2.12.2", r))
        XCTAssertFalse(affected("2.17.1", r))
    }

    func testIntroducedZeroIsBeforeEveryVersion() {
        let r = range([(.introduced, "0"), (.fixed, "2.3.1")])
        XCTAssertTrue(affected("1.0-alpha", r))
        XCTAssertTrue(affected("2.3", r))
        XCTAssertFalse(affected("2.3.1", r))
    }

    func testLastAffectedIncludesItsVersion() {
        let r = range([(.introduced, "1.0"), (.lastAffected, "1.4")])
        XCTAssertTrue(affected("1.4", r))
        XCTAssertFalse(affected("1.4.1", r))
        XCTAssertFalse(affected("0.9", r))
    }

    func testIntroducedWithNoEndAffectsEveryLaterVersion() {
        let r = range([(.introduced, "3.0")])
        XCTAssertTrue(affected("99.0", r))
        XCTAssertFalse(affected("2.9", r))
    }

    func testSeveralIntervalsInOneRangeAreEvaluatedInVersionOrder() {
        // Events given out of order: sorting decides, not the order written.
        let r = range([(.introduced, "2.0"), (.fixed, "2.5"), (.introduced, "1.0"), (.fixed, "1.5")])
        XCTAssertTrue(affected("1.2", r))
        XCTAssertFalse(affected("1.7", r))
        XCTAssertTrue(affected("2.1", r))
        XCTAssertFalse(affected("2.5", r))
    }

    func testLimitBoundsTheRange() {
        let r = range([(.introduced, "0"), (.limit, "2.0")])
        XCTAssertTrue(affected("1.9", r))
        XCTAssertFalse(affected("2.0", r))
        XCTAssertFalse(affected("3.0", r))
    }

    func testEcosystemOrderNotText() {
        // Maven: 1.0-rc1 < 1.0 < 1.0-sp1; text order would put "1.0-rc1" after "1.0".
        let r = range([(.introduced, "1.0-rc1"), (.fixed, "1.0")])
        XCTAssertTrue(affected("1.0-rc2", r))
        XCTAssertFalse(affected("1.0-sp1", r))
        // PyPI: 2.0rc1 < 2.0.
        let p = range([(.introduced, "0"), (.fixed, "2.0")])
        XCTAssertTrue(affected("2.0rc1", p, "PyPI"))
        // Debian: an epoch outranks the upstream version.
        let d = range([(.introduced, "0"), (.fixed, "1:1.0-1")])
        XCTAssertTrue(affected("9.9-1", d, "Debian:11"))
        XCTAssertFalse(affected("1:1.0-1", d, "Debian:11"))
    }

    func testSemverRangesUseSemVerWhateverTheEcosystem() {
        let r = range("SEMVER", [(.introduced, "1.0.0-beta.2"), (.fixed, "1.0.0")])
        XCTAssertTrue(affected("1.0.0-beta.11", r, "Unknown"))
        XCTAssertFalse(affected("1.0.0-beta.1", r, "Unknown"))
    }

    func testGitRangesMatchOnlyThroughTheVersionsList() {
        let entry = AffectedPackage(ecosystem: "OSS-Fuzz", name: "curl",
                                    ranges: [range("GIT", [(.introduced, "abc123"), (.fixed, "def456")])],
                                    versions: ["curl-7_80_0"])
        XCTAssertNil(AffectedVersions.reason("abc999", in: entry))
        XCTAssertEqual(AffectedVersions.reason("curl-7_80_0", in: entry), "listed in the record's versions")
    }

    func testReasonNamesTheRangeThatMatched() {
        let entry = AffectedPackage(ecosystem: "Maven", name: "org.apache.logging.log4j:log4j-core",
                                    ranges: [range([(.introduced, "2.13.0"), (.fixed, "2.15.0")]), range([(.introduced, "2.4"), (.fixed, "2.12.2")])])
        XCTAssertEqual(AffectedVersions.reason("2.6.1", in: entry), "ECOSYSTEM introduced 2.4, fixed 2.12.2")
        XCTAssertNil(AffectedVersions.reason("2.12.2", in: entry))
    }

    func testProblemsThatLeaveARangeOut() {
        XCTAssertNotNil(AffectedVersions.problem(with: range("RANGE", [(.introduced, "0")]), ecosystem: "npm"))
        XCTAssertNotNil(AffectedVersions.problem(with: range([]), ecosystem: "npm"))
        XCTAssertNotNil(AffectedVersions.problem(with: range([(.fixed, "1.0")]), ecosystem: "npm"))
        XCTAssertNotNil(AffectedVersions.problem(with: range("SEMVER", [(.introduced, "0"), (.fixed, "not a version")]), ecosystem: "npm"))
        XCTAssertNil(AffectedVersions.problem(with: range("SEMVER", [(.introduced, "0"), (.fixed, "1.2.3")]), ecosystem: "npm"))
    }

    func testMatcherFindsByPurlAcrossQualifiersAndDistroReleases() {
        let log4j = VulnerabilityRecord(source: "osv", id: "GHSA-jfh8-c2jp-5v3q", aliases: ["CVE-2021-44228"], packages: [
            AffectedPackage(ecosystem: "Maven", name: "org.apache.logging.log4j:log4j-core", ranges: [range([(.introduced, "2.4"), (.fixed, "2.12.2")])]),
        ])
        let zlib = VulnerabilityRecord(source: "osv", id: "DSA-0000-1", packages: [
            AffectedPackage(ecosystem: "Debian:11", name: "zlib", ranges: [range([(.introduced, "0"), (.fixed, "1:1.2.11.dfsg-2+deb11u2")])]),
        ])
        let matcher = RecordMatcher(records: [log4j, zlib])
        XCTAssertEqual(matcher.matches(purl: "pkg:maven/org.apache.logging.log4j/log4j-core@2.6.1?type=jar", version: nil).map(\.record), [0])
        XCTAssertEqual(matcher.matches(purl: "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1", version: nil).count, 0)
        // The component's own version wins over the purl's.
        XCTAssertEqual(matcher.matches(purl: "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1", version: "2.6.1").count, 1)
        // A binary package found through its source package, in the release's ecosystem.
        XCTAssertEqual(matcher.matches(purl: "pkg:deb/debian/zlib1g@1:1.2.11.dfsg-2+deb11u1?distro=debian-11&upstream=zlib", version: nil).map(\.record), [1])
        XCTAssertEqual(matcher.matches(purl: "pkg:deb/debian/zlib1g@1:1.2.11.dfsg-2+deb11u1?distro=debian-12&upstream=zlib", version: nil).count, 0)
        XCTAssertEqual(matcher.matches(purl: "not a purl", version: "1").count, 0)
    }
}
