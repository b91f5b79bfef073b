/// A RubyGems version, ordered as `Gem::Version#<=>` orders it.
///
/// **Reading**: white space around is dropped and an empty text means `0`. A well-formed
/// version matches RubyGems' pattern: digits, then any number of `.` followed by letters and
/// digits, then optionally `-` and a pre-release of letters, digits, `-` and `.`. RubyGems
/// rejects anything else, but OSV's data orders such text too (`1beta` < `1`), so any text that
/// starts with a digit is read leniently, by its segments, and only reported malformed; text
/// that does not start with a digit cannot be read (see `VersionScheme`). A `-` means `.pre.`
/// (`1.0-b1` = `1.0.pre.b1`).
///
/// **Segments** are the runs of digits (numbers) and of ASCII letters (text), wherever they
/// are: `1.0.a10` and `1.0a10` are both `1 0 a 10`. A text segment makes the version a
/// pre-release. Trailing zeros are dropped from the numbers before the first text segment and
/// from the segments after it (`1.0.a.0` = `1.a`).
///
/// **Order**: segment by segment, the shorter padded with zeros; numbers numerically, text by
/// its bytes (case counts), text below a number, so `1.0.b1` < `1.0` and `1.0.a.2` < `1.0.b1`.
struct RubyGemsVersion: Sendable {
    enum Segment: Sendable {
        case number(VersionNumber)
        case text([UInt8])
    }

    /// The canonical segments.
    let segments: [Segment]

    func compare(to other: RubyGemsVersion) -> Int {
        let shared = min(segments.count, other.segments.count)
        for index in 0..<shared {
            let order = Self.compare(segments[index], other.segments[index])
            if order != 0 { return order }
        }
        // The shorter version is padded with zeros.
        for segment in segments[shared...] {
            let order = Self.compareToZero(segment)
            if order != 0 { return order }
        }
        for segment in other.segments[shared...] {
            let order = Self.compareToZero(segment)
            if order != 0 { return -order }
        }
        return 0
    }

    @inline(__always)
    private static func compare(_ a: Segment, _ b: Segment) -> Int {
        switch (a, b) {
        case let (.number(x), .number(y)): return x.compare(y)
        case (.text, .number): return -1
        case (.number, .text): return 1
        case let (.text(x), .text(y)): return VersionBytes.compare(x, y)
        }
    }

    /// How a segment compares with the zero that pads the other version: text is below it.
    @inline(__always)
    private static func compareToZero(_ segment: Segment) -> Int {
        switch segment {
        case let .number(number): return number.isZero ? 0 : 1
        case .text: return -1
        }
    }

    // MARK: Reading

    /// The version, or nil if the text does not start with a digit.
    static func parse(_ text: String) -> RubyGemsVersion? {
        let bytes = normalized(text)
        guard let first = bytes.first, VersionBytes.isDigit(first) else { return nil }
        return RubyGemsVersion(segments: canonical(segments(of: bytes)))
    }

    /// Whether RubyGems itself accepts the text.
    static func isValid(_ text: String) -> Bool {
        matchesPattern(normalized(text))
    }

    /// The bytes without white space around; `0` for an empty text.
    private static func normalized(_ text: String) -> [UInt8] {
        let trimmed = VersionBytes.trimmed(text)
        return trimmed.isEmpty ? [UInt8(ascii: "0")] : Array(trimmed)
    }

    /// `[0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?`, the whole text.
    private static func matchesPattern(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count, VersionBytes.isDigit(bytes[index]) { index += 1 }
        guard index > 0 else { return false }
        // Dot-separated alphanumeric parts, up to the first "-".
        while index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            let start = index + 1
            index = start
            while index < bytes.count, VersionBytes.isAlphanumeric(bytes[index]) { index += 1 }
            guard index > start else { return false }
        }
        guard index < bytes.count else { return true }
        guard bytes[index] == UInt8(ascii: "-") else { return false }
        // The pre-release: parts of letters, digits and "-", separated by single dots.
        let parts = bytes[(index + 1)...].split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { VersionBytes.isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
    }

    /// The runs of digits and of letters; `-` stands for `.pre.`.
    private static func segments(of bytes: [UInt8]) -> [Segment] {
        var segments: [Segment] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "-") {
                segments.append(.text(Array("pre".utf8)))
                index += 1
                continue
            }
            let isDigit = VersionBytes.isDigit(byte)
            guard isDigit || VersionBytes.isLetter(byte) else {
                index += 1
                continue
            }
            var end = index + 1
            while end < bytes.count, (isDigit ? VersionBytes.isDigit(bytes[end]) : VersionBytes.isLetter(bytes[end])) { end += 1 }
            let run = bytes[index..<end]
            segments.append(isDigit ? .number(VersionNumber(digits: run)) : .text(Array(run)))
            index = end
        }
        return segments
    }

    /// Trailing zeros dropped from the release numbers and from the pre-release part.
    private static func canonical(_ segments: [Segment]) -> [Segment] {
        let firstText = segments.firstIndex(where: { if case .text = $0 { return true } else { return false } }) ?? segments.count
        return dropTrailingZeros(segments[..<firstText]) + dropTrailingZeros(segments[firstText...])
    }

    private static func dropTrailingZeros(_ segments: ArraySlice<Segment>) -> [Segment] {
        var result = Array(segments)
        while let last = result.last, case let .number(number) = last, number.isZero { result.removeLast() }
        return result
    }
}
