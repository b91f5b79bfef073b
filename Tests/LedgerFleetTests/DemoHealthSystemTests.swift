import Foundation
import LedgerCore
import LedgerFleet
import Testing

@Suite("The demo health system")
struct DemoHealthSystemTests {
    let sites = DemoHealthSystem.sites()

    var allEvents: [EventDraft] { sites.flatMap(\.events) }

    func events(of type: EventType) -> [EventDraft] { allEvents.filter { $0.type == type } }

    func devices(at site: DemoSite) -> Set<String> {
        Set(site.events.compactMap { $0.type == .deviceProcured ? $0.device : nil })
    }

    @Test("has the three sites north, south and childrens, with display names")
    func threeSites() {
        #expect(sites.map(\.id.rawValue) == ["north", "south", "childrens"])
        #expect(sites.map(\.name) == ["North Campus", "South Campus", "Children's Hospital"])
    }

    @Test("every event is a valid fact that reads back unchanged through the interchange format")
    func everyEventRoundTrips() throws {
        for event in allEvents {
            let bytes = event.factBytes
            let again = try bytes.withUnsafeBufferPointer { try EventDraft(interchange: $0) }
            #expect(again.factBytes == bytes)
        }
    }

    @Test("covers every event type")
    func coversEveryEventType() {
        let types = Set(allEvents.map(\.type))
        // The demo command records its OSV record through the importer itself; no demo device
        // carries a CPE yet (the CLI tests of import-nvd do).
        let imported: Set<EventType> = [.vulnerabilityRecorded, .cpeAssigned]
        let missing = EventType.allCases.filter { !types.contains($0) && !imported.contains($0) }
        #expect(missing.isEmpty, "missing: \(missing.map(\.rawValue))")
    }

    @Test("has a few dozen devices, a sensible number per site, ids naming their site")
    func deviceCounts() {
        let counts = sites.map { devices(at: $0).count }
        #expect(counts.allSatisfy { (8...20).contains($0) }, "\(counts)")
        #expect((30...45).contains(counts.reduce(0, +)))
        for site in sites {
            let letter = ["north": "-N-", "south": "-S-", "childrens": "-C-"][site.id.rawValue]!
            #expect(devices(at: site).allSatisfy { $0.contains(letter) })
        }
    }

    @Test("each site records only its own devices, and every device is procured before anything else happens to it")
    func siteOwnsItsDevices() {
        for site in sites {
            let own = devices(at: site)
            var procured: Set<String> = []
            for event in site.events {
                guard let device = event.device else { continue }
                #expect(own.contains(device), "\(site.id) records \(device)")
                if event.type == .deviceProcured { procured.insert(device) }
                #expect(procured.contains(device), "\(device): \(event.type.rawValue) before device.procured")
            }
        }
    }

    @Test("model-level and vulnerability events are recorded at north only")
    func centralTeamAtNorth() {
        let central: Set<EventType> = [.vulnerabilityDisclosed, .patchReleased, .lifecycleAnnounced]
        for site in sites where site.id.rawValue != "north" {
            #expect(!site.events.contains { central.contains($0.type) }, "\(site.id)")
        }
    }

    @Test("events of a site are in time order, all within 2025 but for CISA's KEV dates, and all facts are distinct")
    func chronologicalAndDistinct() throws {
        let start = try LedgerTime(rfc3339: "2025-01-01")
        let end = try LedgerTime(rfc3339: "2026-01-01")
        for site in sites {
            // A KEV listing is dated by the catalog's dateAdded, however long ago CISA added it.
            let recorded = site.events.filter { $0.type != .kevListed }
            #expect(zip(recorded, recorded.dropFirst()).allSatisfy { $0.at <= $1.at }, "\(site.id)")
            #expect(recorded.allSatisfy { $0.at >= start && $0.at < end }, "\(site.id)")
            for listing in site.events where listing.type == .kevListed {
                #expect(listing.at.date == listing.data["dateAdded"]?.stringValue)
            }
        }
        #expect(Set(allEvents.map(\.factHash)).count == allEvents.count)
    }

    @Test("is the same on every call")
    func deterministic() {
        let again = DemoHealthSystem.sites().flatMap(\.events)
        #expect(again.map(\.factBytes) == allEvents.map(\.factBytes))
    }

