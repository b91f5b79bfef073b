import Testing
@testable import LedgerCore

private func time(_ text: String) throws -> LedgerTime {
    try LedgerTime(rfc3339: text)
}

@Suite("Event time (RFC 3339)")
struct LedgerTimeTests {

    @Test("a time with Z, and the same instant with an offset, read as the same instant")
    func offsetsNameTheSameInstant() throws {
        let utc = try time("2025-03-01T10:00:00Z")
        #expect(utc.microseconds == 1_740_823_200_000_000)
        #expect(try time("2025-03-01T11:00:00+01:00") == utc)
        #expect(try time("2025-03-01T05:15:00-04:45") == utc)
        #expect(try time("2025-03-01t10:00:00z") == utc)
    }

    @Test("a bare date is midnight UTC")
    func bareDateIsMidnightUTC() throws {
        #expect(try time("2025-03-01") == time("2025-03-01T00:00:00Z"))
        #expect(try time("2025-03-01").microseconds == 1_740_787_200_000_000)
    }

    @Test("fractions of up to six digits are microseconds",
          arguments: [("2025-03-01T10:00:00.5Z", 500_000), ("2025-03-01T10:00:00.25Z", 250_000),
                      ("2025-03-01T10:00:00.000001Z", 1), ("2025-03-01T10:00:00.123456Z", 123_456),
                      ("2025-03-01T10:00:00.0Z", 0), ("2025-03-01T10:00:00.999999+01:00", 999_999)])
    func fractionsAreMicroseconds(text: String, micros: Int64) throws {
        let parsed = try time(text)
        #expect(parsed.microseconds.quotientAndRemainder(dividingBy: 1_000_000).remainder == micros)
    }

    @Test("malformed or impossible times are refused",
          arguments: ["2025-03-01T10:00:00", "2025-02-29", "2024-02-30", "1900-02-29", "2025-04-31",
                      "2025-13-01", "2025-00-10", "2025-03-00", "0000-01-01", "2025-03-01T24:00:00Z",
                      "2025-03-01T10:60:00Z", "2025-03-01T10:00:60Z", "2025-03-01T10:00:00.1234567Z",
                      "2025-03-01T10:00:00.Z", "2025-3-1", "25-03-01", "2025-03-01T10:00Z",
                      "2025-03-01T10:00:00Zjunk", "2025-03-01x", "2025-03-01T10:00:00+01:00 ", " 2025-03-01",
                      "2025-03-01 10:00:00Z", "2025-03-01T10:00:00+0100", "2025-03-01T10:00:00+01",
                      "2025-03-01T10:00:00+24:00", "2025-03-01T10:00:00+01:60", "2025/03/01", "not-a-time", ""])
    func malformedTimesAreRefused(text: String) {
        #expect(throws: LedgerTime.ParseError.self) { try LedgerTime(rfc3339: text) }
    }

    @Test("a leap day is accepted in leap years only",
          arguments: [("2024-02-29", true), ("2000-02-29", true), ("2025-02-29", false), ("2100-02-29", false)])
    func leapDays(text: String, accepted: Bool) {
        #expect(((try? time(text)) != nil) == accepted)
    }

    /// Canonical texts and their instants, computed independently (Python's datetime).
    static let canonicalInstants: [(String, Int64)] = [
        ("1970-01-01T00:00:00Z", 0),
        ("1970-01-01T00:00:00.000001Z", 1),
        ("1969-12-31T23:59:59.999999Z", -1),
        ("1969-12-31T23:59:59.5Z", -500_000),
        ("2025-03-01T10:00:00Z", 1_740_823_200_000_000),
        ("2000-02-29T12:34:56.5Z", 951_827_696_500_000),
        ("1900-02-28T00:00:00Z", -2_203_977_600_000_000),
        ("2100-03-01T00:00:00Z", 4_107_542_400_000_000),
        ("1582-10-15T00:00:00Z", -12_219_292_800_000_000),
        ("2038-01-19T03:14:08Z", 2_147_483_648_000_000),
        ("1960-06-15T08:30:00.00012Z", -301_246_200_000_000 + 120),
        ("0001-01-01T00:00:00Z", -62_135_596_800_000_000),
        ("9999-12-31T23:59:59.999999Z", 253_402_300_799_999_999),
    ]

    @Test("canonical text and instant correspond both ways, before 1970 and far ahead too",
          arguments: canonicalInstants)
    func canonicalTextRoundTrips(text: String, microseconds: Int64) throws {
        #expect(LedgerTime(microseconds: microseconds).rfc3339 == text)
        #expect(try time(text).microseconds == microseconds)
    }

