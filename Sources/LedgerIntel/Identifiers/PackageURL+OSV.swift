import Foundation

extension PackageURL {
    /// The OSV packages this purl names, most specific first (may be empty when the type has no OSV ecosystem).
    ///
    /// Language ecosystems give one key: `maven` → Maven `group:artifact`, `npm` → npm
    /// `@scope/name`, `pypi` → PyPI, `golang` → Go `namespace/name`, `nuget` → NuGet, `cargo` →
    /// crates.io, `gem` → RubyGems, `composer` → Packagist `vendor/name`, `hex` → Hex, `pub` → Pub,
    /// `cran` → CRAN, `hackage` → Hackage, `swift` → SwiftURL `namespace/name`, `github` →
    /// GitHub Actions `owner/repo`, `bitnami` → Bitnami, `conan` → ConanCenter.
    ///
    /// Distribution packages (`deb`, `apk`, `rpm`) give a key per ecosystem and name:
    /// * ecosystems: the release named by the `distro` qualifier (`Debian:9`, `Ubuntu:20.04:LTS`,
    ///   `Alpine:v3.17`, `Rocky Linux:9`; for an Ubuntu ESM distro `Ubuntu:Pro:16.04:LTS` before
    ///   `Ubuntu:16.04:LTS`), then the release-less base (`Debian`), which is all there is when
    ///   the distro is absent or not understood;
    /// * names: the source package named by the `source`, `upstream` or `origin` qualifier, then
    ///   the binary package (the purl's name). OSV's Debian, Ubuntu and Alpine records are filed
    ///   under source packages (`util-linux`, not `bsdutils`), so the source name comes first.
    ///
    /// Qualifiers other than these and the subpath never change the keys: a purl that carries
    /// `arch=` or `#subpath` still names the same package.
    public var osvPackages: [OSVPackage] {
        if let language = languageOSVPackage { return [language] }
        let ecosystems = OSVDistroRelease.ecosystems(type: type, vendor: distributionVendor, distro: qualifiers["distro"])
        guard !ecosystems.isEmpty else { return [] }
        var names: [String] = []
        if let source = sourcePackageName { names.append(source) }
        names.append(name)
        var keys: [OSVPackage] = []
        for ecosystem in ecosystems {
            for packageName in names {
                let key = OSVPackage(ecosystem: ecosystem, name: packageName)
                if !keys.contains(key) { keys.append(key) }
            }
        }
        return keys
    }

    /// The source package a distribution purl's binary package was built from: the name part of
    /// the `source`, `upstream` or `origin` qualifier (written `name` or `name@version`; a Red
    /// Hat source RPM file name `curl-7.61.1-22.el8.src.rpm` gives `curl`). Nil for other types.
    public var sourcePackageName: String? { sourceQualifier?.name }

    /// The source package's version when the qualifier carries one (`upstream=acl@2.2.52-3`
    /// gives `2.2.52-3`, while the binary's version is `2.2.52-3+b1`). OSV ranges for source
    /// packages are in source versions.
    public var sourceVersion: String? { sourceQualifier?.version }
}

// MARK: - Language ecosystems

extension PackageURL {
    /// The one OSV key of a language-ecosystem purl, or nil for other types and for purls that
    /// lack a part the key needs (a Maven purl without a group cannot name a Maven package).
    var languageOSVPackage: OSVPackage? {
        switch type {
        case "maven": return namespace.map { OSVPackage(ecosystem: "Maven", name: "\($0):\(name)") }
        case "npm": return OSVPackage(ecosystem: "npm", name: npmName)
        case "pypi": return OSVPackage(ecosystem: "PyPI", name: name)
        case "golang": return OSVPackage(ecosystem: "Go", name: joinedPath)
        case "nuget": return OSVPackage(ecosystem: "NuGet", name: name)
        case "cargo": return OSVPackage(ecosystem: "crates.io", name: name)
        case "gem": return OSVPackage(ecosystem: "RubyGems", name: name)
        case "composer": return namespace.map { OSVPackage(ecosystem: "Packagist", name: "\($0)/\(name)") }
        case "hex": return OSVPackage(ecosystem: "Hex", name: name)
        case "pub": return OSVPackage(ecosystem: "Pub", name: name)
        case "cran": return OSVPackage(ecosystem: "CRAN", name: name)
        case "hackage": return OSVPackage(ecosystem: "Hackage", name: name)
        case "swift": return namespace.map { OSVPackage(ecosystem: "SwiftURL", name: "\($0)/\(name)") }
        case "github", "githubactions": return namespace.map { OSVPackage(ecosystem: "GitHub Actions", name: "\($0)/\(name)") }
        case "bitnami": return OSVPackage(ecosystem: "Bitnami", name: name)
        case "conan": return OSVPackage(ecosystem: "ConanCenter", name: name)
        default: return nil
        }
    }

    /// `namespace/name`, or the name alone (Go's `stdlib` and `toolchain` have no namespace).
    var joinedPath: String { namespace.map { "\($0)/\(name)" } ?? name }

    /// npm writes a scoped package as `@scope/name`. The purl namespace is the scope; an '@' is
    /// added when a generator left it out, since npm scopes always start with one.
    var npmName: String {
        guard let namespace else { return name }
        return namespace.hasPrefix("@") ? "\(namespace)/\(name)" : "@\(namespace)/\(name)"
    }
}

// MARK: - Distribution packages

extension PackageURL {
    /// Who made the distribution: the namespace (`debian`, `ubuntu`, `alpine`, `rocky`), or,
    /// when a purl has none, the distribution the `distro` qualifier names.
    var distributionVendor: String? {
        if let namespace { return namespace.lowercased() }
        return qualifiers["distro"].flatMap { OSVDistroRelease.vendor(ofDistro: $0, type: type) }
    }

    /// The source package's name and version, from the first of `source`, `upstream`, `origin`.
    var sourceQualifier: (name: String, version: String?)? {
        guard ["deb", "rpm", "apk"].contains(type) else { return nil }
        guard let value = ["source", "upstream", "origin"].lazy.compactMap({ self.qualifiers[$0] }).first else {
            return nil
        }
        return Self.parseSourceQualifier(value, type: type)
    }

    /// Reads `name`, `name@version`, or (rpm) a source RPM file name `name-version-release.src.rpm`.
    static func parseSourceQualifier(_ value: String, type: String) -> (name: String, version: String?)? {
        let trimmed = value.trimmedWhitespace
        if type == "rpm", trimmed.lowercased().hasSuffix(".src.rpm") {
            return parseSourceRPMFileName(String(trimmed.dropLast(".src.rpm".count)))
        }
        let parts = trimmed.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, !first.isEmpty else { return nil }
        let name = type == "rpm" ? String(first) : first.lowercased()
        let version = parts.count > 1 && !parts[1].isEmpty ? String(parts[1]) : nil
        return (name, version)
    }

    /// `curl-7.61.1-22.el8` → (`curl`, `7.61.1-22.el8`): the last two '-' fields of an RPM file
    /// name are the version and the release, the rest (which may hold '-') is the name.
    static func parseSourceRPMFileName(_ stem: String) -> (name: String, version: String?)? {
        let fields = stem.split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count >= 3 else { return stem.isEmpty ? nil : (stem, nil) }
        let name = fields.dropLast(2).joined(separator: "-")
        guard !name.isEmpty else { return nil }
        return (name, fields.suffix(2).joined(separator: "-"))
    }
}
