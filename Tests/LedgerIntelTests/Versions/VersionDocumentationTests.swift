import XCTest
import LedgerIntel

/// Orderings each ecosystem's own documentation gives, the generic scheme's rule, the OSV
/// ecosystem names, text no scheme can read, and inputs that must never trap.
final class VersionDocumentationTests: XCTestCase {
    // MARK: Each ecosystem's documentation

    /// Maven's ComparableVersion documentation and the POM reference's version order examples.
    func testMaven() {
        assertAscending(.maven, ["1-alpha", "1-beta", "1-milestone", "1-rc", "1-snapshot", "1", "1-sp"])
        assertSame(.maven, ["1.0", "1", "1.0.0", "1.ga", "1-ga", "1-0", "1.final", "1-release"])
        assertAscending(.maven, ["1", "1.1"])
        assertAscending(.maven, ["1-foo2", "1-foo10"])
        assertAscending(.maven, ["1.foo", "1-1", "1.1"])
        assertAscending(.maven, ["1-ga", "1-sp"])
        assertAscending(.maven, ["1-ga.1", "1-sp.1"])
        assertAscending(.maven, ["1-sp-1", "1-ga-1"])
        assertSame(.maven, ["1-ga-1", "1-1"])
        assertSame(.maven, ["1-a1", "1-alpha-1", "1a1"])
        assertSame(.maven, ["1-rc1", "1-cr1", "1RC1"])
        assertSame(.maven, ["1-1.foo-bar-1-baz-0.1", "1-1.foo-bar1baz-.1"])
        assertSame(.maven, ["1.0.0-foo.0.0", "1-foo"])
        assertAscending(.maven, ["1.0-SNAPSHOT", "1.0", "1.0.1"])
        assertAscending(.maven, ["2.0-1", "2.0.1"])
        // Not transitive here, exactly as in Maven itself.
        assertAscending(.maven, ["1-beta.1", "1"])
        assertAscending(.maven, ["1", "1.foo"])
        assertAscending(.maven, ["1.foo", "1-beta.1"])
    }

    /// PEP 440's ordering example, with its spellings and epochs.
    func testPyPI() {
        assertAscending(.pypi, [
            "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456", "1.0b2",
            "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5", "1.0+abc.7",
            "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1",
        ])
        assertAscending(.pypi, ["2.0", "1!1.0", "1!2.0", "2!0.1"])
        assertSame(.pypi, ["1.0a1", "1.0ALPHA1", "1.0-alpha.1", "1.0.a1", "1.0_a_1", "v1.0a1", " 1.0a1 "])
        assertSame(.pypi, ["1.0rc1", "1.0c1", "1.0pre1", "1.0preview1", "1.0-rc-1"])
        assertSame(.pypi, ["1.0.post1", "1.0-1", "1.0post1", "1.0.rev1", "1.0-r1"])
        assertSame(.pypi, ["1.0.dev0", "1.0.dev", "1.0-dev0"])
        assertSame(.pypi, ["1.0", "1.0.0", "1.0.0.0", "0!1.0"])
        assertSame(.pypi, ["1.0+ubuntu-1", "1.0+ubuntu.1", "1.0+UBUNTU_1"])
        XCTAssertTrue(VersionScheme.pypi.isValid("1.0b2.post345.dev456"))
        XCTAssertTrue(VersionScheme.pypi.isValid("1!2.0+local.7"))
        XCTAssertFalse(VersionScheme.pypi.isValid("0.1-bulbasaur"))
        XCTAssertFalse(VersionScheme.pypi.isValid("1.0+"))
        // Legacy text, which PEP 440 cannot read, sorts before every PEP 440 version.
        assertAscending(.pypi, ["0.1-bulbasaur", "0.9-eevee", "0.0.1"])
    }

