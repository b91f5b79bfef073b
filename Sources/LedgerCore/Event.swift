import Foundation
import Crypto

/// Why an event was refused: the field (a dotted path such as `data.contract.id`) and what
/// was wrong with it, or the JSON syntax error.
public struct EventError: Error, Sendable, CustomStringConvertible {
    public let field: String?
    public let reason: String

    public init(field: String?, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String {
        if let field { return "field \"\(field)\": \(reason)" }
        return reason
    }
}

/// A fact as a recorder states it, before it has a place in a log: the interchange format of
/// `record` and `import`, validated.
public struct EventDraft: Sendable {
    public let type: EventType
    public let device: String?
    public let at: LedgerTime
    public let actor: String
    public let data: JSONObject
    /// Everything needed to place the fact in a log, computed once with the draft.
    public let canonical: CanonicalDraft

    /// RFC 8785 bytes of `data`.
    public var canonicalData: [UInt8] { canonical.canonicalData }
    /// `at` in its canonical text form.
    public var atText: String { canonical.atText }
    /// SHA-256 of `factBytes`.
    public var factHash: MerkleHash { canonical.factHash }
    /// RFC 8785 bytes of the fact alone (see `CanonicalDraft.factBytes`).
    public var factBytes: [UInt8] { canonical.factBytes }
    /// Devices the data names besides `device`: `devices` and `affects.devices`.
    public var mentionedDevices: [String] { canonical.mentionedDevices }
    /// CVEs the event is about: `cve`, and the `fixes` of a patch.
    public var mentionedCVEs: [String] { canonical.mentionedCVEs }

    /// The event's canonical bytes once placed in `site`'s log at `seq` with clock `hlc`.
    public func canonicalBytes(site: SiteID, seq: UInt64, hlc: HLC) -> [UInt8] {
        canonical.canonicalBytes(site: site, seq: seq, hlc: hlc)
    }

    /// Builds and validates a draft.
    public init(type: EventType, device: String?, at: LedgerTime, actor: String, data: JSONObject) throws(EventError) {
        try self.init(type: type, device: device, at: at, actor: actor, data: data, namesAreUnique: false)
    }

    /// `namesAreUnique`: the data came from `JSONParser`, which already refused repeated names.
    /// `atText`, when the caller has it, is `at.rfc3339`; `canonicalData`, when the caller
    /// has them, the RFC 8785 bytes of `data`.
    init(type: EventType, device: String?, at: LedgerTime, atText: String? = nil, actor: String, data: JSONObject,
         canonicalData: [UInt8]? = nil, namesAreUnique: Bool) throws(EventError) {
        try Self.checkName(actor, field: "actor")
        switch type.deviceRule {
        case .required:
            guard let device else { throw EventError(field: "device", reason: "is required for \(type.rawValue)") }
            try Self.checkName(device, field: "device")
        case .forbidden:
            if device != nil {
                throw EventError(field: "device", reason: "\(type.rawValue) is not about one device; list devices in data")
            }
        case .optional:
            if let device { try Self.checkName(device, field: "device") }
        }
        if !namesAreUnique, let duplicate = data.firstDuplicateName {
            throw EventError(field: "data", reason: "member name \"\(duplicate)\" appears twice in one object")
        }
        do { try type.schema.validate(data, path: "data") } catch {
            throw EventError(field: error.path, reason: error.reason)
        }
        if type == .contractAmended, device == nil, data["contract"]?.objectValue?["id"] == nil {
            throw EventError(field: "data.contract.id", reason: "is required when contract.amended names no device")
        }
        if type == .cpeAssigned, device == nil {
            if data["manufacturer"] == nil { throw EventError(field: "data.manufacturer", reason: "is required when cpe.assigned names no device") }
            if data["model"] == nil { throw EventError(field: "data.model", reason: "is required when cpe.assigned names no device") }
        }
        self.type = type
        self.device = device
        self.at = at
        self.actor = actor
        self.data = data
        var devices: [String] = []
        if let list = data["devices"]?.arrayValue { devices += list.compactMap(\.stringValue) }
        if let list = data["affects"]?.objectValue?["devices"]?.arrayValue { devices += list.compactMap(\.stringValue) }
        var cves: [String] = []
        if let cve = data["cve"]?.stringValue { cves.append(cve) }
        if let list = data["fixes"]?.arrayValue { cves += list.compactMap(\.stringValue) }
        if type == .vulnerabilityRecorded {
            // A record is found under each of its names: its own id and every alias.
            if let id = data["id"]?.stringValue { cves.append(id) }
            if let list = data["aliases"]?.arrayValue { cves += list.compactMap(\.stringValue) }
        }
        let payload = FactPayload(type: type, data: data)
        canonical = CanonicalDraft(type: type, device: device, at: at, atText: atText ?? at.rfc3339, actor: actor, data: data,
                                   canonicalData: canonicalData, mentionedDevices: devices, mentionedCVEs: cves,
                                   payload: payload.encoded, lookupKeys: payload.lookupKeys)
    }

