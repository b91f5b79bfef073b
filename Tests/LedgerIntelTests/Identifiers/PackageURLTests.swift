import Foundation
import LedgerIntel
import XCTest

final class PackageURLTests: XCTestCase {
    // MARK: Parsing

    func testParsesEveryComponentAndDecodes() throws {
        let purl = try PackageURL(parsing: "pkg:deb/debian/bsdutils@1%3A2.41-5?Arch=amd64&distro=debian-13&upstream=util-linux%402.41-5#usr/./bin/../sbin/")
        XCTAssertEqual(purl.type, "deb")
        XCTAssertEqual(purl.namespace, "debian")
        XCTAssertEqual(purl.name, "bsdutils")
        XCTAssertEqual(purl.version, "1:2.41-5")
        XCTAssertEqual(purl.qualifiers, ["arch": "amd64", "distro": "debian-13", "upstream": "util-linux@2.41-5"])
        XCTAssertEqual(purl.subpath, "usr/bin/sbin", "empty, '.' and '..' segments are discarded")
    }

    func testPlusIsALiteralPlus() throws {
        let purl = try PackageURL(parsing: "pkg:deb/debian/base-files@9.9+deb9u13?arch=amd64&distro=debian-9")
        XCTAssertEqual(purl.version, "9.9+deb9u13")
    }

    func testSchemeSlashesAndCaseAreTolerated() throws {
        let plain = try PackageURL(parsing: "pkg:gem/ruby-advisory-db-check@0.12.4")
        XCTAssertEqual(try PackageURL(parsing: "pkg://gem/ruby-advisory-db-check@0.12.4"), plain)
        XCTAssertEqual(try PackageURL(parsing: "PKG:GEM/ruby-advisory-db-check@0.12.4"), plain)
        XCTAssertEqual(try PackageURL(parsing: "  pkg:gem/ruby-advisory-db-check@0.12.4\n"), plain)
    }

    func testEmptyQualifierValuesAreDropped() throws {
        let purl = try PackageURL(parsing: "pkg:npm/foo@1?arch=&vcs_url=&flag")
        XCTAssertEqual(purl.qualifiers, [:])
        XCTAssertEqual(purl.version, "1")
        XCTAssertEqual(try PackageURL(parsing: "pkg:npm/foo@1?arch=x&ARCH=x").qualifiers, ["arch": "x"],
                       "a key repeated with the same value is harmless")
    }

    func testVersionMayHoldSlashesAndColons() throws {
        let purl = try PackageURL(parsing: "pkg:golang/github.com/tianon/gosu@(devel)")
        XCTAssertEqual(purl.namespace, "github.com/tianon")
        XCTAssertEqual(purl.name, "gosu")
        XCTAssertEqual(purl.version, "(devel)")
    }

    // MARK: Type-specific rules

    func testMavenLog4j() throws {
        let purl = try PackageURL(parsing: "pkg:maven/org.apache.logging.log4j/log4j-core@2.6.1")
        XCTAssertEqual(purl.namespace, "org.apache.logging.log4j")
        XCTAssertEqual(purl.name, "log4j-core")
        XCTAssertEqual(purl.version, "2.6.1")
        XCTAssertEqual(purl.osvPackages, [OSVPackage(ecosystem: "Maven", name: "org.apache.logging.log4j:log4j-core")])
        XCTAssertEqual(purl.osvPackages.first?.name, "org.apache.logging.log4j:log4j-core")
    }

    func testNpmScope() throws {
        let encoded = try PackageURL(parsing: "pkg:npm/%40angular/core@1.0")
        XCTAssertEqual(encoded.namespace, "@angular")
        XCTAssertEqual(encoded.osvPackages, [OSVPackage(ecosystem: "npm", name: "@angular/core")])
        // The '@' of a scope written bare is not the version separator.
        let bare = try PackageURL(parsing: "pkg:npm/@angular/core")
        XCTAssertEqual(bare.namespace, "@angular")
        XCTAssertEqual(bare.name, "core")
        XCTAssertNil(bare.version)
        XCTAssertEqual(try PackageURL(parsing: "pkg:npm/@angular/core@1.0"), encoded)
        // A scope written without its '@' still names the scoped package.
        XCTAssertEqual(try PackageURL(parsing: "pkg:npm/angular/core@1.0").osvPackages.first?.name, "@angular/core")
    }

