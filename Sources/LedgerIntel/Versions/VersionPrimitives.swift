// Building blocks every version scheme shares: numbers of any length and byte-level helpers.
//
// Each scheme parses its text once into UTF-8 bytes and these values, so comparing two parsed
// versions reads arrays and integers and allocates nothing.

/// A non-negative decimal integer of any length.
///
/// Version components are not bounded by any ecosystem (the OSV test data compares 30-digit
/// components), so a number keeps its value in a `UInt64` when it has at most 19 significant
/// digits (every such number fits) and its digits, without leading zeros, when it has more.
/// Any number of the second kind is larger than every number of the first.
struct VersionNumber: Sendable, Hashable {
    /// The value, when the number has at most 19 significant digits; 0 otherwise.
    let small: UInt64
    /// The ASCII digits without leading zeros, when there are more than 19 of them; empty otherwise.
    let big: [UInt8]

    static let zero = VersionNumber(small: 0, big: [])

    private init(small: UInt64, big: [UInt8]) {
        self.small = small
        self.big = big
    }

    /// The number a run of ASCII digits spells (leading zeros ignored); an empty run is zero.
    /// Bytes other than digits are not expected; should one slip in it is read as the digit its
    /// low bits give, which keeps this total rather than trapping.
    init<C: Collection>(digits: C) where C.Element == UInt8 {
        let significant = digits.drop(while: { $0 == UInt8(ascii: "0") })
        if significant.count <= 19 {
            var value: UInt64 = 0
            for byte in significant {
                value = value &* 10 &+ UInt64(byte &- UInt8(ascii: "0")) % 10
            }
            self.init(small: value, big: [])
        } else {
            self.init(small: 0, big: Array(significant))
        }
    }

    init(_ value: UInt64) {
        self.init(small: value, big: [])
    }

    var isZero: Bool { big.isEmpty && small == 0 }

    /// Negative, zero or positive as `self` is less than, equal to or greater than `other`.
    @inline(__always)
    func compare(_ other: VersionNumber) -> Int {
        switch (big.isEmpty, other.big.isEmpty) {
        case (true, true):
            return small == other.small ? 0 : (small < other.small ? -1 : 1)
        case (true, false):
            return -1
        case (false, true):
            return 1
        case (false, false):
            if big.count != other.big.count { return big.count < other.big.count ? -1 : 1 }
            return VersionBytes.compare(big, other.big)
        }
    }
}

/// ASCII classification and ordering of bytes, as the version schemes use them.
enum VersionBytes {
    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    @inline(__always) static func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }

    @inline(__always) static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }

    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool { isLower(byte) || isUpper(byte) }

    @inline(__always) static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }

    /// Space, tab, line feed, vertical tab, form feed or carriage return.
    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    @inline(__always) static func lowered(_ byte: UInt8) -> UInt8 { isUpper(byte) ? byte | 0x20 : byte }

    /// The bytes with ASCII capitals made small; other bytes are left alone.
    static func lowercased<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        bytes.map(lowered)
    }

    /// The bytes of `text` without leading and trailing ASCII white space.
    static func trimmed(_ text: String) -> ArraySlice<UInt8> {
        let bytes = Array(text.utf8)
        var start = 0
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return bytes[start..<end]
    }

    /// Lexicographic order of two byte sequences (a proper prefix sorts first): -1, 0 or 1.
    @inline(__always)
    static func compare<A: Collection, B: Collection>(_ a: A, _ b: B) -> Int
    where A.Element == UInt8, B.Element == UInt8 {
        var left = a.makeIterator()
        var right = b.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case let (x?, y?):
                if x != y { return x < y ? -1 : 1 }
            }
        }
    }

    /// Order of two strings by their UTF-8 bytes (which is also the order of their code points).
    @inline(__always)
    static func compare(_ a: String, _ b: String) -> Int {
        compare(a.utf8, b.utf8)
    }

    /// -1, 0 or 1 as the two values are ordered.
    @inline(__always)
    static func order<T: Comparable>(_ a: T, _ b: T) -> Int {
        a == b ? 0 : (a < b ? -1 : 1)
    }
}

/// A version that is a list of numbers alone, compared element by element where a list that is a
/// proper prefix of another sorts first (`1.0` < `1.0.0`): the order of R's `package_version`
/// and of Haskell's `Data.Version`, neither of which pads with zeros.
struct NumberListVersion: Sendable {
    let numbers: [VersionNumber]

    func compare(to other: NumberListVersion) -> Int {
        let shared = min(numbers.count, other.numbers.count)
        for index in 0..<shared {
            let order = numbers[index].compare(other.numbers[index])
            if order != 0 { return order }
        }
        return VersionBytes.order(numbers.count, other.numbers.count)
    }

    /// Reads numbers separated by single bytes from `separators`, or nil if the text is anything
    /// else (empty, a separator first or last or doubled, or any other byte).
    static func parse(_ bytes: ArraySlice<UInt8>, separators: Set<UInt8>) -> NumberListVersion? {
        var numbers: [VersionNumber] = []
        var start = bytes.startIndex
        var index = bytes.startIndex
        while index <= bytes.endIndex {
            let atEnd = index == bytes.endIndex
            if atEnd || separators.contains(bytes[index]) {
                guard index > start else { return nil }
                numbers.append(VersionNumber(digits: bytes[start..<index]))
                start = index + 1
            } else if !VersionBytes.isDigit(bytes[index]) {
                return nil
            }
            index += 1
        }
        return NumberListVersion(numbers: numbers)
    }
}
