/// An Alpine package version, ordered as apk-tools orders it. Chainguard, Wolfi and MinimOS use
/// the same scheme.
///
/// **Form**: `number{.number}...{letter}{_suffix{number}}...{~hash}{-r#}`: dot-separated numbers,
/// an optional lower-case letter, any number of suffixes, an optional `~` and commit hash
/// (lower-case hex) and an optional revision `-rN`.
///
/// **Order**, part by part:
/// 1. the numbers one by one (a missing number is 0); the first numerically; a later one
///    numerically too unless either starts with `0`, in which case as text, byte by byte, the
///    way apk treats a leading zero as a decimal fraction (`1.02` < `1.1`);
/// 2. the letter: none before any, then alphabetically (`1.0` < `1.0a` < `1.0b`);
/// 3. the suffixes one by one, a missing one counting as "no suffix": `_alpha` < `_beta` <
///    `_pre` < `_rc` < no suffix < `_cvs` < `_svn` < `_git` < `_hg` < `_p`, then by their numbers
///    (`1.0_rc1` < `1.0` < `1.0_p1`);
/// 4. the revision numerically (none is `-r0`); the hash is ignored, as it cannot be ordered.
///
/// **Malformed text.** apk compares what it can read of a malformed version, and OSV's data
/// records how: reading stops at the first byte that does not fit the form, and the parts read
/// so far compare as above. Then a version read to its end is greater than one with text left
/// over (`1` > `1-ruff`, `1.2` > `1.2_blah`), and two versions that both have text left over
/// compare equal (`1-r0-1` = `1-r-2`, `1-ruff2` = `1--ruff1`, as apk has them), unless neither
/// reached a revision, in which case they compare by their bytes (`0..8` > `0...8`,
/// `6.6.2p1` < `6.6.2p2`).
struct AlpineVersion: Sendable {
    /// One number with the text it was read from, whose leading zero matters.
    struct Component: Sendable {
        let value: VersionNumber
        let leadingZero: Bool
        let digits: [UInt8]
    }

    /// A suffix's rank (`_alpha` 0 ... `_rc` 3, none 4, `_cvs` 5 ... `_p` 9) and number.
    struct Suffix: Sendable {
        let rank: Int
        let number: VersionNumber
    }

    private static let noSuffix = Suffix(rank: 4, number: .zero)
    /// Suffix names in the order they are tried (`pre` before `p`), with their ranks.
    private static let suffixNames: [([UInt8], Int)] = [
        ("alpha", 0), ("beta", 1), ("pre", 2), ("rc", 3), ("cvs", 5), ("svn", 6), ("git", 7), ("hg", 8), ("p", 9),
    ].map { (Array($0.0.utf8), $0.1) }

    let components: [Component]
    let letter: UInt8?
    let suffixes: [Suffix]
    let revision: VersionNumber
    /// Whether unreadable text was left over.
    let hasRemainder: Bool
    /// Whether the text broke the form before a revision could be read (not just text after it).
    let isMalformed: Bool

    /// Whether the whole text is an apk version (which starts with a number).
    var isWellFormed: Bool { !components.isEmpty && !hasRemainder && !isMalformed }

    /// `first` and `second` are the two original texts, for the last tie-break between
    /// malformed versions.
    func compare(to other: AlpineVersion, texts first: String, _ second: String) -> Int {
        var order = compareComponents(other)
        if order != 0 { return order }
        order = compareLetters(other)
        if order != 0 { return order }
        order = compareSuffixes(other)
        if order != 0 { return order }
        order = revision.compare(other.revision)
        if order != 0 { return order }
        if hasRemainder != other.hasRemainder { return hasRemainder ? -1 : 1 }
        if isMalformed && other.isMalformed { return VersionBytes.compare(first, second) }
        return 0
    }

