import Foundation
import LedgerCore
import LedgerFleet
import LedgerReports
import LedgerStore
import Testing

/// DESIGN.md invariant 5 across ledgers: sites that received the same signed events in
/// different orders (through sync, in random session orders) print byte-identical reports,
/// and so does each after `rebuild`.
@Suite("Reports converge across sites")
struct ReportConvergenceTests {
    static let reference = try! LedgerTime(rfc3339: "2026-01-01T00:00:00Z")

    func reports(_ ledger: Ledger) throws -> [[UInt8]] {
        let analysis = FleetAnalysis(fleet: try Fleet(ledger: ledger, window: TimeWindow(asOf: Self.reference)), reference: Self.reference)
        return [
            Reports.compliance(analysis, site: nil, sitePatchDays: 30).json,
            Reports.inventory(analysis, site: nil).json,
            Reports.exposure(analysis, site: nil).json,
            Reports.endOfLife(analysis, site: nil, within: 365).json,
            Reports.suppliers(analysis, site: nil, sitePatchDays: 30).json,
            Reports.incidents(analysis, site: nil).json,
        ]
    }

    @Test("the same events received in random orders give byte-identical reports, before and after rebuild",
          arguments: [1, 2, 3] as [UInt64])
    func sitesConverge(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let world = SyncWorld()
        let names = ["north", "south", "east", "west"]
        let ledgers = try world.create(names)
        // Each site records its own fleet, in several transactions (so events interleave in time).
        for (i, name) in names.enumerated() {
            let (ledger, key) = world.sites[name]!
            let events = Array(SyntheticFleet(seed: seed * 10 + UInt64(i), devices: 12, site: try SiteID(name)).makeEvents(count: 400))
            for chunk in stride(from: 0, to: events.count, by: 100) {
                _ = try ledger.append(key: key) { appender in
                    for draft in events[chunk..<min(chunk + 100, events.count)] { try appender.append(draft) }
                }
            }
        }
        // Random sessions until every site holds everything.
        var rounds = 0
        while try Set(ledgers.map { try contents($0).count }) != [1600] && rounds < 60 {
            let i = Int.random(in: 0..<4, using: &random)
            var j = Int.random(in: 0..<4, using: &random)
            if j == i { j = (i + 1) % 4 }
            try runSession(ledgers[i], ledgers[j])
            rounds += 1
        }
        #expect(try ledgers.allSatisfy { try contents($0).count == 1600 }, "seed \(seed): no convergence")
        let expected = try reports(ledgers[0])
        #expect(expected[0].count > 1000, "findings to compare")
        for ledger in ledgers.dropFirst() { #expect(try reports(ledger) == expected) }
        let digest = try ledgers[1].projectionDigest()
        _ = try ledgers[1].rebuildProjection()
        #expect(try ledgers[1].projectionDigest() == digest)
        #expect(try reports(ledgers[1]) == expected)
    }
}
