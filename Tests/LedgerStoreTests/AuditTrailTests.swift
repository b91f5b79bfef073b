import LedgerCore
import LedgerStore
import Testing

@Suite("The audit trail")
struct AuditTrailTests {
    func ids(_ t: TemporaryLedger, _ filter: LogFilter) throws -> [UInt64] {
        var result: [UInt64] = []
        try t.ledger.forEachEvent(matching: filter) { result.append($0.id.seq) }
        return result
    }

    @Test("events come in the total order (at, hlc, site, seq), not in the order they were recorded")
    func totalOrder() throws {
        let t = try TemporaryLedger()
        try t.append([Scenario.patch("A", day: 30), Scenario.patch("A", day: 10, version: "1"), Scenario.patch("B", day: 20)])
        #expect(try ids(t, LogFilter()) == [2, 3, 1])
    }

    @Test("--device finds the device's own events and those whose data lists it")
    func deviceIncludesMentions() throws {
        let t = try TemporaryLedger()
        try t.append([
            Scenario.procured("PUMP-1", day: 1),           // 1
            Scenario.procured("PUMP-2", day: 2),           // 2
            Scenario.incident("INC-7", devices: ["PUMP-2", "PUMP-1"], day: 3),  // 3
            Scenario.disclosed("CVE-2022-26390", devices: ["PUMP-1"], day: 4),  // 4
            Scenario.patch("PUMP-2", day: 5),              // 5
        ])
        #expect(try ids(t, LogFilter(device: "PUMP-1")) == [1, 3, 4])
        #expect(try ids(t, LogFilter(device: "PUMP-2")) == [2, 3, 5])
        #expect(try ids(t, LogFilter(device: "PUMP-404")) == [])
    }

    @Test("filters by type, actor, site, CVE, time window and limit combine")
    func filters() throws {
        let t = try TemporaryLedger()
        try t.append([
            Scenario.procured("PUMP-1", day: 1),
            Scenario.disclosed("CVE-2022-26390", devices: ["PUMP-1"], day: 4),
            Scenario.patch("PUMP-1", day: 5, actor: "biomed.kim"),
            Scenario.patch("PUMP-1", day: 6, version: "5"),
            try EventDraft(type: .patchReleased, device: nil, at: LedgerTime(seconds: 1_735_689_600 + 7 * 86_400), actor: "secops.apatel",
                           data: ["manufacturer": "Baxter", "model": "Sigma Spectrum", "version": "8.01", "fixes": ["CVE-2022-26390"]]),
        ])
        #expect(try ids(t, LogFilter(type: .patchApplied)) == [3, 4])
        #expect(try ids(t, LogFilter(actor: "biomed.kim")) == [3])
        #expect(try ids(t, LogFilter(cve: "CVE-2022-26390")) == [2, 5])
        #expect(try ids(t, LogFilter(site: try SiteID("north"))).count == 5)
        #expect(try ids(t, LogFilter(site: try SiteID("south"))) == [])
        let day = { (d: Int64) in LedgerTime(seconds: 1_735_689_600 + d * 86_400) }
        #expect(try ids(t, LogFilter(since: day(4), until: day(6))) == [2, 3, 4])
        #expect(try ids(t, LogFilter(device: "PUMP-1", type: .patchApplied, limit: 1)) == [3])
        #expect(try ids(t, LogFilter(limit: 0)) == [])
    }

    @Test("an empty ledger has an empty trail and verifies")
    func empty() throws {
        let t = try TemporaryLedger()
        #expect(try ids(t, LogFilter()) == [])
        let report = try t.ledger.verify()
        #expect(report.isIntact)
        #expect(report.sites.isEmpty)
        #expect(try t.ledger.stats().totalEvents == 0)
    }
}
