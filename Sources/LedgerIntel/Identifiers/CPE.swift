import Foundation

/// One attribute value of a CPE name (NISTIR 7695's well-formed name).
///
/// Values are kept unquoted and lowercased: CPE matching ignores case (NISTIR 7696), and the
/// backslash quoting of the formatted-string binding is a matter of the text, not of the value
/// (`tcp\/ip` is the product `tcp/ip`). Unquoted wildcards are kept apart in `.pattern`, since
/// `foo\*` (a literal asterisk) and `foo*` (anything starting with "foo") mean different things.
public enum CPEValue: Sendable, Hashable, CustomStringConvertible {
    /// ANY (`*`): no constraint; as a source it matches every target value.
    case any
    /// NA (`-`): the attribute does not apply to the product; it matches only NA.
    case na
    /// A literal value, unquoted and lowercased.
    case value(String)
    /// A value with unquoted wildcards at its start and/or end, as CPE 2.3 allows them.
    case pattern(CPEWildcardPattern)

    /// The value as the formatted-string binding writes it (`*`, `-`, `tcp\/ip`, `8\.0*`... with
    /// '.', '-' and '_' left unquoted, as the binding allows).
    public var description: String {
        switch self {
        case .any: return "*"
        case .na: return "-"
        case .value(let text): return text == "-" ? "\\-" : CPEText.quote(text)
        case .pattern(let pattern): return pattern.description
        }
    }

    /// The literal text of a `.value`, nil for ANY, NA and patterns.
    public var literal: String? {
        if case .value(let text) = self { return text }
        return nil
    }
}

/// A CPE attribute value with unquoted wildcards: NISTIR 7695 allows them only at the start and
/// the end of a value: one `*` (any run of characters, possibly none) or a run of `?`. Following
/// NISTIR 7696's string comparison, a run of n `?` lets up to n characters stand there.
public struct CPEWildcardPattern: Sendable, Hashable, CustomStringConvertible {
    public enum Wildcard: Sendable, Hashable {
        /// `*`: any number of characters.
        case anyRun
        /// `?` repeated n times: at most n characters.
        case upTo(Int)
    }

    /// The wildcard before the literal text, or nil when the text must start the value.
    public var leading: Wildcard?
    /// The literal middle part, unquoted and lowercased.
    public var literal: String
    /// The wildcard after the literal text, or nil when the text must end the value.
    public var trailing: Wildcard?

    public init(leading: Wildcard?, literal: String, trailing: Wildcard?) {
        self.leading = leading
        self.literal = literal
        self.trailing = trailing
    }

    public var description: String {
        Self.text(of: leading) + CPEText.quote(literal) + Self.text(of: trailing)
    }

    private static func text(of wildcard: Wildcard?) -> String {
        switch wildcard {
        case nil: return ""
        case .anyRun: return "*"
        case .upTo(let count): return String(repeating: "?", count: max(count, 0))
        }
    }
}

/// A CPE 2.3 name: the eleven attributes of NISTIR 7695's well-formed name.
///
/// Parse the formatted-string binding NVD uses (`cpe:2.3:a:vendor:product:version:…`) or the
/// older URI binding (`cpe:/a:vendor:product:version`); `description` writes the formatted string.
public struct CPE: Sendable, Hashable, CustomStringConvertible {
    /// `a` (application), `o` (operating system), `h` (hardware), or ANY.
    public var part: CPEValue
    public var vendor: CPEValue
    public var product: CPEValue
    public var version: CPEValue
    public var update: CPEValue
    public var edition: CPEValue
    public var language: CPEValue
    public var swEdition: CPEValue
    public var targetSW: CPEValue
    public var targetHW: CPEValue
    public var other: CPEValue

    /// The attribute names in binding order, as NISTIR 7695 spells them.
    public static let attributeNames = [
        "part", "vendor", "product", "version", "update", "edition",
        "language", "sw_edition", "target_sw", "target_hw", "other",
    ]

    /// A CPE from its attributes; those not given are ANY.
    public init(part: CPEValue = .any, vendor: CPEValue = .any, product: CPEValue = .any,
                version: CPEValue = .any, update: CPEValue = .any, edition: CPEValue = .any,
                language: CPEValue = .any, swEdition: CPEValue = .any, targetSW: CPEValue = .any,
                targetHW: CPEValue = .any, other: CPEValue = .any) {
        self.part = part
        self.vendor = vendor
        self.product = product
        self.version = version
        self.update = update
        self.edition = edition
        self.language = language
        self.swEdition = swEdition
        self.targetSW = targetSW
        self.targetHW = targetHW
        self.other = other
    }

    /// The eleven attributes in binding order.
    public var attributes: [CPEValue] {
        [part, vendor, product, version, update, edition, language, swEdition, targetSW, targetHW, other]
    }

    /// Builds a CPE from eleven values in binding order (callers pass exactly eleven).
    init(attributes values: [CPEValue]) {
        func at(_ index: Int) -> CPEValue { index < values.count ? values[index] : .any }
        self.init(part: at(0), vendor: at(1), product: at(2), version: at(3), update: at(4), edition: at(5),
                  language: at(6), swEdition: at(7), targetSW: at(8), targetHW: at(9), other: at(10))
    }

    /// The formatted-string binding: `cpe:2.3:` and the eleven values, quoted as needed.
    public var description: String {
        "cpe:2.3:" + attributes.map(\.description).joined(separator: ":")
    }
}

/// Why a CPE name was refused, naming the problem and quoting the input.
public struct CPEError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Backslash quoting of the formatted-string binding.
enum CPEText {
    /// Quotes every character but ASCII letters and digits, '_', '-' and '.', which the
    /// formatted string writes bare; non-ASCII characters are left as they are.
    static func quote(_ text: String) -> String {
        var out = ""
        for character in text {
            let bare = !character.isASCII || character.isLetter || character.isNumber
                || character == "_" || character == "-" || character == "."
            if !bare { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
