import Foundation

/// Percent-decoding and -encoding as the purl specification uses them: plain RFC 3986 escapes of
/// UTF-8 bytes. Unlike HTML form encoding, '+' is a literal plus sign, never a space; purls in
/// real SBOMs write Debian versions such as `9.9+deb9u13` with the '+' unencoded.
enum PURLPercentCoding {
    /// Decodes `%XX` escapes. A '%' that is not followed by two hex digits, or escapes that do not
    /// form UTF-8, are refused rather than kept as text: the purl is malformed and guessing what
    /// was meant could name another package.
    static func decode(_ text: Substring, component: String) throws(PackageURLError) -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw PackageURLError(.badPercentEncoding,
                                      "bad percent-encoding in \(component) \(PackageURL.quoted(String(text))): '%' must be followed by two hex digits")
            }
            bytes.append(high << 4 | low)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw PackageURLError(.badPercentEncoding,
                                  "bad percent-encoding in \(component) \(PackageURL.quoted(String(text))): the escapes are not UTF-8")
        }
        return decoded
    }

    /// Encodes everything but the characters that never need it: ASCII letters and digits,
    /// '-', '.', '_', '~' and ':' (the specification leaves ':' unencoded everywhere, so Debian
    /// epochs read `1:2.4.47-2`). In qualifier values '/' is kept as well, as URLs are commonly
    /// written there (`repository_url=gcr.io/distroless`).
    static func encode(_ text: Substring, keepingSlash: Bool = false) -> String {
        var out = ""
        for byte in text.utf8 {
            if isKept(byte) || (keepingSlash && byte == UInt8(ascii: "/")) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + hexDigits[Int(byte >> 4)] + hexDigits[Int(byte & 0x0F)]
            }
        }
        return out
    }

    private static let hexDigits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F"]

    private static func isKept(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ":"):
            return true
        default:
            return false
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
