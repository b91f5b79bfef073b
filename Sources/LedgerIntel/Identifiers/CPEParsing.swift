import Foundation

extension CPE {
    /// Parses the formatted-string binding `cpe:2.3:part:vendor:product:version:update:edition:language:sw_edition:target_sw:target_hw:other`
    /// (exactly 13 components split at unquoted ':'; backslash quoting; `*` = ANY, `-` = NA;
    /// part a/o/h or `*`). Also accepts the 2.2 URI binding `cpe:/a:vendor:product:version`
    /// (fewer components = ANY). Throws CPEError with description naming the problem.
    ///
    /// Rules applied, from NISTIR 7695:
    /// * a backslash quotes the next character, whatever it is (`tcp\/ip`, `foo\!bar`, `\*`);
    /// * an unquoted `*` or run of `?` may stand only at the start or the end of a value;
    /// * a component that is exactly `*` is ANY and exactly `-` is NA (`\-` is a literal hyphen);
    /// * empty components and white space are refused in the formatted string;
    /// * in the URI binding an empty component is ANY, `%01` is `?`, `%02` is `*`, other `%XX`
    ///   escapes are decoded, and a packed edition `~edition~sw_edition~target_sw~target_hw~other`
    ///   is unpacked.
    /// Surrounding white space is ignored. Values are lowercased: matching ignores case.
    public init(parsing text: String) throws(CPEError) {
        let trimmed = text.trimmedWhitespace
        let lower = trimmed.lowercased()
        if lower.hasPrefix("cpe:2.3:") {
            self = try CPEParser.formattedString(trimmed)
        } else if lower.hasPrefix("cpe:/") {
            self = try CPEParser.uri(trimmed)
        } else {
            throw CPEError("not a CPE name: \(CPEParser.quoted(trimmed)) starts with neither \"cpe:2.3:\" nor \"cpe:/\"")
        }
    }
}

/// The two CPE bindings, read into attribute values.
enum CPEParser {
    /// One character of a value: the character and whether it is an unquoted wildcard.
    struct Token {
        let character: Character
        let isWildcard: Bool
        /// Whether the character was written bare (not backslash-quoted, not percent-encoded).
        let isBare: Bool
    }

    // MARK: Formatted string (CPE 2.3)

    static func formattedString(_ text: String) throws(CPEError) -> CPE {
        let components = try splitFormattedString(text)
        guard components.count == 13 else {
            throw CPEError("expected 13 components in \(quoted(text)) (cpe, 2.3 and 11 attributes), found \(components.count)")
        }
        var values: [CPEValue] = []
        for (index, tokens) in components.dropFirst(2).enumerated() {
            let attribute = CPE.attributeNames[index]
            guard !tokens.isEmpty else { throw CPEError("empty \(attribute) in \(quoted(text)); write * for ANY") }
            values.append(try value(of: tokens, attribute: attribute, text: text))
        }
        let cpe = CPE(attributes: values)
        try checkPart(cpe.part, text: text)
        return cpe
    }

