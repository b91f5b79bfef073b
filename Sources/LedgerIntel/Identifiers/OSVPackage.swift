import Foundation

/// An OSV package key: ecosystem as OSV writes it and the name normalised so that a purl and an
/// OSV record's `affected[].package` compare equal.
///
/// Build one from an OSV record with `init(ecosystem:name:)` and compare it with the keys of a
/// purl (`PackageURL.osvPackages`): both go through the same normalisation, so spelling
/// differences the ecosystem itself ignores (PyPI's `Django_Rest` and `django-rest`, NuGet's
/// letter case) do not hide a match.
public struct OSVPackage: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The ecosystem, e.g. `Maven`, `PyPI`, `Debian:11`, `Ubuntu:20.04:LTS`, `Alpine:v3.17`.
    public let ecosystem: String
    /// The package name, normalised for its ecosystem.
    public let name: String

    /// Normalises the ecosystem and the name.
    ///
    /// The ecosystem keeps its release part as written (`Debian:11` stays `Debian:11`: the
    /// release is part of what the record covers); only the part before the first ':' is set to
    /// OSV's own spelling when it matches a known ecosystem ignoring case, and the
    /// `purl-type:swift` that GitHub's advisory export writes becomes `SwiftURL`.
    ///
    /// The name is trimmed and then, per ecosystem:
    /// * PyPI: lowercased, each run of '-', '_' and '.' written as one '-' (PEP 503);
    /// * NuGet, Packagist, crates.io, Hex, Pub, GitHub Actions: lowercased, as these registries
    ///   ignore case;
    /// * Debian, Ubuntu, Alpine, Wolfi, Chainguard: lowercased (distribution package names are);
    /// * SwiftURL: a leading `https://` or `http://` and a trailing `.git` are dropped, as OSV
    ///   writes the URL either way;
    /// * others (npm, Go, Maven `group:artifact`, RubyGems, CRAN, Hackage, RPM distributions):
    ///   as written, since those names are case-sensitive.
    public init(ecosystem: String, name: String) {
        let canonical = Self.canonicalEcosystem(ecosystem)
        self.ecosystem = canonical
        self.name = Self.normalizedName(name, base: Self.baseEcosystem(of: canonical))
    }

    /// The ecosystem without its release: the part before the first ":" (`Debian:11` → `Debian`,
    /// `Ubuntu:Pro:14.04:LTS` → `Ubuntu`).
    public var baseEcosystem: String { Self.baseEcosystem(of: ecosystem) }

    /// The release part of the ecosystem (`11` of `Debian:11`), or nil when there is none.
    public var release: String? {
        guard let colon = ecosystem.firstIndex(of: ":") else { return nil }
        let release = ecosystem[ecosystem.index(after: colon)...]
        return release.isEmpty ? nil : String(release)
    }

    /// The same package in the release-less ecosystem (`Debian:11` → `Debian`).
    public var withoutRelease: OSVPackage { OSVPackage(ecosystem: baseEcosystem, name: name) }

    public var description: String { "\(ecosystem)/\(name)" }

    public static func < (lhs: OSVPackage, rhs: OSVPackage) -> Bool {
        (lhs.ecosystem, lhs.name) < (rhs.ecosystem, rhs.name)
    }

    /// The part of an ecosystem string before the first ":".
    public static func baseEcosystem(of ecosystem: String) -> String {
        guard let colon = ecosystem.firstIndex(of: ":") else { return ecosystem }
        return String(ecosystem[..<colon])
    }
}

// MARK: - Normalisation

extension OSVPackage {
    /// OSV's spellings of the ecosystems it defines, for repairing the case of a base ecosystem.
    static let knownEcosystems: [String] = [
        "AlmaLinux", "Alpine", "Android", "Bitnami", "Chainguard", "ConanCenter", "CRAN", "crates.io",
        "Debian", "GHC", "GitHub Actions", "Go", "Hackage", "Hex", "Linux", "Mageia", "Maven", "MinimOS",
        "npm", "NuGet", "openEuler", "openSUSE", "OSS-Fuzz", "Packagist", "Photon OS", "Pub", "PyPI",
        "Red Hat", "Rocky Linux", "RubyGems", "SUSE", "SwiftURL", "Ubuntu", "Wolfi",
    ]

    private static let knownByLowercase: [String: String] = {
        var table: [String: String] = [:]
        for ecosystem in knownEcosystems { table[ecosystem.lowercased()] = ecosystem }
        return table
    }()

    /// Whole ecosystem strings that other exporters write for an OSV ecosystem.
    private static let ecosystemAliases: [String: String] = ["purl-type:swift": "SwiftURL"]

    /// Ecosystems whose package names are compared ignoring case.
    private static let caseInsensitiveEcosystems: Set<String> = [
        "NuGet", "Packagist", "crates.io", "Hex", "Pub", "GitHub Actions",
        "Debian", "Ubuntu", "Alpine", "Wolfi", "Chainguard",
    ]

    static func canonicalEcosystem(_ ecosystem: String) -> String {
        let trimmed = ecosystem.trimmedWhitespace
        if let alias = ecosystemAliases[trimmed.lowercased()] { return alias }
        let base = baseEcosystem(of: trimmed)
        guard let known = knownByLowercase[base.lowercased()], known != base else { return trimmed }
        return known + trimmed.dropFirst(base.count)
    }

    static func normalizedName(_ name: String, base: String) -> String {
        let trimmed = name.trimmedWhitespace
        switch base {
        case "PyPI": return pep503(trimmed)
        case "SwiftURL": return swiftURLName(trimmed)
        case _ where caseInsensitiveEcosystems.contains(base): return trimmed.lowercased()
        default: return trimmed
        }
    }

    /// PEP 503: lowercase, and every run of '-', '_' and '.' becomes a single '-'.
    static func pep503(_ name: String) -> String {
        var out = ""
        var inSeparatorRun = false
        for character in name.lowercased() {
            if character == "-" || character == "_" || character == "." {
                if !inSeparatorRun { out.append("-") }
                inSeparatorRun = true
            } else {
                out.append(character)
                inSeparatorRun = false
            }
        }
        return out
    }

    /// A Swift package is named by its repository URL; OSV records write it with or without the
    /// scheme and the `.git` suffix, which say nothing about which package is meant.
    static func swiftURLName(_ name: String) -> String {
        var url = Substring(name)
        for scheme in ["https://", "http://"] where url.lowercased().hasPrefix(scheme) {
            url = url.dropFirst(scheme.count)
        }
        if url.lowercased().hasSuffix(".git") { url = url.dropLast(4) }
        while url.last == "/" { url = url.dropLast() }
        return String(url)
    }
}
