/// The security terms of a contract as the reports read them. Every term is optional: a
/// `device.procured` states the contract, a `contract.amended` states only what it changes.
public struct ContractTerms: Sendable, Equatable {
    /// How remote access is documented (contract principle 11).
    public enum RemoteAccess: Sendable, Equatable {
        /// `false`: the device offers no remote access, so there is nothing to document.
        case none
        /// `true`, an empty text, or an object without a `method`: remote access exists, undocumented.
        case undocumented
        /// A text, or an object naming the method (and authentication and monitoring).
        case documented
    }

    public var id: String?
    public var usefulLifeEnd: LedgerTime?
    /// Days allowed for a fix per severity: critical, high, medium, low.
    public var patchDays: [Int?] = [nil, nil, nil, nil]
    public var securityContact: String?
    public var vulnerabilityPortal: String?
    public var remoteAccess: RemoteAccess?
    public var scoring: String?

    public init() {}

    init(_ object: JSONObject) {
        id = object["id"]?.stringValue
        usefulLifeEnd = object["usefulLifeEnd"]?.stringValue.flatMap { try? LedgerTime(rfc3339: $0) }
        if let days = object["patchDays"]?.objectValue {
            patchDays = ["critical", "high", "medium", "low"].map { days[$0]?.numberValue.map { Int($0) } }
        }
        securityContact = object["securityContact"]?.stringValue
        vulnerabilityPortal = object["vulnerabilityPortal"]?.stringValue
        switch object["remoteAccess"] {
        case .bool(false): remoteAccess = RemoteAccess.none
        case .bool(true): remoteAccess = .undocumented
        case .string(let text): remoteAccess = text.allSatisfy(\.isWhitespace) ? .undocumented : .documented
        case .object(let terms):
            let method = terms["method"]?.stringValue ?? ""
            remoteAccess = method.allSatisfy(\.isWhitespace) ? .undocumented : .documented
        default: remoteAccess = nil
        }
        scoring = object["scoring"]?.stringValue
    }

    /// These terms with every term `later` states laid over them.
    public func amended(by later: ContractTerms) -> ContractTerms {
        var merged = self
        merged.id = later.id ?? id
        merged.usefulLifeEnd = later.usefulLifeEnd ?? usefulLifeEnd
        merged.patchDays = zip(patchDays, later.patchDays).map { $1 ?? $0 }
        merged.securityContact = later.securityContact ?? securityContact
        merged.vulnerabilityPortal = later.vulnerabilityPortal ?? vulnerabilityPortal
        merged.remoteAccess = later.remoteAccess ?? remoteAccess
        merged.scoring = later.scoring ?? scoring
        return merged
    }
}

/// A model a vulnerability affects, with the affected versions when they are known.
public struct AffectedModel: Sendable, Equatable {
    public var manufacturer: String
    public var model: String
    /// A version range (`VersionRange`'s syntax); nil for every version.
    public var versions: String?
}

/// What the reports need of one event's `data`, by type: the typed reading of DOMAIN.md's
/// payloads, with a compact binary form stored beside each event (the projection) so reports
/// and replays never parse JSON.
public enum FactPayload: Sendable, Equatable {
    case procured(manufacturer: String, model: String, serial: String?, version: String?, cpe: String?, terms: ContractTerms)
    case deployed(location: String?, department: String?, segment: String?)
    /// The components, each with what matching reads of it: name, version, purl, CPE.
    case sbom(components: [SBOMComponent])
    case mds2(version: String?, date: LedgerTime?)
    case disclosed(cve: String, vector: String?, score: Double?, kev: Bool, source: String?,
                   devices: [String], models: [AffectedModel], components: [String])
    case assessed(cve: String, status: String, justification: String?)
    case patchReleased(manufacturer: String, model: String, version: String, fixes: [String])
    case patchApplied(version: String)
    case mitigation(cve: String, control: String, expires: LedgerTime?)
    case incident(id: String, devices: [String], severity: String?, summary: String?)
    case lifecycle(manufacturer: String, model: String, endOfSale: LedgerTime?, endOfSupport: LedgerTime?, endOfLife: LedgerTime?)
    case amended(terms: ContractTerms)
    case decommissioned(sanitized: Bool, method: String?)
    case kevListed(cve: String, dateAdded: LedgerTime, dueDate: LedgerTime?)
    /// A vulnerability database's record (OSV, NVD), for matching against components and CPEs.
    case recorded(VulnerabilityRecord)
    /// A CPE for the event's device, or (with no device) for every device of a model.
    case cpeAssigned(cpe: String, manufacturer: String?, model: String?)

