/// An RPM package version (`[epoch:]version[-release]`), ordered as rpm orders it: Red Hat,
/// Rocky Linux, AlmaLinux, openSUSE, SUSE, Mageia and the other rpm distributions.
///
/// **Reading**: the epoch is the digits before a `:` at the very start (`1:2.0`; `:2.0` has
/// epoch 0); text before a colon that is not all digits is no epoch, and the colon belongs to the
/// version (`1.m+e2:1`). The release is what follows the last `-`; without a `-` there is none.
///
/// **Order**: the epochs numerically (none is 0), then the versions by `rpmvercmp`, then the
/// releases: a version without a release is lower than one with any release, even an empty one
/// (`1` < `1-` = `1-`), and two releases compare by `rpmvercmp`.
///
/// **`rpmvercmp`** walks both texts: it skips bytes that are not ASCII letters, digits, `~` or
/// `^` (so `2_0` = `2.0`, and non-ASCII letters count as separators); a `~` sorts before
/// anything, even the end (`1.0~rc1` < `1.0`); a `^` sorts after the end but before anything
/// else (`1.0` < `1.0^git1` < `1.0.1`); otherwise it takes the next run of digits, or of
/// letters, from both: digits beat letters, digit runs compare numerically, letter runs by their
/// bytes. When one text runs out, the one with anything left is greater.
struct RPMVersion: Sendable {
    let epoch: VersionNumber
    let version: [UInt8]
    /// Nil without a `-`.
    let release: [UInt8]?

    func compare(to other: RPMVersion) -> Int {
        var order = epoch.compare(other.epoch)
        if order != 0 { return order }
        order = Self.rpmvercmp(version, other.version)
        if order != 0 { return order }
        switch (release, other.release) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case let (a?, b?): return Self.rpmvercmp(a, b)
        }
    }

    @inline(__always)
    private static func isSignificant(_ byte: UInt8) -> Bool {
        VersionBytes.isAlphanumeric(byte) || byte == UInt8(ascii: "~") || byte == UInt8(ascii: "^")
    }

    /// Whether a byte continues a run of digits (`numeric`) or of letters.
    @inline(__always)
    private static func isInRun(_ byte: UInt8, numeric: Bool) -> Bool {
        numeric ? VersionBytes.isDigit(byte) : VersionBytes.isLetter(byte)
    }

    /// Two runs of digits numerically: leading zeros skipped, the longer rest is larger, and
    /// rests of one length compare by their bytes.
    @inline(__always)
    private static func compareDigitRuns(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Int {
        let x = a.drop(while: { $0 == UInt8(ascii: "0") })
        let y = b.drop(while: { $0 == UInt8(ascii: "0") })
        if x.count != y.count { return x.count < y.count ? -1 : 1 }
        return VersionBytes.compare(x, y)
    }

    /// rpm's segment-by-segment comparison of two version or release texts.
    static func rpmvercmp(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var i = 0
        var j = 0
        let tilde = UInt8(ascii: "~")
        let caret = UInt8(ascii: "^")
        while i < a.count || j < b.count {
            while i < a.count, !isSignificant(a[i]) { i += 1 }
            while j < b.count, !isSignificant(b[j]) { j += 1 }
            let x: UInt8? = i < a.count ? a[i] : nil
            let y: UInt8? = j < b.count ? b[j] : nil

            if x == tilde || y == tilde {
                if x != tilde { return 1 }
                if y != tilde { return -1 }
                i += 1
                j += 1
                continue
            }
            if x == caret || y == caret {
                if x == nil { return -1 }
                if y == nil { return 1 }
                if x != caret { return 1 }
                if y != caret { return -1 }
                i += 1
                j += 1
                continue
            }
            guard let first = x, y != nil else { break }

            let numeric = VersionBytes.isDigit(first)
            let startA = i
            let startB = j
            while i < a.count, isInRun(a[i], numeric: numeric) { i += 1 }
            while j < b.count, isInRun(b[j], numeric: numeric) { j += 1 }
            // Runs of different kinds: the numeric one is newer.
            guard j > startB else { return numeric ? 1 : -1 }

            let order = numeric
                ? compareDigitRuns(a[startA..<i], b[startB..<j])
                : VersionBytes.compare(a[startA..<i], b[startB..<j])
            if order != 0 { return order }
        }
        let restA = i < a.count
        let restB = j < b.count
        if restA == restB { return 0 }
        return restA ? 1 : -1
    }

    // MARK: Reading

    static func parse(_ text: String) -> RPMVersion {
        let bytes = Array(text.utf8)
        var rest = bytes[...]
        var epoch = VersionNumber.zero
        if let colon = rest.firstIndex(of: UInt8(ascii: ":")), rest[..<colon].allSatisfy(VersionBytes.isDigit) {
            epoch = VersionNumber(digits: rest[..<colon])
            rest = rest[(colon + 1)...]
        }
        guard let dash = rest.lastIndex(of: UInt8(ascii: "-")) else {
            return RPMVersion(epoch: epoch, version: Array(rest), release: nil)
        }
        return RPMVersion(epoch: epoch, version: Array(rest[..<dash]), release: Array(rest[(dash + 1)...]))
    }

    /// rpm accepts any text; a version is reported malformed if it, or a release after a `-`, is
    /// empty, or if it holds white space or control characters.
    static func isValid(_ text: String) -> Bool {
        guard !text.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else { return false }
        let version = parse(text)
        return !version.version.isEmpty && version.release.map { !$0.isEmpty } ?? true
    }
}