    /// Splits at unquoted ':' and resolves backslash quoting in one pass.
    static func splitFormattedString(_ text: String) throws(CPEError) -> [[Token]] {
        var components: [[Token]] = [[]]
        var quoting = false
        for character in text {
            if character.isWhitespace || character.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                throw CPEError("white space or control character in \(quoted(text))")
            }
            if quoting {
                components[components.count - 1].append(Token(character: character, isWildcard: false, isBare: false))
                quoting = false
            } else if character == "\\" {
                quoting = true
            } else if character == ":" {
                components.append([])
            } else {
                let wildcard = character == "*" || character == "?"
                components[components.count - 1].append(Token(character: character, isWildcard: wildcard, isBare: true))
            }
        }
        if quoting { throw CPEError("a backslash ends \(quoted(text)) with nothing to quote") }
        return components
    }

    // MARK: URI (CPE 2.2)

    /// The URI's components are part, vendor, product, version, update, edition and language,
    /// in that order; the attributes it does not carry stay ANY. A packed edition fills edition,
    /// sw_edition, target_sw, target_hw and other.
    static func uri(_ text: String) throws(CPEError) -> CPE {
        let body = text.dropFirst("cpe:/".count)
        let fields = body.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count <= 7 else {
            throw CPEError("expected at most 7 components after \"cpe:/\" in \(quoted(text)), found \(fields.count)")
        }
        var values = [CPEValue](repeating: .any, count: CPE.attributeNames.count)
        for (index, field) in fields.enumerated() {
            if index == 5, field.hasPrefix("~") {
                let packed = try unpackEdition(field, text: text)
                for (slot, value) in zip([5, 7, 8, 9, 10], packed) { values[slot] = value }
            } else {
                values[index] = try uriValue(field, attribute: CPE.attributeNames[index], text: text)
            }
        }
        let cpe = CPE(attributes: values)
        try checkPart(cpe.part, text: text)
        return cpe
    }

    /// `~edition~sw_edition~target_sw~target_hw~other` → five values.
    static func unpackEdition(_ field: Substring, text: String) throws(CPEError) -> [CPEValue] {
        let parts = field.split(separator: "~", omittingEmptySubsequences: false)
        guard parts.count == 6 else {
            throw CPEError("a packed edition in \(quoted(text)) must have 5 '~'-separated fields, found \(parts.count - 1)")
        }
        let names = ["edition", "sw_edition", "target_sw", "target_hw", "other"]
        var values: [CPEValue] = []
        for (offset, part) in parts.dropFirst().enumerated() {
            values.append(try uriValue(part, attribute: names[offset], text: text))
        }
        return values
    }

    /// One URI component: empty is ANY, `-` NA, otherwise percent-decoded with `%01` = `?` and
    /// `%02` = `*` as wildcards. A bare `*` component is taken as ANY too, as some tools write it.
    static func uriValue(_ field: Substring, attribute: String, text: String) throws(CPEError) -> CPEValue {
        if field.isEmpty || field == "*" { return .any }
        if field == "-" { return .na }
        let tokens = try percentDecodedTokens(field, attribute: attribute, text: text)
        return try value(of: tokens, attribute: attribute, text: text)
    }

    static func percentDecodedTokens(_ field: Substring, attribute: String, text: String) throws(CPEError) -> [Token] {
        var tokens: [Token] = []
        var pending: [UInt8] = []
        var pendingIsBare = true
        func flush() throws(CPEError) {
            guard !pending.isEmpty else { return }
            guard let decoded = String(validating: pending, as: UTF8.self) else {
                throw CPEError("bad percent-encoding in \(attribute) of \(quoted(text)): not UTF-8")
            }
            for character in decoded { tokens.append(Token(character: character, isWildcard: false, isBare: pendingIsBare)) }
            pending.removeAll()
            pendingIsBare = true
        }
        var bytes = field.utf8.makeIterator()
        while let byte = bytes.next() {
            guard byte == UInt8(ascii: "%") else {
                if byte <= 0x20 || byte == 0x7F { throw CPEError("white space or control character in \(quoted(text))") }
                pending.append(byte)
                continue
            }
            guard let high = bytes.next().flatMap(hexValue), let low = bytes.next().flatMap(hexValue) else {
                throw CPEError("bad percent-encoding in \(attribute) of \(quoted(text)): '%' must be followed by two hex digits")
            }
            let decoded = high << 4 | low
            if decoded == 0x01 || decoded == 0x02 {
                try flush()
                tokens.append(Token(character: decoded == 0x01 ? "?" : "*", isWildcard: true, isBare: true))
            } else {
                pending.append(decoded)
                pendingIsBare = false
            }
        }
        try flush()
        return tokens
    }

    // MARK: Shared

    /// Makes a value from its characters: ANY and NA first, then leading and trailing wildcards;
    /// a wildcard left in the middle is refused.
    static func value(of tokens: [Token], attribute: String, text: String) throws(CPEError) -> CPEValue {
        if tokens.count == 1, tokens[0].isBare {
            if tokens[0].character == "*" { return .any }
            if tokens[0].character == "-" { return .na }
        }
        var middle = tokens[...]
        let leading = takeWildcard(from: &middle, atStart: true)
        let trailing = takeWildcard(from: &middle, atStart: false)
        if let stray = middle.first(where: \.isWildcard) {
            throw CPEError("unquoted '\(stray.character)' inside the \(attribute) of \(quoted(text)): wildcards may stand only at the start or end of a value (quote it as \\\(stray.character) for a literal)")
        }
        let literal = String(middle.map(\.character)).lowercased()
        if leading == nil, trailing == nil { return .value(literal) }
        if literal.isEmpty, leading == .anyRun || trailing == .anyRun { return .any }
        return .pattern(CPEWildcardPattern(leading: leading, literal: literal, trailing: trailing))
    }

    /// Removes a `*` or a run of `?` from one end of the tokens.
    static func takeWildcard(from tokens: inout ArraySlice<Token>, atStart: Bool) -> CPEWildcardPattern.Wildcard? {
        let end = atStart ? tokens.first : tokens.last
        guard let end, end.isWildcard else { return nil }
        if end.character == "*" {
            if atStart { tokens = tokens.dropFirst() } else { tokens = tokens.dropLast() }
            return .anyRun
        }
        var count = 0
        while let next = atStart ? tokens.first : tokens.last, next.isWildcard, next.character == "?" {
            if atStart { tokens = tokens.dropFirst() } else { tokens = tokens.dropLast() }
            count += 1
        }
        return .upTo(count)
    }

    /// The part is one of `a`, `o`, `h`, or ANY; NISTIR 7695 allows nothing else there.
    static func checkPart(_ part: CPEValue, text: String) throws(CPEError) {
        switch part {
        case .any: return
        case .value(let letter) where ["a", "o", "h"].contains(letter): return
        default: throw CPEError("part must be a, o, h or * in \(quoted(text)), not \(part)")
        }
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    static func quoted(_ text: String) -> String {
        let limit = 160
        return text.count > limit ? "\"\(text.prefix(limit))…\"" : "\"\(text)\""
    }
}