    func testPyPINameIsNormalised() throws {
        let purl = try PackageURL(parsing: "pkg:pypi/Django_Rest@1")
        XCTAssertEqual(purl.name, "django-rest", "the purl rule: lowercase, '_' as '-'")
        XCTAssertEqual(purl.osvPackages, [OSVPackage(ecosystem: "PyPI", name: "django-rest")])
        XCTAssertEqual(OSVPackage(ecosystem: "PyPI", name: "Django.__Rest").name, "django-rest", "PEP 503 folds runs of -_.")
        // GHSA-3f63-hfp8-52jq writes "Pillow"; an SBOM writes pkg:pypi/pillow.
        XCTAssertEqual(try PackageURL(parsing: "pkg:pypi/pillow@10.0.0").osvPackages, [OSVPackage(ecosystem: "PyPI", name: "Pillow")])
    }

    func testCaseRulesFollowPurlTypes() throws {
        XCTAssertEqual(try PackageURL(parsing: "pkg:github/Package-URL/Purl-Spec@244fd47").namespace, "package-url")
        XCTAssertEqual(try PackageURL(parsing: "pkg:composer/Laravel/Laravel@5.5.0").name, "laravel")
        XCTAssertEqual(try PackageURL(parsing: "pkg:deb/Debian/Curl@7.50").name, "curl")
        XCTAssertEqual(try PackageURL(parsing: "pkg:rpm/Fedora/SDL@2").namespace, "fedora")
        XCTAssertEqual(try PackageURL(parsing: "pkg:rpm/Fedora/SDL@2").name, "SDL", "RPM names are case-sensitive")
        // Go module paths are case-sensitive: kept as the proton-bridge SBOM writes them.
        let go = try PackageURL(parsing: "pkg:golang/github.com/BurntSushi/toml@v0.3.1")
        XCTAssertEqual(go.osvPackages, [OSVPackage(ecosystem: "Go", name: "github.com/BurntSushi/toml")])
        XCTAssertEqual(try PackageURL(parsing: "pkg:maven/com.zaxxer/HikariCP@3.4.2?type=jar").osvPackages.first?.name,
                       "com.zaxxer:HikariCP")
    }

    func testLanguageEcosystems() throws {
        let cases: [(String, String, String)] = [
            ("pkg:nuget/Newtonsoft.Json@12.0.1", "NuGet", "newtonsoft.json"),
            ("pkg:cargo/tokio@1.19.2", "crates.io", "tokio"),
            ("pkg:gem/rack@2.2.3", "RubyGems", "rack"),
            ("pkg:composer/laravel/framework@7.12.0", "Packagist", "laravel/framework"),
            ("pkg:hex/phoenix_html@2.13.3", "Hex", "phoenix_html"),
            ("pkg:pub/characters@1.2.0", "Pub", "characters"),
            ("pkg:cran/rJava@1.0-4", "CRAN", "rJava"),
            ("pkg:hackage/AC-HalfInteger@1.2.1", "Hackage", "AC-HalfInteger"),
            ("pkg:swift/github.com/apple/swift-nio-http2@1.19.0", "SwiftURL", "github.com/apple/swift-nio-http2"),
            ("pkg:github/actions/checkout@v4", "GitHub Actions", "actions/checkout"),
            ("pkg:golang/stdlib@1.21.0", "Go", "stdlib"),
        ]
        for (text, ecosystem, name) in cases {
            XCTAssertEqual(try PackageURL(parsing: text).osvPackages, [OSVPackage(ecosystem: ecosystem, name: name)], text)
        }
        XCTAssertEqual(try PackageURL(parsing: "pkg:generic/bash@5.2.37").osvPackages, [], "no OSV ecosystem")
        XCTAssertEqual(try PackageURL(parsing: "pkg:maven/log4j-core@2").osvPackages, [], "a Maven key needs the group")
    }

