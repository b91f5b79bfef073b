import Foundation

/// A Package URL (purl): `pkg:type/namespace/name@version?qualifiers#subpath`.
///
/// A purl names a package the way its own ecosystem does (a Maven group and artifact, an npm
/// scope and name, a Debian binary package and its distribution). SBOMs carry them for every
/// component, and they are how a component is tied to the vulnerability databases: see
/// `osvPackages`.
///
/// Parsing follows the purl specification's "how to parse" steps (right to left: subpath,
/// qualifiers, then scheme, type, version, name, namespace), with these choices, each for a reason
/// given where it is made:
/// * what is stored is decoded: percent-escapes are resolved in the namespace, name, version,
///   qualifier values and subpath;
/// * the type and qualifier keys are lowercased (the specification says both are case-insensitive);
/// * the type-specific case rules of the specification's PURL-TYPES are applied, except for npm
///   and Go names, whose registries are case-sensitive (see `normalized(type:namespace:name:)`);
/// * malformed text is refused with a `PackageURLError` rather than guessed at.
public struct PackageURL: Sendable, Hashable {
    /// The package type, lowercased: `maven`, `npm`, `deb`, …
    public let type: String
    /// The namespace, percent-decoded, its segments joined with "/" (a Maven group id, an npm
    /// scope such as `@angular`, a Go module path prefix, a distribution vendor such as `debian`).
    public let namespace: String?
    /// The package name, percent-decoded.
    public let name: String
    /// The version, percent-decoded (`1:2.29.2-1+deb9u1`, `v1.0.1`, `(devel)`), or nil.
    public let version: String?
    /// The qualifiers: keys lowercased, values percent-decoded; pairs with an empty value are
    /// dropped, as the specification says such a pair is the same as no pair.
    public let qualifiers: [String: String]
    /// The subpath inside the package, its segments decoded and joined with "/", or nil.
    public let subpath: String?

    /// A purl from its parts. The same normalisation as parsing applies (type and qualifier keys
    /// lowercased, type-specific case rules, empty strings read as absent), so a purl built here
    /// equals the one parsed from its text. Nothing is refused here: an empty name is kept as
    /// given (only parsing refuses one), so callers building purls check their own input.
    public init(type: String, namespace: String? = nil, name: String, version: String? = nil,
                qualifiers: [String: String] = [:], subpath: String? = nil) {
        let lowerType = type.lowercased()
        let parts = Self.normalized(type: lowerType, namespace: Self.present(namespace), name: name)
        self.type = lowerType
        self.namespace = parts.namespace
        self.name = parts.name
        self.version = Self.present(version)
        var keyed: [String: String] = [:]
        for (key, value) in qualifiers where !value.isEmpty {
            keyed[key.lowercased()] = value
        }
        self.qualifiers = keyed
        self.subpath = Self.present(subpath)
    }

    /// Parses a purl; throws PackageURLError (with a `description` naming what is wrong, e.g.
    /// "no scheme pkg:", "no type", "no name", "bad percent-encoding") on malformed text.
    ///
    /// Leading and trailing white space is ignored (SBOM tools sometimes leave it around an XML
    /// element's text); control characters anywhere are refused. `pkg://type/…` is accepted, as
    /// the specification tells parsers to ignore the slashes after the scheme.
    public init(parsing text: String) throws(PackageURLError) {
        let trimmed = text.trimmedWhitespace
        if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw PackageURLError(.controlCharacter, "control character in purl \(Self.quoted(trimmed))")
        }
        var rest = Substring(trimmed)
        let subpath = try Self.takeSubpath(from: &rest)
        let qualifiers = try Self.takeQualifiers(from: &rest)
        try Self.takeScheme(from: &rest, text: trimmed)
        let type = try Self.takeType(from: &rest, text: trimmed)
        let version = try Self.takeVersion(from: &rest, text: trimmed)
        let (namespace, name) = try Self.splitNamespaceAndName(rest, text: trimmed)
        self.init(type: type, namespace: namespace, name: name, version: version,
                  qualifiers: qualifiers, subpath: subpath)
    }
}

// MARK: - Parsing steps

extension PackageURL {
    /// The text after the last '#' is the subpath. Empty, "." and ".." segments are discarded
    /// (a subpath is relative to the package root and must not climb out of it); a segment that
    /// decodes to something holding "/" is refused, as it could not be told from two segments.
    static func takeSubpath(from rest: inout Substring) throws(PackageURLError) -> String? {
        guard let hash = rest.lastIndex(of: "#") else { return nil }
        let raw = rest[rest.index(after: hash)...]
        rest = rest[..<hash]
        var segments: [String] = []
        for piece in raw.split(separator: "/", omittingEmptySubsequences: true) where piece != "." && piece != ".." {
            let segment = try PURLPercentCoding.decode(piece, component: "subpath")
            if segment.contains("/") {
                throw PackageURLError(.badSegment, "subpath segment \(quoted(String(piece))) decodes to a '/'")
            }
            segments.append(segment)
        }
        return segments.isEmpty ? nil : segments.joined(separator: "/")
    }