    /// Members of an interchange line that describe an event's place in a log (as `log
    /// --format jsonl` writes them). They are not part of the fact, so they are read past.
    public static let placementMembers: Set<String> = ["v", "site", "seq", "hlc", "id", "leaf", "receivedAt"]

    /// Reads one interchange object: `type`, `at`, `actor`, `data`, and `device` where the
    /// type needs it. Placement members are ignored; any other member is refused.
    public init(interchange object: JSONObject) throws(EventError) {
        try self.init(interchange: object, namesAreUnique: false)
    }

    init(interchange object: JSONObject, namesAreUnique: Bool) throws(EventError) {
        var type: EventType?
        var device: String?
        var at: LedgerTime?
        var actor: String?
        var data: JSONObject?
        for member in object.members {
            switch member.name {
            case "type":
                guard case .string(let s) = member.value else {
                    throw EventError(field: "type", reason: "must be a string, not \(member.value.typeName)")
                }
                guard let t = EventType(rawValue: s) else {
                    throw EventError(field: "type", reason: "unknown event type \"\(s)\"")
                }
                type = t
            case "device":
                guard case .string(let s) = member.value else {
                    throw EventError(field: "device", reason: "must be a string, not \(member.value.typeName)")
                }
                device = s
            case "at":
                guard case .string(let s) = member.value else {
                    throw EventError(field: "at", reason: "must be a string, not \(member.value.typeName)")
                }
                do { at = try LedgerTime(rfc3339: s) } catch {
                    throw EventError(field: "at", reason: "\"\(s)\": \(error.reason)")
                }
            case "actor":
                guard case .string(let s) = member.value else {
                    throw EventError(field: "actor", reason: "must be a string, not \(member.value.typeName)")
                }
                actor = s
            case "data":
                guard case .object(let o) = member.value else {
                    throw EventError(field: "data", reason: "must be an object, not \(member.value.typeName)")
                }
                data = o
            default:
                guard Self.placementMembers.contains(member.name) else {
                    throw EventError(field: member.name, reason: "is not a member of an event (type, device, at, actor, data)")
                }
            }
        }
        guard let type else { throw EventError(field: "type", reason: "is required") }
        guard let at else { throw EventError(field: "at", reason: "is required") }
        guard let actor else { throw EventError(field: "actor", reason: "is required") }
        guard let data else { throw EventError(field: "data", reason: "is required") }
        try self.init(type: type, device: device, at: at, actor: actor, data: data, namesAreUnique: namesAreUnique)
    }

    /// Reads one interchange line (JSON text of one object).
    public init(interchange bytes: UnsafeBufferPointer<UInt8>) throws(EventError) {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch {
            throw EventError(field: nil, reason: "not JSON: \(error)")
        }
        guard case .object(let object) = value else {
            throw EventError(field: nil, reason: "an event is a JSON object, not \(value.typeName)")
        }
        try self.init(interchange: object, namesAreUnique: true)
    }

