/// A Maven version, ordered as the POM reference's "version order specification" describes
/// Maven's `ComparableVersion` (every text is a version; nothing is rejected).
///
/// **Tokens.** The text, lower-cased, is split at `.` and `-` and at every change between a
/// digit and a non-digit; each token remembers the separator before it, and a digit/non-digit
/// change counts as a `-`. An empty token (`1..2`, `1-`) stands for `0`. So `1-1.foo-bar1baz-.1`
/// reads `1 -1 .foo -bar -1 -baz -0 .1`.
///
/// **Qualifiers.** Non-numeric tokens are qualifiers. `cr` means `rc`; `ga`, `final` and
/// `release` mean the empty qualifier, the release itself; `a`, `b` and `m` directly followed by
/// a digit mean `alpha`, `beta` and `milestone` (`1a1` = `1-alpha-1`). Known qualifiers order
/// `alpha` < `beta` < `milestone` < `rc` < `snapshot` < "" < `sp`, and every other qualifier
/// comes after those, alphabetically by its bytes.
///
/// **Trimming.** Trailing "null" tokens (`0` and the empty qualifier) are dropped from the end,
/// and again before each remaining `-` from the end to the start (`1.0.0` → `1`,
/// `1.0.0-foo.0.0` → `1-foo`, `1-ga-1` → `1-1`), the first token excepted.
///
/// **Order.** Token by token. Tokens with the same separator compare by value: numbers
/// numerically, a number above a qualifier, qualifiers as above. Tokens with different
/// separators order `.qualifier` < `-qualifier` < `-number` < `.number` (so `2.0-1` < `2.0.1`
/// and `2.0.1-xyz` < `2.0.1-123`). Where one version has run out of tokens it is padded with a
/// null of the other's separator: `0` against a `.number`, the empty qualifier against anything
/// else (so `1` < `1.1`, `1-snapshot` < `1` < `1-sp`, `1` < `1-1`).
struct MavenVersion: Sendable {
    /// Known qualifiers, in order; an unknown qualifier ranks after all of them.
    private static let knownQualifiers: [[UInt8]] = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"].map { Array($0.utf8) }
    /// The rank of the empty qualifier, the release.
    private static let releaseRank = 5
    private static let unknownRank = knownQualifiers.count

    struct Token: Sendable {
        enum Value: Sendable {
            case number(VersionNumber)
            /// `rank` in `knownQualifiers` order; `text` matters only for unknown qualifiers.
            case qualifier(rank: Int, text: [UInt8])
        }

        /// Whether a `-` (or a digit/non-digit change) came before it rather than a `.`.
        let hyphen: Bool
        let value: Value

        /// `0` or the empty qualifier, which trimming removes.
        var isNull: Bool {
            switch value {
            case let .number(number): return number.isZero
            case let .qualifier(rank, _): return rank == MavenVersion.releaseRank
            }
        }

        /// The position of the token's separator-and-kind class in
        /// `.qualifier` < `-qualifier` < `-number` < `.number`.
        private var separatorClass: Int {
            switch (value, hyphen) {
            case (.qualifier, false): return 0
            case (.qualifier, true): return 1
            case (.number, true): return 2
            case (.number, false): return 3
            }
        }

        func compare(to other: Token) -> Int {
            guard hyphen == other.hyphen else { return VersionBytes.order(separatorClass, other.separatorClass) }
            switch (value, other.value) {
            case let (.number(a), .number(b)): return a.compare(b)
            case (.number, .qualifier): return 1
            case (.qualifier, .number): return -1
            case let (.qualifier(rankA, textA), .qualifier(rankB, textB)):
                return MavenVersion.compareQualifiers(rankA, textA, rankB, textB)
            }
        }

        /// How the null padding of a shorter version compares to this token.
        func comparePadding() -> Int {
            switch value {
            case let .number(number) where !hyphen: return VersionNumber.zero.compare(number)
            case .number: return -1
            case let .qualifier(rank, text): return MavenVersion.compareQualifiers(MavenVersion.releaseRank, [], rank, text)
            }
        }
    }

    let tokens: [Token]

