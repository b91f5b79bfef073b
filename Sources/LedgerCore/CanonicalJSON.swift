/// RFC 8785 JSON Canonicalization Scheme: the one byte form of a JSON value that the ledger
/// hashes and signs.
public enum CanonicalJSON {
    /// The canonical UTF-8 bytes of `value`.
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, into: &out)
        return out
    }

    /// Appends the canonical bytes of `value` to `out`.
    public static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): writeNumber(n, into: &out)
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object): writeObject(object, into: &out)
        }
    }

    /// Appends the canonical bytes of an object: members sorted by their names' UTF-16 code
    /// units (RFC 8785 §3.2.3), not by Swift's `String` ordering, which compares Unicode scalars
    /// under canonical equivalence and so orders U+1F600 and U+FB33 differently.
    public static func writeObject(_ object: JSONObject, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        let members = isSortedByUTF16(object.members) ? object.members : object.members.sorted {
            precedesInUTF16($0.name, $1.name)
        }
        for (i, member) in members.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            writeString(member.name, into: &out)
            out.append(UInt8(ascii: ":"))
            write(member.value, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    private static func isSortedByUTF16(_ members: [JSONMember]) -> Bool {
        guard members.count > 1 else { return true }
        for i in 1..<members.count where !precedesInUTF16(members[i - 1].name, members[i].name) {
            return false
        }
        return true
    }

    /// Whether `a` sorts before `b` by UTF-16 code units. Compared on UTF-8 bytes, whose order is
    /// code point order; the two orders differ only between a supplementary character (UTF-8
    /// lead byte 0xF0-0xF4) and one in U+E000-U+FFFF (lead byte 0xEE or 0xEF), where this falls
    /// back to comparing UTF-16.
    public static func precedesInUTF16(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        let decided: Bool? = a.withUTF8 { pa in
            b.withUTF8 { pb in
                let n = Swift.min(pa.count, pb.count)
                for i in 0..<n where pa[i] != pb[i] {
                    if pa[i] >= 0xEE && pb[i] >= 0xEE { return nil }
                    return pa[i] < pb[i]
                }
                return pa.count < pb.count
            }
        }
        return decided ?? a.utf16.lexicographicallyPrecedes(b.utf16)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// RFC 8785 §3.2.2.2: escape only `"`, `\` and C0 controls; short forms where JSON has them,
    /// otherwise `\u00xx` in lowercase hex; every other character as its raw UTF-8.
    public static func writeString(_ string: String, into out: inout [UInt8]) {
        var string = string
        string.withUTF8 { writeString(utf8: $0, into: &out) }
    }

    /// Appends the canonical form of a string given as its (valid) UTF-8 bytes.
    public static func writeString(utf8: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        do {
            var runStart = 0
            for i in 0..<utf8.count {
                let byte = utf8[i]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
                runStart = i + 1
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case 0x22: out.append(0x22)
                case 0x5C: out.append(0x5C)
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                default:
                    out.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends the decimal digits of `value`: what `writeNumber` writes for a whole number
    /// below 2^53, without making a string.
    public static func writeInteger(_ value: UInt64, into out: inout [UInt8]) {
        var digitCount = 1
        var rest = value / 10
        while rest > 0 {
            digitCount += 1
            rest /= 10
        }
        let start = out.count
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digitCount))
        var v = value
        for i in stride(from: start + digitCount - 1, through: start, by: -1) {
            out[i] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
        }
    }

    /// Appends a number formatted as ECMAScript's `Number.prototype.toString` does
    /// (RFC 8785 §3.2.2.3). The value must be finite; the parser never produces anything else.
    public static func writeNumber(_ value: Double, into out: inout [UInt8]) {
        out.append(contentsOf: formatNumber(value).utf8)
    }

    /// ECMAScript's Number::toString (ECMA-262 §6.1.6.1.20) for a finite double: the shortest
    /// digits that round-trip (Swift's `description` gives exactly those), laid out by the
    /// position of the decimal point `n`.
    public static func formatNumber(_ value: Double) -> String {
        precondition(value.isFinite, "canonical JSON has no NaN or infinity")
        if value == 0 { return "0" }  // both +0 and -0
        if value.magnitude < 1e21, value == value.rounded(.towardZero), value.magnitude < 9.007199254740992e15 {
            return String(Int64(value))  // exact integers: the common case, no digit surgery
        }
        let (digits, n) = shortestDigits(value.magnitude)
        let k = digits.count
        var result = value < 0 ? "-" : ""
        if k <= n && n <= 21 {
            result += digits + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            result += digits.prefix(n) + "." + digits.dropFirst(n)
        } else if -6 < n && n <= 0 {
            result += "0." + String(repeating: "0", count: -n) + digits
        } else {
            let exponent = n - 1
            let sign = exponent < 0 ? "-" : "+"
            result += String(digits.first!)
            if k > 1 { result += "." + digits.dropFirst() }
            result += "e" + sign + String(exponent.magnitude)
        }
        return result
    }

    /// The shortest round-tripping decimal digits of a positive finite double (no leading or
    /// trailing zeros) and `n` such that the value is 0.digits × 10^n.
    static func shortestDigits(_ magnitude: Double) -> (digits: String, n: Int) {
        let text = magnitude.description  // shortest round-trip form, e.g. "1.5e-07", "123.25"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...])!
        }
        let integerPart: Substring
        let fractionPart: Substring
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fractionPart = mantissa[mantissa.index(after: dot)...]
        } else {
            integerPart = mantissa
            fractionPart = ""
        }
        var all = Array(integerPart.utf8) + Array(fractionPart.utf8)
        var n = integerPart.utf8.count + exponent
        while let first = all.first, first == UInt8(ascii: "0") {
            all.removeFirst()
            n -= 1
        }
        while let last = all.last, last == UInt8(ascii: "0") { all.removeLast() }
        return (String(decoding: all, as: UTF8.self), n)
    }
}
