import LedgerCore

/// Where a synthetic event's `data` is written: the same description of a payload yields a
/// `JSONObject` (for `EventDraft`) or JSON text (for interchange lines), so the two outputs of
/// `SyntheticFleet` cannot drift apart. Member names are plain ASCII identifiers.
protocol FactWriter {
    mutating func string(_ name: String, _ value: String)
    mutating func integer(_ name: String, _ value: Int)
    mutating func number(_ name: String, _ value: Double)
    mutating func boolean(_ name: String, _ value: Bool)
    mutating func strings(_ name: String, _ values: [String])
    mutating func object(_ name: String, _ body: (inout Self) -> Void)
    /// An array of `count` objects, the i-th written by `body(&writer, i)`.
    mutating func objects(_ name: String, count: Int, _ body: (inout Self, Int) -> Void)
}

/// Builds the payload as a `JSONObject`.
struct ObjectFactWriter: FactWriter {
    var object = JSONObject()

    mutating func string(_ name: String, _ value: String) { object.append(name, .string(value)) }
    mutating func integer(_ name: String, _ value: Int) { object.append(name, .number(Double(value))) }
    mutating func number(_ name: String, _ value: Double) { object.append(name, .number(value)) }
    mutating func boolean(_ name: String, _ value: Bool) { object.append(name, .bool(value)) }

    mutating func strings(_ name: String, _ values: [String]) {
        object.append(name, .array(values.map(JSONValue.string)))
    }

    mutating func object(_ name: String, _ body: (inout Self) -> Void) {
        var child = ObjectFactWriter()
        body(&child)
        object.append(name, .object(child.object))
    }

    mutating func objects(_ name: String, count: Int, _ body: (inout Self, Int) -> Void) {
        var elements: [JSONValue] = []
        elements.reserveCapacity(count)
        for i in 0..<count {
            var child = ObjectFactWriter()
            body(&child, i)
            elements.append(.object(child.object))
        }
        object.append(name, .array(elements))
    }
}

/// Writes the payload as compact JSON text, members in the order given (the reader
/// canonicalises, so the order does not change the fact).
struct ByteFactWriter: FactWriter {
    var bytes: [UInt8]
    private var needsComma = false

    init(into bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func key(_ name: String) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: name.utf8)
        bytes.append(contentsOf: "\":".utf8)
    }

    mutating func string(_ name: String, _ value: String) {
        key(name)
        CanonicalJSON.writeString(value, into: &bytes)
    }

    mutating func integer(_ name: String, _ value: Int) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)  // a small string: no allocation
    }

    mutating func number(_ name: String, _ value: Double) {
        key(name)
        CanonicalJSON.writeNumber(value, into: &bytes)
    }

    mutating func boolean(_ name: String, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func strings(_ name: String, _ values: [String]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            CanonicalJSON.writeString(value, into: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func object(_ name: String, _ body: (inout Self) -> Void) {
        key(name)
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func objects(_ name: String, count: Int, _ body: (inout Self, Int) -> Void) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for i in 0..<count {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "{"))
            needsComma = false
            body(&self, i)
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }
}

/// `value` in decimal, left-padded with zeros to `width` digits (no Foundation formatting).
func zeroPadded(_ value: Int, width: Int) -> String {
    let digits = String(value)
    let missing = width - digits.utf8.count
    return missing > 0 ? String(repeating: "0", count: missing) + digits : digits
}
