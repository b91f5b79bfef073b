import LedgerCore

/// Writes the primitives of Protocol/SYNC.md §2.
struct WireWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func u8(_ value: UInt8) { bytes.append(value) }

    mutating func u16(_ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }

    mutating func u32(_ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }

    /// Unsigned LEB128, minimal.
    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func varint(_ value: Int) { varint(UInt64(value)) }

    /// A signed value, zigzag-mapped then as a varint.
    mutating func zigzag(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            varint(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func hash(_ hash: MerkleHash) {
        hash.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    mutating func raw(_ other: some Sequence<UInt8>) { bytes.append(contentsOf: other) }
}

/// Reads the primitives of Protocol/SYNC.md §2 from a byte array, refusing anything out of
/// bounds or not in its one encoding with `malformed`, never trapping.
struct WireReader {
    let bytes: [UInt8]
    private(set) var offset: Int
    let end: Int
    /// What is being read, for error messages ("BATCH", "batch body").
    let context: String

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil, context: String) {
        self.bytes = bytes
        self.offset = start
        self.end = end ?? bytes.count
        self.context = context
    }

    var isAtEnd: Bool { offset == end }
    var remaining: Int { end - offset }

    func malformed(_ reason: String) -> SyncError { SyncError(.malformed, "\(context): \(reason)") }

    mutating func u8(_ field: String) throws(SyncError) -> UInt8 {
        guard offset < end else { throw malformed("ends inside \(field)") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16(_ field: String) throws(SyncError) -> UInt16 {
        let high = try u8(field), low = try u8(field)
        return UInt16(high) << 8 | UInt16(low)
    }

    mutating func varint(_ field: String) throws(SyncError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        for index in 0..<10 {
            let byte = try u8(field)
            let group = UInt64(byte & 0x7F)
            if index == 9 && (byte & 0x80 != 0 || group > 1) { throw malformed("\(field) is beyond 64 bits") }
            value |= group << shift
            if byte & 0x80 == 0 {
                // Minimal: no final zero group after the first.
                if index > 0 && byte == 0 { throw malformed("\(field) is not minimally encoded") }
                return value
            }
            shift += 7
        }
        throw malformed("\(field) is beyond 64 bits")
    }

    /// A varint that must fit a count or index of this process (and `limit`).
    mutating func count(_ field: String, limit: Int) throws(SyncError) -> Int {
        let value = try varint(field)
        guard value <= UInt64(limit) else { throw malformed("\(field) \(value) is above \(limit)") }
        return Int(value)
    }

    mutating func zigzag(_ field: String) throws(SyncError) -> Int64 {
        let raw = try varint(field)
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    /// The next `count` bytes as a range of `bytes`.
    mutating func take(_ count: Int, _ field: String) throws(SyncError) -> Range<Int> {
        guard count >= 0, count <= remaining else { throw malformed("ends inside \(field)") }
        defer { offset += count }
        return offset..<offset + count
    }

    mutating func string(_ field: String, maxBytes: Int = 1 << 24) throws(SyncError) -> String {
        let length = try count("\(field) length", limit: maxBytes)
        let range = try take(length, field)
        guard let text = String(validating: bytes[range], as: UTF8.self) else { throw malformed("\(field) is not UTF-8") }
        return text
    }

    mutating func site(_ field: String) throws(SyncError) -> SiteID {
        let text = try string(field, maxBytes: 32)
        guard let site = try? SiteID(text) else { throw malformed("\(field) \"\(text)\" is not a site id") }
        return site
    }

    mutating func hash(_ field: String) throws(SyncError) -> MerkleHash {
        let range = try take(32, field)
        return MerkleHash(bytes: bytes[range])!
    }

    func expectEnd() throws(SyncError) {
        guard isAtEnd else { throw malformed("\(remaining) bytes left over") }
    }
}
