import Testing
@testable import LedgerCore

@Suite("Typed payloads and their compact form")
struct FactPayloadTests {
    private func payload(_ type: EventType, _ data: String) throws -> FactPayload {
        FactPayload(type: type, data: try JSONParser.parseObject(Array(data.utf8)))
    }

    private func roundTrip(_ p: FactPayload) -> FactPayload? {
        p.encoded.withUnsafeBytes { FactPayload(encoded: $0) }
    }

    @Test("every payload reads back from its compact form unchanged")
    func roundTrips() throws {
        let cases: [(EventType, String)] = [
            (.deviceProcured, #"{"manufacturer":"Baxter","model":"Sigma Spectrum","serial":"S1","version":"8.00.01","contract":{"id":"C-1","usefulLifeEnd":"2032-12-31","patchDays":{"critical":15,"high":30},"securityContact":"psirt@baxter.com","remoteAccess":{"method":"VPN"}}}"#),
            (.deviceDeployed, #"{"location":"ICU","department":"Critical care","segment":"VLAN 40"}"#),
            (.sbomRecorded, #"{"components":[{"name":"log4j-core","purl":"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"},{"name":"x"}]}"#),
            (.mds2Recorded, #"{"version":"2019","date":"2025-01-02"}"#),
            (.vulnerabilityDisclosed, #"{"cve":"CVE-2022-26390","cvss":"CVSS:3.0/AV:P/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N","score":4.2,"kev":false,"source":"supplier","affects":{"models":[{"manufacturer":"Baxter","model":"Sigma Spectrum","versions":"<=8.00.01"}],"devices":["P-1"],"components":["pkg:maven/x"]}}"#),
            (.vulnerabilityAssessed, #"{"cve":"CVE-2022-26390","status":"not_affected","justification":"no wifi"}"#),
            (.patchReleased, #"{"manufacturer":"Baxter","model":"Sigma Spectrum","version":"8.01.01","fixes":["CVE-2022-26390","CVE-2022-26392"]}"#),
            (.patchApplied, #"{"version":"8.01.01"}"#),
            (.mitigationApplied, #"{"cve":"CVE-2022-26390","control":"VLAN","expires":"2025-06-01T00:00:00Z"}"#),
            (.incidentOpened, #"{"incident":"INC-1","devices":["P-1","P-2"],"severity":"high","summary":"ransomware"}"#),
            (.lifecycleAnnounced, #"{"manufacturer":"Baxter","model":"Sigma Spectrum","endOfSupport":"2028-06-30"}"#),
            (.contractAmended, #"{"contract":{"patchDays":{"critical":7}}}"#),
            (.deviceDecommissioned, #"{"sanitized":false}"#),
            (.kevListed, #"{"cve":"CVE-2021-44228","dateAdded":"2021-12-10","dueDate":"2021-12-24"}"#),
        ]
        for (type, data) in cases {
            let p = try payload(type, data)
            #expect(roundTrip(p) == p, "\(type)")
        }
    }

    @Test("typed fields come from the data: terms, scores, ranges, remote access")
    func readsFields() throws {
        let p = try payload(.vulnerabilityDisclosed, #"{"cve":"CVE-2022-26390","score":4.2,"affects":{"models":[{"manufacturer":"B","model":"M","versions":"<=8"}]}}"#)
        guard case let .disclosed(cve, _, score, kev, _, _, models, _) = p else { Issue.record("not a disclosure"); return }
        #expect(cve == "CVE-2022-26390" && score == 4.2 && !kev && models.first?.versions == "<=8")
        let terms = try payload(.contractAmended, #"{"contract":{"remoteAccess":true,"patchDays":{"high":30}}}"#)
        guard case let .amended(t) = terms else { Issue.record("not an amendment"); return }
        #expect(t.remoteAccess == .undocumented && t.patchDays == [nil, 30, nil, nil] && t.id == nil)
    }

    @Test("truncated or trailing bytes are refused")
    func refusesMalformed() throws {
        let bytes = try payload(.patchApplied, #"{"version":"8.01.01"}"#).encoded
        #expect(Array(bytes.dropLast()).withUnsafeBytes { FactPayload(encoded: $0) } == nil)
        #expect((bytes + [0]).withUnsafeBytes { FactPayload(encoded: $0) } == nil)
        #expect([UInt8]([99]).withUnsafeBytes { FactPayload(encoded: $0) } == nil)
    }
}

@Suite("Projection records")
struct ProjectionRecordTests {
    @Test("every event type's record reads back with its place, device, actor and payload; any cut is refused")
    func roundTrips() throws {
        let payload = FactPayload.patchApplied(version: "8.01.01").encoded
        for (i, type) in EventType.allCases.enumerated() {
            let hlc = HLC(milliseconds: 1_735_689_600_000 + Int64(i), counter: i * 7)
            let device: String? = i % 2 == 0 ? "PUMP-\(i)" : nil
            let bytes = ProjectionRecord.encode(site: "north", seq: UInt64(1 + i * 1000), hlc: hlc, type: type,
                                                device: device, actor: "biomed.jlee", payload: payload)
            let read = try #require(bytes.withUnsafeBytes { ProjectionRecord.decode($0) }, "\(type)")
            #expect(read.head.site == "north" && read.head.seq == UInt64(1 + i * 1000) && read.head.hlc == hlc)
            #expect(read.head.type == type && read.head.device == device && read.head.actor == "biomed.jlee")
            #expect(read.payload == .patchApplied(version: "8.01.01"))
            for cut in 0..<bytes.count {
                #expect(Array(bytes[..<cut]).withUnsafeBytes { ProjectionRecord.decode($0) } == nil, "\(type) cut at \(cut)")
            }
            #expect((bytes + [0]).withUnsafeBytes { ProjectionRecord.decode($0) } == nil, "a trailing byte")
        }
    }

    @Test("a record with seq 0, an unknown type code or a clock counter out of range is refused")
    func refusesImpossibleHeads() {
        let good = ProjectionRecord.encode(site: "north", seq: 1, hlc: HLC(milliseconds: 1, counter: 0), type: .patchApplied,
                                           device: "P-1", actor: "a", payload: FactPayload.patchApplied(version: "1").encoded)
        #expect(good.withUnsafeBytes { ProjectionRecord.decode($0) } != nil)
        var zeroSeq = good
        zeroSeq[6] = 0  // "north" is 1 + 5 bytes; seq 1 is the next byte
        #expect(zeroSeq.withUnsafeBytes { ProjectionRecord.decode($0) } == nil)
        var badType = good
        badType[9] = 99  // after seq (1 byte), milliseconds (1), counter (1)
        #expect(badType.withUnsafeBytes { ProjectionRecord.decode($0) } == nil)
        let hugeCounter = ProjectionRecord.encode(site: "north", seq: 1, hlc: HLC(milliseconds: 1, counter: HLC.maximumCounter + 1),
                                                  type: .patchApplied, device: "P-1", actor: "a",
                                                  payload: FactPayload.patchApplied(version: "1").encoded)
        #expect(hugeCounter.withUnsafeBytes { ProjectionRecord.decode($0) } == nil)
    }
}
