/// An instant, in microseconds since 1970-01-01T00:00:00Z, read from RFC 3339 text.
///
/// Accepted: `2025-03-01T10:00:00Z`, `2025-03-01T11:00:00+01:00`, up to six fraction digits,
/// and a bare date `2025-03-01` (midnight UTC). A hand-written fixed-format reader: Foundation's
/// `ISO8601DateFormatter` parses about 20k dates/s here, far below what a bulk import needs.
public struct LedgerTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Microseconds since the Unix epoch, UTC.
    public let microseconds: Int64

    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    /// Whole seconds since the epoch.
    public init(seconds: Int64) {
        self.microseconds = seconds * 1_000_000
    }

    public static func < (a: LedgerTime, b: LedgerTime) -> Bool { a.microseconds < b.microseconds }

    /// 0001-01-01T00:00:00Z, the earliest instant the canonical text can write.
    public static let earliest = LedgerTime(microseconds: -62_135_596_800_000_000)
    /// 9999-12-31T23:59:59.999999Z, the latest.
    public static let latest = LedgerTime(microseconds: 253_402_300_799_999_999)

    public var description: String { rfc3339 }

    /// Why a time was refused.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// Reads an RFC 3339 time with a zone, or a bare date.
    public init(rfc3339 text: String) throws(ParseError) {
        var copy = text
        let result = copy.withUTF8 { Self.parse($0) }
        switch result {
        case .success(let time): self = time
        case .failure(let error): throw error
        }
    }

    private static func parse(_ s: UnsafeBufferPointer<UInt8>) -> Result<LedgerTime, ParseError> {
        func fail(_ why: String = "not an RFC 3339 time with a zone or a date (YYYY-MM-DD)") -> Result<LedgerTime, ParseError> {
            .failure(ParseError(reason: why))
        }
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= s.count else { return nil }
            var value = 0
            for i in start..<start + count {
                let c = s[i]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                value = value * 10 + Int(c - 0x30)
            }
            return value
        }
        guard s.count >= 10, let year = digits(0, 4), s[4] == UInt8(ascii: "-"),
              let month = digits(5, 2), s[7] == UInt8(ascii: "-"), let day = digits(8, 2) else {
            return fail()
        }
        guard year >= 1, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else {
            return fail("no such date")
        }
        let days = Int64(daysFromCivil(year: year, month: month, day: day))
        if s.count == 10 { return .success(LedgerTime(microseconds: days * 86_400_000_000)) }
        guard s.count >= 20, s[10] == UInt8(ascii: "T") || s[10] == UInt8(ascii: "t"),
              let hour = digits(11, 2), s[13] == UInt8(ascii: ":"), let minute = digits(14, 2),
              s[16] == UInt8(ascii: ":"), let second = digits(17, 2) else {
            return fail()
        }
        guard hour < 24, minute < 60, second < 60 else { return fail("no such time of day") }
        var i = 19
        var fraction: Int64 = 0
        if s[i] == UInt8(ascii: ".") {
            i += 1
            var count = 0
            while i < s.count, s[i] >= 0x30, s[i] <= 0x39 {
                count += 1
                guard count <= 6 else { return fail("more than six fraction digits (microseconds)") }
                fraction = fraction * 10 + Int64(s[i] - 0x30)
                i += 1
            }
            guard count > 0 else { return fail() }
            for _ in count..<6 { fraction *= 10 }
        }
        guard i < s.count else { return fail("a time needs a zone (Z or ±HH:MM)") }
        var offsetSeconds = 0
        if s[i] == UInt8(ascii: "Z") || s[i] == UInt8(ascii: "z") {
            i += 1
        } else if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
            let sign = s[i] == UInt8(ascii: "-") ? -1 : 1
            guard let oh = digits(i + 1, 2), i + 3 < s.count, s[i + 3] == UInt8(ascii: ":"),
                  let om = digits(i + 4, 2), oh < 24, om < 60 else {
                return fail("bad zone offset (expected ±HH:MM)")
            }
            offsetSeconds = sign * (oh * 3600 + om * 60)
            i += 6
        } else {
            return fail("a time needs a zone (Z or ±HH:MM)")
        }
        guard i == s.count else { return fail() }
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        let time = LedgerTime(microseconds: seconds * 1_000_000 + fraction)
        // The offset may carry the instant past year 9999 or before year 1, which the
        // canonical UTC text cannot write.
        guard time >= .earliest, time <= .latest else { return fail("outside years 0001-9999 in UTC") }
        return .success(time)
    }

    /// The canonical text: UTC with `Z`, seconds, and a fraction only when there is one,
    /// trailing zeros trimmed (`2025-03-01T10:00:00Z`, `2025-03-01T10:00:00.25Z`).
    public var rfc3339: String {
        var micros = microseconds % 1_000_000
        var seconds = microseconds / 1_000_000
        if micros < 0 {
            micros += 1_000_000
            seconds -= 1
        }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let (year, month, day) = Self.civilFromDays(Int(days))
        // At most 27 bytes (`YYYY-MM-DDTHH:MM:SS.ffffffZ`), written straight into the string:
        // through an array first, each time formatted cost an allocation more.
        return String(unsafeUninitializedCapacity: 27) { out in
            var count = 0
            func append(_ byte: UInt8) {
                out[count] = byte
                count += 1
            }
            func put(_ value: Int, _ width: Int) {
                var divisor = 1
                for _ in 1..<width { divisor *= 10 }
                var v = value
                while divisor > 0 {
                    append(UInt8(0x30 + (v / divisor) % 10))
                    v %= divisor
                    divisor /= 10
                }
            }
            put(year, 4); append(UInt8(ascii: "-")); put(month, 2); append(UInt8(ascii: "-")); put(day, 2)
            append(UInt8(ascii: "T"))
            let sod = Int(secondOfDay)
            put(sod / 3600, 2); append(UInt8(ascii: ":")); put(sod / 60 % 60, 2); append(UInt8(ascii: ":")); put(sod % 60, 2)
            if micros != 0 {
                append(UInt8(ascii: "."))
                var m = Int(micros)
                var width = 6
                while m % 10 == 0 {
                    m /= 10
                    width -= 1
                }
                put(m, width)
            }
            append(UInt8(ascii: "Z"))
            return count
        }
    }

    /// The bare date `YYYY-MM-DD` (UTC) of this instant.
    public var date: String {
        var days = microseconds / 86_400_000_000
        if microseconds % 86_400_000_000 < 0 { days -= 1 }
        let (year, month, day) = Self.civilFromDays(Int(days))
        // Ten bytes: a small string, made without a heap allocation (reports write millions).
        return String(unsafeUninitializedCapacity: 10) { out in
            func put(_ value: Int, _ width: Int, at start: Int) {
                var v = value
                for i in stride(from: start + width - 1, through: start, by: -1) {
                    out[i] = UInt8(0x30 + v % 10)
                    v /= 10
                }
            }
            put(year, 4, at: 0)
            out[4] = UInt8(ascii: "-")
            put(month, 2, at: 5)
            out[7] = UInt8(ascii: "-")
            put(day, 2, at: 8)
            return 10
        }
    }

    /// Whole days from `self` to `later` (negative if `later` is earlier), truncated.
    public func days(until later: LedgerTime) -> Int {
        Int((later.microseconds - microseconds) / 86_400_000_000)
    }

    /// This instant plus a number of days.
    public func adding(days: Int) -> LedgerTime {
        LedgerTime(microseconds: microseconds + Int64(days) * 86_400_000_000)
    }

    private static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian calendar).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
