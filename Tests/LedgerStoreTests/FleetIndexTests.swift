import LedgerCore
import LedgerStore
import Testing

@Suite("FleetIndex and the imported documents, from the events alone")
struct FleetIndexTests {
    static func at(_ day: Int) -> LedgerTime { LedgerTime(seconds: 1_735_689_600 + Int64(day) * 86_400) }

    @Test("a device's version is its latest patch by the total order, not by arrival; re-procurement resets it")
    func versions() throws {
        let ledger = try TemporaryLedger()
        let procured = { (device: String, day: Int, version: String) in
            try EventDraft(type: .deviceProcured, device: device, at: Self.at(day), actor: "procurement.mchen",
                           data: ["manufacturer": "Baxter", "model": "Sigma Spectrum", "version": .string(version),
                                  "contract": .object(["id": "C-1"])])
        }
        // Recorded out of order: the day-20 patch arrives before the day-10 one.
        try ledger.append([try procured("PUMP-1", 0, "8.00.01"),
                           Scenario.patch("PUMP-1", day: 20, version: "8.01.02"),
                           Scenario.patch("PUMP-1", day: 10, version: "8.01.01"),
                           try procured("PUMP-2", 0, "6.05.01"),
                           Scenario.patch("PUMP-2", day: 5, version: "6.06"),
                           try procured("PUMP-2", 30, "8.00.01"),
                           Scenario.patch("GHOST", day: 1, version: "1.0")])
        let fleet = try FleetIndex(ledger: ledger.ledger)
        #expect(fleet.device("PUMP-1")?.version == "8.01.02")
        #expect(fleet.device("PUMP-2")?.version == "8.00.01")
        #expect(fleet.device("GHOST") == nil)  // patched but never procured: not in the fleet
        #expect(fleet.models.map(\.model) == ["Sigma Spectrum"])
    }

    @Test("documents are grouped by kind, id and hash, with their actors, sites and event counts")
    func documents() throws {
        let ledger = try TemporaryLedger()
        let document: JSONValue = .object(["kind": "csaf", "id": "ICSMA-22-251-01#2", "sha256": "ab12"])
        let other: JSONValue = .object(["kind": "kev", "id": "2025.08.25", "sha256": "cd34"])
        try ledger.append([
            try EventDraft(type: .vulnerabilityDisclosed, device: nil, at: Self.at(0), actor: "secops.apatel",
                           data: ["cve": "CVE-2022-26390", "document": document]),
            try EventDraft(type: .vulnerabilityDisclosed, device: nil, at: Self.at(0), actor: "secops.bkim",
                           data: ["cve": "CVE-2022-26392", "document": document]),
            try EventDraft(type: .kevListed, device: nil, at: Self.at(0), actor: "secops.apatel",
                           data: ["cve": "CVE-2021-44228", "dateAdded": "2021-12-10", "document": other]),
            Scenario.patch("PUMP-1", day: 1),
        ])
        let documents = try ledger.ledger.importedDocuments()
        #expect(documents.map(\.id) == ["ICSMA-22-251-01#2", "2025.08.25"])
        #expect(documents.first?.actors == ["secops.apatel", "secops.bkim"])
        #expect(documents.first?.sites == ["north"] && documents.first?.events == 2)
        let made = try ledger.ledger.events(fromDocument: "ab12")
        #expect(made.map(\.type) == ["vulnerability.disclosed", "vulnerability.disclosed"] && made.allSatisfy { $0.device == nil })
        #expect(try ledger.ledger.events(fromDocument: "ffff").isEmpty)
        #expect(try ledger.ledger.kevListedCVEs() == ["CVE-2021-44228"])
        #expect(try ledger.ledger.holdsDisclosure(of: "CVE-2022-26392"))
    }
}
