import Foundation
import LedgerIntel
import XCTest

/// Arbitrary text never traps the parsers or the matcher: it parses or is refused.
final class IdentifierRobustnessTests: XCTestCase {
    /// A small deterministic generator (a linear congruential one), so a failure can be replayed.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(max(bound, 1)))
        }
    }

    static let alphabet: [String] = ["a", "Z", "0", "9", ":", "/", "@", "?", "#", "&", "=", "%", "%4", "%40", "%FF", "%C3%A9",
                                     "\\", "*", "-", ".", "_", "~", "+", " ", "é", "\u{0}", "pkg:", "cpe:2.3:", "cpe:/", "~~"]

    static func randomText(_ generator: inout Generator, prefix: String) -> String {
        var text = prefix
        for _ in 0..<generator.next(40) { text += alphabet[generator.next(alphabet.count)] }
        return text
    }

    func testArbitraryPurlsParseOrAreRefused() {
        var generator = Generator(state: 7)
        var parsed = 0
        for round in 0..<20_000 {
            let prefixes = ["", "pkg:", "pkg:npm/", "pkg:deb/debian/", "pkg:apk/alpine/x", "pkg:maven/g/a", "pkg:pypi/P_"]
            let text = Self.randomText(&generator, prefix: prefixes[round % prefixes.count])
            do {
                let purl = try PackageURL(parsing: text)
                parsed += 1
                _ = purl.osvPackages
                XCTAssertEqual(try? PackageURL(parsing: purl.description), purl, "\(text) → \(purl)")
            } catch {
                XCTAssertFalse(error.description.isEmpty)
            }
        }
        XCTAssertGreaterThan(parsed, 1_000)
    }

    func testArbitraryCPEsParseOrAreRefused() throws {
        var generator = Generator(state: 11)
        let criteria = try CPE(parsing: "cpe:2.3:a:*:*:*:*:*:*:*:*:*:*")
        var parsed = 0
        for round in 0..<20_000 {
            let prefix = round % 3 == 0 ? "cpe:/" : "cpe:2.3:a:v:p:"
            let text = Self.randomText(&generator, prefix: prefix) + (round % 3 == 1 ? ":*:*:*:*:*:*:*:*" : "")
            do {
                let cpe = try CPE(parsing: text)
                parsed += 1
                _ = criteria.matches(cpe)
                _ = cpe.matches(cpe)
                XCTAssertEqual(try? CPE(parsing: cpe.description), cpe, "\(text) → \(cpe)")
            } catch {
                XCTAssertFalse(error.description.isEmpty)
            }
        }
        XCTAssertGreaterThan(parsed, 100)
    }
}