    func testSwiftURLMatchesGitHubExportSpelling() throws {
        // GHSA-qppj-fm5r-hxr3 writes ecosystem "purl-type:swift", name "https://github.com/apple/swift-nio-http2".
        let record = OSVPackage(ecosystem: "purl-type:swift", name: "https://github.com/apple/swift-nio-http2")
        XCTAssertEqual(try PackageURL(parsing: "pkg:swift/github.com/apple/swift-nio-http2@1.19.0").osvPackages, [record])
    }

    // MARK: Distributions

    func testDebianDistroSpellings() throws {
        let expected = ["debian-9": "Debian:9", "debian-9.13": "Debian:9", "stretch": "Debian:9", "9": "Debian:9",
                        "jessie": "Debian:8", "buster": "Debian:10", "bullseye": "Debian:11",
                        "bookworm": "Debian:12", "trixie": "Debian:13", "debian-13": "Debian:13"]
        for (distro, ecosystem) in expected {
            let purl = try PackageURL(parsing: "pkg:deb/debian/curl@7.64?distro=\(distro)")
            XCTAssertEqual(purl.osvPackages, [OSVPackage(ecosystem: ecosystem, name: "curl"),
                                              OSVPackage(ecosystem: "Debian", name: "curl")], distro)
        }
        XCTAssertEqual(try PackageURL(parsing: "pkg:deb/debian/curl@7.64").osvPackages,
                       [OSVPackage(ecosystem: "Debian", name: "curl")], "no distro: the release-less key only")
        XCTAssertEqual(try PackageURL(parsing: "pkg:deb/debian/curl@7.64?distro=sid").osvPackages,
                       [OSVPackage(ecosystem: "Debian", name: "curl")], "an unknown release: the base only")
    }

    func testUbuntuDistroSpellings() throws {
        let expected = ["focal": "Ubuntu:20.04:LTS", "ubuntu-20.04": "Ubuntu:20.04:LTS", "20.04": "Ubuntu:20.04:LTS",
                        "trusty": "Ubuntu:14.04:LTS", "xenial": "Ubuntu:16.04:LTS", "bionic": "Ubuntu:18.04:LTS",
                        "jammy": "Ubuntu:22.04:LTS", "noble": "Ubuntu:24.04:LTS",
                        "mantic": "Ubuntu:23.10", "ubuntu-23.10": "Ubuntu:23.10", "23.04": "Ubuntu:23.04"]
        for (distro, ecosystem) in expected {
            let purl = try PackageURL(parsing: "pkg:deb/ubuntu/openssl@3.0.2?distro=\(distro)")
            XCTAssertEqual(purl.osvPackages.map(\.ecosystem), [ecosystem, "Ubuntu"], distro)
        }
        let esm = try PackageURL(parsing: "pkg:deb/ubuntu/zlib@1:1.2.8.dfsg-2ubuntu4.3+esm2?arch=source&distro=esm-infra/xenial")
        XCTAssertEqual(esm.osvPackages.map(\.ecosystem), ["Ubuntu:Pro:16.04:LTS", "Ubuntu:16.04:LTS", "Ubuntu"])
    }

    func testAlpineDistroSpellings() throws {
        for distro in ["alpine-3.17.2", "3.17", "v3.17", "alpine-3.17"] {
            let purl = try PackageURL(parsing: "pkg:apk/alpine/zlib@1.2.13-r0?distro=\(distro)")
            XCTAssertEqual(purl.osvPackages, [OSVPackage(ecosystem: "Alpine:v3.17", name: "zlib"),
                                              OSVPackage(ecosystem: "Alpine", name: "zlib")], distro)
        }
    }

