/// A product line of a synthetic fleet.
struct SyntheticModel: Sendable {
    let manufacturer: String
    let model: String
    /// What the device is, which picks its departments: see `SyntheticCatalog.departments`.
    let kind: Int
    /// Delivered version; released patches are `baseVersion.N`.
    let baseVersion: String
    /// The firmware's package URL without a version (`pkg:generic/vendor/product`).
    let firmwarePURL: String
    /// Third-party components, as indexes into `SyntheticCatalog.libraries`.
    let libraries: [Int]
    let securityContact: String
    let vulnerabilityPortal: String
}

/// Fixed vocabulary of synthetic fleets: 16 real product lines and the strings their events
/// draw from. Only the choice among them is random.
enum SyntheticCatalog {
    static let infusion = 0, monitor = 1, imaging = 2, pacs = 3, lab = 4, ventilator = 5

    static let departments: [[String]] = [
        ["Medical-Surgical", "Oncology", "Pediatric Intensive Care", "Labor and Delivery"],
        ["Critical Care", "Emergency Medicine", "Neonatal Intensive Care", "Post-Anesthesia Care"],
        ["Radiology", "Interventional Radiology"],
        ["Radiology IT"],
        ["Laboratory Medicine", "Clinical Chemistry"],
        ["Critical Care", "Respiratory Therapy"],
    ]

    static let segmentBase = [210, 220, 240, 250, 260, 230]