    private func compareComponents(_ other: AlpineVersion) -> Int {
        for index in 0..<max(components.count, other.components.count) {
            guard index < components.count, index < other.components.count else {
                // Against a missing number (zero), compare numerically.
                let present = index < components.count ? components[index] : other.components[index]
                let order = present.value.isZero ? 0 : 1
                if order != 0 { return index < components.count ? order : -order }
                continue
            }
            let a = components[index]
            let b = other.components[index]
            let order = index > 0 && (a.leadingZero || b.leadingZero)
                ? VersionBytes.compare(a.digits, b.digits)
                : a.value.compare(b.value)
            if order != 0 { return order }
        }
        return 0
    }

    private func compareLetters(_ other: AlpineVersion) -> Int {
        switch (letter, other.letter) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case let (a?, b?): return VersionBytes.order(a, b)
        }
    }

    private func compareSuffixes(_ other: AlpineVersion) -> Int {
        for index in 0..<max(suffixes.count, other.suffixes.count) {
            let a = index < suffixes.count ? suffixes[index] : Self.noSuffix
            let b = index < other.suffixes.count ? other.suffixes[index] : Self.noSuffix
            if a.rank != b.rank { return a.rank < b.rank ? -1 : 1 }
            let order = a.number.compare(b.number)
            if order != 0 { return order }
        }
        return 0
    }

    // MARK: Reading

    static func parse(_ text: String) -> AlpineVersion {
        var reader = Reader(bytes: Array(text.utf8))
        let components = reader.readComponents()
        let letter = reader.readLetter()
        let suffixes = reader.readSuffixes()
        reader.skipHash()
        var revision = VersionNumber.zero
        var malformed = false
        if !reader.atEnd {
            if let number = reader.readRevision() {
                revision = number
            } else {
                malformed = true
            }
        }
        return AlpineVersion(components: components, letter: letter, suffixes: suffixes, revision: revision,
                             hasRemainder: !reader.atEnd, isMalformed: malformed)
    }

    /// Reads the parts of an apk version from the front of the bytes.
    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index >= bytes.count }

        private func isDigit(at position: Int) -> Bool {
            position < bytes.count && VersionBytes.isDigit(bytes[position])
        }

        private mutating func readDigits() -> ArraySlice<UInt8> {
            let start = index
            while isDigit(at: index) { index += 1 }
            return bytes[start..<index]
        }

        /// Numbers separated by single dots; a dot not followed by a digit is left unread.
        mutating func readComponents() -> [Component] {
            var components: [Component] = []
            guard isDigit(at: index) else { return components }
            while true {
                let digits = readDigits()
                components.append(Component(value: VersionNumber(digits: digits),
                                            leadingZero: digits.first == UInt8(ascii: "0"), digits: Array(digits)))
                guard index < bytes.count, bytes[index] == UInt8(ascii: "."), isDigit(at: index + 1) else { break }
                index += 1
            }
            return components
        }

        mutating func readLetter() -> UInt8? {
            guard index < bytes.count, VersionBytes.isLower(bytes[index]) else { return nil }
            index += 1
            return bytes[index - 1]
        }

        mutating func readSuffixes() -> [Suffix] {
            var suffixes: [Suffix] = []
            while index < bytes.count, bytes[index] == UInt8(ascii: "_") {
                let rest = bytes[(index + 1)...]
                guard let (name, rank) = AlpineVersion.suffixNames.first(where: { rest.starts(with: $0.0) }) else { break }
                index += 1 + name.count
                suffixes.append(Suffix(rank: rank, number: VersionNumber(digits: readDigits())))
            }
            return suffixes
        }

        mutating func skipHash() {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "~") else { return }
            var end = index + 1
            while end < bytes.count, VersionBytes.isDigit(bytes[end]) || (bytes[end] >= 0x61 && bytes[end] <= 0x66) { end += 1 }
            if end > index + 1 { index = end }
        }

        /// `-r` and optional digits (none is 0), or nil with nothing read.
        mutating func readRevision() -> VersionNumber? {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: "r") else { return nil }
            index += 2
            return VersionNumber(digits: readDigits())
        }
    }
}
