import Foundation
import LedgerCore
import LedgerStore

/// One event as a batch carries it: the members of its canonical bytes that neither its
/// origin nor its place in the batch fixes (Protocol/SYNC.md §4).
public struct BatchEvent: Sendable, Equatable {
    public let hlc: HLC
    public let type: String
    public let device: String?
    public let at: LedgerTime
    public let actor: String
    /// The canonical bytes of `data`, as the origin wrote them.
    public let data: [UInt8]

    public init(hlc: HLC, type: String, device: String?, at: LedgerTime, actor: String, data: [UInt8]) {
        self.hlc = hlc
        self.type = type
        self.device = device
        self.at = at
        self.actor = actor
        self.data = data
    }

    /// Splits stored canonical bytes into the batch's columns, given the columns the store
    /// indexes beside them; nil when the bytes do not have exactly that layout around one
    /// data value (LEDGER.md §3.1), so nothing is ever sent that the origin did not write.
    public init?(body: [UInt8], origin: SiteID, seq: UInt64, hlc: String, type: String, device: String?,
                 at: LedgerTime, actor: String) {
        var scratch: [UInt8] = []
        let data = body.withUnsafeBufferPointer { body in
            Self.lending(seq: seq, hlc: hlc, type: type, device: device, at: at, actor: actor, body: body) { row in
                Self.dataRange(of: row, origin: origin, scratch: &scratch)
            }
        }
        guard let data, let clock = HLC(hlc), clock.description == hlc else { return nil }
        self.init(hlc: clock, type: type, device: device, at: at, actor: actor, data: Array(body[data]))
    }

    /// The event's canonical bytes as seq `seq` of `origin` (SYNC.md §4.2).
    public func canonicalBytes(origin: SiteID, seq: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        let prefixCount = Self.lending(seq: seq, hlc: hlc.description, type: type, device: device, at: at, actor: actor,
                                       body: UnsafeBufferPointer(start: nil, count: 0)) { row in
            Self.writeEnvelope(of: row, origin: origin, into: &out)
        }
        out.insert(contentsOf: data, at: prefixCount)
        return out
    }

