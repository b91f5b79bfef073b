import Foundation
import Testing
import LedgerCore
import LedgerFleet
import LedgerReports
import LedgerStore

/// DESIGN.md invariants 5 and 6: reports are a pure function of the set of events held, and
/// the projection is disposable (`rebuild` reproduces it exactly).
@Suite("Reports converge and the projection rebuilds exactly")
struct ConvergenceTests {
    static let reference = try! LedgerTime(rfc3339: "2026-01-01T00:00:00Z")

    @Test("the same events folded in many random orders give byte-identical reports", arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func orderIndependence(seed: UInt64) throws {
        let scratch = try ScratchLedger(site: "north")
        try scratch.append(SyntheticFleet(seed: seed, devices: 24).makeEvents(count: 1500))
        let inOrder = allReports(FleetAnalysis(fleet: try Fleet(ledger: scratch.ledger, window: TimeWindow(asOf: Self.reference)),
                                               reference: Self.reference))
        #expect(inOrder["compliance"]!.count > 1000, "a fleet with findings, so the comparison means something")
        var events = try scratch.projected()
        var random = SeededRandom(state: seed)
        for _ in 0..<4 {
            events.shuffle(using: &random)
            #expect(allReports(Investigation.analysis(of: events, reference: Self.reference)) == inOrder)
        }
    }

    @Test("compliance JSON rendered as it is judged is byte for byte the table's JSON, for every site and none",
          arguments: [1, 7] as [UInt64])
    func streamedComplianceJSON(seed: UInt64) throws {
        let scratch = try ScratchLedger(site: "north")
        try scratch.append(SyntheticFleet(seed: seed, devices: 600).makeEvents(count: 6000))
        let analysis = FleetAnalysis(fleet: try Fleet(ledger: scratch.ledger, window: TimeWindow(asOf: Self.reference)),
                                     reference: Self.reference)
        for site in [nil, try SiteID("north"), try SiteID("south")] {
            var streamed: [UInt8] = []
            Reports.writeComplianceJSON(analysis, site: site, sitePatchDays: 30) { streamed += $0 }
            let table = Reports.compliance(analysis, site: site, sitePatchDays: 30)
            #expect(streamed == table.json)
            // 600 devices: three chunks of 256 judged at once.
            if site?.rawValue != "south" { #expect(table.rows.count > 1000) }
        }
    }

    @Test("three sites' events interleaved in any order give the same reports")
    func sitesInterleaved() throws {
        let demo = try DemoLedgers()
        let reference = try LedgerTime(rfc3339: "2025-12-31T00:00:00Z")
        let expected = allReports(Investigation.analysis(of: demo.events, reference: reference))
        var random = SeededRandom(state: 42)
        for _ in 0..<5 {
            #expect(allReports(Investigation.analysis(of: demo.events.shuffled(using: &random), reference: reference)) == expected)
        }
    }

    @Test("rebuild reproduces the projection byte for byte, and the reports with it")
    func rebuildIsExact() throws {
        let scratch = try ScratchLedger(site: "south")
        try scratch.append(SyntheticFleet(seed: 9, devices: 20).makeEvents(count: 800))
        try scratch.append(SyntheticFleet(seed: 10, devices: 20).makeEvents(count: 300))
        let digest = try scratch.ledger.projectionDigest()
        let reports = allReports(FleetAnalysis(fleet: try Fleet(ledger: scratch.ledger, window: TimeWindow(asOf: Self.reference)),
                                               reference: Self.reference))
        #expect(try scratch.ledger.rebuildProjection() == 1100)
        #expect(try scratch.ledger.projectionDigest() == digest)
        #expect(allReports(FleetAnalysis(fleet: try Fleet(ledger: scratch.ledger, window: TimeWindow(asOf: Self.reference)),
                                         reference: Self.reference)) == reports)
    }

    @Test("as-of keeps what had happened by then; known-at keeps what this site had stored by then")
    func asOfAndKnownAt() throws {
        let scratch = try ScratchLedger(site: "north")
        let monday = try LedgerTime(rfc3339: "2025-03-03T09:00:00Z")
        let wednesday = try LedgerTime(rfc3339: "2025-03-05T09:00:00Z")
        func draft(_ type: EventType, _ at: String, _ data: String) throws -> EventDraft {
            try EventDraft(type: type, device: "PUMP-1", at: try LedgerTime(rfc3339: at), actor: "biomed",
                           data: try JSONParser.parseObject(Array(data.utf8)))
        }
        try scratch.append([
            try draft(.deviceProcured, "2025-03-01", #"{"manufacturer":"Baxter","model":"Sigma Spectrum","version":"8.00","contract":{"id":"C1"}}"#),
        ], now: monday)
        // A patch applied on Monday, typed in on Wednesday.
        try scratch.append([try draft(.patchApplied, "2025-03-03T08:00:00Z", #"{"version":"8.01"}"#)], now: wednesday)
        func version(_ window: TimeWindow) throws -> String? {
            try Fleet(ledger: scratch.ledger, window: window).devices["PUMP-1"]?.currentVersion?.value
        }
        #expect(try version(TimeWindow(asOf: monday)) == "8.01", "it had happened by Monday")
        #expect(try version(TimeWindow(asOf: monday, knownAt: monday)) == "8.00", "but Monday's ledger did not know it yet")
        #expect(try version(TimeWindow(asOf: try LedgerTime(rfc3339: "2025-03-02"))) == "8.00")
        #expect(try version(TimeWindow(asOf: try LedgerTime(rfc3339: "2025-02-28"))) == nil)
        #expect(try version(TimeWindow(knownAt: wednesday)) == "8.01")
    }

    @Test("a report over an empty ledger is empty, not an error")
    func emptyLedger() throws {
        let scratch = try ScratchLedger(site: "north")
        let reports = allReports(FleetAnalysis(fleet: try Fleet(ledger: scratch.ledger, window: TimeWindow()), reference: .now))
        #expect(reports.values.allSatisfy { $0 == Array("[]\n".utf8) })
    }
}