    /// Devices and actors are names people type and read: 1-128 bytes, no control characters,
    /// no surrounding blanks.
    static func checkName(_ name: String, field: String) throws(EventError) {
        var name = name
        // Checked on the contiguous UTF-8 bytes: through `String.UTF8View` the scan for
        // control characters was most of the cost of checking a name (measured).
        let problem: String? = name.withUTF8 { utf8 in
            if utf8.isEmpty { return "must not be empty" }
            if utf8.count > 128 { return "is longer than 128 bytes" }
            if utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return "contains a control character" }
            return nil
        }
        if let problem { throw EventError(field: field, reason: problem) }
        let scalars = name.unicodeScalars
        func isBlank(_ s: Unicode.Scalar) -> Bool { s.isASCII ? s == " " : s.properties.isWhitespace }
        guard !isBlank(scalars.first!), !isBlank(scalars.last!) else {
            throw EventError(field: field, reason: "has leading or trailing blanks")
        }
    }
}

/// A draft reduced to what placing it in a log needs: its fact in canonical bytes and the
/// names the store indexes. It holds no JSON tree, so it is cheap to hand between threads and
/// to drop.
public struct CanonicalDraft: Sendable {
    public let type: EventType
    public let device: String?
    public let at: LedgerTime
    /// `at` in its canonical text form.
    public let atText: String
    public let actor: String
    /// SHA-256 of `factBytes`.
    public private(set) var factHash = RFC6962.emptyRoot
    /// Devices the data names besides `device`: `devices` and `affects.devices`.
    public let mentionedDevices: [String]
    /// CVEs the event is about: `cve`, and the `fixes` of a patch.
    public let mentionedCVEs: [String]
    /// The typed payload in its compact form (`FactPayload.encoded`), for the projection.
    public let payload: [UInt8]
    /// Keys the projection finds the event under (`FactPayload.lookupKeys`).
    public let lookupKeys: [String]
    /// The canonical members every form of the event shares, in order and as bytes:
    /// `{"actor":…,"at":"…","data":{…}` and `,"device":…` when there is one. The fact and the
    /// placed event are this head followed by their own remaining members (which sort after it).
    private let head: [UInt8]
    private let dataRange: Range<Int>

