/// A software version as the ledger compares versions (Protocol/LEDGER.md §2.5): segments split
/// at `.`, `-`, `_`, `+` and between digits and letters; numeric segments compare as numbers,
/// text segments by their bytes ignoring ASCII case, a number before text, and a version before
/// any longer version it is a prefix of (`1.2` < `1.2.1`). A leading `v` before a digit is
/// read past (`v4.2` equals `4.2`).
public struct SoftwareVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// One segment: digits (leading zeros dropped) or a run of letters and other characters.
    enum Segment: Hashable, Sendable {
        case number(String)
        case text(String)
    }

    /// The version as written.
    public let text: String
    let segments: [Segment]

    /// Reads a version: text with at least one segment and no white space or control character.
    public init?(_ text: String) {
        var bytes = Array(text.utf8)
        guard !bytes.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else { return nil }
        if bytes.count >= 2, bytes[0] == UInt8(ascii: "v") || bytes[0] == UInt8(ascii: "V"), Self.isDigit(bytes[1]) {
            bytes.removeFirst()
        }
        var segments: [Segment] = []
        var current: [UInt8] = []
        var currentIsDigits = false
        func flush() {
            guard !current.isEmpty else { return }
            if currentIsDigits {
                let trimmed = current.drop(while: { $0 == UInt8(ascii: "0") })
                segments.append(.number(trimmed.isEmpty ? "0" : String(decoding: trimmed, as: UTF8.self)))
            } else {
                segments.append(.text(String(decoding: current.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)))
            }
            current.removeAll()
        }
        for byte in bytes {
            if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "+") {
                flush()
                continue
            }
            let digit = Self.isDigit(byte)
            if !current.isEmpty, digit != currentIsDigits { flush() }
            currentIsDigits = digit
            current.append(byte)
        }
        flush()
        guard !segments.isEmpty else { return nil }
        self.text = text
        self.segments = segments
    }

    public var description: String { text }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// -1, 0 or 1 as `a` sorts before, with or after `b`.
    static func compare(_ a: Segment, _ b: Segment) -> Int {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            // Digits without leading zeros: the longer is the larger; same length, by bytes.
            if x.utf8.count != y.utf8.count { return x.utf8.count < y.utf8.count ? -1 : 1 }
            return x == y ? 0 : (x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1)
        case (.number, .text): return -1
        case (.text, .number): return 1
        case (.text(let x), .text(let y)):
            return x.utf8.elementsEqual(y.utf8) ? 0 : (x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1)
        }
    }

    /// -1, 0 or 1 as this version sorts before, equal to or after `other`.
    public func compare(to other: SoftwareVersion) -> Int {
        for (a, b) in zip(segments, other.segments) {
            let order = Self.compare(a, b)
            if order != 0 { return order }
        }
        return segments.count == other.segments.count ? 0 : (segments.count < other.segments.count ? -1 : 1)
    }

    public static func < (a: SoftwareVersion, b: SoftwareVersion) -> Bool { a.compare(to: b) < 0 }
    public static func == (a: SoftwareVersion, b: SoftwareVersion) -> Bool { a.compare(to: b) == 0 }
    public func hash(into hasher: inout Hasher) { hasher.combine(segments) }

    /// Whether `other` starts with every segment of this version.
    func isPrefix(of other: SoftwareVersion) -> Bool {
        segments.count <= other.segments.count && zip(segments, other.segments).allSatisfy { Self.compare($0, $1) == 0 }
    }
}

/// Why a version range was refused.
public struct VersionRangeError: Error, Sendable, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { "version range \"\(text)\": \(reason)" }
}

/// Which software versions a statement is about (Protocol/LEDGER.md §2.5): a `vers:` range
/// (`vers:generic/>=1.0|<2.0`, `vers:all/*`), `*`, one comparator and a version (`<=12.1.3`,
/// `<X`, `>=X`, `>X`, `=X`), or a plain version, whose last segment may be `x` or `*` (`9.x`).
public struct VersionRange: Sendable, CustomStringConvertible {
    public enum Comparator: String, Sendable, CaseIterable {
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "=", notEqual = "!="
    }

    public struct Constraint: Sendable {
        public let comparator: Comparator
        public let version: SoftwareVersion
    }

    enum Form: Sendable {
        case all
        /// A vers range or a single comparator: the vers containment rules.
        case constraints([Constraint])
        /// A plain version ending in `x` or `*`: every version starting with the prefix.
        case prefix(SoftwareVersion)
    }

    /// The range as written.
    public let text: String
    let form: Form