    static let models: [SyntheticModel] = [
        .init(manufacturer: "Baxter", model: "Sigma Spectrum", kind: infusion, baseVersion: "8.01",
              firmwarePURL: "pkg:generic/baxter/sigma-spectrum", libraries: [0, 3],
              securityContact: "productsecurity@baxter.com", vulnerabilityPortal: "https://www.baxter.com/product-security"),
        .init(manufacturer: "BD", model: "Alaris 8015", kind: infusion, baseVersion: "12.3",
              firmwarePURL: "pkg:generic/bd/alaris-pcu", libraries: [4],
              securityContact: "productsecurity@bd.com", vulnerabilityPortal: "https://www.bd.com/en-us/about-bd/cybersecurity"),
        .init(manufacturer: "B. Braun", model: "Space Infusomat", kind: infusion, baseVersion: "689.2",
              firmwarePURL: "pkg:generic/bbraun/space-infusomat", libraries: [2, 5],
              securityContact: "productsecurity@bbraun.com", vulnerabilityPortal: "https://www.bbraun.com/en/products-and-solutions/product-security.html"),
        .init(manufacturer: "ICU Medical", model: "Plum 360", kind: infusion, baseVersion: "15.1",
              firmwarePURL: "pkg:generic/icumedical/plum-360", libraries: [0, 2],
              securityContact: "productsecurity@icumed.com", vulnerabilityPortal: "https://www.icumed.com/about-us/product-security"),
        .init(manufacturer: "Philips", model: "IntelliVue MX450", kind: monitor, baseVersion: "M.00",
              firmwarePURL: "pkg:generic/philips/intellivue", libraries: [1, 2],
              securityContact: "productsecurity@philips.com", vulnerabilityPortal: "https://www.philips.com/a-w/security.html"),
        .init(manufacturer: "Philips", model: "IntelliVue MX800", kind: monitor, baseVersion: "M.00",
              firmwarePURL: "pkg:generic/philips/intellivue", libraries: [1, 2],
              securityContact: "productsecurity@philips.com", vulnerabilityPortal: "https://www.philips.com/a-w/security.html"),
        .init(manufacturer: "GE HealthCare", model: "CARESCAPE B450", kind: monitor, baseVersion: "3.1",
              firmwarePURL: "pkg:generic/gehealthcare/carescape-b450", libraries: [6, 1],
              securityContact: "productsecurity@gehealthcare.com", vulnerabilityPortal: "https://www.gehealthcare.com/productsecurity"),
        .init(manufacturer: "Mindray", model: "BeneVision N17", kind: monitor, baseVersion: "2.4",
              firmwarePURL: "pkg:generic/mindray/benevision-n17", libraries: [6, 3],
              securityContact: "security@mindray.com", vulnerabilityPortal: "https://www.mindray.com/en/security"),
        .init(manufacturer: "Siemens Healthineers", model: "SOMATOM go.Up", kind: imaging, baseVersion: "VA40",
              firmwarePURL: "pkg:generic/siemens-healthineers/syngo-ct", libraries: [7, 8],
              securityContact: "productcert@siemens.com", vulnerabilityPortal: "https://www.siemens-healthineers.com/cybersecurity"),
        .init(manufacturer: "Canon Medical", model: "Aquilion ONE", kind: imaging, baseVersion: "10.2",
              firmwarePURL: "pkg:generic/canon-medical/aquilion-one", libraries: [7, 1],
              securityContact: "productsecurity@medical.canon", vulnerabilityPortal: "https://global.medical.canon/security"),
        .init(manufacturer: "Philips", model: "Vue PACS", kind: pacs, baseVersion: "12.2",
              firmwarePURL: "pkg:generic/philips/vue-pacs", libraries: [9, 10, 11],
              securityContact: "productsecurity@philips.com", vulnerabilityPortal: "https://www.philips.com/a-w/security.html"),
        .init(manufacturer: "Sysmex", model: "XN-1000", kind: lab, baseVersion: "00.27",
              firmwarePURL: "pkg:generic/sysmex/xn-1000", libraries: [7],
              securityContact: "productsecurity@sysmex.com", vulnerabilityPortal: "https://www.sysmex.com/product-security"),
        .init(manufacturer: "Abbott", model: "Alinity ci", kind: lab, baseVersion: "3.4",
              firmwarePURL: "pkg:generic/abbott/alinity-ci", libraries: [7, 8],
              securityContact: "productsecurity@abbott.com", vulnerabilityPortal: "https://www.abbott.com/policies/cybersecurity.html"),
        .init(manufacturer: "Roche", model: "cobas pro", kind: lab, baseVersion: "2.1",
              firmwarePURL: "pkg:generic/roche/cobas-pro", libraries: [7, 11],
              securityContact: "productsecurity@roche.com", vulnerabilityPortal: "https://diagnostics.roche.com/security"),
        .init(manufacturer: "Draeger", model: "Evita V800", kind: ventilator, baseVersion: "2.51",
              firmwarePURL: "pkg:generic/draeger/evita-v800", libraries: [6, 2],
              securityContact: "productsecurity@draeger.com", vulnerabilityPortal: "https://www.draeger.com/en_corp/Productsecurity"),
        .init(manufacturer: "Medtronic", model: "Puritan Bennett 980", kind: ventilator, baseVersion: "1.4",
              firmwarePURL: "pkg:generic/medtronic/puritan-bennett-980", libraries: [5, 0],
              securityContact: "productsecurity@medtronic.com", vulnerabilityPortal: "https://www.medtronic.com/security"),
    ]