    /// `atText` must be `at.rfc3339`, and `canonicalData`, when given, the RFC 8785 bytes of
    /// `data`; without them the canonical form is written here, straight into the head.
    init(type: EventType, device: String?, at: LedgerTime, atText: String, actor: String, data: JSONObject, canonicalData: [UInt8]?,
         mentionedDevices: [String], mentionedCVEs: [String], payload: [UInt8], lookupKeys: [String]) {
        self.type = type
        self.device = device
        self.at = at
        self.atText = atText
        self.actor = actor
        self.mentionedDevices = mentionedDevices
        self.mentionedCVEs = mentionedCVEs
        self.payload = payload
        self.lookupKeys = lookupKeys
        var head: [UInt8] = []
        // Room for the fact's end too, which is hashed in place (see below). Escapes may need
        // more; the array then grows.
        head.reserveCapacity(actor.utf8.count + atText.utf8.count + (canonicalData?.count ?? 128) + (device?.utf8.count ?? 0) + 96)
        head.append(literal: #"{"actor":"#)
        CanonicalJSON.writeString(actor, into: &head)
        head.append(literal: #","at":""#)
        head.append(utf8Of: atText)
        head.append(literal: #"","data":"#)
        let dataStart = head.count
        if let canonicalData {
            head.append(contentsOf: canonicalData)
        } else {
            CanonicalJSON.writeObject(data, into: &head)
        }
        dataRange = dataStart..<head.count
        if let device {
            head.append(literal: #","device":"#)
            CanonicalJSON.writeString(device, into: &head)
        }
        // The fact is the head and its end: hashed with the end appended for a moment, so with
        // one update and no second buffer.
        let headCount = head.count
        Self.appendFactEnd(type, to: &head)
        var hasher = SHA256()
        head.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        factHash = MerkleHash(hasher.finalize())
        head.removeSubrange(headCount...)
        self.head = head
    }

    /// The members of the fact after the head: `,"type":"…"}`.
    private static func appendFactEnd(_ type: EventType, to out: inout [UInt8]) {
        out.append(literal: #","type":""#)
        out.append(utf8Of: type.rawValue)
        out.append(literal: #""}"#)
    }

    /// RFC 8785 bytes of `data`.
    public var canonicalData: [UInt8] { Array(head[dataRange]) }

    /// Whether `bytes` are exactly the draft's `canonicalData`.
    public func hasCanonicalData(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == dataRange.count else { return false }
        return head.withUnsafeBytes { held in
            bytes.withUnsafeBytes { memcmp(held.baseAddress! + dataRange.lowerBound, $0.baseAddress!, bytes.count) == 0 }
        }
    }

    /// About how many bytes the draft holds (its canonical members).
    public var canonicalByteCount: Int { head.count }

    /// RFC 8785 bytes of the fact alone, `{actor, at, data, device, type}`: two events with the
    /// same fact bytes record the same fact, whichever site recorded it (invariant 2).
    public var factBytes: [UInt8] {
        var out = head
        Self.appendFactEnd(type, to: &out)
        return out
    }

    /// The leaf hash of this draft once placed, begun over what every placement shares (see
    /// `LeafHashPrefix`).
    public var leafHashPrefix: LeafHashPrefix {
        var state = SHA256()
        state.update(data: [0x00] as [UInt8])
        state.update(data: head)
        return LeafHashPrefix(state: state, headCount: head.count)
    }

    /// The event's canonical bytes once placed in `site`'s log at `seq` with clock `hlc`:
    /// RFC 8785 of `{actor, at, data, device?, hlc, seq, site, type, v}`, written directly in
    /// that (already sorted) member order.
    public func canonicalBytes(site: SiteID, seq: UInt64, hlc: HLC) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(head.count + 112)
        out.append(contentsOf: head)
        out.append(literal: #","hlc":""#)
        hlc.write(into: &out)
        out.append(literal: #"","seq":"#)
        CanonicalJSON.writeInteger(seq, into: &out)
        out.append(literal: #","site":"#)
        CanonicalJSON.writeString(site.rawValue, into: &out)
        out.append(literal: #","type":""#)
        out.append(utf8Of: type.rawValue)
        out.append(literal: #"","v":1}"#)
        return out
    }
}

/// A draft's RFC 6962 leaf hash begun: SHA-256 over the 0x00 prefix and the canonical members
/// every placement of the draft starts with (all but hlc, seq, site, type and v). An import
/// begins it on the thread that parses, so the thread that places and stores the event hashes
/// only the hundred-odd bytes the placement adds.
public struct LeafHashPrefix: Sendable {
    fileprivate let state: SHA256
    fileprivate let headCount: Int

    /// The leaf hash of `placed`, which must be the draft's `canonicalBytes(site:seq:hlc:)`.
    public func finish(_ placed: [UInt8]) -> MerkleHash {
        precondition(placed.count > headCount, "not the placed bytes of the draft")
        var hasher = state
        placed.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[headCount...])) }
        return MerkleHash(hasher.finalize())
    }
}

/// An event as a log holds it: its place (site, seq, clock) and its fact, read back from its
/// canonical bytes.
public struct Event: Sendable {
    public let id: EventID
    public let hlc: HLC
    public let draft: EventDraft
    /// The canonical bytes, exactly as stored and hashed.
    public let canonicalBytes: [UInt8]

    public var type: EventType { draft.type }
    public var device: String? { draft.device }
    public var at: LedgerTime { draft.at }
    public var actor: String { draft.actor }
    public var data: JSONObject { draft.data }

    /// Places a draft in a log.
    public init(site: SiteID, seq: UInt64, hlc: HLC, draft: EventDraft) {
        self.id = EventID(site: site, seq: seq)
        self.hlc = hlc
        self.draft = draft
        self.canonicalBytes = draft.canonicalBytes(site: site, seq: seq, hlc: hlc)
    }

    /// Reads an event back from its canonical bytes, refusing anything that is not exactly
    /// the canonical form the ledger writes (so equal facts have equal bytes).
    public init(canonicalBytes bytes: [UInt8]) throws(EventError) {
        let object: JSONObject
        do { object = try JSONParser.parseObject(bytes) } catch {
            throw EventError(field: nil, reason: "stored bytes are not a JSON object: \(error)")
        }
        guard object["v"]?.numberValue == 1 else { throw EventError(field: "v", reason: "format version must be 1") }
        guard let siteText = object["site"]?.stringValue, let site = try? SiteID(siteText) else {
            throw EventError(field: "site", reason: "missing or invalid")
        }
        guard let seqValue = object["seq"]?.numberValue, seqValue >= 1, seqValue == seqValue.rounded(),
              seqValue < 9.007199254740992e15 else {
            throw EventError(field: "seq", reason: "missing or invalid")
        }
        guard let hlcText = object["hlc"]?.stringValue, let hlc = HLC(hlcText) else {
            throw EventError(field: "hlc", reason: "missing or invalid")
        }
        var fact = JSONObject()
        for member in object.members where !["v", "site", "seq", "hlc"].contains(member.name) {
            fact.members.append(member)
        }
        // JSONParser refused repeated names already: not checked twice (a fifth of the cost of
        // re-reading received events, measured).
        let draft = try EventDraft(interchange: fact, namesAreUnique: true)
        let seq = UInt64(seqValue)
        let expected = draft.canonicalBytes(site: site, seq: seq, hlc: hlc)
        guard expected == bytes else {
            throw EventError(field: nil, reason: "stored bytes are not in canonical form")
        }
        self.id = EventID(site: site, seq: seq)
        self.hlc = hlc
        self.draft = draft
        self.canonicalBytes = bytes
    }

    /// Reads an event whose members arrived apart (a sync batch's columns, SYNC.md §4.2),
    /// refusing exactly what `init(canonicalBytes:)` refuses for the bytes those members make:
    /// only `data` is parsed as JSON (the other members are typed already), and the canonical
    /// bytes are written once, by the draft. The members make canonical bytes exactly when
    /// `data` is its own canonical form and `at` reads back from its text as written; the
    /// draft's bytes are then those bytes.
    public init(site: SiteID, seq: UInt64, hlc: HLC, type: String, device: String?, at: LedgerTime, actor: String,
                data: [UInt8]) throws(EventError) {
        guard let eventType = EventType(rawValue: type) else {
            throw EventError(field: "type", reason: "unknown event type \"\(type)\"")
        }
        // `at` as `init(canonicalBytes:)` reads it: from its text in the bytes.
        let atText = at.rfc3339
        let readAt: LedgerTime
        do { readAt = try LedgerTime(rfc3339: atText) } catch {
            throw EventError(field: "at", reason: "\"\(atText)\": \(error.reason)")
        }
        let object: JSONObject
        let isCanonical: Bool
        do { (object, isCanonical) = try JSONParser.parseObjectNotingCanonicalForm(data) } catch {
            throw EventError(field: "data", reason: "must be an object: \(error)")
        }
        // JSONParser refused repeated names already. When `at` reads back as itself (always,
        // inside years 0001-9999), its text is the draft's and is not formatted again. When
        // the parser saw `data` is canonical, its bytes are the draft's as they are: writing
        // them again was a sixth of reading a received event (measured).
        let draft = try EventDraft(type: eventType, device: device, at: readAt, atText: readAt == at ? atText : nil, actor: actor,
                                   data: object, canonicalData: isCanonical ? data : nil, namesAreUnique: true)
        guard draft.atText == atText, isCanonical || draft.canonical.hasCanonicalData(data) else {
            throw EventError(field: nil, reason: "stored bytes are not in canonical form")
        }
        self.id = EventID(site: site, seq: seq)
        self.hlc = hlc
        self.draft = draft
        self.canonicalBytes = draft.canonicalBytes(site: site, seq: seq, hlc: hlc)
    }

    /// RFC 6962 leaf hash of the canonical bytes.
    public var leafHash: MerkleHash { RFC6962.leafHash(canonicalBytes) }
}

/// The placement and identity members of an event's canonical bytes, read without decoding
/// its `data` (which the leaf hash already covers): what `verify` compares with the columns
/// the store indexes.
public struct EventEnvelope: Sendable {
    public let id: EventID
    public let hlc: String
    public let type: String
    public let device: String?
    public let at: LedgerTime
    public let actor: String

    /// Reads the envelope of canonical event bytes.
    public init(canonicalBytes buffer: UnsafeBufferPointer<UInt8>) throws(EventError) {
        let object: JSONObject
        do { (object, _) = try JSONParser.parseObject(buffer, skipping: "data") } catch {
            throw EventError(field: nil, reason: "stored bytes are not a JSON object: \(error)")
        }
        guard object["v"]?.numberValue == 1 else { throw EventError(field: "v", reason: "format version must be 1") }
        guard let siteText = object["site"]?.stringValue, let site = try? SiteID(siteText) else {
            throw EventError(field: "site", reason: "missing or invalid")
        }
        guard let seq = object["seq"]?.numberValue, seq >= 1, seq == seq.rounded(), seq < 9.007199254740992e15 else {
            throw EventError(field: "seq", reason: "missing or invalid")
        }
        guard let hlc = object["hlc"]?.stringValue, let type = object["type"]?.stringValue,
              let actor = object["actor"]?.stringValue, let atText = object["at"]?.stringValue,
              let at = try? LedgerTime(rfc3339: atText) else {
            throw EventError(field: nil, reason: "stored bytes lack hlc, type, actor or a valid at")
        }
        self.id = EventID(site: site, seq: UInt64(seq))
        self.hlc = hlc
        self.type = type
        self.device = object["device"]?.stringValue
        self.at = at
        self.actor = actor
    }
}

extension EventEnvelope {
    /// True when `body` is exactly the canonical layout of an event with these members around
    /// one JSON object as its data: `{"actor":…,"at":"…","data":{…},["device":…,]"hlc":"…",
    /// "seq":…,"site":…,"type":"…","v":1}`. It checks what the store indexes against the bytes
    /// without decoding the data, whose integrity the leaf hash and signed tree already prove.
    /// `scratch` is reused between calls.
    public static func matches(_ body: UnsafeBufferPointer<UInt8>, site: UnsafeBufferPointer<UInt8>, seq: UInt64,
                               hlc: UnsafeBufferPointer<UInt8>, type: UnsafeBufferPointer<UInt8>,
                               device: UnsafeBufferPointer<UInt8>?, at: LedgerTime, actor: UnsafeBufferPointer<UInt8>,
                               scratch: inout [UInt8]) -> Bool {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(literal: #"{"actor":"#)
        CanonicalJSON.writeString(utf8: actor, into: &scratch)
        scratch.append(literal: #","at":""#)
        scratch.append(utf8Of: at.rfc3339)
        scratch.append(literal: #"","data":"#)
        let prefixCount = scratch.count
        if let device {
            scratch.append(literal: #","device":"#)
            CanonicalJSON.writeString(utf8: device, into: &scratch)
        }
        scratch.append(literal: #","hlc":""#)
        scratch.append(contentsOf: hlc)
        scratch.append(literal: #"","seq":"#)
        CanonicalJSON.writeInteger(seq, into: &scratch)
        scratch.append(literal: #","site":"#)
        CanonicalJSON.writeString(utf8: site, into: &scratch)
        scratch.append(literal: #","type":""#)
        scratch.append(contentsOf: type)
        scratch.append(literal: #"","v":1}"#)
        let suffixCount = scratch.count - prefixCount
        guard body.count > scratch.count else { return false }
        let matchesEnds = scratch.withUnsafeBufferPointer { expected in
            memcmp(body.baseAddress!, expected.baseAddress!, prefixCount) == 0
                && memcmp(body.baseAddress! + body.count - suffixCount, expected.baseAddress! + prefixCount, suffixCount) == 0
        }
        guard matchesEnds else { return false }
        // Between the two ends there must be exactly one object, so no member can hide there.
        let dataRange = prefixCount..<(body.count - suffixCount)
        guard body[dataRange.lowerBound] == UInt8(ascii: "{") else { return false }
        return JSONParser.objectExtent(UnsafeBufferPointer(rebasing: body[dataRange])) == dataRange.count
    }
}