    /// The text after the last '?' holds `key=value` pairs joined by '&'. Keys are lowercased
    /// and must be made of ASCII letters, digits, '.', '-' and '_' and not start with a digit
    /// (the specification's rule). A key repeated with another value is refused, since which
    /// value is meant cannot be known (repeated with the same value it is harmless and kept once).
    /// A pair without '=' or with an empty value is dropped.
    static func takeQualifiers(from rest: inout Substring) throws(PackageURLError) -> [String: String] {
        guard let question = rest.lastIndex(of: "?") else { return [:] }
        let raw = rest[rest.index(after: question)...]
        rest = rest[..<question]
        var qualifiers: [String: String] = [:]
        for pair in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let equals = pair.firstIndex(of: "=")
            let rawKey = equals.map { pair[..<$0] } ?? pair
            let key = rawKey.lowercased()
            guard isValidQualifierKey(key) else {
                throw PackageURLError(.badQualifier, "bad qualifier key \(quoted(String(rawKey)))")
            }
            guard let equals else { continue }
            let value = try PURLPercentCoding.decode(pair[pair.index(after: equals)...], component: "qualifier \(key)")
            if value.isEmpty { continue }
            if let earlier = qualifiers[key], earlier != value {
                throw PackageURLError(.badQualifier, "duplicate qualifier key \(quoted(key)) with different values")
            }
            qualifiers[key] = value
        }
        return qualifiers
    }

    /// Everything before the first ':' must be the scheme "pkg" (in any case). The slashes after
    /// it, as in `pkg://`, are not significant and are skipped.
    static func takeScheme(from rest: inout Substring, text: String) throws(PackageURLError) {
        guard let colon = rest.firstIndex(of: ":"), rest[..<colon].lowercased() == "pkg" else {
            throw PackageURLError(.noScheme, "no scheme pkg: in \(quoted(text))")
        }
        rest = rest[rest.index(after: colon)...].drop(while: { $0 == "/" })
    }

    /// The type runs to the next '/'. It is never percent-encoded; it is made of ASCII letters,
    /// digits, '.', '+' and '-' and does not start with a digit.
    static func takeType(from rest: inout Substring, text: String) throws(PackageURLError) -> String {
        guard let slash = rest.firstIndex(of: "/") else {
            if rest.isEmpty { throw PackageURLError(.noType, "no type in \(quoted(text))") }
            throw PackageURLError(.noName, "no name in \(quoted(text)) (nothing after the type)")
        }
        let type = rest[..<slash]
        guard !type.isEmpty else { throw PackageURLError(.noType, "no type in \(quoted(text))") }
        guard isValidType(type) else {
            throw PackageURLError(.badType, "bad type \(quoted(String(type))): only ASCII letters, digits, '.', '+' and '-', not starting with a digit")
        }
        rest = rest[rest.index(after: slash)...]
        return type.lowercased()
    }

    /// The version follows the last '@'. Two cases are read differently from that plain rule:
    /// * an '@' that begins a segment and is followed by more segments is an npm scope written
    ///   without its `%40` (`pkg:npm/@angular/core`), not a version separator;
    /// * an '@' that begins the last segment (`pkg:apk/alpine/@1.36.1-r27`) leaves the name empty.
    ///   It is refused: dropping the empty segment, as the plain rule would, silently turns the
    ///   namespace into the name.
    static func takeVersion(from rest: inout Substring, text: String) throws(PackageURLError) -> String? {
        guard let at = rest.lastIndex(of: "@") else { return nil }
        let after = rest[rest.index(after: at)...]
        let beginsSegment = at == rest.startIndex || rest[rest.index(before: at)] == "/"
        if beginsSegment {
            if after.contains("/") { return nil }
            throw PackageURLError(.noName, "no name in \(quoted(text)) (nothing between '/' and '@')")
        }
        rest = rest[..<at]
        let version = try PURLPercentCoding.decode(after, component: "version")
        return version.isEmpty ? nil : version
    }

    /// What is left is `namespace/…/name`: trailing slashes are dropped, the last segment is the
    /// name and the others, empty ones discarded, the namespace. A namespace segment that decodes
    /// to something holding "/" is refused, as it could not be told from two segments.
    static func splitNamespaceAndName(_ path: Substring, text: String) throws(PackageURLError) -> (String?, String) {
        var trimmed = path
        while trimmed.last == "/" { trimmed = trimmed.dropLast() }
        let segments = trimmed.split(separator: "/", omittingEmptySubsequences: true)
        guard let last = segments.last else {
            throw PackageURLError(.noName, "no name in \(quoted(text))")
        }
        let name = try PURLPercentCoding.decode(last, component: "name")
        guard !name.isEmpty else { throw PackageURLError(.noName, "no name in \(quoted(text))") }
        var namespaceSegments: [String] = []
        for piece in segments.dropLast() {
            let segment = try PURLPercentCoding.decode(piece, component: "namespace")
            if segment.contains("/") {
                throw PackageURLError(.badSegment, "namespace segment \(quoted(String(piece))) decodes to a '/'")
            }
            namespaceSegments.append(segment)
        }
        return (namespaceSegments.isEmpty ? nil : namespaceSegments.joined(separator: "/"), name)
    }

    static func isValidType(_ type: Substring) -> Bool {
        guard let first = type.unicodeScalars.first, !isASCIIDigit(first) else { return false }
        return type.unicodeScalars.allSatisfy { isASCIILetterOrDigit($0) || $0 == "." || $0 == "+" || $0 == "-" }
    }

    static func isValidQualifierKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, !isASCIIDigit(first) else { return false }
        return key.unicodeScalars.allSatisfy { isASCIILetterOrDigit($0) || $0 == "." || $0 == "-" || $0 == "_" }
    }

    static func isASCIIDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    static func isASCIILetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || isASCIIDigit(scalar)
    }

    /// The string, or nil when it is absent or empty: an empty component is no component.
    static func present(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    /// Quotes a piece of input for an error message, cut short so a huge input stays readable.
    static func quoted(_ text: String) -> String {
        let limit = 120
        return text.count > limit ? "\"\(text.prefix(limit))…\"" : "\"\(text)\""
    }
}