    /// Reads the payload of a validated event's data.
    public init(type: EventType, data: JSONObject) {
        func string(_ name: String) -> String? { data[name]?.stringValue }
        func time(_ name: String) -> LedgerTime? { string(name).flatMap { try? LedgerTime(rfc3339: $0) } }
        func strings(_ value: JSONValue?) -> [String] { value?.arrayValue?.compactMap(\.stringValue) ?? [] }
        switch type {
        case .deviceProcured:
            self = .procured(manufacturer: string("manufacturer") ?? "", model: string("model") ?? "",
                             serial: string("serial"), version: string("version"), cpe: string("cpe"),
                             terms: ContractTerms(data["contract"]?.objectValue ?? JSONObject([])))
        case .deviceDeployed:
            self = .deployed(location: string("location"), department: string("department"), segment: string("segment"))
        case .sbomRecorded:
            self = .sbom(components: (data["components"]?.arrayValue ?? []).map { value in
                let c = value.objectValue
                return SBOMComponent(name: c?["name"]?.stringValue, version: c?["version"]?.stringValue,
                                     purl: c?["purl"]?.stringValue, cpe: c?["cpe"]?.stringValue)
            })
        case .mds2Recorded:
            self = .mds2(version: string("version"), date: time("date"))
        case .vulnerabilityDisclosed:
            let affects = data["affects"]?.objectValue
            let models = (affects?["models"]?.arrayValue ?? []).compactMap { value -> AffectedModel? in
                guard let m = value.objectValue, let manufacturer = m["manufacturer"]?.stringValue,
                      let model = m["model"]?.stringValue else { return nil }
                return AffectedModel(manufacturer: manufacturer, model: model, versions: m["versions"]?.stringValue)
            }
            self = .disclosed(cve: string("cve") ?? "", vector: string("cvss"), score: data["score"]?.numberValue,
                              kev: data["kev"]?.boolValue ?? false, source: string("source"),
                              devices: strings(affects?["devices"]), models: models, components: strings(affects?["components"]))
        case .vulnerabilityAssessed:
            self = .assessed(cve: string("cve") ?? "", status: string("status") ?? "", justification: string("justification"))
        case .patchReleased:
            self = .patchReleased(manufacturer: string("manufacturer") ?? "", model: string("model") ?? "",
                                  version: string("version") ?? "", fixes: strings(data["fixes"]))
        case .patchApplied:
            self = .patchApplied(version: string("version") ?? "")
        case .mitigationApplied:
            self = .mitigation(cve: string("cve") ?? "", control: string("control") ?? "", expires: time("expires"))
        case .incidentOpened, .incidentUpdated, .incidentResolved:
            self = .incident(id: string("incident") ?? "", devices: strings(data["devices"]),
                             severity: string("severity"), summary: string("summary"))
        case .lifecycleAnnounced:
            self = .lifecycle(manufacturer: string("manufacturer") ?? "", model: string("model") ?? "",
                              endOfSale: time("endOfSale"), endOfSupport: time("endOfSupport"), endOfLife: time("endOfLife"))
        case .contractAmended:
            self = .amended(terms: ContractTerms(data["contract"]?.objectValue ?? JSONObject([])))
        case .deviceDecommissioned:
            self = .decommissioned(sanitized: data["sanitized"]?.boolValue ?? false, method: string("method"))
        case .kevListed:
            self = .kevListed(cve: string("cve") ?? "", dateAdded: time("dateAdded") ?? .earliest, dueDate: time("dueDate"))
        case .vulnerabilityRecorded:
            self = .recorded(VulnerabilityRecord(data: data))
        case .cpeAssigned:
            self = .cpeAssigned(cpe: string("cpe") ?? "", manufacturer: string("manufacturer"), model: string("model"))
        }
    }

