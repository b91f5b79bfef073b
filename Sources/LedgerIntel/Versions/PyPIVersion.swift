/// A Python package version: PEP 440 where the text is one, and the legacy setuptools order
/// (which Python's `packaging` used before it rejected such text) where it is not.
///
/// **PEP 440 reading** follows the specification's normalisation: case is ignored, white space
/// around is allowed, a leading `v` is dropped; an epoch `N!`; a release `N(.N)*`; then
/// optionally a pre-release (`a`, `b`, `rc`, also spelled `alpha`, `beta`, `c`, `pre`,
/// `preview`), a post-release (`.postN`, also `rev`/`r`, or the implicit `-N`) and a development
/// release (`.devN`), each with an optional `-`, `_` or `.` before and after its letters and an
/// implicit number 0; and a local label `+` letters and digits separated by `.`, `-` or `_`.
///
/// **PEP 440 order**: epoch; release, padded with zeros; then a version with only a dev segment
/// before all its pre-releases (`1.0.dev1` < `1.0a1`), a pre-release (by `a` < `b` < `rc` and
/// number) before the release; then no post-release before any post-release; then a dev release
/// before its non-dev counterpart; then no local label before any, and labels segment by
/// segment, numbers numerically and above text, text by bytes, a prefix first.
///
/// **Legacy text** (anything else, for instance `0.1-bulbasaur`) sorts before every PEP 440
/// version, as it did in `packaging`'s `LegacyVersion` (epoch -1). Among themselves legacy texts
/// compare by setuptools' key: the lower-cased text is cut into runs of digits, runs of letters,
/// `.`, `-` and runs of anything else; dots are dropped, `pre`, `preview` and `rc` become `c`,
/// `dev` becomes `@` and `-` becomes `final-`; digit runs are zero-padded to eight places and
/// other parts get a `*` in front; `*final` is appended; a `*final-` before a part that sorts
/// below `*final` is dropped, as are `00000000` parts before any `*` part. The keys then compare
/// part by part as strings.
struct PyPIVersion: Sendable {
    enum Form: Sendable {
        case pep440(Release)
        case legacy([[UInt8]])
    }

    /// A PEP 440 version, with its segments read.
    struct Release: Sendable {
        let epoch: VersionNumber
        /// Release numbers, trailing zeros removed (so padding with zeros is implicit).
        let release: [VersionNumber]
        /// 0 for `a`, 1 for `b`, 2 for `rc`, with the number.
        let pre: (phase: Int, number: VersionNumber)?
        let post: VersionNumber?
        let dev: VersionNumber?
        /// Nil without a local label.
        let local: [LocalPart]?
    }

    enum LocalPart: Sendable {
        case number(VersionNumber)
        case text([UInt8])
    }

    let form: Form

    // MARK: Order

    func compare(to other: PyPIVersion) -> Int {
        switch (form, other.form) {
        case let (.pep440(a), .pep440(b)): return Self.compare(a, b)
        case (.legacy, .pep440): return -1
        case (.pep440, .legacy): return 1
        case let (.legacy(a), .legacy(b)): return Self.compareLegacy(a, b)
        }
    }

    private static func compare(_ a: Release, _ b: Release) -> Int {
        var order = a.epoch.compare(b.epoch)
        if order != 0 { return order }
        order = compareRelease(a.release, b.release)
        if order != 0 { return order }
        order = comparePre(a, b)
        if order != 0 { return order }
        order = compareMissingLow(a.post, b.post)
        if order != 0 { return order }
        order = compareMissingHigh(a.dev, b.dev)
        if order != 0 { return order }
        return compareLocal(a.local, b.local)
    }

    private static func compareRelease(_ a: [VersionNumber], _ b: [VersionNumber]) -> Int {
        for index in 0..<min(a.count, b.count) {
            let order = a[index].compare(b[index])
            if order != 0 { return order }
        }
        // Trailing zeros are gone, so a longer release is a larger one.
        return VersionBytes.order(a.count, b.count)
    }

    /// The pre-release key: a dev release with no pre or post segment sorts below every
    /// pre-release of its release; no pre-release sorts above every pre-release.
    private static func comparePre(_ a: Release, _ b: Release) -> Int {
        func key(_ release: Release) -> (Int, Int, VersionNumber) {
            if release.pre == nil, release.post == nil, release.dev != nil { return (0, 0, .zero) }
            guard let pre = release.pre else { return (2, 0, .zero) }
            return (1, pre.phase, pre.number)
        }
        let (classA, phaseA, numberA) = key(a)
        let (classB, phaseB, numberB) = key(b)
        if classA != classB { return classA < classB ? -1 : 1 }
        if phaseA != phaseB { return phaseA < phaseB ? -1 : 1 }
        return numberA.compare(numberB)
    }