// MARK: - Type-specific rules

extension PackageURL {
    /// Types whose namespace PURL-TYPES declares case-insensitive and to be lowercased.
    static let typesWithLowercaseNamespace: Set<String> = [
        "alpm", "apk", "bitbucket", "composer", "deb", "github", "hex", "luarocks", "qpkg", "rpm",
    ]

    /// Types whose name PURL-TYPES declares case-insensitive and to be lowercased.
    static let typesWithLowercaseName: Set<String> = [
        "alpm", "apk", "bitbucket", "bitnami", "composer", "deb", "github", "hex", "luarocks", "oci", "pub",
    ]

    /// Applies the PURL-TYPES case rules, so that two spellings of one package compare equal:
    /// * the types above lowercase their namespace and/or name;
    /// * pypi lowercases the name and writes '_' as '-' (PyPI treats them alike);
    /// * npm and golang are left as written, although PURL-TYPES says to lowercase them: npm
    ///   still serves older packages with capitals (`JSONStream`), and Go module paths are
    ///   case-sensitive (`github.com/BurntSushi/toml` is what the module proxy and the Go
    ///   vulnerability database know; real SBOMs write it so). Lowercasing would lose the match.
    static func normalized(type: String, namespace: String?, name: String) -> (namespace: String?, name: String) {
        var namespace = namespace
        var name = name
        if typesWithLowercaseNamespace.contains(type) { namespace = namespace?.lowercased() }
        if typesWithLowercaseName.contains(type) { name = name.lowercased() }
        if type == "pypi" { name = name.lowercased().replacingOccurrences(of: "_", with: "-") }
        return (namespace, name)
    }
}

// MARK: - Canonical text

extension PackageURL: CustomStringConvertible {
    /// The purl in canonical form: components percent-encoded, qualifiers sorted by key.
    /// Parsing this text gives back an equal value.
    public var description: String {
        var text = "pkg:" + type + "/"
        if let namespace {
            let segments = namespace.split(separator: "/").map { PURLPercentCoding.encode($0) }
            text += segments.joined(separator: "/") + "/"
        }
        text += PURLPercentCoding.encode(name[...])
        if let version { text += "@" + PURLPercentCoding.encode(version[...]) }
        if !qualifiers.isEmpty {
            let pairs = qualifiers.keys.sorted().map { key in
                key + "=" + PURLPercentCoding.encode((qualifiers[key] ?? "")[...], keepingSlash: true)
            }
            text += "?" + pairs.joined(separator: "&")
        }
        if let subpath {
            text += "#" + subpath.split(separator: "/").map { PURLPercentCoding.encode($0) }.joined(separator: "/")
        }
        return text
    }
}

/// Why a purl was refused: a kind to branch on and a sentence that names the problem and quotes
/// the offending part of the input.
public struct PackageURLError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The text does not start with "pkg:".
        case noScheme
        /// Nothing stands between "pkg:" and the first '/'.
        case noType
        /// The type holds characters the specification does not allow.
        case badType
        /// The name is missing or empty.
        case noName
        /// A '%' is not followed by two hex digits, or the decoded bytes are not UTF-8.
        case badPercentEncoding
        /// A qualifier key is malformed or repeated.
        case badQualifier
        /// A namespace or subpath segment decodes to text holding '/'.
        case badSegment
        /// The text holds a control character.
        case controlCharacter
    }

    public let kind: Kind
    public let description: String

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }
}