    /// Keys under which an event about no single device is found again: its model, its
    /// contract, its incident, "component" for a vulnerability matched by SBOM component, and
    /// the CVEs a disclosure, a fix or a KEV listing is about (the log's own CVE index also
    /// holds every device's assessments and mitigations, which a device's view does not need).
    public var lookupKeys: [String] {
        switch self {
        case .patchReleased(let manufacturer, let model, _, let fixes):
            [Self.modelKey(manufacturer, model)] + fixes.map(Self.cveKey)
        case .lifecycle(let manufacturer, let model, _, _, _):
            [Self.modelKey(manufacturer, model)]
        case .disclosed(let cve, _, _, _, _, _, let models, let components):
            [Self.cveKey(cve)] + models.map { Self.modelKey($0.manufacturer, $0.model) } + (components.isEmpty ? [] : ["component"])
        case .kevListed(let cve, _, _):
            [Self.cveKey(cve)]
        case .recorded(let record):
            record.names.map(Self.cveKey) + ["component"]
        case .cpeAssigned(_, let manufacturer?, let model?):
            [Self.modelKey(manufacturer, model)]
        case .incident(let id, _, _, _):
            ["incident\u{1F}" + id]
        case .amended(let terms):
            terms.id.map { ["contract\u{1F}" + $0] } ?? []
        default:
            []
        }
    }

    public static func cveKey(_ cve: String) -> String { "cve\u{1F}" + cve }

    public static func modelKey(_ manufacturer: String, _ model: String) -> String {
        "model\u{1F}" + manufacturer + "\u{1F}" + model
    }
}

// MARK: The binary form

extension FactPayload {
    /// The compact form stored in the projection (a tag, then the fields in order; integers as
    /// LEB128, strings with their byte count, optional values behind a presence byte).
    public var encoded: [UInt8] {
        var w = PayloadWriter()
        w.bytes.reserveCapacity(128)  // most payloads fit: one allocation instead of a few
        switch self {
        case let .procured(manufacturer, model, serial, version, cpe, terms):
            w.tag(0); w.string(manufacturer); w.string(model); w.optional(serial); w.optional(version); w.optional(cpe)
            w.terms(terms)
        case let .deployed(location, department, segment):
            w.tag(1); w.optional(location); w.optional(department); w.optional(segment)
        case let .sbom(components):
            w.tag(2); w.components(components)
        case let .mds2(version, date):
            w.tag(3); w.optional(version); w.optional(date)
        case let .disclosed(cve, vector, score, kev, source, devices, models, components):
            w.tag(4); w.string(cve); w.optional(vector)
            w.optional(score.map { $0.bitPattern })
            w.tag(kev ? 1 : 0); w.optional(source); w.strings(devices)
            w.unsigned(UInt64(models.count))
            for m in models { w.string(m.manufacturer); w.string(m.model); w.optional(m.versions) }
            w.strings(components)
        case let .assessed(cve, status, justification):
            w.tag(5); w.string(cve); w.string(status); w.optional(justification)
        case let .patchReleased(manufacturer, model, version, fixes):
            w.tag(6); w.string(manufacturer); w.string(model); w.string(version); w.strings(fixes)
        case let .patchApplied(version):
            w.tag(7); w.string(version)
        case let .mitigation(cve, control, expires):
            w.tag(8); w.string(cve); w.string(control); w.optional(expires)
        case let .incident(id, devices, severity, summary):
            w.tag(9); w.string(id); w.strings(devices); w.optional(severity); w.optional(summary)
        case let .lifecycle(manufacturer, model, endOfSale, endOfSupport, endOfLife):
            w.tag(10); w.string(manufacturer); w.string(model); w.optional(endOfSale); w.optional(endOfSupport); w.optional(endOfLife)
        case let .amended(terms):
            w.tag(11); w.terms(terms)
        case let .decommissioned(sanitized, method):
            w.tag(12); w.tag(sanitized ? 1 : 0); w.optional(method)
        case let .kevListed(cve, dateAdded, dueDate):
            w.tag(13); w.string(cve); w.time(dateAdded); w.optional(dueDate)
        case let .recorded(record):
            w.tag(14); w.record(record)
        case let .cpeAssigned(cpe, manufacturer, model):
            w.tag(15); w.string(cpe); w.optional(manufacturer); w.optional(model)
        }
        return w.bytes
    }

