import Testing
@testable import LedgerCore

// Scenario: St. Elsewhere's biomedical engineers record the life of an ICU infusion pump.

private let pump = "pump-icu-0042"

/// One interchange line (as `record` and `import` read them), with the pump's usual fields.
private func line(type: String, device: String? = pump, at: String = "2025-03-01T10:00:00Z",
                  actor: String = "biomed:alice", data: String, extra: String = "") -> String {
    var members = [#""type":"\#(type)""#, #""at":"\#(at)""#, #""actor":"\#(actor)""#, #""data":\#(data)"#]
    if let device { members.append(#""device":"\#(device)""#) }
    if !extra.isEmpty { members.append(extra) }
    return "{" + members.joined(separator: ",") + "}"
}

/// The smallest `data` each type accepts, and whether it is about the pump.
private func minimalLine(_ type: EventType) -> String {
    let data: String = switch type {
    case .deviceProcured: #"{"manufacturer":"Acme Medical","model":"InfusaPro 3","contract":{"id":"C-2025-017"}}"#
    case .deviceDeployed, .sbomRecorded, .mds2Recorded: "{}"
    case .vulnerabilityDisclosed: #"{"cve":"CVE-2025-0001"}"#
    case .vulnerabilityAssessed: #"{"cve":"CVE-2025-0001","status":"affected"}"#
    case .patchReleased: #"{"manufacturer":"Acme Medical","model":"InfusaPro 3","version":"3.2.1","fixes":["CVE-2025-0001"]}"#
    case .patchApplied: #"{"version":"3.2.1"}"#
    case .mitigationApplied: #"{"cve":"CVE-2025-0001","control":"VLAN 40 isolation"}"#
    case .incidentOpened, .incidentUpdated, .incidentResolved: #"{"incident":"INC-7"}"#
    case .lifecycleAnnounced: #"{"manufacturer":"Acme Medical","model":"InfusaPro 3"}"#
    case .contractAmended: #"{"contract":{"patchDays":{"critical":30}}}"#
    case .deviceDecommissioned: #"{"sanitized":true}"#
    case .kevListed: #"{"cve":"CVE-2021-44228","dateAdded":"2021-12-10"}"#
    case .vulnerabilityRecorded: #"{"id":"GHSA-jfh8-c2jp-5v3q","source":"osv"}"#
    case .cpeAssigned: #"{"cpe":"cpe:2.3:o:acme:infusapro_firmware:3.2.1:*:*:*:*:*:*:*"}"#
    }
    return line(type: type.rawValue, device: type.deviceRule == .forbidden ? nil : pump, data: data)
}

private func draft(_ text: String) throws -> EventDraft {
    let object = try JSONParser.parseObject(Array(text.utf8))
    return try EventDraft(interchange: object)
}

/// The EventError a line is refused with, or nil if it is accepted.
private func refusal(_ text: String) throws -> EventError? {
    let object = try JSONParser.parseObject(Array(text.utf8))
    do {
        _ = try EventDraft(interchange: object)
        return nil
    } catch {
        return error
    }
}

private func utf8(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

private let site = try! SiteID("st-elsewhere")
private let clock = HLC(milliseconds: 1_740_823_200_000, counter: 2)

@Suite("Event validation and canonical bytes")
struct EventValidationTests {

    // MARK: Accepted drafts

    @Test("a minimal valid draft of each event type is accepted", arguments: EventType.allCases)
    func minimalDraftIsAccepted(type: EventType) throws {
        let accepted = try draft(minimalLine(type))
        #expect(accepted.type == type)
        #expect(accepted.device == (type.deviceRule == .forbidden ? nil : pump))
        #expect(accepted.actor == "biomed:alice")
        #expect(accepted.at.rfc3339 == "2025-03-01T10:00:00Z")
    }

    @Test("types about one device refuse a draft without one", arguments: EventType.allCases.filter { $0.deviceRule == .required })
    func deviceIsRequired(type: EventType) throws {
        let text = minimalLine(type).replacing(#","device":"\#(pump)""#, with: "")
        let error = try #require(try refusal(text))
        #expect(error.field == "device")
    }

    @Test("types about no single device refuse a draft that names one", arguments: EventType.allCases.filter { $0.deviceRule == .forbidden })
    func deviceIsForbidden(type: EventType) throws {
        let text = String(minimalLine(type).dropLast()) + #","device":"\#(pump)"}"#
        let error = try #require(try refusal(text))
        #expect(error.field == "device")
    }

    @Test("a contract amendment is about one device, or about a contract named by id")
    func contractAmendmentNamesDeviceOrContract() throws {
        #expect(try draft(line(type: "contract.amended", device: nil, data: #"{"contract":{"id":"C-2025-017"}}"#)).device == nil)
        #expect(try draft(line(type: "contract.amended", data: #"{"contract":{}}"#)).device == pump)
    }

    // MARK: Refused drafts name the field

    static let refusals: [(String, String, String)] = [
        ("missing type", #"{"at":"2025-03-01T10:00:00Z","actor":"biomed:alice","device":"pump-icu-0042","data":{}}"#, "type"),
        ("unknown type", line(type: "device.exploded", data: "{}"), "type"),
        ("type not a string", #"{"type":7,"at":"2025-03-01T10:00:00Z","actor":"a","data":{}}"#, "type"),
        ("missing at", #"{"type":"device.deployed","actor":"biomed:alice","device":"pump-icu-0042","data":{}}"#, "at"),
        ("at not a time", line(type: "device.deployed", at: "not-a-time", data: "{}"), "at"),
        ("missing actor", #"{"type":"device.deployed","at":"2025-03-01","device":"pump-icu-0042","data":{}}"#, "actor"),
        ("empty actor", line(type: "device.deployed", actor: "", data: "{}"), "actor"),
        ("actor with a leading blank", line(type: "device.deployed", actor: " alice", data: "{}"), "actor"),
        ("actor with a control character", line(type: "device.deployed", actor: #"ali\u0007ce"#, data: "{}"), "actor"),
        ("actor longer than 128 bytes", line(type: "device.deployed", actor: String(repeating: "é", count: 65), data: "{}"), "actor"),
        ("missing data", #"{"type":"device.deployed","at":"2025-03-01","actor":"a","device":"pump-icu-0042"}"#, "data"),
        ("data an array", line(type: "device.deployed", data: "[]"), "data"),
        ("data a string", line(type: "device.deployed", data: #""{}""#), "data"),
        ("device not a string", line(type: "device.deployed", device: nil, data: "{}", extra: #""device":42"#), "device"),
        ("device with a trailing blank", line(type: "device.deployed", device: "pump-icu-0042 ", data: "{}"), "device"),
        ("device missing for device.deployed", line(type: "device.deployed", device: nil, data: "{}"), "device"),
        ("device given for patch.released",
         line(type: "patch.released", data: #"{"manufacturer":"Acme Medical","model":"InfusaPro 3","version":"3.2.1","fixes":[]}"#), "device"),
        ("contract id missing on device.procured",
         line(type: "device.procured", data: #"{"manufacturer":"Acme Medical","model":"InfusaPro 3","contract":{"securityContact":"psirt@acme.example"}}"#),
         "data.contract.id"),
        ("contract missing on device.procured", line(type: "device.procured", data: #"{"manufacturer":"Acme Medical","model":"InfusaPro 3"}"#), "data.contract"),
        ("patch days a string",
         line(type: "device.procured", data: #"{"manufacturer":"Acme Medical","model":"InfusaPro 3","contract":{"id":"C-1","patchDays":{"critical":"30"}}}"#),
         "data.contract.patchDays.critical"),
        ("patch days negative", line(type: "contract.amended", data: #"{"contract":{"patchDays":{"high":-1}}}"#), "data.contract.patchDays.high"),
        ("patch days fractional", line(type: "contract.amended", data: #"{"contract":{"patchDays":{"low":30.5}}}"#), "data.contract.patchDays.low"),
        ("contract amendment with neither device nor contract id", line(type: "contract.amended", device: nil, data: #"{"contract":{}}"#), "data.contract.id"),
        ("status not one of the four", line(type: "vulnerability.assessed", data: #"{"cve":"CVE-2025-0001","status":"exploitable"}"#), "data.status"),
        ("status missing", line(type: "vulnerability.assessed", data: #"{"cve":"CVE-2025-0001"}"#), "data.status"),
        ("second fix not a CVE id",
         line(type: "patch.released", device: nil, data: #"{"manufacturer":"Acme Medical","model":"InfusaPro 3","version":"3.2.1","fixes":["CVE-2025-0001","CVE-25-1"]}"#),
         "data.fixes[1]"),
        ("CVE id with three digits", line(type: "vulnerability.disclosed", device: nil, data: #"{"cve":"CVE-2025-123"}"#), "data.cve"),
        ("score above 10", line(type: "vulnerability.disclosed", device: nil, data: #"{"cve":"CVE-2025-0001","score":10.5}"#), "data.score"),
        ("affected model without a manufacturer",
         line(type: "vulnerability.disclosed", device: nil, data: #"{"cve":"CVE-2025-0001","affects":{"models":[{"model":"InfusaPro 3"}]}}"#),
         "data.affects.models[0].manufacturer"),
        ("SBOM component name a number", line(type: "sbom.recorded", data: #"{"components":[{"name":"openssl"},{"name":3}]}"#), "data.components[1].name"),
        ("MDS2 date not a time", line(type: "mds2.recorded", data: #"{"date":"last Tuesday"}"#), "data.date"),
        ("sanitized not a boolean", line(type: "device.decommissioned", data: #"{"sanitized":"yes"}"#), "data.sanitized"),
        ("unknown top-level member", line(type: "device.deployed", data: "{}", extra: #""colour":"teal""#), "colour"),
    ]

    @Test("a refused draft's error names the field that was wrong", arguments: refusals)
    func refusalNamesTheField(scenario: String, text: String, field: String) throws {
        let error = try #require(try refusal(text), "\(scenario) was accepted")
        #expect(error.field == field, "\(scenario): \(error)")
        #expect(error.description.hasPrefix("field \"\(field)\": "))
    }

    @Test("the error for a bad time quotes the text that was given")
    func badTimeErrorQuotesTheText() throws {
        let error = try #require(try refusal(line(type: "device.deployed", at: "not-a-time", data: "{}")))
        #expect(error.description.contains("\"not-a-time\""))
    }

    @Test("an interchange line that is not a JSON object is refused without naming a field",
          arguments: ["{", "[]", #"{"type":"device.deployed","type":"device.deployed"}"#])
    func nonObjectLineIsRefused(text: String) {
        let error = #expect(throws: EventError.self) {
            try Array(text.utf8).withUnsafeBufferPointer { try EventDraft(interchange: $0) }
        }
        #expect(error?.field == nil)
    }

    @Test("placement members (id, leaf, receivedAt, v, site, seq, hlc) are read past")
    func placementMembersAreIgnored() throws {
        let placement = #""id":"st-elsewhere:7","leaf":"00ff","receivedAt":"2025-03-02T08:00:00Z","v":1,"site":"st-elsewhere","seq":7,"hlc":"001740823200000-000002""#
        let plain = try draft(minimalLine(.patchApplied))
        let placed = try draft(String(minimalLine(.patchApplied).dropLast()) + "," + placement + "}")
        #expect(placed.factBytes == plain.factBytes)
    }

    // MARK: Canonical bytes

    @Test("an event's canonical bytes are the RFC 8785 form of its members, at in UTC")
    func canonicalBytesSpelledOut() throws {
        let applied = try draft(line(type: "patch.applied", at: "2025-03-01T11:00:00+01:00", data: #"{"version":"3.2.1"}"#))
        let event = Event(site: site, seq: 7, hlc: clock, draft: applied)
        let expected = #"{"actor":"biomed:alice","at":"2025-03-01T10:00:00Z","data":{"version":"3.2.1"},"device":"pump-icu-0042","hlc":"001740823200000-000002","seq":7,"site":"st-elsewhere","type":"patch.applied","v":1}"#
        #expect(utf8(event.canonicalBytes) == expected)
        #expect(event.id.description == "st-elsewhere:7")
        #expect(event.leafHash == RFC6962.leafHash(event.canonicalBytes))
    }

    @Test("unknown members inside data are kept, sorted, in the canonical bytes")
    func unknownDataMembersAreKept() throws {
        let data = #"{"version":"3.2.1","supplierTicket":"SR-1","notes":{"z":1,"a":[true,null]},"contract":{"id":"x","extra":0.5}}"#
        let applied = try draft(line(type: "patch.applied", data: data))
        let kept = #"{"contract":{"extra":0.5,"id":"x"},"notes":{"a":[true,null],"z":1},"supplierTicket":"SR-1","version":"3.2.1"}"#
        #expect(utf8(applied.canonicalData) == kept)
        #expect(utf8(Event(site: site, seq: 1, hlc: clock, draft: applied).canonicalBytes).contains(#""data":\#(kept)"#))
    }

    @Test("the hand-written canonical writer agrees with the generic RFC 8785 encoder", arguments: EventType.allCases)
    func handWrittenWriterAgreesWithEncoder(type: EventType) throws {
        let event = Event(site: site, seq: 12, hlc: clock, draft: try draft(minimalLine(type)))
        let reencoded = CanonicalJSON.encode(try JSONParser.parse(event.canonicalBytes))
        #expect(reencoded == event.canonicalBytes)
        let fact = event.draft.factBytes
        #expect(CanonicalJSON.encode(try JSONParser.parse(fact)) == fact)
    }

    @Test("names that need escaping or sort by UTF-16 are written canonically")
    func awkwardNamesAreCanonical() throws {
        let text = line(type: "device.deployed", device: #"pompe-réa-7 \"B\" ☢"#, actor: #"Dr. Zoë O'Brien \\ ward 3"#,
                        data: #"{"\ufb33":1,"\ud83d\ude00":2,"e\u0301":3,"\u00e9":4,"location":"ICU \"north\"\n"}"#)
        let event = Event(site: site, seq: 3, hlc: clock, draft: try draft(text))
        #expect(CanonicalJSON.encode(try JSONParser.parse(event.canonicalBytes)) == event.canonicalBytes)
        let back = try Event(canonicalBytes: event.canonicalBytes)
        #expect(back.device?.utf8.elementsEqual(#"pompe-réa-7 "B" ☢"#.utf8) == true)
        #expect(back.data.members.count == 5)
    }

    @Test("canonical bytes read back to the same id, clock and fact", arguments: EventType.allCases)
    func canonicalBytesReadBack(type: EventType) throws {
        let original = Event(site: site, seq: 12, hlc: clock, draft: try draft(minimalLine(type)))
        let back = try Event(canonicalBytes: original.canonicalBytes)
        #expect(back.id == original.id)
        #expect(back.hlc == original.hlc)
        #expect(back.type == type)
        #expect(back.device == original.device)
        #expect(back.at == original.at)
        #expect(back.actor == original.actor)
        #expect(back.draft.factBytes == original.draft.factBytes)
        #expect(back.canonicalBytes == original.canonicalBytes)
    }

    @Test("every accepted draft's canonical bytes read back, even at the edges of numbers and times",
          arguments: [
            line(type: "device.deployed", data: #"{"floor":1e21,"ratio":0.000001,"tiny":5e-324}"#),
            line(type: "device.deployed", data: #"{"serialNumber":9007199254740991,"big":-1e21}"#),
            line(type: "device.deployed", at: "9999-12-31T22:30:00-01:00", data: "{}"),
            line(type: "device.deployed", at: "0001-01-01T00:30:00+00:30", data: "{}"),
          ])
    func acceptedDraftsReadBack(text: String) throws {
        let event = Event(site: site, seq: 1, hlc: clock, draft: try draft(text))
        #expect(throws: Never.self, "accepted \(text), wrote \(utf8(event.canonicalBytes))") {
            _ = try Event(canonicalBytes: event.canonicalBytes)
        }
    }

    static let canonical = #"{"actor":"biomed:alice","at":"2025-03-01T10:00:00Z","data":{"version":"3.2.1"},"device":"pump-icu-0042","hlc":"001740823200000-000002","seq":7,"site":"st-elsewhere","type":"patch.applied","v":1}"#

    @Test("the spelled-out canonical bytes are themselves accepted")
    func spelledOutCanonicalBytesAreAccepted() throws {
        let event = try Event(canonicalBytes: Array(Self.canonical.utf8))
        #expect(event.id == EventID(site: site, seq: 7))
        #expect(event.hlc == clock)
    }

    @Test("bytes that are not exactly the canonical form are refused",
          arguments: [
            (" ", ""), ("\n", "trailing newline"),
            (#""actor":"biomed:alice""#, #""actor": "biomed:alice""#),
            (#"{"actor":"biomed:alice","at":"2025-03-01T10:00:00Z","#, #"{"at":"2025-03-01T10:00:00Z","actor":"biomed:alice","#),
            ("2025-03-01T10:00:00Z", "2025-03-01T11:00:00+01:00"),
            ("2025-03-01T10:00:00Z", "2025-03-01T10:00:00.000Z"),
            (#""v":1"#, #""v":1.0"#), (#""seq":7"#, #""seq":7.0"#), (#""seq":7"#, #""seq":7e0"#),
            (#""biomed:alice""#, #""biomed:\u0061lice""#),
            (#""st-elsewhere","type""#, #""st-elsewhere","id":"st-elsewhere:7","type""#),
          ])
    func nonCanonicalBytesAreRefused(original: String, replacement: String) throws {
        let text: String = switch (original, replacement) {
        case (" ", _): " " + Self.canonical
        case ("\n", _): Self.canonical + "\n"
        default: Self.canonical.replacing(original, with: replacement)
        }
        try #require(text != Self.canonical)
        #expect(throws: EventError.self) { try Event(canonicalBytes: Array(text.utf8)) }
    }

    @Test("bad placement members are refused by name",
          arguments: [(#""v":1"#, #""v":2"#, "v"), (#""seq":7"#, #""seq":0"#, "seq"), (#""seq":7"#, #""seq":-7"#, "seq"),
                      (#""site":"st-elsewhere""#, #""site":"St-Elsewhere""#, "site"),
                      (#""hlc":"001740823200000-000002""#, #""hlc":"1740823200000-2""#, "hlc")])
    func badPlacementIsRefused(original: String, replacement: String, field: String) throws {
        let text = Self.canonical.replacing(original, with: replacement)
        let error = #expect(throws: EventError.self) { try Event(canonicalBytes: Array(text.utf8)) }
        #expect(error?.field == field)
    }

    @Test("a stored seq too large for a UInt64 is refused with an error, not a crash")
    func hugeSeqIsRefusedNotACrash() async {
        // Canonical bytes arrive from other sites over sync: hostile input must never trap.
        // Each check runs in a child process, so a trap fails this test instead of the run.
        await #expect(processExitsWith: .success, "seq 1e+300") {
            let text = #"{"actor":"biomed:alice","at":"2025-03-01T10:00:00Z","data":{"version":"3.2.1"},"device":"pump-icu-0042","hlc":"001740823200000-000002","seq":1e+300,"site":"st-elsewhere","type":"patch.applied","v":1}"#
            _ = try? Event(canonicalBytes: Array(text.utf8))
        }
        await #expect(processExitsWith: .success, "seq 2e+19") {
            let text = #"{"actor":"biomed:alice","at":"2025-03-01T10:00:00Z","data":{"version":"3.2.1"},"device":"pump-icu-0042","hlc":"001740823200000-000002","seq":2e+19,"site":"st-elsewhere","type":"patch.applied","v":1}"#
            _ = try? Event(canonicalBytes: Array(text.utf8))
        }
    }

    // MARK: Facts

    @Test("the same draft placed at two sites records one fact in two different events")
    func factBytesIgnorePlacement() throws {
        let applied = try draft(minimalLine(.patchApplied))
        let here = Event(site: site, seq: 7, hlc: clock, draft: applied)
        let there = Event(site: try SiteID("county-general"), seq: 1_204, hlc: HLC(milliseconds: 1_740_900_000_000, counter: 0), draft: applied)
        #expect(here.canonicalBytes != there.canonicalBytes)
        #expect(here.draft.factBytes == there.draft.factBytes)
        #expect(here.draft.factHash == there.draft.factHash)
        #expect(utf8(applied.factBytes) == #"{"actor":"biomed:alice","at":"2025-03-01T10:00:00Z","data":{"version":"3.2.1"},"device":"pump-icu-0042","type":"patch.applied"}"#)
    }

    @Test("the same instant written with different offsets gives the same canonical at and the same fact",
          arguments: ["2025-03-01T11:00:00+01:00", "2025-03-01T05:00:00-05:00", "2025-03-01t10:00:00z", "2025-03-01T10:00:00.000Z"])
    func offsetsGiveTheSameFact(at: String) throws {
        let utc = try draft(line(type: "patch.applied", data: #"{"version":"3.2.1"}"#))
        let offset = try draft(line(type: "patch.applied", at: at, data: #"{"version":"3.2.1"}"#))
        #expect(offset.at == utc.at)
        #expect(offset.factBytes == utc.factBytes)
        #expect(Event(site: site, seq: 1, hlc: clock, draft: offset).canonicalBytes
                == Event(site: site, seq: 1, hlc: clock, draft: utc).canonicalBytes)
    }

    @Test("data members given in another order record the same fact; a different value does not")
    func dataOrderDoesNotMatterValuesDo() throws {
        let a = try draft(line(type: "mitigation.applied", data: #"{"cve":"CVE-2025-0001","control":"VLAN 40 isolation"}"#))
        let b = try draft(line(type: "mitigation.applied", data: #"{"control":"VLAN 40 isolation","cve":"CVE-2025-0001"}"#))
        let c = try draft(line(type: "mitigation.applied", data: #"{"control":"VLAN 41 isolation","cve":"CVE-2025-0001"}"#))
        #expect(a.factBytes == b.factBytes)
        #expect(a.factBytes != c.factBytes)
        let otherActor = try draft(line(type: "mitigation.applied", actor: "biomed:bob", data: #"{"cve":"CVE-2025-0001","control":"VLAN 40 isolation"}"#))
        #expect(a.factHash != otherActor.factHash)
    }

    @Test("a draft lists the devices and CVEs its data mentions")
    func mentionedDevicesAndCVEs() throws {
        let disclosed = try draft(line(type: "vulnerability.disclosed", device: nil,
                                       data: #"{"cve":"CVE-2025-0001","affects":{"devices":["pump-icu-0042","pump-icu-0043"]}}"#))
        #expect(disclosed.mentionedDevices == ["pump-icu-0042", "pump-icu-0043"])
        #expect(disclosed.mentionedCVEs == ["CVE-2025-0001"])
        let released = try draft(line(type: "patch.released", device: nil,
                                      data: #"{"manufacturer":"Acme Medical","model":"InfusaPro 3","version":"3.2.1","fixes":["CVE-2025-0001","CVE-2025-0002"]}"#))
        #expect(released.mentionedCVEs == ["CVE-2025-0001", "CVE-2025-0002"])
        let incident = try draft(line(type: "incident.opened", device: nil, data: #"{"incident":"INC-7","devices":["pump-icu-0042"]}"#))
        #expect(incident.mentionedDevices == ["pump-icu-0042"])
    }
}

@Suite("Drafts built in code")
struct DraftsBuiltInCodeTests {
    @Test("a data object built in code with a repeated member name is refused, at any depth")
    func duplicateNamesInCode() throws {
        let at = LedgerTime(seconds: 1_740_000_000)
        #expect(throws: EventError.self) {
            try EventDraft(type: .patchApplied, device: "P", at: at, actor: "a",
                           data: JSONObject([JSONMember("version", "1"), JSONMember("version", "2")]))
        }
        #expect(throws: EventError.self) {
            try EventDraft(type: .deviceDeployed, device: "P", at: at, actor: "a",
                           data: ["extra": .array([.object(JSONObject([JSONMember("k", 1), JSONMember("k", 2)]))])])
        }
        // Canonically equivalent but different names are two members, not a repetition.
        _ = try EventDraft(type: .deviceDeployed, device: "P", at: at, actor: "a",
                           data: JSONObject([JSONMember("\u{E9}", 1), JSONMember("e\u{301}", 2)]))
    }
}

@Suite("Records of vulnerability databases and CPEs (LEDGER.md 1.2)")
struct VulnerabilityRecordPayloadTests {
    @Test("a recorded OSV record reads into its typed payload and back from the compact form, unchanged")
    func recordRoundTrip() throws {
        let vector = try #require(try LedgerVectors.events().first { $0.id == "south:7" })
        let accepted = try EventDraft(interchange: vector.interchange)
        #expect(accepted.type == .vulnerabilityRecorded)
        #expect(accepted.mentionedCVEs == ["GHSA-jfh8-c2jp-5v3q", "CVE-2021-44228"])
        let payload = FactPayload(type: accepted.type, data: accepted.data)
        guard case .recorded(let record) = payload else { Issue.record("not a record: \(payload)"); return }
        #expect(record.id == "GHSA-jfh8-c2jp-5v3q")
        #expect(record.names == ["GHSA-jfh8-c2jp-5v3q", "CVE-2021-44228"])
        #expect(record.modified?.rfc3339 == "2022-03-25T20:56:18Z")
        #expect(record.packages.count == 3)
        #expect(record.packages[2].ranges[0].events == [.init(.introduced, "2.4"), .init(.fixed, "2.12.2")])
        #expect(payload.lookupKeys.contains(FactPayload.cveKey("CVE-2021-44228")))
        let bytes = payload.encoded
        let back = bytes.withUnsafeBytes { FactPayload(encoded: $0) }
        #expect(back == payload)
    }

    @Test("an NVD record's configurations and a CPE survive the compact form")
    func configurationsRoundTrip() throws {
        let record = VulnerabilityRecord(
            source: "nvd", id: "CVE-2020-27256", aliases: [], modified: LedgerTime(seconds: 1_600_000_000), vector: "CVSS:3.1/AV:N",
            score: 9.8, configurations: [RecordConfiguration(and: true, negate: false, nodes: [
                .init(and: false, negate: false, matches: [.init(criteria: "cpe:2.3:o:baxter:sigma_spectrum_firmware:*:*:*:*:*:*:*:*",
                                                                 vulnerable: true, endIncluding: "8.00.01")]),
                .init(and: false, negate: true, matches: [.init(criteria: "cpe:2.3:h:baxter:sigma_spectrum:-:*:*:*:*:*:*:*", vulnerable: false)]),
            ])])
        for payload in [FactPayload.recorded(record), .cpeAssigned(cpe: "cpe:2.3:h:baxter:sigma_spectrum:-:*:*:*:*:*:*:*", manufacturer: "Baxter", model: "Sigma Spectrum")] {
            let back = payload.encoded.withUnsafeBytes { FactPayload(encoded: $0) }
            #expect(back == payload)
        }
    }

    @Test("cpe.assigned names a device, or a model by manufacturer and model; a malformed CPE is refused by path")
    func cpeAssignedRules() throws {
        let cpe = "cpe:2.3:o:acme:infusapro_firmware:3.2.1:*:*:*:*:*:*:*"
        _ = try draft(line(type: "cpe.assigned", device: nil, data: #"{"cpe":"\#(cpe)","manufacturer":"Acme Medical","model":"InfusaPro 3"}"#))
        let noModel = try refusal(line(type: "cpe.assigned", device: nil, data: #"{"cpe":"\#(cpe)","manufacturer":"Acme Medical"}"#))
        #expect(noModel?.field == "data.model")
        for bad in ["cpe:2.3:o:acme:infusapro_firmware:3.2.1", "cpe:2.3:x:acme:p:1:*:*:*:*:*:*:*", "cpe:/o:acme:p:1",
                    "cpe:2.3:o:acme::1:*:*:*:*:*:*:*", "cpe:2.3:o:acme:p:1:*:*:*:*:*:*:*:*"] {
            let refused = try refusal(line(type: "cpe.assigned", data: #"{"cpe":"\#(bad)"}"#))
            #expect(refused?.field == "data.cpe", "\(bad)")
        }
        // A quoted colon is part of a component, not a separator.
        _ = try draft(line(type: "cpe.assigned", data: #"{"cpe":"cpe:2.3:a:acme:p\\:q:1:*:*:*:*:*:*:*"}"#))
        let procured = try draft(line(type: "device.procured", data: #"{"manufacturer":"Acme Medical","model":"InfusaPro 3","cpe":"\#(cpe)","contract":{"id":"C-1"}}"#))
        guard case .procured(_, _, _, _, let got, _) = FactPayload(type: procured.type, data: procured.data) else { Issue.record("not procured"); return }
        #expect(got == cpe)
        let badProcured = try refusal(line(type: "device.procured", data: #"{"manufacturer":"A","model":"B","cpe":"acme","contract":{"id":"C-1"}}"#))
        #expect(badProcured?.field == "data.cpe")
    }
}
