import LedgerCore
import LedgerFleet
import Testing

@Suite("The synthetic fleet generator")
struct SyntheticFleetTests {
    static let seeds: [UInt64] = [1, 42, 0xDEAD_BEEF_CAFE_F00D]

    func draft(fromLine line: [UInt8]) throws -> EventDraft {
        try line.withUnsafeBufferPointer { try EventDraft(interchange: $0) }
    }

    @Test("the same seed gives the same first 1,000 lines; another seed gives other lines", arguments: seeds)
    func deterministic(seed: UInt64) {
        let fleet = SyntheticFleet(seed: seed, devices: 100)
        let first = Array(fleet.makeInterchangeLines(count: 1_000))
        let again = Array(SyntheticFleet(seed: seed, devices: 100).makeInterchangeLines(count: 1_000))
        let other = Array(SyntheticFleet(seed: seed &+ 1, devices: 100).makeInterchangeLines(count: 1_000))
        #expect(first.count == 1_000)
        #expect(first == again, "seed \(seed)")
        #expect(first != other, "seed \(seed)")
    }

    @Test("interchange lines read back as the very facts makeEvents produces", arguments: seeds)
    func linesMatchDrafts(seed: UInt64) throws {
        for site in [nil, try SiteID("north")] {
            let fleet = SyntheticFleet(seed: seed, devices: 150, site: site)
            let drafts = Array(fleet.makeEvents(count: 5_000))
            let lines = Array(fleet.makeInterchangeLines(count: 5_000))
            #expect(drafts.count == 5_000 && lines.count == 5_000)
            for (line, draft) in zip(lines, drafts) {
                #expect(line.last == UInt8(ascii: "}"), "a line has no trailing newline")
                let read = try self.draft(fromLine: line)
                #expect(read.factBytes == draft.factBytes, "seed \(seed): \(String(decoding: line, as: UTF8.self))")
            }
        }
    }

    @Test("10,000 generated facts are all distinct")
    func distinctFacts() {
        let hashes = SyntheticFleet(seed: 7, devices: 500).makeEvents(count: 10_000).map(\.factHash)
        #expect(hashes.count == 10_000)
        #expect(Set(hashes).count == 10_000)
    }

    @Test("onboards every device first: procured, then SBOM, MDS2 and deployment")
    func onboardingFirst() {
        let devices = 60
        let events = Array(SyntheticFleet(seed: 3, devices: devices).makeEvents(count: 4 * devices))
        let onboarding: Set<EventType> = [.deviceProcured, .sbomRecorded, .mds2Recorded, .deviceDeployed]
        #expect(events.allSatisfy { onboarding.contains($0.type) })
        #expect(Set(events.compactMap(\.device)).count == devices)
        for start in stride(from: 0, to: events.count, by: 4) {
            #expect(events[start].type == .deviceProcured)
            #expect(Set(events[start..<start + 4].map(\.type)) == onboarding)
        }
        #expect(events.first?.device == "DEV-000001")
    }

    @Test("a long history uses every event type, mostly patches and assessments")
    func mixOfTypes() {
        var counts: [EventType: Int] = [:]
        for event in SyntheticFleet(seed: 11, devices: 200).makeEvents(count: 30_000) { counts[event.type, default: 0] += 1 }
        // Records of vulnerability databases and CPEs come from feeds, not from a fleet's
        // lifecycle: the intelligence benchmark seeds them on its own.
        let fromFeeds: Set<EventType> = [.vulnerabilityRecorded, .cpeAssigned]
        let missing = EventType.allCases.filter { counts[$0] == nil && !fromFeeds.contains($0) }
        #expect(missing.isEmpty, "missing: \(missing.map(\.rawValue))")
        let bulk = [EventType.patchApplied, .vulnerabilityAssessed, .mitigationApplied].map { counts[$0] ?? 0 }.reduce(0, +)
        #expect(bulk > 30_000 * 7 / 10)
    }

    @Test("times ascend, are distinct and span 2020 to 2025")
    func timesSpreadOverSixYears() throws {
        let times = SyntheticFleet(seed: 5, devices: 100).makeEvents(count: 20_000).map(\.at)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 })
        #expect(times.first!.date.hasPrefix("2020-"))
        #expect(times.last!.date.hasPrefix("2025-"))
        // With more events than seconds to share, times fall back to microseconds.
        let dense = Array(SyntheticFleet(seed: 5, devices: 10).makeEvents(count: 1_000_000_000).prefix(1_000)).map(\.at)
        #expect(zip(dense, dense.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test("a typical event is 250 to 400 bytes of canonical fact")
    func typicalSize() {
        let sizes = SyntheticFleet(seed: 9, devices: 1_000).makeEvents(count: 40_000).map(\.factBytes.count)
        let mean = sizes.reduce(0, +) / sizes.count
        #expect((250...400).contains(mean), "mean \(mean) bytes")
    }

    @Test("events name only the fleet's devices, with the site in ids and actors when one is given")
    func namesAndSites() throws {
        let site = try SiteID("south")
        let events = Array(SyntheticFleet(seed: 2, devices: 40, site: site).makeEvents(count: 3_000))
        let named = events.flatMap { ($0.device.map { [$0] } ?? []) + $0.mentionedDevices }
        let expected = Set((1...40).map { "DEV-south-" + String(repeating: "0", count: 6 - String($0).count) + String($0) })
        #expect(Set(named).isSubset(of: expected))
        #expect(events.allSatisfy { $0.actor.hasSuffix("@south") })
    }

    @Test("is a stream: a billion-event fleet yields its first events at once")
    func streams() {
        var iterator = SyntheticFleet(seed: 1, devices: 1_000_000).makeEvents(count: 1_000_000_000).makeIterator()
        #expect(iterator.next()?.type == .deviceProcured)
        #expect(iterator.next() != nil)
    }
}
