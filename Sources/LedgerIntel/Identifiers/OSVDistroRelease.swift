import Foundation

/// Reads a purl's `distro` qualifier as OSV's release-qualified ecosystem names.
///
/// SBOM tools write the distro in many ways: `debian-9`, `debian-9.13`, `stretch`, `focal`,
/// `ubuntu-20.04`, `trusty/esm`, `esm-infra/xenial`, `alpine-3.17.2`, `3.22.0`. OSV files a
/// record under one spelling per release (`Debian:9`, `Ubuntu:20.04:LTS`, `Ubuntu:Pro:16.04:LTS`,
/// `Alpine:v3.17`), so each is mapped to that; what is not understood gives only the base
/// ecosystem, which still matches release-less records.
enum OSVDistroRelease {
    /// The ecosystems for a distribution purl, most specific first, base last; empty when the
    /// type and vendor name no OSV ecosystem.
    static func ecosystems(type: String, vendor: String?, distro: String?) -> [String] {
        guard let vendor else { return [] }
        let distro = distro?.trimmedWhitespace.lowercased()
        switch (type, vendor) {
        case ("deb", "debian"): return released(debianRelease(distro).map { "Debian:\($0)" }, base: "Debian")
        case ("deb", "ubuntu"): return ubuntuEcosystems(distro) + ["Ubuntu"]
        case ("apk", "alpine"): return released(alpineRelease(distro).map { "Alpine:v\($0)" }, base: "Alpine")
        case ("apk", "wolfi"): return ["Wolfi"]
        case ("apk", "chainguard"): return ["Chainguard"]
        case ("rpm", "redhat"), ("rpm", "rhel"): return ["Red Hat"]
        case ("rpm", "rocky"), ("rpm", "rockylinux"):
            return released(majorRelease(distro).map { "Rocky Linux:\($0)" }, base: "Rocky Linux")
        case ("rpm", "almalinux"), ("rpm", "alma"):
            return released(majorRelease(distro).map { "AlmaLinux:\($0)" }, base: "AlmaLinux")
        case ("rpm", "opensuse"): return ["openSUSE"]
        case ("rpm", "suse"), ("rpm", "sles"): return ["SUSE"]
        default: return []
        }
    }

    /// For a purl without a namespace: the vendor its distro names, if the distro says.
    static func vendor(ofDistro distro: String, type: String) -> String? {
        let lower = distro.lowercased()
        switch type {
        case "deb":
            if lower.hasPrefix("debian") || debianCodenames[lower] != nil { return "debian" }
            if lower.hasPrefix("ubuntu") || lower.contains("esm") || ubuntuCodenames[lower] != nil { return "ubuntu" }
            return nil
        case "apk":
            return lower.hasPrefix("alpine") ? "alpine" : nil
        default:
            return nil
        }
    }

    private static func released(_ release: String?, base: String) -> [String] {
        release.map { [$0, base] } ?? [base]
    }

    // MARK: Debian

    /// Debian codenames by major release (OSV writes `Debian:<major>`).
    static let debianCodenames: [String: String] = [
        "etch": "4", "lenny": "5", "squeeze": "6", "wheezy": "7", "jessie": "8", "stretch": "9",
        "buster": "10", "bullseye": "11", "bookworm": "12", "trixie": "13", "forky": "14", "duke": "15",
    ]

    /// `debian-9`, `debian-9.13`, `9`, `stretch`, `debian-stretch` → `9`. Point releases share
    /// their major release's OSV ecosystem.
    static func debianRelease(_ distro: String?) -> String? {
        guard let distro else { return nil }
        let bare = dropPrefix(distro, ["debian-", "debian:", "debian"])
        if let major = debianCodenames[bare] { return major }
        return leadingNumber(bare)
    }

    // MARK: Ubuntu

    /// Ubuntu codenames by release version.
    static let ubuntuCodenames: [String: String] = [
        "precise": "12.04", "quantal": "12.10", "raring": "13.04", "saucy": "13.10",
        "trusty": "14.04", "utopic": "14.10", "vivid": "15.04", "wily": "15.10",
        "xenial": "16.04", "yakkety": "16.10", "zesty": "17.04", "artful": "17.10",
        "bionic": "18.04", "cosmic": "18.10", "disco": "19.04", "eoan": "19.10",
        "focal": "20.04", "groovy": "20.10", "hirsute": "21.04", "impish": "21.10",
        "jammy": "22.04", "kinetic": "22.10", "lunar": "23.04", "mantic": "23.10",
        "noble": "24.04", "oracular": "24.10", "plucky": "25.04", "questing": "25.10",
    ]

