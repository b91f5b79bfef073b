import Foundation
import LedgerCore
import LedgerFormats
import LedgerStore
import Testing

/// A fresh ledger holding a fleet of infusion pumps, some on affected and some on fixed versions.
final class PumpFleet {
    let folder: String
    let ledger: Ledger
    let key: SiteKey

    init() throws {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("medledger-formats-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        folder = String(cString: made)
        (ledger, key) = try Ledger.create(path: (folder as NSString).appendingPathComponent("ledger.sqlite"), site: try SiteID("north"), name: nil)
        try append([
            Self.procured("BAX-1", "Baxter", "Sigma Spectrum", "8.01.01", day: 0),   // 8.x: affected
            Self.procured("BAX-2", "Baxter", "Sigma Spectrum", "6.05.01", day: 0),   // 6.x: affected
            Self.procured("BAX-3", "Baxter", "Spectrum IQ", "9.1.2", day: 0),        // 9.x: affected
            Self.procured("BAX-4", "Baxter", "Sigma Spectrum", "8.00.01", day: 0),
            Self.procured("BD-1", "BD", "Alaris Point-of-Care Unit (PCU) Model 8015", "12.1.3", day: 0),  // affected
            Self.procured("BD-2", "BD", "Alaris Point-of-Care Unit (PCU) Model 8015", "12.1.0", day: 0),  // patched below
            Self.procured("BD-3", "BD", "Alaris Point-of-Care Unit (PCU) Model 8015", "12.3", day: 0),    // fixed on delivery
            Self.procured("MON-1", "Philips", "IntelliVue MX450", "N.01", day: 0),
            try EventDraft(type: .patchApplied, device: "BD-2", at: Self.day(100), actor: "biomed.jlee", data: ["version": "12.3.1"]),
            // A later patch recorded earlier in time order than procurement does not count.
            try EventDraft(type: .patchApplied, device: "BAX-4", at: Self.day(-5), actor: "biomed.jlee", data: ["version": "10.0"]),
            try EventDraft(type: .deviceDecommissioned, device: "MON-1", at: Self.day(200), actor: "biomed.jlee", data: ["sanitized": true]),
        ])
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    static func day(_ n: Int) -> LedgerTime { LedgerTime(seconds: 1_672_531_200 + Int64(n) * 86_400) }

    static func procured(_ id: String, _ manufacturer: String, _ model: String, _ version: String, day: Int) -> EventDraft {
        try! EventDraft(type: .deviceProcured, device: id, at: Self.day(day), actor: "procurement.mchen",
                        data: ["manufacturer": .string(manufacturer), "model": .string(model), "version": .string(version),
                               "contract": .object(["id": "C-2023-004"])])
    }

    @discardableResult
    func append(_ drafts: [EventDraft]) throws -> AppendSummary {
        try ledger.append(key: key) { appender in for draft in drafts { try appender.append(draft) } }.1
    }

    var matcher: ProductMatcher {
        get throws {
            ProductMatcher(models: try FleetIndex(ledger: ledger).models.map { ProductMatcher.Model(manufacturer: $0.manufacturer, model: $0.model) })
        }
    }

    /// The devices a disclosure's `affects.models` reach, by model and version range, as the
    /// projections will evaluate it.
    func exposed(by draft: EventDraft) throws -> [String] {
        let fleet = try FleetIndex(ledger: ledger)
        var devices: [String] = []
        for entry in draft.data["affects"]?.objectValue?["models"]?.arrayValue?.compactMap({ $0.objectValue }) ?? [] {
            guard let manufacturer = entry["manufacturer"]?.stringValue, let model = entry["model"]?.stringValue else { continue }
            let range = try entry["versions"]?.stringValue.map { try VersionRange($0) }
            for device in fleet.devices(manufacturer: manufacturer, model: model) {
                if let range, let version = device.version, !range.contains(version) { continue }
                devices.append(device.id)
            }
        }
        return Array(Set(devices)).sorted()
    }
}

@Suite("The Baxter and BD advisories against a fleet of pumps on affected and fixed versions")
struct FleetScenarioTests {
    @Test("FleetIndex: current versions from the latest patch by the total order; decommissioned devices out of service")
    func fleetIndex() throws {
        let fleet = try FleetIndex(ledger: PumpFleet().ledger)
        #expect(fleet.devices.count == 8)
        #expect(fleet.device("BD-2")?.version == "12.3.1")
        #expect(fleet.device("BAX-4")?.version == "8.00.01")
        #expect(fleet.device("MON-1")?.decommissioned == true)
        #expect(fleet.devices(manufacturer: "Philips", model: "IntelliVue MX450").isEmpty)
        #expect(fleet.devices(manufacturer: "Baxter", model: "Sigma Spectrum").map(\.id) == ["BAX-1", "BAX-2", "BAX-4"])
        #expect(fleet.device("NOPE") == nil)
    }

    @Test("Baxter ICSMA-22-251-01: every Sigma Spectrum 6.x/8.x and Spectrum IQ 9.x pump is reached")
    func baxter() throws {
        let pumps = try PumpFleet()
        let result = try RealData.bytes("csaf/icsma-22-251-01.json").withUnsafeBufferPointer {
            try CSAFReader.read($0, matcher: try pumps.matcher, context: RealData.context)
        }
        for draft in result.document.drafts {
            #expect(try pumps.exposed(by: draft) == ["BAX-1", "BAX-2", "BAX-3", "BAX-4"])
        }
        try pumps.append(result.document.drafts)
        var held = 0
        try pumps.ledger.forEachEvent(matching: LogFilter(type: .vulnerabilityDisclosed)) { _ in held += 1 }
        #expect(held == 4)
    }

    @Test("BD ICSMA-23-194-01: only the PCUs on 12.1.3 or earlier; the patched and the fixed ones are not reached")
    func bd() throws {
        let pumps = try PumpFleet()
        let result = try RealData.bytes("csaf/icsma-23-194-01.json").withUnsafeBufferPointer {
            try CSAFReader.read($0, matcher: try pumps.matcher, context: RealData.context)
        }
        #expect(result.document.drafts.count == 8)
        for draft in result.document.drafts {
            #expect(try pumps.exposed(by: draft) == ["BD-1"], "\(draft.data["cve"]?.stringValue ?? "")")
        }
        // After BD-1 is patched to 12.3, nothing is reached.
        try pumps.append([try EventDraft(type: .patchApplied, device: "BD-1", at: PumpFleet.day(300), actor: "biomed.jlee",
                                         data: ["version": "12.3"])])
        for draft in result.document.drafts { #expect(try pumps.exposed(by: draft).isEmpty) }
    }

    @Test("imported documents are listed from the events alone: kind, id, hash, actor, site, count; re-appending adds nothing")
    func importedDocuments() throws {
        let pumps = try PumpFleet()
        let csaf = try RealData.csaf("csaf/icsma-23-194-01.json")
        let (kev, listings) = try RealData.kev(RealData.bytes("kev/known_exploited_vulnerabilities.json"))
        let summary = try pumps.append(csaf.document.drafts + listings)
        #expect(summary.appended == 8 + 1404)
        #expect(try pumps.append(csaf.document.drafts).alreadyHeld == 8)
        let documents = try pumps.ledger.importedDocuments()
        #expect(documents.map(\.kind) == ["csaf", "kev"])
        #expect(documents.map(\.id) == ["ICSMA-23-194-01#2", "2025.08.25"])
        #expect(documents.map(\.events) == [8, 1404])
        #expect(documents.allSatisfy { $0.actors == ["secops@north"] && $0.sites == ["north"] })
        #expect(documents[1].sha256 == kev.catalog.document.sha256)
        #expect(try pumps.ledger.events(fromDocument: csaf.document.document.sha256).count == 8)
        #expect(try pumps.ledger.kevListedCVEs().count == 1404)
        #expect(try pumps.ledger.holdsDisclosure(of: "CVE-2023-30562"))
        #expect(!(try pumps.ledger.holdsDisclosure(of: "CVE-2021-44228")))
    }
}