    /// dpkg's documented order: `~` before everything, then the end, then letters, then the
    /// rest; epochs first.
    func testDebian() {
        assertAscending(.debian, ["1.0~~", "1.0~~a", "1.0~", "1.0~rc1", "1.0", "1.0a", "1.0+b1", "1.0.1"])
        assertAscending(.debian, ["2.0", "1:0.1"])
        assertAscending(.debian, ["1.2.3-1~deb7u1", "1.2.3-1", "1.2.3-1+deb7u1", "1.2.3-2"])
        assertSame(.debian, ["1.0", "0:1.0", "1.0-0", "01.00"])
        XCTAssertTrue(VersionScheme.debian.isValid("1:2.30-4ubuntu1"))
        XCTAssertFalse(VersionScheme.debian.isValid("a:1.0"))
        XCTAssertFalse(VersionScheme.debian.isValid("1.0-"))
    }

    /// SemVer 2.0 §11's precedence list, for every SemVer-like scheme.
    func testSemver() {
        let precedence = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                          "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1"]
        for scheme in [VersionScheme.semver, .npm, .cargo, .hex, .go] {
            assertAscending(scheme, precedence)
            assertSame(scheme, ["1.0.0", "v1.0.0", "1.0.0+build.5", "1.0.0+other", "1.0", "1"])
        }
        XCTAssertTrue(VersionScheme.semver.isValid("1.0.0-alpha.1+001"))
        XCTAssertFalse(VersionScheme.semver.isValid("1.0.0-alpha..1"))
        XCTAssertFalse(VersionScheme.semver.isValid("1.2.3.4"))
    }

    /// Go: pseudo-versions are pre-releases, `+incompatible` is build metadata.
    func testGo() {
        assertAscending(.go, [
            "v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20200101000000-000000000000", "v0.0.0", "v0.1.0",
        ])
        assertAscending(.go, [
            "v1.2.3", "v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4-pre", "v1.2.4-pre.0.20200101000000-abcdefabcdef",
            "v1.2.4",
        ])
        assertSame(.go, ["v2.0.0+incompatible", "v2.0.0"])
    }

    /// apk-tools: suffixes before and after the release, and revisions.
    func testAlpine() {
        assertAscending(.alpine, ["1.0_rc1", "1.0", "1.0_p1"])
        assertAscending(.alpine, ["1.0-r1", "1.0-r2", "1.0.1"])
        assertAscending(.alpine, [
            "1.0_alpha", "1.0_beta", "1.0_pre", "1.0_rc", "1.0", "1.0_cvs", "1.0_svn", "1.0_git", "1.0_hg", "1.0_p",
        ])
        assertAscending(.alpine, ["1.0", "1.0a", "1.0b", "1.0b_p1", "1.1"])
        assertSame(.alpine, ["1.0~abc123", "1.0", "1.0-r0"])
        XCTAssertTrue(VersionScheme.alpine.isValid("2.4.2_p1~0123abcd-r3"))
        XCTAssertFalse(VersionScheme.alpine.isValid("1.0_blah"))
        XCTAssertFalse(VersionScheme.alpine.isValid(""))
        XCTAssertFalse(VersionScheme.alpine.isValid("a"))
    }

    /// rpm: Fedora's packaging guidelines for `~` and `^`, and epochs.
    func testRPM() {
        assertAscending(.rpm, ["1.0~rc1", "1.0", "1.0^git1", "1.0^git2", "1.0.1"])
        assertAscending(.rpm, ["2.0", "1:1.0"])
        assertAscending(.rpm, ["1.0", "1.0-1", "1.0-1.el7", "1.0-2"])
        assertSame(.rpm, ["2.0", "2_0", "2.00", "0:2.0"])
        XCTAssertTrue(VersionScheme.rpm.isValid("1:3.10.0-229.el7"))
        XCTAssertFalse(VersionScheme.rpm.isValid("1.0-"))
    }

    /// `Gem::Version`'s documentation: letters make a pre-release, which sorts before the release.
    func testRubyGems() {
        assertAscending(.rubygems, ["1.0.a", "1.0.a.2", "1.0.b1", "1.0", "1.0.1", "1.10"])
        assertSame(.rubygems, ["1.0", "1.0.0", "1"])
        assertSame(.rubygems, ["1.0-b1", "1.0.pre.b1"])
        XCTAssertTrue(VersionScheme.rubygems.isValid("1.2.0.rc1"))
        XCTAssertFalse(VersionScheme.rubygems.isValid("1beta"))
        XCTAssertFalse(VersionScheme.rubygems.isValid("beta"))
    }

    /// PHP's `version_compare` manual: `dev` < `alpha` = `a` < `beta` = `b` < `RC` = `rc` < `#` <
    /// `pl` = `p`, and `5.2` < `5.2.0`.
    func testPackagist() {
        assertAscending(.packagist, ["1.0-dev", "1.0alpha1", "1.0beta1", "1.0RC1", "1.0", "1.0pl1"])
        assertSame(.packagist, ["1.0a1", "1.0alpha1"])
        assertSame(.packagist, ["1.0b1", "1.0-beta.1", "1.0beta1"])
        assertSame(.packagist, ["1.0rc1", "1.0RC1", "v1.0rc1", "V1.0-RC1"])
        assertAscending(.packagist, ["5.2", "5.2.0", "5.2.1"])
        assertAscending(.packagist, ["dev-main", "1.0.0"])
        XCTAssertTrue(VersionScheme.packagist.isValid("v2.3.0-RC1"))
        XCTAssertFalse(VersionScheme.packagist.isValid("latest"))
    }

    /// NuGet's package versioning documentation: four numbers, case-insensitive labels,
    /// metadata ignored.
    func testNuGet() {
        assertAscending(.nuget, ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
                                 "1.0.0-rc.1", "1.0.0", "1.0.0.1", "1.0.1"])
        assertSame(.nuget, ["1.0", "1.0.0", "1.0.0.0", "1.0.0+git.abc", "1.00.0"])
        assertSame(.nuget, ["1.0.0-Beta", "1.0.0-BETA", "1.0.0-beta"])
        XCTAssertTrue(VersionScheme.nuget.isValid("1.2.3.4-beta.1+meta"))
        XCTAssertFalse(VersionScheme.nuget.isValid("1.2.3.4.5"))
    }

    /// pub_semver: pre-releases before the release, builds after it, and builds ordered.
    func testPub() {
        assertAscending(.pub, ["1.0.0-alpha", "1.0.0-alpha+build", "1.0.0", "1.0.0+1", "1.0.0+2", "1.0.0+10", "1.0.0+a", "1.0.1"])
        assertSame(.pub, ["1.2.3", "v1.2.3"])
    }

    /// R's `package_version`: `.` and `-` alike, numbers numerically, no zero padding.
    func testCRAN() {
        assertAscending(.cran, ["1.2-3", "1.9", "1.10", "1.10.0", "1.10-1"])
        assertSame(.cran, ["1.2-3", "1.2.3", "1.02.03"])
        XCTAssertTrue(VersionScheme.cran.isValid("0.1-5"))
        XCTAssertFalse(VersionScheme.cran.isValid("1"))
        XCTAssertFalse(VersionScheme.cran.isValid("1.0a"))
    }

    /// `Data.Version`: lists of numbers, a prefix first.
    func testHackage() {
        assertAscending(.hackage, ["0.11.3.0", "1", "1.0", "1.0.0", "1.2.3", "1.2.3.4", "1.10"])
        XCTAssertTrue(VersionScheme.hackage.isValid("0.11.3.0"))
        XCTAssertFalse(VersionScheme.hackage.isValid("1.0-beta"))
    }

    // MARK: The generic rule

    func testGeneric() {
        assertAscending(.generic, ["1.0-alpha", "1.0-Beta", "1.0-rc1", "1.0", "1.0.1", "1.2", "1.10", "2"])
        assertSame(.generic, ["1", "1.0", "1.0.0", "v1.0", "V1_0", "1+0"])
        assertSame(.generic, ["1.0rc1", "1.0-RC-1", "1.0.rc.1"])
        // A trailing word reads as a pre-release of the numbers before it.
        assertAscending(.generic, ["2.4.9", "2.4.10a", "2.4.10", "2.4.10.1"])
        assertAscending(.generic, ["1.0a", "1.0.1"])
        XCTAssertTrue(VersionScheme.generic.isValid("5.10.0-rc3"))
        XCTAssertFalse(VersionScheme.generic.isValid(""))
        XCTAssertFalse(VersionScheme.generic.isValid(".-_+"))
    }

    // MARK: Ecosystem names

    func testEcosystemNames() {
        let expected: [String: VersionScheme] = [
            "Maven": .maven, "PyPI": .pypi, "npm": .npm, "Go": .go, "NuGet": .nuget, "crates.io": .cargo,
            "RubyGems": .rubygems, "Packagist": .packagist, "Debian": .debian, "Debian:11": .debian,
            "Ubuntu:20.04:LTS": .debian, "Alpine:v3.17": .alpine, "Red Hat": .rpm, "Red Hat:enterprise_linux:9": .rpm,
            "Rocky Linux:8": .rpm, "AlmaLinux": .rpm, "AlmaLinux:9": .rpm, "openSUSE": .rpm, "SUSE": .rpm,
            "SUSE:Linux Enterprise Server 15 SP5": .rpm, "Mageia:9": .rpm, "CRAN": .cran, "Hackage": .hackage,
            "Pub": .pub, "Hex": .hex, "Bitnami": .semver, "GitHub Actions": .semver, "Linux": .generic,
            "OSS-Fuzz": .generic, "Wolfi": .alpine, "Chainguard": .alpine, "": .generic, "Unheard-Of": .generic,
        ]
        for (name, scheme) in expected {
            XCTAssertEqual(VersionScheme(ecosystem: name), scheme, "ecosystem \(name)")
        }
    }

    // MARK: Text a scheme cannot read

    func testUnparsableSortsAfterEverythingByBytes() {
        assertAscending(.semver, ["999999.0.0", "", "abc", "latest"])
        assertAscending(.cran, ["99.99", "1.0a", "x"])
        assertAscending(.hackage, ["99", "1.0-beta"])
        assertAscending(.rubygems, ["99.0", "beta"])
        assertAscending(.generic, ["zzz", "", "."])
        XCTAssertEqual(VersionScheme.semver.compare("latest", "latest"), 0)
    }

    /// No input traps, every comparison is antisymmetric, and parsed versions agree with
    /// `VersionScheme.compare`, for every scheme.
    func testArbitraryInputNeverTraps() {
        let inputs = [
            "", " ", "-", ".", "..", "_", "+", "~", "^", ":", "::", "!", "#", "*", "v", "V", "=", "-r", "-r-", "1-",
            "1.", ".1", "1..", "1:", ":1", "1!", "!1", "1+", "+1", "1~", "~1", "1^", "^1", "1_", "_1", "0", "00", "0.0",
            "a", "A", "é", "💥", "1.💥", "\u{0}", "1\u{0}2", "\t1.0\n", "1.0 beta", "v", "v.", "vv1", "1.2.3.4.5.6.7",
            "1-1-1-1", "1_p_p_p", "1a_b_c-r", "1.0~~~", "1.0^^^", "1!2!3", "1.0+a+b", "1.0--1", "1.0-.-1",
            String(repeating: "9", count: 400), String(repeating: "0", count: 50) + "1", "1." + String(repeating: "12345678901234567890", count: 5),
            String(repeating: "1.", count: 300), String(repeating: "a-", count: 300), "dev-master", "x.y.z",
            "1.0.0-", "1.0.0-+", "1.0.0+", "1.0.0-01", "2:", "a:b:c", "1-r0-r1", "1.0_rc1_p2~ff-r3",
        ]
        for scheme in VersionScheme.allCases {
            let parsed = inputs.map(scheme.parse)
            for (i, a) in inputs.enumerated() {
                _ = scheme.isValid(a)
                for (j, b) in inputs.enumerated() {
                    let forward = sign(scheme.compare(a, b))
                    XCTAssertEqual(forward, -sign(scheme.compare(b, a)), ".\(scheme): \(a.debugDescription) vs \(b.debugDescription)")
                    XCTAssertEqual(forward, sign(parsed[i].compare(to: parsed[j])), ".\(scheme) parsed: \(a.debugDescription) vs \(b.debugDescription)")
                }
            }
        }
    }

    /// Random text built from version-like pieces: every scheme orders each text equal to
    /// itself, and any two texts the same way round both ways and through `ParsedVersion`.
    func testRandomTextIsOrderedConsistently() {
        var random = VersionTestRandom(seed: 0x5EED_1E55)
        let pieces = "0123456789..--__~~^^++::!#abcprvxAZé".map(String.init)
            + ["alpha", "beta", "rc", "dev", "post", "pre", "sp", "ga", "final", "snapshot", "git", "r1", "-r", "99999999999999999999"]
        let texts = (0..<150).map { _ in
            (0..<Int(random.next() % 10)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
        }
        for scheme in VersionScheme.allCases {
            let parsed = texts.map(scheme.parse)
            for i in texts.indices {
                XCTAssertEqual(parsed[i].compare(to: parsed[i]), 0, ".\(scheme): \(texts[i].debugDescription)")
                for j in texts.indices where j > i {
                    let forward = sign(parsed[i].compare(to: parsed[j]))
                    XCTAssertEqual(forward, -sign(parsed[j].compare(to: parsed[i])), ".\(scheme): \(texts[i].debugDescription) vs \(texts[j].debugDescription)")
                    XCTAssertEqual(forward, sign(scheme.compare(texts[i], texts[j])), ".\(scheme): \(texts[i].debugDescription) vs \(texts[j].debugDescription)")
                }
            }
        }
    }

    func testParsedVersionKeepsItsText() {
        XCTAssertEqual(VersionScheme.maven.parse("1.0-SNAPSHOT").text, "1.0-SNAPSHOT")
    }

    // MARK: Helpers

    private func sign(_ value: Int) -> Int { value < 0 ? -1 : (value > 0 ? 1 : 0) }

    /// Each version is strictly below every later one, both ways round and parsed.
    private func assertAscending(_ scheme: VersionScheme, _ versions: [String], file: StaticString = #filePath, line: UInt = #line) {
        for (i, lower) in versions.enumerated() {
            for higher in versions[(i + 1)...] {
                XCTAssertLessThan(scheme.compare(lower, higher), 0, ".\(scheme): \(lower) < \(higher)", file: file, line: line)
                XCTAssertGreaterThan(scheme.compare(higher, lower), 0, ".\(scheme): \(higher) > \(lower)", file: file, line: line)
                XCTAssertLessThan(scheme.parse(lower).compare(to: scheme.parse(higher)), 0,
                                  ".\(scheme) parsed: \(lower) < \(higher)", file: file, line: line)
            }
        }
    }

    /// All the versions compare equal, pairwise.
    private func assertSame(_ scheme: VersionScheme, _ versions: [String], file: StaticString = #filePath, line: UInt = #line) {
        for a in versions {
            for b in versions {
                XCTAssertEqual(scheme.compare(a, b), 0, ".\(scheme): \(a) = \(b)", file: file, line: line)
            }
        }
    }
}

/// A small deterministic random number generator for the tests.
private struct VersionTestRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
