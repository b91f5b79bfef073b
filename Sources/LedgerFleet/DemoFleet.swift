import LedgerCore

/// The three hospitals: what each bought, where it went, and who recorded it.
enum DemoFleet {
    /// Central security team and north's own staff (the health system's flagship campus).
    static let northStaff = DemoStaff(procurement: "procurement.mchen", biomed: "biomed.jlee", secops: "secops.apatel")
    static let southStaff = DemoStaff(procurement: "procurement.rgarcia", biomed: "biomed.tnguyen", secops: "secops.dkim")
    static let childrensStaff = DemoStaff(procurement: "procurement.kowusu", biomed: "biomed.sbrown", secops: "secops.lwright")

    private static func site(_ id: String) -> SiteID {
        do { return try SiteID(id) } catch { fatalError("demo site id: \(error)") }
    }

    static func north() -> DemoSite {
        typealias C = DemoContracts
        var r = DemoRecorder(letter: "N")
        let staff = northStaff
        let pacs = r.onboard(DemoLot(
            model: DemoCatalog.vuePACS, count: 1,
            contract: C.terms("N-2025-PHL-04", C.philips, usefulLifeEnd: "2030-03-31",
                              patchDays: .init(critical: 30, high: 60, medium: 90, low: 180)),
            procured: "2025-01-06", sbom: "2025-01-08", mds2: "2025-03-10", deployed: "2025-02-17",
            location: "North data center, rack B4", position: nil,
            department: "Radiology IT", segment: "VLAN 250 PACS servers"),
            procurement: staff.procurement, biomed: staff.biomed, serialBase: 220_417)
        let pumps = r.onboard(DemoLot(
            model: DemoCatalog.sigmaSpectrum, count: 8,
            contract: C.terms("N-2025-BAX-01", C.baxter, usefulLifeEnd: "2032-12-31"),
            procured: "2025-01-13", sbom: "2025-01-20", mds2: "2025-01-21", deployed: "2025-02-03",
            location: "North Campus, Tower A, 5 West", position: nil,
            department: "Medical-Surgical", segment: "VLAN 210 infusion"),
            procurement: staff.procurement, biomed: staff.biomed, serialBase: 4_410_213)
        let monitors = r.onboard(DemoLot(
            model: DemoCatalog.intelliVueMX450, count: 4,
            contract: C.terms("N-2025-PHL-02", C.philips, usefulLifeEnd: "2033-06-30"),
            procured: "2025-02-10", sbom: "2025-02-14", mds2: "2025-02-14", deployed: "2025-03-03",
            location: "North Campus, Tower B, Medical ICU", position: "bed",
            department: "Critical Care", segment: "VLAN 220 monitoring"),
            procurement: staff.procurement, biomed: staff.biomed, serialBase: 5_120_880)
        _ = r.onboard(DemoLot(
            model: DemoCatalog.somatomGoUp, count: 1,
            contract: C.terms("N-2025-SHS-03", C.siemens, usefulLifeEnd: "2035-12-31"),
            procured: "2025-03-17", sbom: "2025-03-20", mds2: "2025-03-20", deployed: "2025-04-28",
            location: "North Campus, Imaging, CT room 2", position: nil,
            department: "Radiology", segment: "VLAN 240 imaging"),
            procurement: staff.procurement, biomed: staff.biomed, serialBase: 131_207)
        _ = r.onboard(DemoLot(
            model: DemoCatalog.sysmexXN1000, count: 2,
            contract: C.terms("N-2025-SYS-05", C.sysmex, usefulLifeEnd: "2032-06-30", omitting: [.remoteAccess]),
            procured: "2025-05-05", sbom: nil, mds2: "2025-05-09", deployed: "2025-05-26",
            location: "North Campus, Core Laboratory", position: "bench",
            department: "Laboratory Medicine", segment: "VLAN 260 laboratory"),
            procurement: staff.procurement, biomed: staff.biomed, serialBase: 33_901)

        DemoCentralTeam.record(into: &r, actor: staff.secops, northPACS: pacs[0])
        DemoSiteStories.north(&r, staff: staff, pumps: pumps, pacs: pacs[0], monitors: monitors)
        return DemoSite(id: site("north"), name: "North Campus", events: r.events())
    }