    /// Reads the compact form back; nil if the bytes are not one.
    public init?(encoded bytes: UnsafeRawBufferPointer) {
        var r = PayloadReader(bytes: bytes)
        guard let payload = try? Self.read(&r), r.atEnd else { return nil }
        self = payload
    }

    static func read(_ r: inout PayloadReader) throws(PayloadReader.Malformed) -> FactPayload {
        switch try r.tag() {
        case 0: return .procured(manufacturer: try r.string(), model: try r.string(), serial: try r.optionalString(),
                                 version: try r.optionalString(), cpe: try r.optionalString(), terms: try r.terms())
        case 1: return .deployed(location: try r.optionalString(), department: try r.optionalString(), segment: try r.optionalString())
        case 2: return .sbom(components: try r.components())
        case 3: return .mds2(version: try r.optionalString(), date: try r.optionalTime())
        case 4:
            let cve = try r.string(), vector = try r.optionalString()
            let score = try r.optionalInteger().map { Double(bitPattern: UInt64(bitPattern: $0)) }
            let kev = try r.tag() == 1, source = try r.optionalString(), devices = try r.strings()
            var models: [AffectedModel] = []
            for _ in 0..<(try r.count()) {
                models.append(AffectedModel(manufacturer: try r.string(), model: try r.string(), versions: try r.optionalString()))
            }
            return .disclosed(cve: cve, vector: vector, score: score, kev: kev, source: source, devices: devices,
                              models: models, components: try r.strings())
        case 5: return .assessed(cve: try r.string(), status: try r.string(), justification: try r.optionalString())
        case 6: return .patchReleased(manufacturer: try r.string(), model: try r.string(), version: try r.string(), fixes: try r.strings())
        case 7: return .patchApplied(version: try r.string())
        case 8: return .mitigation(cve: try r.string(), control: try r.string(), expires: try r.optionalTime())
        case 9: return .incident(id: try r.string(), devices: try r.strings(), severity: try r.optionalString(), summary: try r.optionalString())
        case 10: return .lifecycle(manufacturer: try r.string(), model: try r.string(), endOfSale: try r.optionalTime(),
                                   endOfSupport: try r.optionalTime(), endOfLife: try r.optionalTime())
        case 11: return .amended(terms: try r.terms())
        case 12: return .decommissioned(sanitized: try r.tag() == 1, method: try r.optionalString())
        case 13: return .kevListed(cve: try r.string(), dateAdded: try r.time(), dueDate: try r.optionalTime())
        case 14: return .recorded(try r.record())
        case 15: return .cpeAssigned(cpe: try r.string(), manufacturer: try r.optionalString(), model: try r.optionalString())
        default: throw PayloadReader.Malformed()
        }
    }
}

