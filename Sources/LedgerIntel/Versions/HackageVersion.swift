/// A Haskell package version, ordered as Haskell's `Data.Version` orders it (Hackage, GHC).
///
/// **Reading**: numbers separated by single dots (`0.11.3.0`), white space around allowed;
/// anything else cannot be read (see `VersionScheme`). Tags (`1.0-foo`), long deprecated and
/// never on Hackage, are not read.
///
/// **Order**: number by number, numerically; a version that is a proper prefix of another is
/// lower, with no padding with zeros (`1.0` < `1.0.0`).
enum HackageVersion {
    private static let separators: Set<UInt8> = [UInt8(ascii: ".")]

    static func parse(_ text: String) -> NumberListVersion? {
        NumberListVersion.parse(VersionBytes.trimmed(text), separators: separators)
    }
}
