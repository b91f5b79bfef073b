import Testing
import LedgerCore
import LedgerReports
import LedgerStore

/// The demo health system's stories, judged by the rules (DemoSiteStories and
/// DemoCentralTeam tell what each site did; these tests check the findings say so).
@Suite("Compliance findings over the demo health system")
struct ComplianceTests {
    let demo: DemoLedgers

    init() throws { demo = try DemoLedgers() }

    func findings(at time: String, _ code: Finding.Code) throws -> [Finding] {
        ComplianceRules.findings(try demo.analysis(at: time)).filter { $0.code == code }
    }

    @Test("every finding names a known code, its principles and at least one event that exists")
    func findingsAreWellFormed() throws {
        let all = ComplianceRules.findings(try demo.analysis(at: "2025-12-31T00:00:00Z"))
        let ids = Set(demo.events.map(\.id))
        #expect(Set(all.map(\.code)).count >= 11)
        for f in all {
            #expect(!f.evidence.isEmpty && f.evidence.allSatisfy(ids.contains), "\(f.code) \(f.device)")
            #expect(f.code.principles.isEmpty == (f.code == .sitePatchLate))
        }
        let order = all.map { "\($0.code.rawValue) \($0.site) \($0.device) \($0.cve ?? "")" }
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.code <= $1.code }, "worst codes first: \(order.prefix(3))")
    }

    @Test("a supplier late with a patch: Philips took 137 days against the 30 the contract then allowed")
    func supplierLate() throws {
        let pacs = try findings(at: "2025-12-31T00:00:00Z", .supplierPatchLate).filter { $0.device == "PACS-N-0001" }
        let jackson = try #require(pacs.first { $0.cve == "CVE-2017-17485" })
        // The later amendment to 15 days does not rewrite the deadline that was running.
        #expect(jackson.detail.contains("within 30 days") && jackson.detail.contains("137 days"))
        #expect(jackson.code.principles == [5, 10])
        // Before the deadline nothing is late; after it, lateness shows while no fix exists.
        #expect(try findings(at: "2025-02-20T00:00:00Z", .supplierPatchLate).filter { $0.cve == "CVE-2022-26394" }.isEmpty)
        let waiting = try findings(at: "2025-03-01T00:00:00Z", .supplierPatchLate).filter { $0.cve == "CVE-2022-26394" }
        #expect(waiting.count == 8 && waiting.allSatisfy { $0.detail.contains("no fix released") })
    }

    @Test("a breach that happened stays after the device is patched; a present state goes with it")
    func breachesPersist() throws {
        // PUMP-N-0006 was patched three months late: still late at year end.
        let late = try findings(at: "2025-12-31T00:00:00Z", .sitePatchLate).filter { $0.device == "PUMP-N-0006" }
        #expect(late.count == 4 && late.allSatisfy { $0.detail.contains("applied on 2025-06-16") })
        // PUMP-N-0008 never was.
        #expect(try findings(at: "2025-12-31T00:00:00Z", .sitePatchLate).contains { $0.device == "PUMP-N-0008" && $0.detail.contains("not applied") })
        // The leased monitor left unsanitised: reported, and no present-state finding for it.
        let all = ComplianceRules.findings(try demo.analysis(at: "2025-12-31T00:00:00Z")).filter { $0.device == "MON-S-0004" }
        #expect(all.contains { $0.code == .decommissionedUnsanitized })
        #expect(!all.contains { $0.code == .inUsePastEndOfSupport })
        #expect(try findings(at: "2025-12-31T00:00:00Z", .inUsePastEndOfSupport).map(\.device) == ["MON-S-0001", "MON-S-0002", "MON-S-0003"])
    }

    @Test("Log4Shell on the children's gateway: KEV-listed, matched by SBOM component, never fixed nor mitigated")
    func kevUnpatched() throws {
        let kev = try findings(at: "2025-12-31T00:00:00Z", .kevUnpatched)
        #expect(kev.map(\.device) == ["GW-C-0001"])
        #expect(kev.first?.cve == "CVE-2021-44228" && kev.first?.code.principles == [2, 5])
        // KEV-listed from the catalog's dateAdded: the kev.listed event is the evidence.
        let listing = try #require(demo.events.first { $0.type == .kevListed })
        #expect(kev.first?.evidence.contains(listing.id) == true)
        #expect(kev.first?.detail.contains("since 2021-12-10") == true)
        // South's gateway was patched after its incident: no KEV finding, but its supplier was late.
        #expect(try findings(at: "2025-12-31T00:00:00Z", .supplierPatchLate).contains { $0.device == "GW-S-0001" && $0.cve == "CVE-2021-44228" })
    }

    @Test("missing documents, contract terms and roadmap")
    func missingTerms() throws {
        let at = "2025-12-31T00:00:00Z"
        #expect(try findings(at: at, .missingSBOM).contains { $0.device == "LAB-N-0001" && $0.detail.hasPrefix("no SBOM") })
        #expect(try findings(at: at, .missingMDS2).contains { $0.device == "PACS-N-0001" && $0.detail.contains("after deployment") })
        #expect(try findings(at: at, .noSecurityContact).map(\.device) == ["LAB-S-0001"])
        #expect(try findings(at: at, .noRoadmap).map(\.device) == ["LAB-S-0001"])
        #expect(try findings(at: at, .remoteAccessUndocumented).count == 4)
        let shortSupport = try findings(at: at, .supportEndsBeforeUsefulLife)
        #expect(Set(shortSupport.map(\.manufacturer)) == ["Baxter", "GE HealthCare"], "\(shortSupport.map { "\($0.device) \($0.detail)" })")
        // Before the Sysmex analysers were deployed there was nothing missing yet.
        #expect(try findings(at: "2025-05-01T00:00:00Z", .missingSBOM).filter { $0.device.hasPrefix("LAB-N") }.isEmpty)
    }

    @Test("exposure lists open vulnerabilities of devices in service, KEV first")
    func exposure() throws {
        let rows = Reports.exposure(try demo.analysis(at: "2025-12-31T00:00:00Z"), site: nil)
        let cveColumn = rows.columns.firstIndex(of: "cve")!
        let kevColumn = rows.columns.firstIndex(of: "kev")!
        #expect(rows.rows.first?[cveColumn].stringValue == "CVE-2021-44228")
        #expect(rows.rows.first?[kevColumn].boolValue == true)
        #expect(rows.rows.filter { $0[kevColumn].boolValue == true }.count == 1)
    }
}