private extension ContractTerms.RemoteAccess {
    var code: UInt8 {
        switch self {
        case .none: 0
        case .undocumented: 1
        case .documented: 2
        }
    }
}

struct PayloadWriter {
    var bytes: [UInt8] = []

    mutating func tag(_ value: UInt8) { bytes.append(value) }

    mutating func unsigned(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func integer(_ value: Int64) { unsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }
    mutating func time(_ value: LedgerTime) { integer(value.microseconds) }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            unsigned(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func strings(_ values: [String]) {
        unsigned(UInt64(values.count))
        for v in values { string(v) }
    }

    mutating func optional(_ value: String?) {
        tag(value == nil ? 0 : 1)
        if let value { string(value) }
    }

    mutating func optional(_ value: LedgerTime?) {
        tag(value == nil ? 0 : 1)
        if let value { time(value) }
    }

    mutating func optional(_ value: UInt64?) {
        tag(value == nil ? 0 : 1)
        if let value { integer(Int64(bitPattern: value)) }
    }

    mutating func terms(_ t: ContractTerms) {
        optional(t.id)
        optional(t.usefulLifeEnd)
        for days in t.patchDays { optional(days.map { UInt64($0) }) }
        optional(t.securityContact)
        optional(t.vulnerabilityPortal)
        tag(t.remoteAccess.map { $0.code + 1 } ?? 0)
        optional(t.scoring)
    }
}

struct PayloadReader {
    struct Malformed: Error {}

    let bytes: UnsafeRawBufferPointer
    var offset = 0

    var atEnd: Bool { offset == bytes.count }

    mutating func tag() throws(Malformed) -> UInt8 {
        guard offset < bytes.count else { throw Malformed() }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func unsigned() throws(Malformed) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try tag()
            guard shift < 64 else { throw Malformed() }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    mutating func integer() throws(Malformed) -> Int64 {
        let u = try unsigned()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    mutating func count() throws(Malformed) -> Int {
        let n = try unsigned()
        guard n <= UInt64(bytes.count - offset) else { throw Malformed() }
        return Int(n)
    }

    mutating func time() throws(Malformed) -> LedgerTime { LedgerTime(microseconds: try integer()) }

    mutating func string() throws(Malformed) -> String {
        let n = try count()
        defer { offset += n }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + n]), as: UTF8.self)
    }

    mutating func strings() throws(Malformed) -> [String] {
        var out: [String] = []
        for _ in 0..<(try count()) { out.append(try string()) }
        return out
    }

    mutating func optionalString() throws(Malformed) -> String? { try tag() == 0 ? nil : try string() }
    mutating func optionalTime() throws(Malformed) -> LedgerTime? { try tag() == 0 ? nil : try time() }
    mutating func optionalInteger() throws(Malformed) -> Int64? { try tag() == 0 ? nil : try integer() }

    mutating func terms() throws(Malformed) -> ContractTerms {
        var t = ContractTerms()
        t.id = try optionalString()
        t.usefulLifeEnd = try optionalTime()
        t.patchDays = try (0..<4).map { _ throws(Malformed) in try optionalInteger().map { Int($0) } }
        t.securityContact = try optionalString()
        t.vulnerabilityPortal = try optionalString()
        switch try tag() {
        case 0: t.remoteAccess = nil
        case 1: t.remoteAccess = ContractTerms.RemoteAccess.none
        case 2: t.remoteAccess = .undocumented
        case 3: t.remoteAccess = .documented
        default: throw Malformed()
        }
        t.scoring = try optionalString()
        return t
    }
}

// MARK: The projection record

/// An event as the projection stores it: its place (site, seq, clock), type, device and actor,
/// then its payload in the compact form, so a fold reads one small record per event and never
/// the log row. Derived data: `rebuild` writes it again from the log.
public enum ProjectionRecord {
    public struct Head: Sendable {
        public let site: String
        public let seq: UInt64
        public let hlc: HLC
        public let type: EventType
        public let device: String?
        public let actor: String
    }

