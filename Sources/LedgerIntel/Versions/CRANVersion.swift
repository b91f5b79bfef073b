/// An R package version, ordered as R's `package_version` orders it (CRAN, Bioconductor).
///
/// **Reading**: numbers separated by single `.` or `-` (`1.0-3`), white space around allowed;
/// anything else cannot be read (see `VersionScheme`). R requires at least two numbers of a
/// package version, so a single number is ordered but reported malformed.
///
/// **Order**: number by number, numerically (`0.9` < `0.75`, `0.01` = `0.1`); a version that is
/// a proper prefix of another is lower, with no padding with zeros (`0.1.0` < `0.1.0.0`).
enum CRANVersion {
    private static let separators: Set<UInt8> = [UInt8(ascii: "."), UInt8(ascii: "-")]

    static func parse(_ text: String) -> NumberListVersion? {
        NumberListVersion.parse(VersionBytes.trimmed(text), separators: separators)
    }

    static func isValid(_ text: String) -> Bool {
        (parse(text)?.numbers.count ?? 0) >= 2
    }
}