    /// Third-party components: name, version, package URL.
    static let libraries: [(name: String, version: String, purl: String)] = [
        ("OpenSSL", "1.0.2k", "pkg:generic/openssl@1.0.2k"),
        ("OpenSSL", "1.1.1k", "pkg:generic/openssl@1.1.1k"),
        ("zlib", "1.2.11", "pkg:generic/zlib@1.2.11"),
        ("BusyBox", "1.20.2", "pkg:generic/busybox@1.20.2"),
        ("wolfSSL", "3.12.2", "pkg:generic/wolfssl@3.12.2"),
        ("lwIP", "2.1.2", "pkg:generic/lwip@2.1.2"),
        ("Linux kernel", "4.9.337", "pkg:generic/linux@4.9.337"),
        (".NET Framework", "4.8", "pkg:generic/microsoft/dotnet-framework@4.8"),
        ("Microsoft SQL Server Express", "2017", "pkg:generic/microsoft/sql-server-express@2017"),
        ("log4j-core", "2.14.1", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"),
        ("jackson-databind", "2.9.2", "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.2"),
        ("jetty-server", "9.4.35.v20201120", "pkg:maven/org.eclipse.jetty/jetty-server@9.4.35.v20201120"),
    ]

    /// Real CVSS 3.x vectors and base scores (from the advisories in `realdata/csaf`).
    static let vectors: [(vector: String, score: Double)] = [
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 8.8),
        ("CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:L/A:N", 8.2),
        ("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.1),
        ("CVSS:3.0/AV:A/AC:H/PR:N/UI:N/S:C/C:L/I:H/A:L", 7.5),
        ("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N", 7.1),
        ("CVSS:3.0/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 6.8),
        ("CVSS:3.0/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:H", 6.1),
        ("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", 5.9),
        ("CVSS:3.0/AV:N/AC:H/PR:L/UI:N/S:U/C:L/I:L/A:L", 5.0),
        ("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:N", 4.4),
        ("CVSS:3.0/AV:A/AC:L/PR:L/UI:N/S:U/C:L/I:N/A:N", 3.5),
        ("CVSS:3.0/AV:N/AC:H/PR:L/UI:N/S:U/C:L/I:N/A:N", 3.1),
    ]

    static let weaknesses = [
        "Missing Authentication for Critical Function", "Use of Hard-coded Credentials",
        "Deserialization of Untrusted Data", "Cleartext Transmission of Sensitive Information",
        "Improper Input Validation", "Out-of-bounds Write", "Cross-site Scripting",
        "Missing Encryption of Sensitive Data", "Uncontrolled Resource Consumption",
    ]

    static let sources = ["supplier", "CISA ICS advisory", "ISAO (H-ISAC)", "NVD", "central vulnerability scan"]

    static let statuses = ["affected", "not_affected", "fixed", "under_investigation"]

    static let justifications = [
        ["reachable from the clinical VLAN; no compensating control in place",
         "vulnerable service enabled in our configuration per the supplier's letter"],
        ["vulnerable_code_not_present: the affected module is not licensed on this unit",
         "vulnerable_code_not_in_execute_path: the service is disabled in the shipped configuration",
         "component_not_present: the SBOM shows a build without the affected library"],
        ["supplier patch applied and verified by biomed", "firmware upgraded; scan shows the service closed"],
        ["awaiting the supplier's answer on whether the service runs in our configuration",
         "triage scheduled with the supplier's field engineer"],
    ]

    static let controls = [
        "segmentation: device VLAN reachable only from its central station",
        "segmentation: egress denied except to the EHR interface engine",
        "service disabled: telnet and FTP turned off by the supplier's field engineer",
        "firewall rule: inbound SMB (445/tcp) blocked to the device VLAN",
        "monitoring: IDS signature for the exploit deployed on the device VLAN",
    ]

    static let patchMethods = ["USB by biomed at the bedside", "network push from the supplier's server", "supplier field service"]

    static let severities = ["low", "medium", "high", "critical"]

    static let incidentSummaries = [
        "IDS alert: exploit signature in traffic to the device; devices isolated while investigated",
        "devices unreachable from the central station; clinicians switched to standalone operation",
        "ransomware detected on an adjacent workstation; device VLAN isolated as a precaution",
        "unexpected outbound connection from the device to an unknown host; traffic blocked",
    ]

    static let incidentProgress = [
        "devices imaged; no persistence found so far; segmentation tightened",
        "supplier engaged; firewall logs show the connection attempts were blocked",
    ]

    static let resolutions = [
        "no compromise found; devices returned to clinical use after verification",
        "devices reimaged by the supplier and returned to clinical use",
    ]

    static let sanitizations = ["NIST 800-88 purge", "NIST 800-88 clear", "physical destruction"]

    static let procurementActors = ["procurement.mchen", "procurement.rgarcia", "procurement.kowusu"]
    static let biomedActors = ["biomed.jlee", "biomed.tnguyen", "biomed.sbrown", "biomed.okafor"]
    static let secopsActors = ["secops.apatel", "secops.dkim", "secops.lwright"]
}