    public static func encode(site: String, seq: UInt64, hlc: HLC, type: EventType, device: String?, actor: String,
                              payload: [UInt8]) -> [UInt8] {
        var w = PayloadWriter()
        w.bytes.reserveCapacity(48 + payload.count)
        w.string(site)
        w.unsigned(seq)
        w.integer(hlc.milliseconds)
        w.unsigned(UInt64(hlc.counter))
        w.tag(type.code)
        w.optional(device)
        w.string(actor)
        w.bytes += payload
        return w.bytes
    }

    /// A record's type and the bytes of its payload (the compact form `FactPayload(encoded:)`
    /// reads), without decoding the payload; nil if the bytes are not a record.
    public static func payload(of bytes: UnsafeRawBufferPointer) -> (type: EventType, payload: UnsafeRawBufferPointer)? {
        var r = PayloadReader(bytes: bytes)
        do throws(PayloadReader.Malformed) {
            _ = try r.string()
            _ = try r.unsigned()
            _ = try r.integer()
            _ = try r.unsigned()
            guard let type = EventType(code: try r.tag()) else { return nil }
            _ = try r.optionalString()
            _ = try r.string()
            return (type, UnsafeRawBufferPointer(rebasing: bytes[r.offset...]))
        } catch {
            return nil
        }
    }

    /// Reads a record back; nil if the bytes are not one.
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> (head: Head, payload: FactPayload)? {
        var r = PayloadReader(bytes: bytes)
        do throws(PayloadReader.Malformed) {
            let site = try r.string()
            let seq = try r.unsigned()
            let milliseconds = try r.integer()
            let counter = try r.unsigned()
            guard seq > 0, seq <= UInt64(Int64.max), counter <= UInt64(HLC.maximumCounter),
                  let type = EventType(code: try r.tag()) else { return nil }
            let head = Head(site: site, seq: seq, hlc: HLC(milliseconds: milliseconds, counter: Int(counter)), type: type,
                            device: try r.optionalString(), actor: try r.string())
            let payload = try FactPayload.read(&r)
            guard r.atEnd else { return nil }
            return (head, payload)
        } catch {
            return nil
        }
    }
}

extension EventType {
    /// The type's one-byte code in projection records. Fixed per type: a new type takes a new
    /// code, and the switches make the compiler ask for one.
    var code: UInt8 {
        switch self {
        case .deviceProcured: 1
        case .deviceDeployed: 2
        case .sbomRecorded: 3
        case .mds2Recorded: 4
        case .vulnerabilityDisclosed: 5
        case .vulnerabilityAssessed: 6
        case .patchReleased: 7
        case .patchApplied: 8
        case .mitigationApplied: 9
        case .incidentOpened: 10
        case .incidentUpdated: 11
        case .incidentResolved: 12
        case .lifecycleAnnounced: 13
        case .contractAmended: 14
        case .deviceDecommissioned: 15
        case .kevListed: 16
        case .vulnerabilityRecorded: 17
        case .cpeAssigned: 18
        }
    }

    init?(code: UInt8) {
        switch code {
        case 1: self = .deviceProcured
        case 2: self = .deviceDeployed
        case 3: self = .sbomRecorded
        case 4: self = .mds2Recorded
        case 5: self = .vulnerabilityDisclosed
        case 6: self = .vulnerabilityAssessed
        case 7: self = .patchReleased
        case 8: self = .patchApplied
        case 9: self = .mitigationApplied
        case 10: self = .incidentOpened
        case 11: self = .incidentUpdated
        case 12: self = .incidentResolved
        case 13: self = .lifecycleAnnounced
        case 14: self = .contractAmended
        case 15: self = .deviceDecommissioned
        case 16: self = .kevListed
        case 17: self = .vulnerabilityRecorded
        case 18: self = .cpeAssigned
        default: return nil
        }
    }
}
