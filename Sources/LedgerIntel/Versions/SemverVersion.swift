/// A version in the SemVer family: SemVer 2.0 itself (npm, crates.io, Hex, Go), Dart's pub and
/// NuGet, which differ only in details, told apart by `Flavor`.
///
/// **Reading** (all flavors): optional white space around; an optional `v`, `V` or `=` prefix
/// (Go writes `v1.2.3`, npm accepts both); a numeric core of one or more numbers separated by
/// dots, each of any length; then optionally `-` and a pre-release, then optionally `+` and
/// build metadata, each a list of identifiers separated by dots. A missing minor or patch number
/// counts as zero (`1` = `1.0` = `1.0.0`, as OSV's data has it). Text after the core that starts
/// with neither `-` nor `+` (`1.0.0rc1`, `1.2.3.beta`) is read as a pre-release, so it sorts
/// before the release, and the version is reported malformed. A text with no leading number
/// cannot be read at all (see `VersionScheme`).
///
/// **Order** (SemVer 2.0 §11): the core numbers one by one, the shorter padded with zeros (so a
/// fourth number, as NuGet writes, simply compares next); then a version with a pre-release is
/// lower than one without; pre-releases compare identifier by identifier: digits-only
/// identifiers numerically, others by their ASCII bytes, a numeric identifier lower than a
/// textual one, and a shorter list lower when it is a prefix of the longer one. Build metadata
/// is ignored (`1.0.0+a` = `1.0.0+b`); Go's `+incompatible` is build metadata, and Go's
/// pseudo-versions (`v0.0.0-20191109021931-daa7c04131f5`) are ordinary pre-releases, which order
/// by their time stamps as Go intends.
///
/// **Pub** orders build metadata as well, as `pub_semver` does: after the pre-release, a version
/// without build metadata is lower than one with it, and two build lists compare like
/// pre-releases (`1.0.0-pre` < `1.0.0-pre+build` < `1.0.0` < `1.0.0+build`, `1.2.3+9` < `1.2.3+a`).
///
/// **NuGet** has up to four core numbers (`1.0` = `1.0.0.0`) and compares pre-release labels
/// without regard to case (`1.0.0-BETA` = `1.0.0-beta`).
struct SemverVersion: Sendable {
    enum Flavor: Sendable {
        case semver, pub, nuget

        /// The most core numbers a well-formed version of this flavor has.
        var maximumCoreCount: Int { self == .nuget ? 4 : 3 }
    }

    /// One dot-separated identifier of a pre-release or build.
    enum Identifier: Sendable {
        case number(VersionNumber)
        case text([UInt8])

        @inline(__always)
        func compare(to other: Identifier) -> Int {
            switch (self, other) {
            case let (.number(a), .number(b)): return a.compare(b)
            case (.number, .text): return -1
            case (.text, .number): return 1
            case let (.text(a), .text(b)): return VersionBytes.compare(a, b)
            }
        }
    }

    let flavor: Flavor
    let core: [VersionNumber]
    /// Empty for a release.
    let prerelease: [Identifier]
    /// Empty without build metadata; only pub orders by it.
    let build: [Identifier]
    /// Whether the text was strictly of the flavor's form (up to the prefix and missing numbers).
    let isWellFormed: Bool

    /// Negative, zero or positive as this version orders before, equal to or after `other`.
    func compare(to other: SemverVersion) -> Int {
        let coreOrder = Self.compareCores(core, other.core)
        if coreOrder != 0 { return coreOrder }
        let preOrder = Self.comparePrereleases(prerelease, other.prerelease)
        if preOrder != 0 || flavor != .pub { return preOrder }
        return Self.compareBuilds(build, other.build)
    }

    /// Core numbers one by one, the shorter list padded with zeros.
    private static func compareCores(_ a: [VersionNumber], _ b: [VersionNumber]) -> Int {
        let shared = min(a.count, b.count)
        for index in 0..<shared {
            let order = a[index].compare(b[index])
            if order != 0 { return order }
        }
        // Past the shorter core, any non-zero number decides for its side.
        if a.count > shared, a[shared...].contains(where: { !$0.isZero }) { return 1 }
        if b.count > shared, b[shared...].contains(where: { !$0.isZero }) { return -1 }
        return 0
    }

    /// A release (no identifiers) above any pre-release; otherwise the identifier lists.
    private static func comparePrereleases(_ a: [Identifier], _ b: [Identifier]) -> Int {
        switch (a.isEmpty, b.isEmpty) {
        case (true, true): return 0
        case (true, false): return 1
        case (false, true): return -1
        case (false, false): return compareLists(a, b)
        }
    }