    /// Lends these members as a stored row's columns are lent (`OutgoingRow`).
    private static func lending<T>(seq: UInt64, hlc: String, type: String, device: String?, at: LedgerTime, actor: String,
                                   body: UnsafeBufferPointer<UInt8>, _ use: (OutgoingRow) -> T) -> T {
        var texts: [UInt8] = []
        var ranges: [Range<Int>] = []
        for text in [hlc, type, actor, device ?? ""] {
            let start = texts.count
            texts.append(contentsOf: text.utf8)
            ranges.append(start..<texts.count)
        }
        return texts.withUnsafeBufferPointer { texts in
            func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: texts[range]) }
            return use(OutgoingRow(seq: seq, hlc: slice(ranges[0]), type: slice(ranges[1]), device: device.map { _ in slice(ranges[3]) },
                                   at: at, actor: slice(ranges[2]), body: body))
        }
    }

    /// The range of `row.body` that holds its data, when the body is exactly the canonical
    /// layout of an event with the row's columns around it (LEDGER.md §3.1); nil otherwise.
    /// `scratch` holds the expected bytes around the data, and is reused between calls.
    static func dataRange(of row: OutgoingRow, origin: SiteID, scratch: inout [UInt8]) -> Range<Int>? {
        let prefixCount = writeEnvelope(of: row, origin: origin, into: &scratch)
        let body = row.body, suffixCount = scratch.count - prefixCount
        guard body.count > scratch.count else { return nil }
        let matches = scratch.withUnsafeBufferPointer { expected in
            memcmp(body.baseAddress!, expected.baseAddress!, prefixCount) == 0
                && memcmp(body.baseAddress! + body.count - suffixCount, expected.baseAddress! + prefixCount, suffixCount) == 0
        }
        return matches ? prefixCount..<(body.count - suffixCount) : nil
    }

    /// Writes into `out` (emptied first) the bytes before and after `data` in the canonical
    /// bytes of the event of `row`'s columns (LEDGER.md §3.1), one after the other; returns the
    /// length of those before.
    private static func writeEnvelope(of row: OutgoingRow, origin: SiteID, into out: inout [UInt8]) -> Int {
        out.removeAll(keepingCapacity: true)
        out.append(contentsOf: #"{"actor":"#.utf8)
        CanonicalJSON.writeString(utf8: row.actor, into: &out)
        out.append(contentsOf: #","at":""#.utf8)
        out.append(contentsOf: row.at.rfc3339.utf8)
        out.append(contentsOf: #"","data":"#.utf8)
        let prefixCount = out.count
        if let device = row.device {
            out.append(contentsOf: #","device":"#.utf8)
            CanonicalJSON.writeString(utf8: device, into: &out)
        }
        out.append(contentsOf: #","hlc":""#.utf8)
        out.append(contentsOf: row.hlc)
        out.append(contentsOf: #"","seq":"#.utf8)
        out.append(contentsOf: String(row.seq).utf8)
        out.append(contentsOf: #","site":"#.utf8)
        var site = origin.rawValue
        site.withUTF8 { CanonicalJSON.writeString(utf8: $0, into: &out) }
        out.append(contentsOf: #","type":"#.utf8)
        CanonicalJSON.writeString(utf8: row.type, into: &out)
        out.append(contentsOf: #","v":1}"#.utf8)
        return prefixCount
    }
}

/// Builds a batch body column by column (Protocol/SYNC.md §4.1) as events arrive.
public struct BatchBodyBuilder: Sendable {
    public private(set) var notes: [String] = []
    /// Strings by their UTF-8 bytes, never by `String` equality (which merges canonically
    /// equivalent texts, "é" and "e\u{301}", that are different bytes): a hash of the bytes
    /// finds the candidates and the bytes decide. Keyed by arrays of the bytes, each lookup
    /// made an array and hashed it a byte at a time: about 7 % of `serve`'s CPU samples.
    private var stringsByHash: [UInt64: [Int]] = [:]
    private var strings: [[UInt8]] = []
    private var clockMilliseconds = WireWriter()
    private var clockCounters = WireWriter()
    private var types = WireWriter()
    private var devices = WireWriter()
    private var times = WireWriter()
    private var actors = WireWriter()
    private var dataLengths = WireWriter()
    private var data: [UInt8] = []
    private var previousMilliseconds: Int64 = 0
    private var previousTime: Int64 = 0
    private var noteBytes = 0
    private var stringBytes = 0
    /// Events added.
    public private(set) var count = 0

    public init() {}

    /// About how long the body is so far.
    public var byteCount: Int {
        noteBytes + stringBytes + clockMilliseconds.bytes.count + clockCounters.bytes.count + types.bytes.count
            + devices.bytes.count + times.bytes.count + actors.bytes.count + dataLengths.bytes.count + data.count
    }

    private mutating func index(of text: String) -> Int {
        var text = text
        return text.withUTF8 { index(ofUTF8: $0) }
    }

    /// The index of the string of these UTF-8 bytes, added if new.
    private mutating func index(ofUTF8 bytes: UnsafeBufferPointer<UInt8>) -> Int {
        // FNV-1a: the table holds a few thousand short names, and the bytes decide.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        if let candidates = stringsByHash[hash] {
            for index in candidates where strings[index].elementsEqual(bytes) { return index }
        }
        stringsByHash[hash, default: []].append(strings.count)
        strings.append(Array(bytes))
        stringBytes += bytes.count + 2
        return strings.count - 1
    }

    /// The bytes before and after `data` in the canonical bytes being matched (`append(stored:)`),
    /// kept between events.
    private var envelope: [UInt8] = []

    /// Appends an event from its stored canonical bytes and the columns the store indexes beside
    /// them (lent by `Ledger.forEachOutgoingRow`), copying only its data; false, and nothing
    /// appended, when the bytes do not have exactly that layout around one data value (LEDGER.md
    /// §3.1), so nothing is ever sent that the origin did not write. The same check and columns
    /// as `BatchEvent(body:…)` followed by `append(_:)`.
    public mutating func append(stored row: OutgoingRow, origin: SiteID) -> Bool {
        guard let clock = HLC(utf8: row.hlc), let data = BatchEvent.dataRange(of: row, origin: origin, scratch: &envelope) else {
            return false
        }
        // The table holds UTF-8 only (SYNC.md §4.2): stored text that is not is refused here,
        // as reading it into a String (which repairs it) and matching did.
        func isUTF8(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
            text.allSatisfy { $0 < 0x80 } || String(validating: text, as: UTF8.self) != nil
        }
        guard isUTF8(row.type), isUTF8(row.actor), row.device.map(isUTF8) ?? true else { return false }
        // Strings enter the table in the order each event uses them: type, device, actor.
        let type = index(ofUTF8: row.type)
        let device = row.device.map { index(ofUTF8: $0) + 1 } ?? 0
        let actor = index(ofUTF8: row.actor)
        append(clock: clock, type: type, device: device, at: row.at, actor: actor, data: UnsafeBufferPointer(rebasing: row.body[data]))
        return true
    }

    public mutating func append(_ event: BatchEvent) {
        // Strings enter the table in the order each event uses them: type, device, actor.
        let type = index(of: event.type)
        let device = event.device.map { index(of: $0) + 1 } ?? 0
        let actor = index(of: event.actor)
        event.data.withUnsafeBufferPointer { data in
            append(clock: event.hlc, type: type, device: device, at: event.at, actor: actor, data: data)
        }
    }

    private mutating func append(clock: HLC, type: Int, device: Int, at: LedgerTime, actor: Int,
                                 data bytes: UnsafeBufferPointer<UInt8>) {
        clockMilliseconds.zigzag(clock.milliseconds &- previousMilliseconds)
        previousMilliseconds = clock.milliseconds
        clockCounters.varint(clock.counter)
        types.varint(type)
        devices.varint(device)
        times.zigzag(at.microseconds &- previousTime)
        previousTime = at.microseconds
        actors.varint(actor)
        dataLengths.varint(bytes.count)
        data.append(contentsOf: bytes)
        count += 1
    }

    public mutating func appendNote(_ note: String) {
        notes.append(note)
        noteBytes += note.utf8.count + 2
    }

    /// The body's bytes.
    public func encode() -> [UInt8] {
        var out = WireWriter(capacity: byteCount + 16)
        for note in notes { out.string(note) }
        out.varint(strings.count)
        for string in strings {
            out.varint(string.count)
            out.raw(string)
        }
        for column in [clockMilliseconds, clockCounters, types, devices, times, actors, dataLengths] {
            out.raw(column.bytes)
        }
        out.raw(data)
        return out.bytes
    }
}

/// A batch body read back: its notes and events, every field in range.
public struct BatchBody: Sendable, Equatable {
    public let notes: [String]
    public let events: [BatchEvent]

    public init(notes: [String], events: [BatchEvent]) {
        self.notes = notes
        self.events = events
    }

    /// The body's bytes, built column by column.
    public func encode() -> [UInt8] {
        var builder = BatchBodyBuilder()
        for note in notes { builder.appendNote(note) }
        for event in events { builder.append(event) }
        return builder.encode()
    }

    /// Reads a body of `count` events and `checkpoints` notes, refusing anything that is not
    /// the one encoding of SYNC.md §4.1 (`malformed`) or whose clocks and times leave their
    /// ranges (`not-canonical`).
    public static func decode(_ bytes: [UInt8], count: Int, checkpoints: Int) throws(SyncError) -> BatchBody {
        var reader = WireReader(bytes, context: "batch body")
        var notes: [String] = []
        notes.reserveCapacity(checkpoints)
        for _ in 0..<checkpoints { notes.append(try reader.string("note", maxBytes: 64 << 10)) }
        // Each event uses at most three strings.
        let stringCount = try reader.count("string count", limit: 3 * count)
        var strings: [String] = []
        var seen = Set<[UInt8]>()
        for _ in 0..<stringCount {
            let text = try reader.string("string")
            guard seen.insert(Array(text.utf8)).inserted else { throw reader.malformed("the string \"\(text)\" is listed twice") }
            strings.append(text)
        }
        func column(_ name: String, _ read: (inout WireReader) throws(SyncError) -> UInt64) throws(SyncError) -> [UInt64] {
            var values: [UInt64] = []
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(try read(&reader)) }
            return values
        }
        var milliseconds: [Int64] = []
        var previous: Int64 = 0
        for _ in 0..<count {
            let (value, overflow) = previous.addingReportingOverflow(try reader.zigzag("clock milliseconds"))
            guard !overflow, value >= 0, value < 1_000_000_000_000_000 else {
                throw SyncError(.notCanonical, "batch body: a clock's milliseconds leave 0 … 10^15 − 1")
            }
            milliseconds.append(value)
            previous = value
        }
        let counters = try column("clock counter") { (r: inout WireReader) throws(SyncError) in try r.varint("clock counter") }
        let types = try column("type") { (r: inout WireReader) throws(SyncError) in try r.varint("type") }
        let devices = try column("device") { (r: inout WireReader) throws(SyncError) in try r.varint("device") }
        var times: [Int64] = []
        previous = 0
        for _ in 0..<count {
            let (value, overflow) = previous.addingReportingOverflow(try reader.zigzag("time"))
            guard !overflow, value >= LedgerTime.earliest.microseconds, value <= LedgerTime.latest.microseconds else {
                throw SyncError(.notCanonical, "batch body: a time leaves the years 0001-9999")
            }
            times.append(value)
            previous = value
        }
        let actors = try column("actor") { (r: inout WireReader) throws(SyncError) in try r.varint("actor") }
        let lengths = try column("data length") { (r: inout WireReader) throws(SyncError) in try r.varint("data length") }
        // Strings must appear in the order of their first use: type, device, actor, event by event.
        var nextNew = 0
        func use(_ index: UInt64, _ field: String) throws(SyncError) -> String {
            guard index < UInt64(strings.count) else { throw reader.malformed("\(field) index \(index) is beyond the \(strings.count) strings") }
            let i = Int(index)
            if i == nextNew { nextNew += 1 } else if i > nextNew {
                throw reader.malformed("string \(i) is used before string \(nextNew)")
            }
            return strings[i]
        }
        var events: [BatchEvent] = []
        events.reserveCapacity(count)
        for i in 0..<count {
            let type = try use(types[i], "type")
            let device = devices[i] == 0 ? nil : try use(devices[i] - 1, "device")
            let actor = try use(actors[i], "actor")
            guard counters[i] <= UInt64(HLC.maximumCounter) else {
                throw SyncError(.notCanonical, "batch body: a clock counter is above \(HLC.maximumCounter)")
            }
            guard lengths[i] <= UInt64(reader.remaining) else { throw reader.malformed("ends inside the data of event \(i + 1)") }
            let range = try reader.take(Int(lengths[i]), "data")
            events.append(BatchEvent(hlc: HLC(milliseconds: milliseconds[i], counter: Int(counters[i])), type: type, device: device,
                                     at: LedgerTime(microseconds: times[i]), actor: actor, data: Array(bytes[range])))
        }
        guard nextNew == strings.count else { throw reader.malformed("\(strings.count - nextNew) strings are never used") }
        try reader.expectEnd()
        return BatchBody(notes: notes, events: events)
    }
}