    static func south() -> DemoSite {
        typealias C = DemoContracts
        var r = DemoRecorder(letter: "S")
        let staff = southStaff
        let pumps = r.onboard(DemoLot(
            model: DemoCatalog.alaris8015, count: 8,
            contract: C.terms("S-2025-BD-01", C.bd, usefulLifeEnd: "2033-12-31"),
            procured: "2025-02-03", sbom: "2025-02-05", mds2: "2025-02-05", deployed: "2025-02-24",
            location: "South Campus, 3 East Oncology", position: nil,
            department: "Oncology", segment: "VLAN 310 infusion"),
            procurement: staff.procurement, biomed: staff.biomed, serialBase: 11_802_455)
        let gateway = r.onboard(DemoLot(
            model: DemoCatalog.alarisSystemsManager, count: 1,
            contract: C.terms("S-2025-BD-02", C.bd, usefulLifeEnd: "2030-12-31"),
            procured: "2025-02-03", sbom: "2025-02-05", mds2: "2025-02-05", deployed: "2025-02-20",
            location: "South data center, rack A2", position: nil,
            department: "Pharmacy Informatics", segment: "VLAN 315 infusion servers"),
            procurement: staff.procurement, biomed: staff.biomed, serialBase: 7_003)
        let monitors = r.onboard(DemoLot(
            model: DemoCatalog.carescapeB450, count: 4,
            // Deficient: no security contact, no vulnerability portal (amended in October).
            contract: C.terms("S-2025-GEHC-03", C.geHealthCare, usefulLifeEnd: "2030-12-31",
                              patchDays: .relaxed, omitting: [.securityContact, .vulnerabilityPortal]),
            procured: "2025-03-03", sbom: "2025-04-22", mds2: "2025-04-22", deployed: "2025-03-24",
            location: "South Campus, Emergency Department", position: "bay",
            department: "Emergency Medicine", segment: "VLAN 320 monitoring"),
            procurement: staff.procurement, biomed: staff.biomed, serialBase: 90_412)
        _ = r.onboard(DemoLot(
            model: DemoCatalog.alinityCI, count: 1,
            // Deficient: no security contact, no remote-access terms, no malware-free warranty.
            contract: C.terms("S-2025-ABT-04", C.abbott, usefulLifeEnd: "2033-12-31",
                              omitting: [.securityContact, .remoteAccess, .malwareFreeWarranty]),
            procured: "2025-06-02", sbom: nil, mds2: nil, deployed: "2025-06-23",
            location: "South Campus, Clinical Chemistry", position: nil,
            department: "Laboratory Medicine", segment: "VLAN 360 laboratory"),
            procurement: staff.procurement, biomed: staff.biomed, serialBase: 61_188)

        DemoSiteStories.south(&r, staff: staff, pumps: pumps, gateway: gateway[0], monitors: monitors)
        return DemoSite(id: site("south"), name: "South Campus", events: r.events())
    }

    static func childrens() -> DemoSite {
        typealias C = DemoContracts
        var r = DemoRecorder(letter: "C")
        let staff = childrensStaff
        let pumps = r.onboard(DemoLot(
            model: DemoCatalog.alaris8015, count: 5,
            contract: C.terms("C-2025-BD-01", C.bd, usefulLifeEnd: "2033-12-31"),
            procured: "2025-04-07", sbom: "2025-04-09", mds2: "2025-04-09", deployed: "2025-04-28",
            location: "Children's Hospital, PICU", position: nil,
            department: "Pediatric Intensive Care", segment: "VLAN 410 infusion"),
            procurement: staff.procurement, biomed: staff.biomed, serialBase: 11_950_310)
        let gateway = r.onboard(DemoLot(
            model: DemoCatalog.alarisSystemsManager, count: 1,
            contract: C.terms("C-2025-BD-02", C.bd, usefulLifeEnd: "2030-12-31"),
            procured: "2025-04-07", sbom: "2025-04-09", mds2: nil, deployed: "2025-04-25",
            location: "Children's Hospital, server room 1", position: nil,
            department: "Pharmacy Informatics", segment: "VLAN 415 infusion servers"),
            procurement: staff.procurement, biomed: staff.biomed, serialBase: 7_118)
        _ = r.onboard(DemoLot(
            model: DemoCatalog.intelliVueMX450, count: 4,
            contract: C.terms("C-2025-PHL-03", C.philips, usefulLifeEnd: "2033-06-30"),
            procured: "2025-04-14", sbom: "2025-04-16", mds2: "2025-04-16", deployed: "2025-05-05",
            location: "Children's Hospital, NICU", position: "bed",
            department: "Neonatal Intensive Care", segment: "VLAN 420 monitoring"),
            procurement: staff.procurement, biomed: staff.biomed, serialBase: 5_127_004)
        _ = r.onboard(DemoLot(
            model: DemoCatalog.sysmexXN1000, count: 1,
            contract: C.terms("C-2025-SYS-04", C.sysmex, usefulLifeEnd: "2032-06-30", omitting: [.remoteAccess]),
            procured: "2025-06-09", sbom: nil, mds2: "2025-06-11", deployed: "2025-06-30",
            location: "Children's Hospital, Pediatric Laboratory", position: nil,
            department: "Laboratory Medicine", segment: "VLAN 460 laboratory"),
            procurement: staff.procurement, biomed: staff.biomed, serialBase: 34_077)

        DemoSiteStories.childrens(&r, staff: staff, pumps: pumps, gateway: gateway[0])
        return DemoSite(id: site("childrens"), name: "Children's Hospital", events: r.events())
    }
}

/// Who records what at a site.
struct DemoStaff {
    let procurement: String
    let biomed: String
    let secops: String
}