    /// A missing segment below any present one (post-releases).
    private static func compareMissingLow(_ a: VersionNumber?, _ b: VersionNumber?) -> Int {
        switch (a, b) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case let (x?, y?): return x.compare(y)
        }
    }

    /// A missing segment above any present one (dev releases).
    private static func compareMissingHigh(_ a: VersionNumber?, _ b: VersionNumber?) -> Int {
        switch (a, b) {
        case (nil, nil): return 0
        case (nil, _): return 1
        case (_, nil): return -1
        case let (x?, y?): return x.compare(y)
        }
    }

    private static func compareLocal(_ a: [LocalPart]?, _ b: [LocalPart]?) -> Int {
        guard let a, let b else { return a == nil ? (b == nil ? 0 : -1) : 1 }
        for index in 0..<min(a.count, b.count) {
            let order: Int
            switch (a[index], b[index]) {
            case let (.number(x), .number(y)): order = x.compare(y)
            case (.number, .text): order = 1
            case (.text, .number): order = -1
            case let (.text(x), .text(y)): order = VersionBytes.compare(x, y)
            }
            if order != 0 { return order }
        }
        return VersionBytes.order(a.count, b.count)
    }

    private static func compareLegacy(_ a: [[UInt8]], _ b: [[UInt8]]) -> Int {
        for index in 0..<min(a.count, b.count) {
            let order = VersionBytes.compare(a[index], b[index])
            if order != 0 { return order }
        }
        return VersionBytes.order(a.count, b.count)
    }

    // MARK: Reading

    static func isValid(_ text: String) -> Bool {
        PEP440Reader.read(text) != nil
    }

    static func parse(_ text: String) -> PyPIVersion {
        if let release = PEP440Reader.read(text) { return PyPIVersion(form: .pep440(release)) }
        return PyPIVersion(form: .legacy(legacyKey(text)))
    }

    /// Setuptools' legacy sort key (see the type notes).
    private static func legacyKey(_ text: String) -> [[UInt8]] {
        var parts: [[UInt8]] = []
        let final = Array("*final".utf8)
        let finalDash = Array("*final-".utf8)
        let zeros = Array("00000000".utf8)
        for piece in legacyPieces(Array(text.lowercased().utf8)) + [Array("final".utf8)] {
            guard let part = legacyPart(piece) else { continue }
            if part.first == UInt8(ascii: "*") {
                if VersionBytes.compare(part, final) < 0 {
                    while parts.last == finalDash { parts.removeLast() }
                }
                while parts.last == zeros { parts.removeLast() }
            }
            parts.append(part)
        }
        return parts
    }

    /// The text cut into runs of digits, runs of ASCII letters, single `.` and `-`, and runs of
    /// anything else between those.
    private static func legacyPieces(_ bytes: [UInt8]) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        var index = 0
        var other: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            var end = index + 1
            if VersionBytes.isDigit(byte) {
                while end < bytes.count, VersionBytes.isDigit(bytes[end]) { end += 1 }
            } else if VersionBytes.isLower(byte) {
                while end < bytes.count, VersionBytes.isLower(bytes[end]) { end += 1 }
            } else if byte != UInt8(ascii: ".") && byte != UInt8(ascii: "-") {
                other.append(byte)
                index = end
                continue
            }
            if !other.isEmpty {
                pieces.append(other)
                other = []
            }
            pieces.append(Array(bytes[index..<end]))
            index = end
        }
        if !other.isEmpty { pieces.append(other) }
        return pieces
    }

    /// One piece as a key part, or nil for a piece the key drops (`.`).
    private static func legacyPart(_ piece: [UInt8]) -> [UInt8]? {
        var piece = piece
        switch String(decoding: piece, as: UTF8.self) {
        case ".": return nil
        case "pre", "preview", "rc": piece = Array("c".utf8)
        case "dev": piece = Array("@".utf8)
        case "-": piece = Array("final-".utf8)
        default: break
        }
        if let first = piece.first, VersionBytes.isDigit(first) {
            return piece.count >= 8 ? piece : Array(repeating: UInt8(ascii: "0"), count: 8 - piece.count) + piece
        }
        return [UInt8(ascii: "*")] + piece
    }
}

