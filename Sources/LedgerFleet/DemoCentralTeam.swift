import LedgerCore

/// What the health system's central security team records at `north` about models and
/// vulnerabilities: disclosures, suppliers' patches and roadmaps (sync carries them to the
/// other sites).
///
/// Supplier timeliness in this story, against the contracts' patch days:
/// - BD Alaris 8015 12.3.0: 22 days after disclosure, on time (high: 30 days);
/// - Baxter Sigma Spectrum 8.01.01: 48 days, late for CVE-2022-26394 (high: 30 days);
/// - BD Alaris Systems Manager 12.5.1: 69 days after Log4Shell, late (critical: 15 days),
///   and 36 days after BD's own CVEs, late (high: 30 days);
/// - Philips Vue PACS 12.2.8.410: 137 days, late (critical: 30 days).
enum DemoCentralTeam {
    static func record(into r: inout DemoRecorder, actor: String, northPACS: String) {
        typealias V = DemoVulnerabilities
        typealias M = DemoCatalog

        func disclose(_ cve: DemoCVE, at: LedgerTime, kev: Bool = false, source: String, models: [DemoModel] = [],
                      devices: [String] = [], components: [String] = []) {
            r.record(.vulnerabilityDisclosed, nil, at: at, by: actor,
                     V.disclosure(cve, kev: kev, source: source, models: models, devices: devices, components: components))
        }
        func roadmap(_ model: DemoModel, at: String, endOfSale: String, endOfSupport: String, endOfLife: String) {
            r.record(.lifecycleAnnounced, nil, at: at, by: actor, [
                "manufacturer": .string(model.manufacturer),
                "model": .string(model.model),
                "endOfSale": .string(endOfSale),
                "endOfSupport": .string(endOfSupport),
                "endOfLife": .string(endOfLife),
                "source": "supplier roadmap letter",
            ])
        }
        func patch(_ model: DemoModel, _ version: String, at: String, fixes: [DemoCVE], advisory: String) {
            r.record(.patchReleased, nil, at: at, by: actor, [
                "manufacturer": .string(model.manufacturer),
                "model": .string(model.model),
                "version": .string(version),
                "fixes": .array(fixes.map { .string($0.id) }),
                "advisory": .string(advisory),
            ])
        }

        // The pump gateways' SBOMs list log4j-core; Log4Shell is matched by component.
        disclose(V.log4Shell, at: DemoTime.parse("2025-01-08T14:00:00Z"), kev: true, source: "CISA KEV",
                 components: ["pkg:maven/org.apache.logging.log4j/log4j-core"])
        // CISA's catalog entry, as its KEV catalog states it (version 2025.08.25 in realdata).
        r.record(.kevListed, nil, at: DemoTime.parse("2021-12-10T00:00:00Z"), by: actor, [
            "cve": .string(V.log4Shell.id),
            "dateAdded": "2021-12-10",
            "dueDate": "2021-12-24",
            "requiredAction": "For all affected software assets for which updates exist, the only acceptable remediation actions are: 1) Apply updates; OR 2) remove affected assets from agency networks. Temporary mitigations using one of the measures provided at https://www.cisa.gov/uscert/ed-22-02-apache-log4j-recommended-mitigation-measures are only acceptable until updates are available.",
            "knownRansomwareCampaignUse": "Known",
            "catalogVersion": "2025.08.25",
        ])

        // Baxter's end of support (2028) comes before the contracts' useful life (2032).
        roadmap(M.sigmaSpectrum, at: "2025-01-15T15:00:00Z",
                endOfSale: "2024-12-31", endOfSupport: "2028-06-30", endOfLife: "2029-12-31")
        for (i, cve) in V.sigmaSpectrum.enumerated() {
            disclose(cve, at: DemoTime.at("2025-01-22", hour: 14, plusMinutes: i), source: "supplier",
                     models: [M.sigmaSpectrum])
        }

        roadmap(M.alaris8015, at: "2025-02-07T10:00:00Z",
                endOfSale: "2030-12-31", endOfSupport: "2034-12-31", endOfLife: "2035-12-31")
        roadmap(M.alarisSystemsManager, at: "2025-02-07T10:05:00Z",
                endOfSale: "2029-06-30", endOfSupport: "2032-12-31", endOfLife: "2033-12-31")
        for (i, cve) in V.alaris.enumerated() {
            disclose(cve, at: DemoTime.at("2025-02-10", hour: 14, plusMinutes: i), source: "ISAO (H-ISAC)",
                     models: [M.alaris8015, M.alarisSystemsManager])
        }
        disclose(V.log4net, at: DemoTime.at("2025-02-10", hour: 14, plusMinutes: 10), source: "ISAO (H-ISAC)",
                 models: [M.alarisSystemsManager], components: ["pkg:nuget/log4net"])

        roadmap(M.intelliVueMX450, at: "2025-02-12T10:00:00Z",
                endOfSale: "2027-12-31", endOfSupport: "2033-12-31", endOfLife: "2034-12-31")
        roadmap(M.vuePACS, at: "2025-02-12T10:05:00Z",
                endOfSale: "2026-12-31", endOfSupport: "2030-06-30", endOfLife: "2031-06-30")

        patch(M.alaris8015, "12.3.0", at: "2025-03-04T16:00:00Z", fixes: V.alaris, advisory: "ICSMA-23-194-01")
        roadmap(M.somatomGoUp, at: "2025-03-05T10:00:00Z",
                endOfSale: "2030-12-31", endOfSupport: "2036-12-31", endOfLife: "2037-12-31")
        patch(M.sigmaSpectrum, "8.01.01", at: "2025-03-11T16:00:00Z", fixes: V.sigmaSpectrum, advisory: "ICSMA-22-251-01")
        patch(M.alarisSystemsManager, "12.5.1", at: "2025-03-18T16:00:00Z",
              fixes: V.alaris + [V.log4net, V.log4Shell], advisory: "ICSMA-23-194-01")

        // GE ends support on 2025-09-30: south's monitors stay in use past it.
        roadmap(M.carescapeB450, at: "2025-04-10T10:00:00Z",
                endOfSale: "2023-12-31", endOfSupport: "2025-09-30", endOfLife: "2026-12-31")
        for (i, cve) in V.vuePACS.enumerated() {
            disclose(cve, at: DemoTime.at("2025-04-14", hour: 14, plusMinutes: i), source: "CISA ICS advisory",
                     models: [M.vuePACS])
        }
        disclose(V.jetty, at: DemoTime.parse("2025-04-16T09:30:00Z"), source: "central vulnerability scan",
                 devices: [northPACS], components: ["pkg:maven/org.eclipse.jetty/jetty-server"])

        roadmap(M.sysmexXN1000, at: "2025-05-20T10:00:00Z",
                endOfSale: "2027-03-31", endOfSupport: "2032-12-31", endOfLife: "2033-12-31")
        // Abbott never delivers a roadmap for the Alinity ci.

        patch(M.vuePACS, "12.2.8.410", at: "2025-08-29T16:00:00Z", fixes: V.vuePACS + [V.jetty], advisory: "ICSMA-24-200-01")
    }
}