    private static func compareQualifiers(_ rankA: Int, _ textA: [UInt8], _ rankB: Int, _ textB: [UInt8]) -> Int {
        if rankA != rankB { return rankA < rankB ? -1 : 1 }
        return rankA == unknownRank ? VersionBytes.compare(textA, textB) : 0
    }

    /// Negative, zero or positive as this version orders before, equal to or after `other`.
    func compare(to other: MavenVersion) -> Int {
        let count = max(tokens.count, other.tokens.count)
        for index in 0..<count {
            let order: Int
            if index >= tokens.count {
                order = other.tokens[index].comparePadding()
            } else if index >= other.tokens.count {
                order = -tokens[index].comparePadding()
            } else {
                order = tokens[index].compare(to: other.tokens[index])
            }
            if order != 0 { return order }
        }
        return 0
    }

    // MARK: Reading

    /// Maven reads any text; a version is reported malformed only if it is empty or holds white
    /// space or control characters, which no published version does.
    static func isValid(_ text: String) -> Bool {
        !text.isEmpty && !text.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F })
    }

    static func parse(_ text: String) -> MavenVersion {
        let bytes = VersionBytes.lowercased(text.utf8)
        var tokens: [Token] = []
        var hyphen = false
        var start = 0
        for index in 0...bytes.count {
            let atEnd = index == bytes.count
            guard atEnd || bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "-") else { continue }
            appendTokens(of: bytes[start..<index], hyphen: hyphen, to: &tokens)
            if !atEnd {
                hyphen = bytes[index] == UInt8(ascii: "-")
                start = index + 1
            }
        }
        trim(&tokens)
        return MavenVersion(tokens: tokens)
    }

    /// The tokens of one piece between separators, split at digit/non-digit changes.
    private static func appendTokens(of piece: ArraySlice<UInt8>, hyphen: Bool, to tokens: inout [Token]) {
        guard !piece.isEmpty else {
            tokens.append(Token(hyphen: hyphen, value: .number(.zero)))
            return
        }
        var start = piece.startIndex
        var first = true
        while start < piece.endIndex {
            let digits = VersionBytes.isDigit(piece[start])
            var end = start
            while end < piece.endIndex, VersionBytes.isDigit(piece[end]) == digits { end += 1 }
            let part = piece[start..<end]
            let value: Token.Value = digits
                ? .number(VersionNumber(digits: part))
                : qualifier(part, followedByDigit: end < piece.endIndex)
            tokens.append(Token(hyphen: first ? hyphen : true, value: value))
            first = false
            start = end
        }
    }

    /// A qualifier with Maven's aliases applied.
    private static func qualifier(_ part: ArraySlice<UInt8>, followedByDigit: Bool) -> Token.Value {
        var text = Array(part)
        if followedByDigit, text.count == 1 {
            switch text[0] {
            case UInt8(ascii: "a"): text = Array("alpha".utf8)
            case UInt8(ascii: "b"): text = Array("beta".utf8)
            case UInt8(ascii: "m"): text = Array("milestone".utf8)
            default: break
            }
        }
        switch String(decoding: text, as: UTF8.self) {
        case "cr": text = Array("rc".utf8)
        case "ga", "final", "release": text = []
        default: break
        }
        let rank = knownQualifiers.firstIndex(of: text) ?? unknownRank
        return .qualifier(rank: rank, text: rank == unknownRank ? text : [])
    }

    /// Drops null tokens from the end, and again before each remaining hyphen, end to start;
    /// the first token always stays.
    private static func trim(_ tokens: inout [Token]) {
        // Removing a token never moves the ones before it, so mark them and drop them at the end.
        var keep = [Bool](repeating: true, count: tokens.count)
        var index = tokens.count - 1
        while index > 0 {
            if tokens[index].isNull {
                keep[index] = false
                index -= 1
                continue
            }
            // Skip back over this hyphen-led group to the token before its hyphen.
            while index >= 0, !tokens[index].hyphen { index -= 1 }
            index -= 1
        }
        tokens = zip(tokens, keep).compactMap { $1 ? $0 : nil }
    }
}
