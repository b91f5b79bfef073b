/// Why a JSON text was refused, and where (a byte offset from the start of the text).
public struct JSONSyntaxError: Error, Sendable, CustomStringConvertible {
    public let offset: Int
    public let reason: String

    public var description: String { "\(reason) at byte \(offset + 1)" }
}

/// A strict JSON reader for I-JSON (RFC 7493), the input domain of RFC 8785.
///
/// It refuses what canonicalization could not represent faithfully: duplicate member names
/// (compared by exact code units), lone surrogates, invalid UTF-8, integers beyond
/// ±(2^53−1) written without a fraction or exponent (they would silently lose precision as
/// doubles), numbers that overflow a double, and nesting deeper than `maximumDepth`.
public struct JSONParser {
    /// Deepest nesting of arrays and objects accepted (guards the stack against hostile input).
    public static let maximumDepth = 64

    /// Parses exactly one JSON value; whitespace around it is allowed, anything else is not.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        let result: Result<JSONValue, JSONSyntaxError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONSyntaxError) -> JSONValue in try parse(buffer) }
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        return try copy.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in try parse(buffer) }
    }

    /// Parses exactly one JSON value from a buffer.
    public static func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        try parseWhole(buffer).value
    }

    /// Parses exactly one JSON value from a buffer, noting whether the buffer is its canonical
    /// form (see `parseObjectNotingCanonicalForm`).
    private static func parseWhole(_ buffer: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> (value: JSONValue, isCanonical: Bool) {
        var parser = JSONParser(buffer)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.index != buffer.count {
            throw parser.error("unexpected text after the JSON value")
        }
        return (value, parser.isCanonical)
    }

    /// Parses a JSON value that must be an object.
    public static func parseObject(_ bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONObject {
        guard case .object(let object) = try parse(bytes) else {
            throw JSONSyntaxError(offset: 0, reason: "expected a JSON object")
        }
        return object
    }

    /// Parses a JSON value that must be an object, and tells whether `bytes` are already its
    /// RFC 8785 form, the bytes `CanonicalJSON.writeObject` writes for it. `isCanonical` is
    /// true only when they are; false when they are not, or when the reader cannot tell in
    /// passing (a string with an escape): the caller then writes the form and compares.
    public static func parseObjectNotingCanonicalForm(_ bytes: [UInt8]) throws(JSONSyntaxError) -> (object: JSONObject, isCanonical: Bool) {
        let (value, isCanonical) = try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in try parseWhole(buffer) }
        guard case .object(let object) = value else {
            throw JSONSyntaxError(offset: 0, reason: "expected a JSON object")
        }
        return (object, isCanonical)
    }

    /// Reads a top-level object whose member `skipping` is passed over without being decoded
    /// (its byte range is returned instead): for checking an event's envelope quickly when its
    /// payload is already covered by a hash. The skipped value is only checked to be balanced.
    public static func parseObject(_ buffer: UnsafeBufferPointer<UInt8>, skipping skipName: String) throws(JSONSyntaxError) -> (JSONObject, Range<Int>?) {
        var parser = JSONParser(buffer)
        parser.skipWhitespace()
        guard parser.index < buffer.count, buffer[parser.index] == UInt8(ascii: "{") else {
            throw parser.error("expected a JSON object")
        }
        parser.index += 1
        var object = JSONObject()
        var skipped: Range<Int>?
        parser.skipWhitespace()
        if parser.index < buffer.count, buffer[parser.index] == UInt8(ascii: "}") {
            parser.index += 1
        } else {
            while true {
                parser.skipWhitespace()
                guard parser.index < buffer.count, buffer[parser.index] == UInt8(ascii: "\"") else {
                    throw parser.error("expected a member name in double quotes")
                }
                let name = try parser.parseString()
                parser.skipWhitespace()
                guard parser.index < buffer.count, buffer[parser.index] == UInt8(ascii: ":") else {
                    throw parser.error("expected ':' after a member name")
                }
                parser.index += 1
                parser.skipWhitespace()
                if name == skipName {
                    // A second member of that name would silently replace the first range.
                    if skipped != nil { throw parser.error("duplicate member name \"\(name)\"") }
                    let start = parser.index
                    try parser.skipValue()
                    skipped = start..<parser.index
                } else {
                    object.members.append(JSONMember(name, try parser.parseValue(depth: 1)))
                }
                parser.skipWhitespace()
                guard parser.index < buffer.count else { throw parser.error("unexpected end of input in an object") }
                if buffer[parser.index] == UInt8(ascii: ",") {
                    parser.index += 1
                } else if buffer[parser.index] == UInt8(ascii: "}") {
                    parser.index += 1
                    break
                } else {
                    throw parser.error("expected ',' or '}' in an object")
                }
            }
        }
        parser.skipWhitespace()
        if parser.index != buffer.count { throw parser.error("unexpected text after the JSON value") }
        return (object, skipped)
    }

    /// The length of the object (or array) at the start of `buffer`, found by matching its
    /// brackets outside strings; nil if it is not closed within the buffer.
    public static func objectExtent(_ buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        var depth = 0
        var i = 0
        while i < buffer.count {
            switch buffer[i] {
            case UInt8(ascii: "\""):
                i += 1
                while i < buffer.count, buffer[i] != UInt8(ascii: "\"") {
                    i += buffer[i] == UInt8(ascii: "\\") ? 2 : 1
                }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return i + 1 }
            default:
                break
            }
            i += 1
        }
        return nil
    }

    /// Passes over one value: strings (with their escapes) and balanced brackets.
    private mutating func skipValue() throws(JSONSyntaxError) {
        var depth = 0
        repeat {
            guard index < bytes.count else { throw error("unexpected end of input") }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                guard index < bytes.count else { throw error("unterminated string") }
                index += 1
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                guard depth >= 0 else { throw error("unbalanced brackets") }
                index += 1
            case UInt8(ascii: ","), UInt8(ascii: ":"):
                guard depth > 0 else { return }
                index += 1
            default:
                guard depth > 0 || index < bytes.count else { return }
                index += 1
                if depth == 0 {
                    // A scalar at the top: read until a delimiter.
                    while index < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) {
                        index += 1
                    }
                    return
                }
            }
        } while depth > 0
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// Whether the bytes read so far are exactly what `CanonicalJSON` writes for the values
    /// read: no whitespace, names in order, strings without escapes (whose canonical form is
    /// their raw bytes), numbers as ECMAScript writes them.
    private var isCanonical = true

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private func error(_ reason: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: index, reason: reason)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D:
                index += 1
                isCanonical = false
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object(try parseObject(depth: depth + 1))
        case UInt8(ascii: "["): return .array(try parseArray(depth: depth + 1))
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("unexpected character '\(Self.printable(bytes[index]))'")
        }
    }

    private static func printable(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("unexpected end of input") }
        let start = literal.utf8Start
        for i in 0..<count where bytes[index + i] != start[i] {
            throw error("invalid literal, expected \(literal)")
        }
        index += count
    }

    private mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONObject {
        if depth > Self.maximumDepth { throw error("nesting deeper than \(Self.maximumDepth)") }
        index += 1  // {
        var object = JSONObject()
        // Room for the members of a typical payload object at once, rather than growing the
        // array 1, 2, 4, 8 (its reallocations were 5 % of reading a received event's data).
        object.members.reserveCapacity(8)
        // Names seen so far, once an object is large enough that pairwise comparison would
        // make a hostile line with many members quadratic.
        var seen: Set<[UInt8]>?
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return object
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a member name in double quotes")
            }
            let nameOffset = index
            let name = try parseString()
            // I-JSON §2.3: names must be unique; compared by exact code units (RFC 8785 §3.1).
            if seen == nil, object.members.count >= 16 {
                seen = Set(object.members.map { Array($0.name.utf8) })
            }
            if seen != nil {
                guard seen!.insert(Array(name.utf8)).inserted else {
                    throw JSONSyntaxError(offset: nameOffset, reason: "duplicate member name \"\(name)\"")
                }
            } else {
                for member in object.members where member.name.hasSameCodeUnits(as: name) {
                    throw JSONSyntaxError(offset: nameOffset, reason: "duplicate member name \"\(name)\"")
                }
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error("expected ':' after a member name")
            }
            index += 1
            skipWhitespace()
            // RFC 8785 §3.2.3: members in the order of their names' UTF-16 code units.
            if isCanonical, let previous = object.members.last, !CanonicalJSON.precedesInUTF16(previous.name, name) {
                isCanonical = false
            }
            let value = try parseValue(depth: depth)
            object.members.append(JSONMember(name, value))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in an object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return object
            } else {
                throw error("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> [JSONValue] {
        if depth > Self.maximumDepth { throw error("nesting deeper than \(Self.maximumDepth)") }
        index += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return elements
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in an array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return elements
            } else {
                throw error("expected ',' or ']' in an array")
            }
        }
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        index += 1  // opening quote
        let start = index
        // Fast path: no escapes, so the bytes between the quotes are the string's UTF-8.
        var isASCII = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                if isASCII {
                    index += 1
                    return String(decoding: slice, as: UTF8.self)
                }
                guard let string = String(validating: slice, as: UTF8.self) else {
                    throw JSONSyntaxError(offset: start, reason: "invalid UTF-8 in a string")
                }
                index += 1
                return string
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("unescaped control character in a string") }
            if byte >= 0x80 { isASCII = false }
            index += 1
        }
        guard index < bytes.count else { throw error("unterminated string") }
        // Slow path: decode escapes into a byte buffer, then validate it as UTF-8 once. Whether
        // the escapes are the canonical ones is left to the caller's comparison (they are rare).
        isCanonical = false
        var utf8 = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                guard let string = String(validating: utf8, as: UTF8.self) else {
                    throw JSONSyntaxError(offset: start, reason: "invalid UTF-8 in a string")
                }
                return string
            }
            if byte < 0x20 { throw error("unescaped control character in a string") }
            if byte != UInt8(ascii: "\\") {
                utf8.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { throw error("unterminated escape") }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): utf8.append(0x22)
            case UInt8(ascii: "\\"): utf8.append(0x5C)
            case UInt8(ascii: "/"): utf8.append(0x2F)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    // A high surrogate must be followed by an escaped low surrogate.
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                          bytes[index + 1] == UInt8(ascii: "u") else {
                        throw error("lone surrogate \\u\(String(scalar, radix: 16)) in a string")
                    }
                    index += 2
                    let low = try parseHex4()
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw error("lone surrogate \\u\(String(scalar, radix: 16)) in a string")
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw error("lone surrogate \\u\(String(scalar, radix: 16)) in a string")
                }
                utf8.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar)!)!)
            default:
                throw error("invalid escape '\\\(Self.printable(escape))'")
            }
        }
        throw error("unterminated string")
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid hex digit in a \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> Double {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw error("leading zero in a number") }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid fraction in a number") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid exponent in a number") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if isInteger {
            // I-JSON §2.2 / RFC 8785 §3.2.2.3: integers beyond ±(2^53−1) are not exact in a double.
            let digits = text.utf8.count - (text.hasPrefix("-") ? 1 : 0)
            if digits > 15, let exact = Int64(text), exact.magnitude > 9_007_199_254_740_991 {
                throw JSONSyntaxError(offset: start, reason: "integer \(text) is beyond ±(2^53−1)")
            } else if digits > 16 {
                throw JSONSyntaxError(offset: start, reason: "integer \(text) is beyond ±(2^53−1)")
            }
        }
        guard let value = Double(text), value.isFinite else {
            throw JSONSyntaxError(offset: start, reason: "number \(text) is out of range")
        }
        // Whole values from 2^53 up to 1e21 are written by RFC 8785 as bare integer digits, which
        // this reader refuses above; refuse them in any notation so what is accepted reads back.
        if value.magnitude >= 9_007_199_254_740_992, value.magnitude < 1e21 {
            throw JSONSyntaxError(offset: start, reason: "number \(text) is an integer beyond ±(2^53−1)")
        }
        // An integer read here (no leading zero, within ±(2^53−1)) is written back as its own
        // digits, except -0; anything else is compared with how it is written.
        if isCanonical, !isInteger || value == 0 {
            isCanonical = CanonicalJSON.formatNumber(value) == text
        }
        return value
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
