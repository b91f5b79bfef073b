/// A version of an ecosystem with no scheme of its own (Linux, OSS-Fuzz, Android and any name
/// not known to `VersionScheme`), ordered by a common-sense rule.
///
/// **Reading**: white space around is dropped, and a `v` or `V` directly before a digit at the
/// start (`v4.2`). The text is cut into segments at `.`, `-`, `_`, `+` and wherever digits meet
/// non-digits: `1.0rc2` is `1 0 rc 2`. Each segment is a number or a text; other bytes, including
/// non-ASCII ones, belong to text segments. A text with no segment at all (empty, or separators
/// only) cannot be read (see `VersionScheme`).
///
/// **Order**: segment by segment. Numbers compare numerically; texts by their bytes, ignoring
/// ASCII case; a number is greater than a text, since a word after a number usually marks a
/// pre-release (`1.0-beta` < `1.0.1`). The shorter version is padded with zeros, so
/// `1.0` = `1.0.0` = `1`, `1.0` < `1.0.1`, and (a zero being a number) `1.0-rc1` < `1.0`.
struct GenericVersion: Sendable {
    enum Segment: Sendable {
        case number(VersionNumber)
        /// Lower-cased bytes.
        case text([UInt8])
    }

    let segments: [Segment]

    func compare(to other: GenericVersion) -> Int {
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

    /// The version, or nil if the text has no segment.
    static func parse(_ text: String) -> GenericVersion? {
        var bytes = VersionBytes.trimmed(text)
        if bytes.count >= 2, let first = bytes.first, first == UInt8(ascii: "v") || first == UInt8(ascii: "V"),
           VersionBytes.isDigit(bytes[bytes.startIndex + 1]) {
            bytes = bytes.dropFirst()
        }
        var segments: [Segment] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if isSeparator(byte) {
                index += 1
                continue
            }
            let digits = VersionBytes.isDigit(byte)
            var end = index + 1
            while end < bytes.endIndex, !isSeparator(bytes[end]), VersionBytes.isDigit(bytes[end]) == digits { end += 1 }
            let run = bytes[index..<end]
            segments.append(digits ? .number(VersionNumber(digits: run)) : .text(VersionBytes.lowercased(run)))
            index = end
        }
        return segments.isEmpty ? nil : GenericVersion(segments: segments)
    }

    private static func isSeparator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "+")
    }
}