    @Test("the canonical text is UTC with Z and a trimmed fraction",
          arguments: [("2025-03-01T11:00:00+01:00", "2025-03-01T10:00:00Z"),
                      ("2025-03-01t10:00:00z", "2025-03-01T10:00:00Z"),
                      ("2025-03-01", "2025-03-01T00:00:00Z"),
                      ("2025-03-01T10:00:00.250Z", "2025-03-01T10:00:00.25Z"),
                      ("2025-03-01T10:00:00.000000Z", "2025-03-01T10:00:00Z"),
                      ("2025-03-01T10:00:00.000120Z", "2025-03-01T10:00:00.00012Z"),
                      ("2025-03-01T10:00:00.5+05:30", "2025-03-01T04:30:00.5Z"),
                      ("2025-03-01T00:30:00+01:00", "2025-02-28T23:30:00Z"),
                      ("2024-03-01T00:30:00+01:00", "2024-02-29T23:30:00Z"),
                      ("2025-12-31T23:30:00-01:00", "2026-01-01T00:30:00Z"),
                      ("2025-03-01T10:00:00-00:00", "2025-03-01T10:00:00Z")])
    func canonicalTextIsUTC(input: String, canonical: String) throws {
        #expect(try time(input).rfc3339 == canonical)
    }

    @Test("every accepted time's canonical text reads back as the same instant",
          arguments: ["2025-03-01T11:00:00+01:00", "0001-01-01T00:00:00Z", "0001-01-01T23:00:00-01:00",
                      "9999-12-31T23:59:59Z", "9999-12-31T00:30:00+01:00"])
    func acceptedTimesRoundTrip(text: String) throws {
        let parsed = try time(text)
        let canonical = parsed.rfc3339
        let back = try? LedgerTime(rfc3339: canonical)
        #expect(back == parsed, "\(text) was accepted as \(parsed.microseconds) µs but written \(canonical)")
    }

    @Test("an offset that carries the instant outside the years 0001-9999 in UTC is refused",
          arguments: ["0001-01-01T00:30:00+01:00", "9999-12-31T23:30:00-01:00"])
    func instantsOutsideFourDigitYearsAreRefused(text: String) {
        #expect(throws: LedgerTime.ParseError.self) { try LedgerTime(rfc3339: text) }
    }

    @Test("instants from 0001 to 9999 round-trip through their canonical text (seeded)")
    func randomInstantsRoundTrip() throws {
        let seed: UInt64 = 0x0001_9999
        var random = SeededGenerator(seed: seed)
        let range: ClosedRange<Int64> = -62_135_596_800_000_000...253_402_300_799_999_999
        for _ in 0..<5_000 {
            var instant = LedgerTime(microseconds: Int64.random(in: range, using: &random))
            if Bool.random(using: &random) {  // also whole seconds, which print no fraction
                instant = LedgerTime(microseconds: instant.microseconds / 1_000_000 * 1_000_000)
            }
            let text = instant.rfc3339
            #expect(try time(text) == instant, "\(instant.microseconds) µs written \(text) (seed \(seed))")
            #expect(text.utf8.count >= 20 && text.utf8.count <= 27 && text.hasSuffix("Z"))
        }
    }

    @Test("canonical texts sort like the instants they name (years 1000 to 9999)")
    func canonicalTextSortsLikeInstants() {
        var random = SeededGenerator(seed: 77)
        let range: ClosedRange<Int64> = -30_610_224_000_000_000...253_402_300_799_000_000
        let instants = (0..<500).map { _ in LedgerTime(microseconds: Int64.random(in: range, using: &random) / 1_000_000 * 1_000_000) }
        #expect(instants.sorted().map(\.rfc3339) == instants.map(\.rfc3339).sorted())
    }

    @Test("days between instants and instants days apart")
    func dayArithmetic() throws {
        let procured = try time("2025-03-01T10:00:00Z")
        #expect(procured.adding(days: 75).rfc3339 == "2025-05-15T10:00:00Z")
        #expect(procured.days(until: procured.adding(days: 75)) == 75)
        #expect(procured.days(until: try time("2025-03-02T09:59:59Z")) == 0)
        #expect(procured.days(until: try time("2025-02-27T10:00:00Z")) == -2)
        #expect(procured.date == "2025-03-01")
        #expect(try time("2025-03-01T00:30:00+01:00").date == "2025-02-28")
    }
}

@Suite("Hybrid logical clock")
struct HybridLogicalClockTests {

    @Test("the text form is 15 digits of milliseconds, a dash and 6 digits of counter",
          arguments: [(HLC(milliseconds: 1_740_825_600_000, counter: 3), "001740825600000-000003"),
                      (HLC.zero, "000000000000000-000000"),
                      (HLC(milliseconds: 999_999_999_999_999, counter: 999_999), "999999999999999-999999"),
                      (HLC(milliseconds: 1, counter: 10), "000000000000001-000010")])
    func textFormIsFixedWidth(clock: HLC, text: String) throws {
        #expect(clock.description == text)
        #expect(try #require(HLC(text)) == clock)
    }

