import LedgerCore
import Testing

@Suite("VersionRange: which device versions an advisory is about (Protocol/LEDGER.md §2.5)")
struct VersionRangeTests {
    @Test("versions compare segment by segment, numeric segments as numbers", arguments: [
        ("1.2", "1.10"), ("9.0.33", "9.0.100"), ("1.2", "1.2.1"), ("12.1.2", "12.1.3"), ("12.1.3", "12.2"),
        ("2.9.10", "2.10.0"), ("1.0.0-alpha", "1.0.0-dev1"), ("1.0.0-dev3", "1.0.0-rc1"), ("1.0.0-rc1", "1.0.0-rc2"),
        ("22D19", "22D28"), ("20D32", "22D24"), ("1.9", "1.a"), ("007", "8"),
    ])
    func ordering(_ lower: String, _ higher: String) throws {
        let a = try #require(SoftwareVersion(lower)), b = try #require(SoftwareVersion(higher))
        #expect(a < b, "\(lower) < \(higher)")
        #expect(!(b < a))
        #expect(a.compare(to: b) == -1 && b.compare(to: a) == 1)
    }

    @Test("equal versions: leading zeros, ASCII case and a leading v do not matter")
    func equality() throws {
        #expect(SoftwareVersion("v4.2") == SoftwareVersion("4.2"))
        #expect(SoftwareVersion("1.02") == SoftwareVersion("1.2"))
        #expect(SoftwareVersion("22d28") == SoftwareVersion("22D28"))
        #expect(SoftwareVersion("12.1.3") != SoftwareVersion("12.1.3.0"))
        #expect(SoftwareVersion("") == nil)
        #expect(SoftwareVersion("9.x model 35700BAX3") == nil)
    }

    @Test("BD Alaris (ICSMA-23-194-01): <=12.1.3 holds 12.1.3 and earlier, not the fixed 12.3 or 12.5.1")
    func bdRanges() throws {
        let pcu = try VersionRange("<=12.1.3")
        for affected in ["12.1.3", "12.1.2", "12.1", "11.9.9", "9.33"] { #expect(pcu.contains(affected), "\(affected)") }
        for fixed in ["12.1.4", "12.3", "12.3.0", "12.5.1", "13"] { #expect(!pcu.contains(fixed), "\(fixed)") }
        let manager = try VersionRange("<=12.3")
        #expect(manager.contains("12.3") && manager.contains("12.2.9"))
        #expect(!manager.contains("12.5.1"))
        let editor = try VersionRange("12.1.3")
        #expect(editor.contains("12.1.3") && !editor.contains("12.1.2") && !editor.contains("12.1.3.1"))
        #expect(try VersionRange("<=1.0").contains("1.0") && !(try VersionRange("<=1.0").contains("1.1.1")))
        #expect(try VersionRange("<=10.17").contains("10.9") && !(try VersionRange("<=10.17").contains("10.18")))
    }

    @Test("Baxter Sigma Spectrum (ICSMA-22-251-01): 8.x, 6.x and 9.x are every version of that major")
    func baxterRanges() throws {
        let v8 = try VersionRange("8.x")
        #expect(v8.contains("8.0") && v8.contains("8.01.01") && v8.contains("8"))
        #expect(!v8.contains("9.0") && !v8.contains("7.9") && !v8.contains("80.1"))
        let v6 = try VersionRange("6.x")
        #expect(v6.contains("6.05.01") && !v6.contains("8.00.01"))
        let v9 = try VersionRange("9.x")
        #expect(v9.contains("9.1.2") && !v9.contains("10.0"))
        // The Wi-Fi battery modules' ranges, in vers form.
        let battery = try VersionRange("vers:generic/>=22D19|<=22D28")
        #expect(battery.contains("22D19") && battery.contains("22D25") && battery.contains("22D28"))
        #expect(!battery.contains("22D18") && !battery.contains("22D29") && !battery.contains("20D30"))
    }

    @Test("vers ranges: pairs, single versions, exclusions and open ends (CISA VEX case 8)")
    func versRanges() throws {
        let abc = try VersionRange("vers:generic/>=2.9|<=4.1")
        #expect(abc.contains("2.9") && abc.contains("3.0") && abc.contains("4.1"))
        #expect(!abc.contains("2.8") && !abc.contains("4.2"))
        let multi = try VersionRange("vers:generic/<1.0|=1.5|>=2.0|<3.0|!=2.5|>=4.0")
        for v in ["0.9", "1.5", "2.0", "2.9", "4.0", "10"] { #expect(multi.contains(v), "\(v)") }
        for v in ["1.0", "1.4", "2.5", "3.0", "3.5"] { #expect(!multi.contains(v), "\(v)") }
        #expect(try VersionRange("vers:all/*").contains("anything-1"))
        #expect(try VersionRange("*").contains("0.0.1"))
        #expect(try VersionRange("<12.2.8.410").contains("12.2.8.409"))
        #expect(!(try VersionRange("<12.2.8.410").contains("12.2.8.410")))
        #expect(try VersionRange(">2.0").contains("2.0.1") && !(try VersionRange(">2.0").contains("2.0")))
        #expect(try VersionRange("=1.4").contains("1.4") && !(try VersionRange("=1.4").contains("1.4.1")))
    }

    @Test("text that is no range is refused naming it", arguments: [
        "", "vers:", "vers:generic", "vers:generic/>=", "<=", "9.x (with Wireless Battery Modules >= 22D19 | <= v22D28)",
        "1.0 | 2.0", ">=1.0|<2.0",
    ])
    func refused(_ text: String) {
        #expect(throws: VersionRangeError.self) { try VersionRange(text) }
    }

    @Test("a disclosure's affects.models[].versions must be a range the ledger reads")
    func schemaChecksRanges() throws {
        func disclosure(_ versions: JSONValue) throws -> EventDraft {
            try EventDraft(type: .vulnerabilityDisclosed, device: nil, at: LedgerTime(seconds: 0), actor: "psirt", data: [
                "cve": "CVE-2023-30559",
                "affects": .object(["models": [.object(["manufacturer": "BD", "model": "Alaris 8015", "versions": versions])]]),
            ])
        }
        _ = try disclosure("<=12.1.3")
        #expect(throws: EventError.self) { try disclosure("9.x (with modules)") }
        #expect(throws: EventError.self) { try disclosure(12) }
    }
}