    func testSourcePackageComesFirst() throws {
        // postgres-stretch.cdx.xml: the binary bsdutils is built from the source util-linux.
        let purl = try PackageURL(parsing: "pkg:deb/debian/bsdutils@1:2.29.2-1+deb9u1?arch=amd64&upstream=util-linux%402.29.2-1+deb9u1&distro=debian-9")
        XCTAssertEqual(purl.sourcePackageName, "util-linux")
        XCTAssertEqual(purl.sourceVersion, "2.29.2-1+deb9u1")
        XCTAssertEqual(purl.osvPackages.map(\.description),
                       ["Debian:9/util-linux", "Debian:9/bsdutils", "Debian/util-linux", "Debian/bsdutils"])
        // only-unimportant.spdx.json: source= equal to the name gives one name per ecosystem.
        let pcre = try PackageURL(parsing: "pkg:deb/ubuntu/pcre3@2%3A8.39-12ubuntu0.1?arch=amd64&distro=focal&source=pcre3")
        XCTAssertEqual(pcre.osvPackages.map(\.description), ["Ubuntu:20.04:LTS/pcre3", "Ubuntu/pcre3"])
        XCTAssertNil(pcre.sourceVersion)
        // alpine-zlib-16.cdx.json: Alpine's origin= and a bare version as distro.
        let zlib = try PackageURL(parsing: "pkg:apk/alpine/zlib@1.2.12-r1?arch=x86_64&distro=3.22.0&origin=zlib")
        XCTAssertEqual(zlib.osvPackages.map(\.description), ["Alpine:v3.22/zlib", "Alpine/zlib"])
    }

    func testRPMDistributions() throws {
        let rocky = try PackageURL(parsing: "pkg:rpm/rocky/curl-minimal@7.76.1-26.el9?arch=x86_64&distro=rocky-9.2&upstream=curl-7.76.1-26.el9.src.rpm")
        XCTAssertEqual(rocky.sourcePackageName, "curl")
        XCTAssertEqual(rocky.sourceVersion, "7.76.1-26.el9")
        XCTAssertEqual(rocky.osvPackages.map(\.description),
                       ["Rocky Linux:9/curl", "Rocky Linux:9/curl-minimal", "Rocky Linux/curl", "Rocky Linux/curl-minimal"])
        XCTAssertEqual(try PackageURL(parsing: "pkg:rpm/almalinux/openssl@3.0.7?distro=almalinux-8").osvPackages.first?.ecosystem, "AlmaLinux:8")
        XCTAssertEqual(try PackageURL(parsing: "pkg:rpm/redhat/openssl@3.0.7?distro=rhel-9").osvPackages.map(\.ecosystem), ["Red Hat"])
        XCTAssertEqual(try PackageURL(parsing: "pkg:rpm/opensuse/curl@8").osvPackages.map(\.ecosystem), ["openSUSE"])
        XCTAssertEqual(try PackageURL(parsing: "pkg:rpm/suse/curl@8").osvPackages.map(\.ecosystem), ["SUSE"])
        XCTAssertEqual(try PackageURL(parsing: "pkg:rpm/fedora/curl@7.50.3-1.fc25?distro=fedora-25").osvPackages, [])
    }

    func testDistroWithoutNamespace() throws {
        XCTAssertEqual(try PackageURL(parsing: "pkg:deb/curl@7.64?distro=bullseye").osvPackages.first?.ecosystem, "Debian:11")
        XCTAssertEqual(try PackageURL(parsing: "pkg:deb/curl@7.64?distro=jammy").osvPackages.first?.ecosystem, "Ubuntu:22.04:LTS")
        XCTAssertEqual(try PackageURL(parsing: "pkg:deb/curl@7.64").osvPackages, [])
    }

    func testQualifiersAndSubpathNeverChangeTheKeys() throws {
        let plain = try PackageURL(parsing: "pkg:npm/%40babel/parser@7.21.2").osvPackages
        XCTAssertEqual(try PackageURL(parsing: "pkg:npm/%40babel/parser@7.21.2?vcs_url=git%2Bhttps%3A%2F%2Fx#packages/babel-parser").osvPackages, plain)
        XCTAssertEqual(try PackageURL(parsing: "pkg:deb/debian/curl@7?arch=i386&distro=debian-9").osvPackages,
                       try PackageURL(parsing: "pkg:deb/debian/curl@8?distro=debian-9#x").osvPackages)
    }

    // MARK: OSVPackage