/// A reader for PEP 440's grammar (the specification's reference regular expression, written
/// out by hand) over the lower-cased bytes of a text.
private struct PEP440Reader {
    private let bytes: [UInt8]
    private var index: Int

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.index = 0
    }

    private static let preSpellings: [(String, Int)] = [
        ("alpha", 0), ("a", 0), ("beta", 1), ("b", 1), ("preview", 2), ("pre", 2), ("c", 2), ("rc", 2),
    ]

    /// The version `text` spells, or nil if it is not PEP 440.
    static func read(_ text: String) -> PyPIVersion.Release? {
        var reader = PEP440Reader(VersionBytes.lowercased(VersionBytes.trimmed(text)))
        return reader.readVersion()
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private static func isSeparator(_ byte: UInt8?) -> Bool {
        byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
    }

    private mutating func readVersion() -> PyPIVersion.Release? {
        if current == UInt8(ascii: "v") { index += 1 }
        var epoch = VersionNumber.zero
        let start = index
        if let digits = readDigits(), current == UInt8(ascii: "!") {
            epoch = digits
            index += 1
        } else {
            index = start
        }
        guard let release = readRelease() else { return nil }
        let pre = readPre()
        let post = readPost()
        let dev = readLabelled(["dev"])
        var local: [PyPIVersion.LocalPart]?
        if current == UInt8(ascii: "+") {
            index += 1
            guard let parts = readLocal() else { return nil }
            local = parts
        }
        guard index == bytes.count else { return nil }
        var trimmedRelease = release
        while trimmedRelease.last?.isZero == true { trimmedRelease.removeLast() }
        return PyPIVersion.Release(epoch: epoch, release: trimmedRelease, pre: pre, post: post, dev: dev, local: local)
    }

    private mutating func readDigits() -> VersionNumber? {
        let start = index
        while let byte = current, VersionBytes.isDigit(byte) { index += 1 }
        return index > start ? VersionNumber(digits: bytes[start..<index]) : nil
    }

    /// `N(.N)*`; a dot not followed by a digit is left for what follows.
    private mutating func readRelease() -> [VersionNumber]? {
        guard let first = readDigits() else { return nil }
        var numbers = [first]
        while current == UInt8(ascii: "."), index + 1 < bytes.count, VersionBytes.isDigit(bytes[index + 1]) {
            index += 1
            if let number = readDigits() { numbers.append(number) }
        }
        return numbers
    }

    /// Whether `word` is at `position`.
    private func matches(_ word: String, at position: Int) -> Bool {
        let utf8 = word.utf8
        guard position + utf8.count <= bytes.count else { return false }
        return zip(bytes[position...], utf8).allSatisfy { $0 == $1 }
    }

    /// `[-_.]? word [-_.]? N?` for the first word of `words` present; the number, 0 if absent;
    /// nil, with nothing consumed, if none is present.
    private mutating func readLabelled(_ words: [String]) -> VersionNumber? {
        readLabelledIndex(words).map(\.number)
    }

    private mutating func readLabelledIndex(_ words: [String]) -> (word: Int, number: VersionNumber)? {
        var position = index
        if Self.isSeparator(position < bytes.count ? bytes[position] : nil) { position += 1 }
        guard let word = words.firstIndex(where: { matches($0, at: position) }) else { return nil }
        index = position + words[word].utf8.count
        if Self.isSeparator(current) { index += 1 }
        return (word, readDigits() ?? .zero)
    }

    private mutating func readPre() -> (phase: Int, number: VersionNumber)? {
        guard let (word, number) = readLabelledIndex(Self.preSpellings.map(\.0)) else { return nil }
        return (Self.preSpellings[word].1, number)
    }

    /// The implicit `-N` form, or `[-_.]? (post|rev|r) [-_.]? N?`.
    private mutating func readPost() -> VersionNumber? {
        if current == UInt8(ascii: "-"), index + 1 < bytes.count, VersionBytes.isDigit(bytes[index + 1]) {
            index += 1
            return readDigits()
        }
        return readLabelled(["post", "rev", "r"])
    }

    /// `[a-z0-9]+ ([-_.] [a-z0-9]+)*`, or nil if malformed.
    private mutating func readLocal() -> [PyPIVersion.LocalPart]? {
        var parts: [PyPIVersion.LocalPart] = []
        while true {
            let start = index
            while let byte = current, VersionBytes.isDigit(byte) || VersionBytes.isLower(byte) { index += 1 }
            guard index > start else { return nil }
            let part = bytes[start..<index]
            parts.append(part.allSatisfy(VersionBytes.isDigit) ? .number(VersionNumber(digits: part)) : .text(Array(part)))
            guard Self.isSeparator(current) else { return parts }
            index += 1
        }
    }
}
