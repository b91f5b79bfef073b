/// A Debian package version (`[epoch:]upstream[-revision]`), ordered as dpkg orders it.
/// Ubuntu and the other Debian derivatives use the same order.
///
/// **Reading**: white space around is dropped. The epoch is the digits before the first `:`
/// (0 without one); the revision is what follows the last `-` (none without one, which orders as
/// `0`: `1.0` = `1.0-0`); the upstream version is what lies between. If the text before the first
/// colon is not a number, the colon is taken as part of the upstream version and the version is
/// reported malformed, but still ordered.
///
/// **Order**: the epochs numerically, then the upstream versions, then the revisions, each of
/// those two by dpkg's `verrevcmp`: alternately a run of non-digits, compared byte by byte where
/// `~` sorts before everything, even the end of the text (`1.0~rc1` < `1.0`), then the end, then
/// ASCII letters, then every other byte, and a run of digits, compared numerically (a missing
/// run is 0).
struct DebianVersion: Sendable {
    let epoch: VersionNumber
    let upstream: [UInt8]
    let revision: [UInt8]

    func compare(to other: DebianVersion) -> Int {
        let order = epoch.compare(other.epoch)
        if order != 0 { return order }
        let upstreamOrder = Self.compareParts(upstream, other.upstream)
        if upstreamOrder != 0 { return upstreamOrder }
        return Self.compareParts(revision, other.revision)
    }

    /// The weight of a byte in a non-digit run (nil is the end of the run or text).
    @inline(__always)
    private static func weight(_ byte: UInt8?) -> Int {
        guard let byte else { return 0 }
        if byte == UInt8(ascii: "~") { return -1 }
        if VersionBytes.isDigit(byte) { return 0 }
        if VersionBytes.isLetter(byte) { return Int(byte) }
        return Int(byte) + 256
    }

    /// dpkg's `verrevcmp`.
    static func compareParts(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            // The non-digit runs.
            while (i < a.count && !VersionBytes.isDigit(a[i])) || (j < b.count && !VersionBytes.isDigit(b[j])) {
                let left = weight(i < a.count ? a[i] : nil)
                let right = weight(j < b.count ? b[j] : nil)
                if left != right { return left < right ? -1 : 1 }
                i += 1
                j += 1
            }
            // The digit runs, numerically: leading zeros skipped, then the longer run wins, else
            // the first differing digit.
            while i < a.count, a[i] == UInt8(ascii: "0") { i += 1 }
            while j < b.count, b[j] == UInt8(ascii: "0") { j += 1 }
            var firstDifference = 0
            while i < a.count, VersionBytes.isDigit(a[i]), j < b.count, VersionBytes.isDigit(b[j]) {
                if firstDifference == 0, a[i] != b[j] { firstDifference = a[i] < b[j] ? -1 : 1 }
                i += 1
                j += 1
            }
            if i < a.count, VersionBytes.isDigit(a[i]) { return 1 }
            if j < b.count, VersionBytes.isDigit(b[j]) { return -1 }
            if firstDifference != 0 { return firstDifference }
        }
        return 0
    }

    // MARK: Reading

    static func parse(_ text: String) -> DebianVersion {
        split(text).version
    }

    /// Well formed as dpkg requires: a numeric epoch if there is a colon, an upstream version
    /// that starts with a digit and holds only letters, digits and `.+~-` (the `-` only with a
    /// revision), and a non-empty revision of letters, digits and `.+~` after a `-`.
    static func isValid(_ text: String) -> Bool {
        let (version, epochOK, hasRevision) = split(text)
        guard epochOK, let first = version.upstream.first, VersionBytes.isDigit(first) else { return false }
        func allowed(_ byte: UInt8) -> Bool {
            VersionBytes.isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "~")
        }
        guard version.upstream.allSatisfy({ allowed($0) || (hasRevision && $0 == UInt8(ascii: "-")) }) else { return false }
        return !hasRevision || (!version.revision.isEmpty && version.revision.allSatisfy(allowed))
    }

    /// The parts of a text, whether its epoch (if any) was a number, and whether it had a revision.
    private static func split(_ text: String) -> (version: DebianVersion, epochOK: Bool, hasRevision: Bool) {
        var rest = VersionBytes.trimmed(text)
        var epoch = VersionNumber.zero
        var epochOK = true
        if let colon = rest.firstIndex(of: UInt8(ascii: ":")) {
            let digits = rest[rest.startIndex..<colon]
            if !digits.isEmpty, digits.allSatisfy(VersionBytes.isDigit) {
                epoch = VersionNumber(digits: digits)
                rest = rest[(colon + 1)...]
            } else {
                epochOK = false
            }
        }
        guard let dash = rest.lastIndex(of: UInt8(ascii: "-")) else {
            return (DebianVersion(epoch: epoch, upstream: Array(rest), revision: []), epochOK, false)
        }
        let version = DebianVersion(epoch: epoch, upstream: Array(rest[rest.startIndex..<dash]), revision: Array(rest[(dash + 1)...]))
        return (version, epochOK, true)
    }
}