    func testOSVPackageEcosystemsKeepTheirRelease() {
        let debian = OSVPackage(ecosystem: "Debian:11", name: "OpenSSL")
        XCTAssertEqual(debian.ecosystem, "Debian:11")
        XCTAssertEqual(debian.name, "openssl")
        XCTAssertEqual(debian.baseEcosystem, "Debian")
        XCTAssertEqual(debian.release, "11")
        XCTAssertEqual(debian.withoutRelease, OSVPackage(ecosystem: "Debian", name: "openssl"))
        XCTAssertEqual(OSVPackage(ecosystem: "Ubuntu:Pro:14.04:LTS", name: "linux").baseEcosystem, "Ubuntu")
        XCTAssertEqual(OSVPackage(ecosystem: "pypi", name: "x").ecosystem, "PyPI", "the base is given OSV's spelling")
        XCTAssertEqual(OSVPackage(ecosystem: "debian:11", name: "x").ecosystem, "Debian:11")
        XCTAssertEqual(OSVPackage(ecosystem: "NuGet", name: "Newtonsoft.Json"), OSVPackage(ecosystem: "NuGet", name: "newtonsoft.json"))
        XCTAssertNotEqual(OSVPackage(ecosystem: "npm", name: "JSONStream"), OSVPackage(ecosystem: "npm", name: "jsonstream"))
        XCTAssertLessThan(OSVPackage(ecosystem: "Maven", name: "b"), OSVPackage(ecosystem: "npm", name: "a"))
    }

    // MARK: Errors

    func testMalformedPurlsAreRefusedWithAReason() {
        let cases: [(String, PackageURLError.Kind, String)] = [
            ("/", .noScheme, "no scheme pkg:"),
            ("npm/foo@1", .noScheme, "no scheme pkg:"),
            ("pkg:///", .noType, "no type"),
            ("pkg:", .noType, "no type"),
            ("pkg:pypi/", .noName, "no name"),
            ("pkg:npm", .noName, "no name"),
            ("pkg:apk/alpine/@1.36.1-r27?arch=x86_64", .noName, "no name"),
            ("pkg:npm/foo%2@1", .badPercentEncoding, "bad percent-encoding"),
            ("pkg:npm/foo@1%ZZ", .badPercentEncoding, "bad percent-encoding"),
            ("pkg:npm/foo%FF@1", .badPercentEncoding, "bad percent-encoding"),
            ("pkg:9type/foo", .badType, "bad type"),
            ("pkg:np%6Dm/foo", .badType, "bad type"),
            ("pkg:npm/foo?1key=x", .badQualifier, "bad qualifier key"),
            ("pkg:npm/foo?a=1&A=2", .badQualifier, "duplicate qualifier key"),
            ("pkg:maven/org%2Fapache/foo", .badSegment, "namespace segment"),
            ("pkg:npm/fo\u{7}o", .controlCharacter, "control character"),
        ]
        for (text, kind, phrase) in cases {
            do {
                let purl = try PackageURL(parsing: text)
                XCTFail("\(text) parsed as \(purl)")
            } catch {
                XCTAssertEqual(error.kind, kind, text)
                XCTAssertTrue(error.description.contains(phrase), "\(text): \(error.description)")
            }
        }
    }

    // MARK: Canonical text

    func testDescriptionIsCanonicalAndRoundTrips() throws {
        let purl = try PackageURL(parsing: "pkg:npm/@babel/parser@7.21.2?vcs_url=git%2Bhttps://github.com/x.git&A=b#packages/babel-parser")
        XCTAssertEqual(purl.description, "pkg:npm/%40babel/parser@7.21.2?a=b&vcs_url=git%2Bhttps://github.com/x.git#packages/babel-parser")
        XCTAssertEqual(try PackageURL(parsing: purl.description), purl)
        XCTAssertEqual(try PackageURL(parsing: "pkg:deb/debian/attr@1:2.4.47-2+b1?arch=amd64").description,
                       "pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64")
    }

    func testMemberwiseInitNormalisesLikeParsing() throws {
        let built = PackageURL(type: "PyPI", name: "Django_Rest", version: "1", qualifiers: ["Arch": "x", "empty": ""])
        XCTAssertEqual(built, try PackageURL(parsing: "pkg:pypi/django-rest@1?arch=x"))
    }
}
