import LedgerCore

/// What each site's own security and clinical engineering staff record after onboarding:
/// assessments, patches applied (or not), compensating controls, an incident, a contract
/// amendment and decommissions.
enum DemoSiteStories {
    private static func assess(_ r: inout DemoRecorder, _ device: String, _ cve: DemoCVE, _ status: String,
                               at: LedgerTime, by actor: String, _ justification: String) {
        r.record(.vulnerabilityAssessed, device, at: at, by: actor, [
            "cve": .string(cve.id), "status": .string(status), "justification": .string(justification),
        ])
    }

    private static func apply(_ r: inout DemoRecorder, _ device: String, version: String, from previous: String,
                              at: LedgerTime, by actor: String, workOrder: String) {
        r.record(.patchApplied, device, at: at, by: actor, [
            "version": .string(version), "previousVersion": .string(previous), "workOrder": .string(workOrder),
        ])
    }

    private static func mitigate(_ r: inout DemoRecorder, _ device: String, _ cve: DemoCVE, control: String,
                                 expires: String, at: LedgerTime, by actor: String, change: String) {
        r.record(.mitigationApplied, device, at: at, by: actor, [
            "cve": .string(cve.id), "control": .string(control), "expires": .string(expires), "change": .string(change),
        ])
    }

    /// North: pumps patched promptly, two late and one never; the PACS waits 137 days for
    /// Philips' fix while its segmentation lapses; a monitor is retired with a certified purge.
    static func north(_ r: inout DemoRecorder, staff: DemoStaff, pumps: [String], pacs: String, monitors: [String]) {
        typealias V = DemoVulnerabilities
        let telnet = V.sigmaSpectrum[3]  // CVE-2022-26394, high
        for (i, pump) in pumps.enumerated() {
            assess(&r, pump, telnet, "affected", at: DemoTime.at("2025-01-23", hour: 10, plusMinutes: i), by: staff.secops,
                   "Sigma Spectrum 8.00.01 with wireless battery module 20D29: telnet and FTP reachable from the infusion VLAN")
            mitigate(&r, pump, telnet,
                     control: "segmentation: telnet (23/tcp) and FTP (21/tcp) to VLAN 210 blocked at the core firewall",
                     expires: "2025-04-30", at: DemoTime.at("2025-01-24", hour: 9, plusMinutes: i), by: staff.secops,
                     change: "CHG-N-2025-0031")
        }
        assess(&r, pacs, V.log4Shell, "not_affected", at: DemoTime.parse("2025-01-23T11:00:00Z"), by: staff.secops,
               "vulnerable_code_not_present: the SBOM lists log4j-core 2.17.1, which has the fix")

        // Five pumps within a week of Baxter's release, two three months late, one never.
        for (i, pump) in pumps.enumerated() where i != 7 {
            let at = i < 5 ? DemoTime.at("2025-03-17", hour: 8, plusMinutes: 45 * i)
                           : DemoTime.at("2025-06-16", hour: 9, plusMinutes: 45 * (i - 5))
            apply(&r, pump, version: "8.01.01", from: "8.00.01", at: at, by: staff.biomed,
                  workOrder: "WO-N-2025-" + DemoTime.padded(310 + i, width: 4))
            assess(&r, pump, telnet, "fixed", at: LedgerTime(microseconds: at.microseconds + 300_000_000), by: staff.secops,
                   "8.01.01 disables telnet and FTP on the wireless battery module")
        }

        let jackson = V.vuePACS[0]  // CVE-2017-17485, critical
        assess(&r, pacs, jackson, "affected", at: DemoTime.parse("2025-04-15T09:00:00Z"), by: staff.secops,
               "jackson-databind 2.9.2 in the archive service, reachable from clinical workstations")
        mitigate(&r, pacs, jackson,
                 control: "segmentation: PACS servers accept only DICOM (104/tcp) and HL7 (2575/tcp) from imaging VLANs",
                 expires: "2025-07-31", at: DemoTime.parse("2025-04-15T11:00:00Z"), by: staff.secops, change: "CHG-N-2025-0114")
        assess(&r, pacs, V.jetty, "affected", at: DemoTime.parse("2025-04-17T10:00:00Z"), by: staff.secops,
               "Jetty 9.4.35 serves the web viewer on 443/tcp")
        assess(&r, pacs, V.vuePACS[2], "affected", at: DemoTime.parse("2025-04-17T10:10:00Z"), by: staff.secops,
               "the default service account is still enabled")
        assess(&r, pacs, V.vuePACS[3], "under_investigation", at: DemoTime.parse("2025-06-02T14:00:00Z"), by: staff.secops,
               "asked Philips whether the exposed service runs in our configuration")
        apply(&r, pacs, version: "12.2.8.410", from: "12.2.6.110", at: DemoTime.parse("2025-10-14T22:00:00Z"),
              by: staff.biomed, workOrder: "WO-N-2025-0877")
        for (i, cve) in [jackson, V.jetty, V.vuePACS[2]].enumerated() {
            assess(&r, pacs, cve, "fixed", at: DemoTime.at("2025-10-15", hour: 9, plusMinutes: i), by: staff.secops,
                   "upgraded to 12.2.8.410")
        }
        // After a critical fix took 137 days, north negotiates the 15-day standard.
        r.record(.contractAmended, pacs, at: "2025-11-03T15:00:00Z", by: staff.procurement, [
            "contract": .object(["id": "N-2025-PHL-04", "patchDays": DemoContracts.PatchDays.standard.json]),
            "reason": "amendment 1: critical fixes within 15 days after ICSMA-24-200-01 took 137 days",
        ])
        r.record(.deviceDecommissioned, monitors[3], at: "2025-11-20T10:00:00Z", by: staff.biomed, [
            "sanitized": true, "method": "NIST 800-88 purge", "certificate": "DS-N-2025-031",
            "reason": "cracked display housing; replaced under warranty",
        ])
    }

