import Foundation

/// A JSON value as the ledger keeps it: object members in their original order with their raw
/// names (never merged through a `Dictionary`, which would fold canonically equivalent names
/// such as "é" and "e\u{301}" into one and silently drop a member), numbers as IEEE doubles.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The string, if this value is one.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The object, if this value is one.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The array, if this value is one.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The boolean, if this value is one.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The number, if this value is one.
    public var numberValue: Double? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// The first duplicated member name in any object inside this value.
    public var firstDuplicateName: String? {
        switch self {
        case .object(let object): object.firstDuplicateName
        case .array(let elements): elements.lazy.compactMap(\.firstDuplicateName).first
        default: nil
        }
    }

    /// A short name of the value's JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// One member of a JSON object, its name kept exactly as it was written.
public struct JSONMember: Sendable {
    public var name: String
    public var value: JSONValue

    public init(_ name: String, _ value: JSONValue) {
        self.name = name
        self.value = value
    }
}

/// A JSON object: its members in the order they were read, names compared by their exact
/// code units (never by Swift's canonical-equivalence `==`).
public struct JSONObject: Sendable {
    public var members: [JSONMember]

    public init(_ members: [JSONMember] = []) {
        self.members = members
    }

    /// The value of the member whose name is exactly `name` (same UTF-8 bytes).
    public subscript(name: String) -> JSONValue? {
        // Read in place and by length first: copying each member out (retaining its name and
        // value) cost 3 % of reading a received event (callgrind).
        let count = name.utf8.count
        for i in members.indices where members[i].name.utf8.count == count && members[i].name.hasSameCodeUnits(as: name) {
            return members[i].value
        }
        return nil
    }

    /// The first member name that appears twice (by exact code units) in this object or any
    /// object nested in it, if any. The parser never produces one; objects built in code can.
    public var firstDuplicateName: String? {
        var seen = Set<[UInt8]>()
        for member in members {
            guard seen.insert(Array(member.name.utf8)).inserted else { return member.name }
            if let nested = member.value.firstDuplicateName { return nested }
        }
        return nil
    }

    /// Appends a member; the caller guarantees the name is not already present.
    public mutating func append(_ name: String, _ value: JSONValue) {
        members.append(JSONMember(name, value))
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByNilLiteral,
    ExpressibleByArrayLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Builds an object in the literal's order (for code and tests; names must be distinct).
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.members = elements.map { JSONMember($0.0, $0.1) }
    }
}

extension String {
    /// Exact UTF-8 equality. Swift's `==` compares under canonical equivalence ("é" equals
    /// "e\u{301}"), which JSON member names must not (RFC 8785 §3.2.3 works on code units).
    @inlinable
    public func hasSameCodeUnits(as other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        // Native strings are contiguous UTF-8: compare in place, without copying either.
        if let equal = utf8.withContiguousStorageIfAvailable({ a in
            other.utf8.withContiguousStorageIfAvailable { b in
                a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
            }
        }), let equal {
            return equal
        }
        return utf8.elementsEqual(other.utf8)
    }
}
