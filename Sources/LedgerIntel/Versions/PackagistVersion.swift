/// A Packagist (PHP Composer) version, ordered as PHP's `version_compare` orders it, which is
/// how OSV's data (generated with `version_compare`) orders Packagist versions. Every text is
/// ordered; none is rejected.
///
/// **Reading**: one leading `v` or `V` is dropped (Composer strips it). The rest is cut into
/// segments at `.`, `-`, `_`, `+` and any other byte that is not a letter, a digit or `#`, and
/// wherever digits meet non-digits (`1.0rc1` is `1 0 rc 1`); empty segments vanish, as
/// `version_compare` collapses repeated separators. Numbers may have any length.
///
/// **Special forms.** A non-numeric segment counts only by the special form it starts with,
/// case-sensitively as in PHP: `dev` < `alpha` = `a` < `beta` = `b` < `RC` = `rc` < `#` <
/// `pl` = `p`; a segment that starts with none of them (`foo`, but also `ALPHA` or `Beta`) is
/// below `dev`, so `1.0-ALPHA1` = `1.0-BETA1`, as PHP has it. A number met against a non-numeric
/// segment counts as `#`, so `1.0a1` < `1.0.1` and `1.0` < `1.0pl1`.
///
/// **Order**: segment by segment: numbers numerically, anything else by special form. When one
/// version runs out, a number next in the other makes that one greater (`1.0` < `1.0.0`);
/// otherwise the rest is compared against `#` (`1.0-beta` < `1.0` < `1.0-patch1`).
struct PackagistVersion: Sendable {
    /// A segment: a number, or the rank of a special form.
    enum Segment: Sendable {
        case number(VersionNumber)
        case form(Int)
    }

    /// The rank of `#`, which a number takes against a special form.
    private static let hashRank = 4
    /// The rank of a segment that starts with no special form.
    private static let unknownRank = -1

    /// Special forms, tried in this order as prefixes of a segment.
    private static let forms: [([UInt8], Int)] = [
        ("dev", 0), ("alpha", 1), ("a", 1), ("beta", 2), ("b", 2), ("RC", 3), ("rc", 3), ("#", 4), ("pl", 5), ("p", 5),
    ].map { (Array($0.0.utf8), $0.1) }

    let segments: [Segment]
    /// Whether the text was empty, which PHP orders below any other.
    let isEmpty: Bool

    func compare(to other: PackagistVersion) -> Int {
        if isEmpty || other.isEmpty { return isEmpty == other.isEmpty ? 0 : (isEmpty ? -1 : 1) }
        let shared = min(segments.count, other.segments.count)
        for index in 0..<shared {
            let order = Self.compare(segments[index], other.segments[index])
            if order != 0 { return order }
        }
        if segments.count > shared { return Self.compareRest(segments[shared...]) }
        if other.segments.count > shared { return -Self.compareRest(other.segments[shared...]) }
        return 0
    }

    private static func compare(_ a: Segment, _ b: Segment) -> Int {
        switch (a, b) {
        case let (.number(x), .number(y)): return x.compare(y)
        case let (.form(x), .form(y)): return VersionBytes.order(x, y)
        case let (.number, .form(y)): return VersionBytes.order(hashRank, y)
        case let (.form(x), .number): return VersionBytes.order(x, hashRank)
        }
    }

    /// How the segments left over on the longer side compare with nothing on the other: a
    /// number wins outright; a special form counts against `#`, and on a tie the next decides.
    private static func compareRest(_ rest: ArraySlice<Segment>) -> Int {
        for segment in rest {
            switch segment {
            case .number: return 1
            case let .form(rank):
                if rank != hashRank { return rank < hashRank ? -1 : 1 }
            }
        }
        return 0
    }

    // MARK: Reading

    /// A version is well formed if, after an optional `v`, it starts with a digit, or is a
    /// `dev-` branch name.
    static func isValid(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        if let first = bytes.first, first == UInt8(ascii: "v") || first == UInt8(ascii: "V") { bytes = bytes.dropFirst() }
        guard let first = bytes.first else { return false }
        return VersionBytes.isDigit(first) || text.utf8.starts(with: "dev-".utf8)
    }

    static func parse(_ text: String) -> PackagistVersion {
        var bytes = Array(text.utf8)[...]
        if let first = bytes.first, first == UInt8(ascii: "v") || first == UInt8(ascii: "V") { bytes = bytes.dropFirst() }
        var segments: [Segment] = []
        var start = bytes.startIndex
        var index = bytes.startIndex
        func isPart(_ byte: UInt8) -> Bool { VersionBytes.isAlphanumeric(byte) || byte == UInt8(ascii: "#") }
        while index <= bytes.endIndex {
            let atEnd = index == bytes.endIndex
            let boundary = atEnd || !isPart(bytes[index])
                || (index > start && VersionBytes.isDigit(bytes[index]) != VersionBytes.isDigit(bytes[index - 1]))
            if boundary {
                if index > start { segments.append(segment(bytes[start..<index])) }
                start = (!atEnd && !isPart(bytes[index])) ? index + 1 : index
            }
            index += 1
        }
        return PackagistVersion(segments: segments, isEmpty: text.isEmpty)
    }

    private static func segment(_ bytes: ArraySlice<UInt8>) -> Segment {
        if let first = bytes.first, VersionBytes.isDigit(first) { return .number(VersionNumber(digits: bytes)) }
        let rank = forms.first(where: { bytes.starts(with: $0.0) })?.1 ?? unknownRank
        return .form(rank)
    }
}