    /// South: the pump gateway ships with Log4Shell, its segmentation lapses, an exploitation
    /// attempt follows, and it is patched after the incident; GE's contract is amended; a
    /// leased monitor goes back unsanitised.
    static func south(_ r: inout DemoRecorder, staff: DemoStaff, pumps: [String], gateway: String, monitors: [String]) {
        typealias V = DemoVulnerabilities
        assess(&r, gateway, V.log4Shell, "affected", at: DemoTime.parse("2025-02-11T10:00:00Z"), by: staff.secops,
               "Alaris Systems Manager 12.3 bundles log4j-core 2.14.1 in its HL7 interface engine")
        mitigate(&r, gateway, V.log4Shell,
                 control: "segmentation: egress from VLAN 315 denied except to the pump VLAN and the EHR interface; LDAP and RMI blocked",
                 expires: "2025-04-30", at: DemoTime.parse("2025-02-12T09:00:00Z"), by: staff.secops, change: "CHG-S-2025-0042")
        let xss = V.alaris[3]  // CVE-2023-30563
        for (i, pump) in pumps.enumerated() {
            assess(&r, pump, xss, "not_affected", at: DemoTime.at("2025-02-12", hour: 10, plusMinutes: i), by: staff.secops,
                   "vulnerable_code_not_in_execute_path: the flaw is in the Systems Manager web console; the PCU serves no web pages")
        }
        assess(&r, gateway, xss, "affected", at: DemoTime.parse("2025-02-12T11:00:00Z"), by: staff.secops,
               "the Systems Manager web console is reachable from pharmacy workstations")

        // Six pumps within a week of BD's release, one four months late, one never.
        for (i, pump) in pumps.enumerated() where i != 7 {
            let at = i < 6 ? DemoTime.at("2025-03-10", hour: 8, plusMinutes: 40 * i) : DemoTime.parse("2025-07-21T09:00:00Z")
            apply(&r, pump, version: "12.3.0", from: "12.1.3", at: at, by: staff.biomed,
                  workOrder: "WO-S-2025-" + DemoTime.padded(120 + i, width: 4))
        }

        let incident = "INC-S-2025-017"
        let involved: [JSONValue] = [.string(gateway), .string(pumps[0]), .string(pumps[1])]
        r.record(.incidentOpened, nil, at: "2025-05-06T03:12:00Z", by: staff.secops, [
            "incident": .string(incident), "devices": .array(involved), "severity": "high",
            "summary": "IDS alert: JNDI lookup string in HL7 traffic to the pump gateway, then an outbound LDAP attempt; pumps switched to their stored drug library",
        ])
        r.record(.incidentUpdated, nil, at: "2025-05-07T10:00:00Z", by: staff.secops, [
            "incident": .string(incident), "devices": .array(involved), "severity": "high",
            "summary": "gateway isolated and imaged; firewall logs show the LDAP connection was blocked; segmentation change had lapsed on 2025-04-30",
        ])
        apply(&r, gateway, version: "12.5.1", from: "12.3", at: DemoTime.parse("2025-05-13T20:00:00Z"),
              by: staff.biomed, workOrder: "WO-S-2025-0388")
        assess(&r, gateway, V.log4Shell, "fixed", at: DemoTime.parse("2025-05-14T09:00:00Z"), by: staff.secops,
               "rebuilt on 12.5.1; the interface engine no longer ships log4j-core 2.14.1")
        r.record(.incidentResolved, nil, at: "2025-05-14T16:00:00Z", by: staff.secops, [
            "incident": .string(incident), "devices": .array(involved), "severity": "medium",
            "summary": "no code execution found; gateway rebuilt on 12.5.1; pumps reconnected after drug library verification",
        ])

        r.record(.contractAmended, nil, at: "2025-10-06T11:00:00Z", by: staff.procurement, [
            "contract": .object([
                "id": "S-2025-GEHC-03",
                "securityContact": .string(DemoContracts.geHealthCare.securityContact),
                "vulnerabilityPortal": .string(DemoContracts.geHealthCare.vulnerabilityPortal),
            ]),
            "reason": "amendment 1: security contact and vulnerability portal added after the internal audit",
        ])
        r.record(.deviceDecommissioned, monitors[3], at: "2025-12-08T14:00:00Z", by: staff.biomed, [
            "sanitized": false,
            "reason": "returned to the leasing company at lease end without a data wipe; patient census data may remain",
        ])
    }

    /// Children's: four pumps updated before going live, the fifth months later; the gateway's
    /// Log4Shell stays unpatched and unmitigated all year.
    static func childrens(_ r: inout DemoRecorder, staff: DemoStaff, pumps: [String], gateway: String) {
        typealias V = DemoVulnerabilities
        for (i, pump) in pumps.enumerated() {
            let at = i < 4 ? DemoTime.at("2025-04-24", hour: 9, plusMinutes: 30 * i) : DemoTime.parse("2025-09-15T10:00:00Z")
            apply(&r, pump, version: "12.3.0", from: "12.1.3", at: at, by: staff.biomed,
                  workOrder: "WO-C-2025-" + DemoTime.padded(51 + i, width: 4))
        }
        assess(&r, gateway, V.log4Shell, "under_investigation", at: DemoTime.parse("2025-04-30T10:00:00Z"), by: staff.secops,
               "asked BD whether the interface engine loads log4j-core 2.14.1")
        assess(&r, gateway, V.log4Shell, "affected", at: DemoTime.parse("2025-06-20T15:00:00Z"), by: staff.secops,
               "BD confirmed the HL7 interface engine loads log4j-core 2.14.1; the upgrade to 12.5.1 awaits pharmacy validation")
    }
}
