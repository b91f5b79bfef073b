/// A finding's detail, kept as the UTF-8 bytes its interpolation writes. A report words
/// hundreds of thousands of details and JSON wants them as bytes: a `String` interpolated
/// piece by piece cost more, and was read back out as bytes anyway.
struct FindingDetail: ExpressibleByStringInterpolation, Sendable {
    let utf8: [UInt8]

    init(stringLiteral text: String) {
        utf8 = Array(text.utf8)
    }

    init(stringInterpolation: Interpolation) {
        utf8 = stringInterpolation.utf8
    }

    var text: String { String(decoding: utf8, as: UTF8.self) }

    /// Interpolates texts, details and integers, each written as `"\(…)"` writes it.
    struct Interpolation: StringInterpolationProtocol {
        fileprivate var utf8: [UInt8] = []

        init(literalCapacity: Int, interpolationCount: Int) {
            // Room for most details at once: their interpolated parts are dates, CVEs, counts.
            utf8.reserveCapacity(literalCapacity + 24 * interpolationCount)
        }

        mutating func appendLiteral(_ literal: String) { utf8.append(contentsOf: literal.utf8) }
        mutating func appendInterpolation(_ text: String) { utf8.append(contentsOf: text.utf8) }
        mutating func appendInterpolation(_ detail: FindingDetail) { utf8.append(contentsOf: detail.utf8) }

        mutating func appendInterpolation(_ number: Int) {
            if number < 0 { utf8.append(UInt8(ascii: "-")) }
            utf8.appendDecimal(UInt64(number.magnitude))
        }
    }
}

extension [UInt8] {
    /// Appends `value`'s decimal digits, as `String(value)` writes them.
    mutating func appendDecimal(_ value: UInt64) {
        // Digits counted, then written last first: dividing by the constant 10 is a multiply.
        var digits = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
        rest = value
        for i in stride(from: count - 1, through: count - digits, by: -1) {
            self[i] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
    }
}