    /// `focal`, `ubuntu-20.04`, `20.04` → `Ubuntu:20.04:LTS`; `mantic`, `23.10` → `Ubuntu:23.10`.
    /// A distro that names Expanded Security Maintenance (`trusty/esm`, `esm-infra/xenial`,
    /// `esm-apps/focal`) also gives `Ubuntu:Pro:<release>:LTS` first, the ecosystem of Ubuntu's
    /// ESM notices; the plain release follows because such a system still runs packages from
    /// the release's own archive.
    static func ubuntuEcosystems(_ distro: String?) -> [String] {
        guard let distro else { return [] }
        let tokens = distro.split(separator: "/").map(String.init)
        let isESM = tokens.contains { $0.hasPrefix("esm") }
        guard let version = tokens.lazy.filter({ !$0.hasPrefix("esm") }).compactMap(ubuntuVersion).first else {
            return []
        }
        let suffix = isUbuntuLTS(version) ? ":LTS" : ""
        let plain = "Ubuntu:\(version)\(suffix)"
        return isESM ? ["Ubuntu:Pro:\(version)\(suffix)", plain] : [plain]
    }

    /// A release version `YY.MM` from a codename, `ubuntu-YY.MM` or `YY.MM[.point]`.
    static func ubuntuVersion(_ token: String) -> String? {
        let bare = dropPrefix(token, ["ubuntu-", "ubuntu:", "ubuntu"])
        if let version = ubuntuCodenames[bare] { return version }
        let numbers = bare.split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count >= 2, numbers[0].count == 2, numbers[1].count == 2,
              numbers[0].allSatisfy(\.isASCIIDigit), numbers[1].allSatisfy(\.isASCIIDigit) else { return nil }
        return "\(numbers[0]).\(numbers[1])"
    }

    /// Ubuntu's long-term support releases are the April releases of even years (12.04, 14.04,
    /// …, 24.04); that rule, rather than a list, also covers releases yet to come.
    static func isUbuntuLTS(_ version: String) -> Bool {
        let numbers = version.split(separator: ".")
        guard numbers.count == 2, let year = Int(numbers[0]) else { return false }
        return numbers[1] == "04" && year % 2 == 0
    }

    // MARK: Alpine and RPM distributions

    /// `alpine-3.17.2`, `3.17`, `v3.17`, `3.22.0` → `3.17` / `3.22` (OSV's Alpine ecosystems are
    /// per minor release: `Alpine:v3.17`).
    static func alpineRelease(_ distro: String?) -> String? {
        guard let distro else { return nil }
        let bare = dropPrefix(dropPrefix(distro, ["alpine-", "alpine:", "alpine"]), ["v"])
        let numbers = bare.split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count >= 2, let major = Int(numbers[0]), let minor = Int(numbers[1]) else { return nil }
        return "\(major).\(minor)"
    }

    /// The major release of an RPM distribution: the leading number after the last '-'
    /// (`rocky-9.2` → `9`, `almalinux-8` → `8`, `9` → `9`).
    static func majorRelease(_ distro: String?) -> String? {
        guard let distro else { return nil }
        let last = distro.split(separator: "-").last.map(String.init) ?? distro
        return leadingNumber(last)
    }

    // MARK: Helpers

    static func dropPrefix(_ text: String, _ prefixes: [String]) -> String {
        for prefix in prefixes where text.hasPrefix(prefix) {
            return String(text.dropFirst(prefix.count))
        }
        return text
    }

    /// The leading decimal digits of a text, without leading zeros, or nil if it starts otherwise.
    static func leadingNumber(_ text: String) -> String? {
        let digits = text.prefix(while: \.isASCIIDigit)
        guard !digits.isEmpty, let value = Int(digits) else { return nil }
        return String(value)
    }
}

extension Character {
    /// Whether this is one of the ASCII digits 0-9 (not any Unicode numeral).
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