    @Test("every CVE assessed, mitigated or fixed has been disclosed, with a real CVSS vector")
    func cvesAreDisclosed() {
        let disclosures = events(of: .vulnerabilityDisclosed)
        let disclosed = Set(disclosures.compactMap { $0.data["cve"]?.stringValue })
        #expect(disclosed.contains("CVE-2021-44228"))
        for event in allEvents where event.type != .vulnerabilityDisclosed {
            for cve in event.mentionedCVEs { #expect(disclosed.contains(cve), "\(cve) in \(event.type.rawValue)") }
        }
        for event in disclosures {
            #expect(event.data["cvss"]?.stringValue?.hasPrefix("CVSS:3.") == true)
            #expect(event.data["source"]?.stringValue != nil)
        }
        let log4Shell = disclosures.first { $0.data["cve"]?.stringValue == "CVE-2021-44228" }
        #expect(log4Shell?.data["kev"]?.boolValue == true)
        #expect(log4Shell?.data["cvss"]?.stringValue == "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H")
        #expect(log4Shell?.data["affects"]?.objectValue?["components"]?.arrayValue?.first?.stringValue
            == "pkg:maven/org.apache.logging.log4j/log4j-core")
    }

    @Test("some contracts lack a security contact or remote-access terms")
    func deficientContracts() {
        let contracts = events(of: .deviceProcured).compactMap { $0.data["contract"]?.objectValue }
        #expect(contracts.contains { $0["securityContact"] == nil })
        #expect(contracts.contains { $0["remoteAccess"] == nil })
        #expect(contracts.contains { $0["securityContact"] != nil && $0["remoteAccess"]?.objectValue != nil })
    }

    @Test("roadmaps: one model has none, one ends support before its contracts' useful life")
    func roadmaps() throws {
        let announced = Set(events(of: .lifecycleAnnounced).compactMap { $0.data["model"]?.stringValue })
        let bought = Set(events(of: .deviceProcured).compactMap { $0.data["model"]?.stringValue })
        #expect(bought.subtracting(announced) == ["Alinity ci"])
        let sigma = try #require(events(of: .lifecycleAnnounced).first { $0.data["model"]?.stringValue == "Sigma Spectrum" })
        let endOfSupport = try LedgerTime(rfc3339: #require(sigma.data["endOfSupport"]?.stringValue))
        let usefulLife = try LedgerTime(rfc3339: #require(events(of: .deviceProcured)
            .first { $0.data["model"]?.stringValue == "Sigma Spectrum" }?
            .data["contract"]?.objectValue?["usefulLifeEnd"]?.stringValue))
        #expect(endOfSupport < usefulLife)
    }

    @Test("not every device has an MDS2 form, and some forms came after deployment")
    func mds2Coverage() {
        let procured = Set(events(of: .deviceProcured).compactMap(\.device))
        let withForm = Set(events(of: .mds2Recorded).compactMap(\.device))
        #expect(withForm.count > procured.count / 2)
        #expect(withForm.count < procured.count)
        let deployedAt = Dictionary(events(of: .deviceDeployed).map { ($0.device!, $0.at) }) { first, _ in first }
        #expect(events(of: .mds2Recorded).contains { $0.at > deployedAt[$0.device!]! })
    }

    @Test("two devices are decommissioned, one sanitised by NIST 800-88 purge, one not")
    func decommissions() {
        let retired = events(of: .deviceDecommissioned)
        #expect(retired.count == 2)
        #expect(retired.contains { $0.data["sanitized"]?.boolValue == true && $0.data["method"]?.stringValue == "NIST 800-88 purge" })
        #expect(retired.contains { $0.data["sanitized"]?.boolValue == false })
    }

    @Test("the incident is opened, updated and resolved at the site where it happened")
    func incidentLifecycle() throws {
        let south = try #require(sites.first { $0.id.rawValue == "south" })
        let phases = south.events.filter { [.incidentOpened, .incidentUpdated, .incidentResolved].contains($0.type) }
        #expect(phases.map(\.type) == [.incidentOpened, .incidentUpdated, .incidentResolved])
        #expect(Set(phases.compactMap { $0.data["incident"]?.stringValue }).count == 1)
        #expect(phases.allSatisfy { $0.mentionedDevices.allSatisfy(devices(at: south).contains) })
    }
}

@Suite("The demo's real files")
struct DemoFeedsTests {
    @Test("each embedded file is byte for byte the file of ../shared/realdata it names")
    func embeddedFilesAreTheRealOnes() throws {
        let realdata = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/realdata")
        for (path, text) in DemoFeeds.sources {
            let bytes = try Data(contentsOf: realdata.appendingPathComponent(path))
            #expect(Array(text.utf8) == Array(bytes), "\(path)")
        }
    }
}