    @Test("the text forms sort exactly as the clocks do (seeded)")
    func textSortsLikeClocks() {
        var random = SeededGenerator(seed: 0xC10C)
        func clock() -> HLC {
            // Mostly nearby values, so equal milliseconds with different counters are common.
            let ms = Bool.random(using: &random) ? Int64.random(in: 1_740_000_000_000...1_740_000_000_003, using: &random)
                                                 : Int64.random(in: 0...999_999_999_999_999, using: &random)
            return HLC(milliseconds: ms, counter: Int.random(in: 0...HLC.maximumCounter, using: &random))
        }
        let clocks = (0..<2_000).map { _ in clock() }
        #expect(clocks.sorted().map(\.description) == clocks.map(\.description).sorted())
        for clock in clocks {
            #expect(clock.description.utf8.count == 22)
            #expect(HLC(clock.description) == clock)
        }
    }

    @Test("text that is not exactly DDDDDDDDDDDDDDD-DDDDDD is refused",
          arguments: ["", "1740825600000-3", "001740825600000_000003", "00174082560000a-000003",
                      "+01740825600000-000003", "-01740825600000-000003", "001740825600000-+00003",
                      " 01740825600000-000003", "001740825600000-0000003", "0001740825600000-000003",
                      "001740825600000-00000", "001740825600000--00003"])
    func malformedClockTextIsRefused(text: String) {
        #expect(HLC(text) == nil)
    }

    @Test("a tick jumps to the wall clock when the wall clock is ahead")
    func tickFollowsWallClock() {
        let clock = HLC(milliseconds: 1_000, counter: 7)
        #expect(clock.tick(wallMilliseconds: 1_500) == HLC(milliseconds: 1_500, counter: 0))
    }

    @Test("a tick counts up when the wall clock stands still or goes backwards",
          arguments: [1_000, 999, 0, -5] as [Int64])
    func tickCountsWhenWallClockDoesNotAdvance(wall: Int64) {
        let clock = HLC(milliseconds: 1_000, counter: 7)
        #expect(clock.tick(wallMilliseconds: wall) == HLC(milliseconds: 1_000, counter: 8))
    }

    @Test("past maximumCounter a tick borrows the next millisecond")
    func tickBorrowsAMillisecond() {
        let full = HLC(milliseconds: 1_000, counter: HLC.maximumCounter)
        let next = full.tick(wallMilliseconds: 1_000)
        #expect(next == HLC(milliseconds: 1_001, counter: 0))
        #expect(next > full)
        #expect(next.tick(wallMilliseconds: 1_000) == HLC(milliseconds: 1_001, counter: 1))
        #expect(next.description == "000000000001001-000000")
    }

    @Test("ticks are strictly increasing and never behind the wall clock, whatever the wall clock does (seeded)")
    func ticksStrictlyIncrease() {
        let seed: UInt64 = 0x71C4
        var random = SeededGenerator(seed: seed)
        var wall: Int64 = 1_740_825_600_000
        var clock = HLC.zero
        for step in 0..<20_000 {
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<4: break                                                    // stands still
            case 4..<6: wall -= Int64.random(in: 1...60_000, using: &random)     // steps back (NTP)
            default: wall += Int64.random(in: 1...50, using: &random)            // moves on
            }
            let next = clock.tick(wallMilliseconds: wall)
            #expect(next > clock, "step \(step) (seed \(seed)): \(next) is not after \(clock)")
            #expect(next.milliseconds >= wall, "step \(step) (seed \(seed)): \(next) is behind the wall clock \(wall)")
            #expect(next.description > clock.description)
            clock = next
        }
    }

    @Test("a million ticks within one millisecond stay strictly increasing across the borrow")
    func ticksThroughAFullCounter() {
        var clock = HLC(milliseconds: 5_000, counter: 0)
        for _ in 0..<(HLC.maximumCounter + 3) {
            let next = clock.tick(wallMilliseconds: 5_000)
            guard next > clock else {
                Issue.record("\(next) is not after \(clock)")
                return
            }
            clock = next
        }
        #expect(clock == HLC(milliseconds: 5_001, counter: 2))
    }

    @Test("merging a remote stamp never moves the clock behind either stamp")
    func mergeKeepsTheLater() {
        let local = HLC(milliseconds: 2_000, counter: 4)
        let remoteAhead = HLC(milliseconds: 2_000, counter: 9)
        let remoteBehind = HLC(milliseconds: 1_000, counter: 99)
        #expect(local.merged(with: remoteAhead) == remoteAhead)
        #expect(local.merged(with: remoteBehind) == local)
        #expect(local.merged(with: remoteAhead).tick(wallMilliseconds: 0) > remoteAhead)
    }
}