    /// No build metadata below any build metadata; otherwise the identifier lists (pub only).
    private static func compareBuilds(_ a: [Identifier], _ b: [Identifier]) -> Int {
        switch (a.isEmpty, b.isEmpty) {
        case (true, true): return 0
        case (true, false): return -1
        case (false, true): return 1
        case (false, false): return compareLists(a, b)
        }
    }

    /// Identifier by identifier; a list that is a proper prefix of the other sorts first.
    private static func compareLists(_ a: [Identifier], _ b: [Identifier]) -> Int {
        for index in 0..<min(a.count, b.count) {
            let order = a[index].compare(to: b[index])
            if order != 0 { return order }
        }
        return VersionBytes.order(a.count, b.count)
    }

    // MARK: Reading

    /// Reads `text` as the flavor does, or nil if it has no leading number (see the type notes).
    static func parse(_ text: String, flavor: Flavor) -> SemverVersion? {
        let trimmed = VersionBytes.trimmed(text)
        var wellFormed = trimmed.count == text.utf8.count
        var bytes = trimmed[...]
        if let first = bytes.first, first == UInt8(ascii: "v") || first == UInt8(ascii: "V") || first == UInt8(ascii: "=") {
            bytes = bytes.dropFirst()
        }
        guard let core = readCore(&bytes) else { return nil }
        if core.count > flavor.maximumCoreCount { wellFormed = false }

        var prerelease: [Identifier] = []
        var build: [Identifier] = []
        if let first = bytes.first, first != UInt8(ascii: "+") {
            // A pre-release proper starts with "-"; anything else is read as one, leniently.
            if first == UInt8(ascii: "-") {
                bytes = bytes.dropFirst()
            } else {
                wellFormed = false
                if first == UInt8(ascii: ".") { bytes = bytes.dropFirst() }
            }
            let end = bytes.firstIndex(of: UInt8(ascii: "+")) ?? bytes.endIndex
            let (identifiers, ok) = readIdentifiers(bytes[bytes.startIndex..<end], lowercase: flavor == .nuget)
            prerelease = identifiers
            wellFormed = wellFormed && ok
            bytes = bytes[end...]
        }
        if bytes.first == UInt8(ascii: "+") {
            let (identifiers, ok) = readIdentifiers(bytes.dropFirst(), lowercase: false)
            build = identifiers
            wellFormed = wellFormed && ok
        }
        return SemverVersion(flavor: flavor, core: core, prerelease: prerelease, build: build, isWellFormed: wellFormed)
    }

    /// Numbers separated by dots from the start of `bytes`, which is left after the last number
    /// (a dot not followed by a digit is left in place). Nil if `bytes` does not start with a digit.
    private static func readCore(_ bytes: inout ArraySlice<UInt8>) -> [VersionNumber]? {
        var core: [VersionNumber] = []
        var index = bytes.startIndex
        while true {
            let start = index
            while index < bytes.endIndex, VersionBytes.isDigit(bytes[index]) { index += 1 }
            guard index > start else { break }
            core.append(VersionNumber(digits: bytes[start..<index]))
            guard index + 1 < bytes.endIndex, bytes[index] == UInt8(ascii: "."),
                  VersionBytes.isDigit(bytes[index + 1]) else { break }
            index += 1
        }
        guard !core.isEmpty else { return nil }
        bytes = bytes[index...]
        return core
    }

    /// The dot-separated identifiers of `bytes`, and whether each was a well-formed SemVer
    /// identifier (non-empty, ASCII letters, digits and hyphens). An empty input is no identifiers.
    private static func readIdentifiers(_ bytes: ArraySlice<UInt8>, lowercase: Bool) -> ([Identifier], Bool) {
        guard !bytes.isEmpty else { return ([], false) }
        var identifiers: [Identifier] = []
        var ok = true
        for part in bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            if part.isEmpty || !part.allSatisfy({ VersionBytes.isAlphanumeric($0) || $0 == UInt8(ascii: "-") }) {
                ok = false
            }
            if !part.isEmpty, part.allSatisfy(VersionBytes.isDigit) {
                identifiers.append(.number(VersionNumber(digits: part)))
            } else {
                identifiers.append(.text(lowercase ? VersionBytes.lowercased(part) : Array(part)))
            }
        }
        return (identifiers, ok)
    }
}