    /// Reads a range, refusing text that is none of the accepted forms.
    public init(_ text: String) throws(VersionRangeError) {
        let trimmed = text.trimmingASCIIBlanks
        func fail(_ reason: String) -> VersionRangeError { VersionRangeError(text: text, reason: reason) }
        guard !trimmed.isEmpty else { throw fail("is empty") }
        self.text = text
        if trimmed == "*" {
            form = .all
            return
        }
        if trimmed.hasPrefix("vers:") {
            let rest = trimmed.dropFirst(5)
            guard let slash = rest.firstIndex(of: "/"), rest.startIndex < slash else {
                throw fail("a vers range is vers:<scheme>/<constraints>")
            }
            let body = rest[rest.index(after: slash)...].trimmingASCIIBlanks
            if body == "*" {
                form = .all
                return
            }
            var constraints: [Constraint] = []
            for part in body.split(separator: "|", omittingEmptySubsequences: false) {
                constraints.append(try Self.constraint(String(part).trimmingASCIIBlanks, bare: .equal, in: text))
            }
            constraints.sort { $0.version < $1.version }
            form = .constraints(constraints)
            return
        }
        if let first = trimmed.unicodeScalars.first, "<>=!".unicodeScalars.contains(first) {
            form = .constraints([try Self.constraint(trimmed, bare: .equal, in: text)])
            return
        }
        let segments = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        if segments.count >= 2, let last = segments.last, last == "x" || last == "X" || last == "*" {
            let prefixText = segments.dropLast().joined(separator: ".")
            guard let prefix = SoftwareVersion(prefixText) else { throw fail("\"\(prefixText)\" is not a version") }
            form = .prefix(prefix)
            return
        }
        guard !trimmed.contains("|"), !trimmed.contains(","), let version = SoftwareVersion(trimmed) else {
            throw fail("is neither a vers: range, a comparator and a version, nor a version")
        }
        form = .constraints([Constraint(comparator: .equal, version: version)])
    }

    private static func constraint(_ part: String, bare: Comparator, in text: String) throws(VersionRangeError) -> Constraint {
        var comparator = bare
        var rest = Substring(part)
        for candidate in [Comparator.lessOrEqual, .greaterOrEqual, .notEqual, .less, .greater, .equal]
        where rest.hasPrefix(candidate.rawValue) {
            comparator = candidate
            rest = rest.dropFirst(candidate.rawValue.count)
            break
        }
        let versionText = String(rest).trimmingASCIIBlanks
        guard !versionText.isEmpty, !versionText.contains(where: { "<>=!|".contains($0) }),
              let version = SoftwareVersion(versionText) else {
            throw VersionRangeError(text: text, reason: "\"\(part)\" is not a comparator and a version")
        }
        return Constraint(comparator: comparator, version: version)
    }

    public var description: String { text }

    /// Whether `version` is in the range. Text that is not a version is in no range but `*`.
    public func contains(_ version: String) -> Bool {
        if case .all = form { return true }
        guard let v = SoftwareVersion(version) else { return false }
        return contains(v)
    }

    /// Whether `version` is in the range.
    public func contains(_ v: SoftwareVersion) -> Bool {
        switch form {
        case .all:
            return true
        case .prefix(let prefix):
            return prefix.isPrefix(of: v)
        case .constraints(let all):
            // The vers specification's containment algorithm (github.com/package-url/purl-spec,
            // VERSION-RANGE-SPEC.rst, "Checking if a version is contained within a range").
            for c in all where c.version == v {
                if c.comparator == .equal { return true }
                if c.comparator == .notEqual { return false }
            }
            let ordered = all.filter { $0.comparator != .equal && $0.comparator != .notEqual }
            guard !ordered.isEmpty else { return false }
            if ordered.count == 1 { return Self.satisfies(v, ordered[0]) }
            for i in 0..<(ordered.count - 1) {
                let current = ordered[i], next = ordered[i + 1]
                let currentIsUpper = current.comparator == .less || current.comparator == .lessOrEqual
                let nextIsLower = next.comparator == .greater || next.comparator == .greaterOrEqual
                if i == 0, currentIsUpper, Self.satisfies(v, current) { return true }
                if i == ordered.count - 2, nextIsLower, Self.satisfies(v, next) { return true }
                if !currentIsUpper, !(next.comparator == .greater || next.comparator == .greaterOrEqual),
                   Self.satisfies(v, current), Self.satisfies(v, next) {
                    return true
                }
            }
            return false
        }
    }

    static func satisfies(_ v: SoftwareVersion, _ c: Constraint) -> Bool {
        let order = v.compare(to: c.version)
        switch c.comparator {
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        case .greaterOrEqual: return order >= 0
        case .equal: return order == 0
        case .notEqual: return order != 0
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing ASCII spaces and tabs.
    var trimmingASCIIBlanks: String {
        var scalars = Substring(self).unicodeScalars[...]
        while let f = scalars.first, f == " " || f == "\t" { scalars = scalars.dropFirst() }
        while let l = scalars.last, l == " " || l == "\t" { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
