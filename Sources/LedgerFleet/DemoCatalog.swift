import LedgerCore

/// One component of a product's software bill of materials.
struct DemoComponent: Sendable {
    let name: String
    let version: String
    /// A package URL, or nil when the supplier identifies the component by CPE only.
    let purl: String?
    let cpe: String?

    init(_ name: String, _ version: String, purl: String? = nil, cpe: String? = nil) {
        self.name = name
        self.version = version
        self.purl = purl
        self.cpe = cpe
    }

    var json: JSONValue {
        var object: JSONObject = ["name": .string(name), "version": .string(version)]
        if let purl { object.append("purl", .string(purl)) }
        if let cpe { object.append("cpe", .string(cpe)) }
        return .object(object)
    }
}

/// A product line of the demo fleet: who makes it, what it runs when delivered, and the
/// documents its supplier hands over.
struct DemoModel: Sendable {
    let manufacturer: String
    let model: String
    /// Device id prefix: `PUMP`, `MON`, `CT`, `PACS`, `GW`, `LAB`.
    let kind: String
    /// Software version as delivered.
    let version: String
    let serialPrefix: String
    /// The SBOM the supplier delivers (empty: the supplier delivers none).
    let components: [DemoComponent]
    /// Date of the supplier's MDS2 form and its key answers.
    let mds2Date: String
    let mds2Answers: JSONObject

    /// `{manufacturer, model}`, as `affects.models` lists it.
    var reference: JSONValue {
        .object(["manufacturer": .string(manufacturer), "model": .string(model)])
    }
}

/// The products of the demo health system. Names and versions follow the public advisories
/// in `realdata/csaf` where one exists (so the CVEs below really concern them).
enum DemoCatalog {
    private static func mds2(remoteService: Bool, encryptionAtRest: Bool, malwareDetection: Bool,
                             auditLogging: Bool, sbom: Bool) -> JSONObject {
        [
            "remoteService": .bool(remoteService),
            "encryptionAtRest": .bool(encryptionAtRest),
            "malwareDetection": .bool(malwareDetection),
            "auditLogging": .bool(auditLogging),
            "sbomProvided": .bool(sbom),
        ]
    }

    // ICSMA-22-251-01: Sigma Spectrum v8.x, model 35700BAX2, with wireless battery modules.
    static let sigmaSpectrum = DemoModel(
        manufacturer: "Baxter", model: "Sigma Spectrum", kind: "PUMP", version: "8.00.01",
        serialPrefix: "35700BAX2-",
        components: [
            DemoComponent("Sigma Spectrum pump firmware", "8.00.01", purl: "pkg:generic/baxter/sigma-spectrum@8.00.01"),
            DemoComponent("Wireless Battery Module firmware", "20D29", purl: "pkg:generic/baxter/wireless-battery-module@20D29"),
            DemoComponent("BusyBox", "1.20.2", purl: "pkg:generic/busybox@1.20.2"),
            DemoComponent("OpenSSL", "1.0.2k", purl: "pkg:generic/openssl@1.0.2k"),
        ],
        mds2Date: "2024-06-14",
        mds2Answers: mds2(remoteService: false, encryptionAtRest: false, malwareDetection: false, auditLogging: true, sbom: true))

    // ICSMA-23-194-01: Alaris Point-of-Care Unit model 8015 <= 12.1.3.
    static let alaris8015 = DemoModel(
        manufacturer: "BD", model: "Alaris 8015", kind: "PUMP", version: "12.1.3",
        serialPrefix: "8015-",
        components: [
            DemoComponent("Alaris PCU firmware", "12.1.3", purl: "pkg:generic/bd/alaris-pcu@12.1.3"),
            DemoComponent("VxWorks", "6.9", cpe: "cpe:2.3:o:windriver:vxworks:6.9:*:*:*:*:*:*:*"),
            DemoComponent("wolfSSL", "3.12.2", purl: "pkg:generic/wolfssl@3.12.2"),
        ],
        mds2Date: "2024-09-30",
        mds2Answers: mds2(remoteService: false, encryptionAtRest: true, malwareDetection: false, auditLogging: true, sbom: true))

    // ICSMA-23-194-01: Alaris Systems Manager <= 12.3, the server pumps report to. The log4j
    // interface engine is the demo's assumption, there to show a component-level match.
    static let alarisSystemsManager = DemoModel(
        manufacturer: "BD", model: "Alaris Systems Manager", kind: "GW", version: "12.3",
        serialPrefix: "ASM-",
        components: [
            DemoComponent("Alaris Systems Manager", "12.3", purl: "pkg:generic/bd/alaris-systems-manager@12.3"),
            DemoComponent("log4net", "2.0.8", purl: "pkg:nuget/log4net@2.0.8"),
            DemoComponent("log4j-core", "2.14.1", purl: "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"),
            DemoComponent("OpenSSL", "1.0.2k", purl: "pkg:generic/openssl@1.0.2k"),
            DemoComponent("Microsoft SQL Server 2016", "13.0.5026.0",
                          cpe: "cpe:2.3:a:microsoft:sql_server_2016:13.0.5026.0:*:*:*:*:*:*:*"),
        ],
        mds2Date: "2024-09-30",
        mds2Answers: mds2(remoteService: true, encryptionAtRest: true, malwareDetection: true, auditLogging: true, sbom: true))

    static let intelliVueMX450 = DemoModel(
        manufacturer: "Philips", model: "IntelliVue MX450", kind: "MON", version: "M.00.03",
        serialPrefix: "DE6",
        components: [
            DemoComponent("IntelliVue monitor software", "M.00.03", purl: "pkg:generic/philips/intellivue@M.00.03"),
            DemoComponent("zlib", "1.2.8", purl: "pkg:generic/zlib@1.2.8"),
            DemoComponent("OpenSSL", "1.0.2u", purl: "pkg:generic/openssl@1.0.2u"),
        ],
        mds2Date: "2024-03-01",
        mds2Answers: mds2(remoteService: true, encryptionAtRest: false, malwareDetection: false, auditLogging: true, sbom: true))

    static let carescapeB450 = DemoModel(
        manufacturer: "GE HealthCare", model: "CARESCAPE B450", kind: "MON", version: "3.1.1",
        serialPrefix: "SJ6",
        components: [
            DemoComponent("CARESCAPE monitor software", "3.1.1", purl: "pkg:generic/gehealthcare/carescape-b450@3.1.1"),
            DemoComponent("Linux kernel", "3.10.108", purl: "pkg:generic/linux@3.10.108"),
            DemoComponent("OpenSSL", "1.0.2u", purl: "pkg:generic/openssl@1.0.2u"),
        ],
        mds2Date: "2021-05-20",
        mds2Answers: mds2(remoteService: true, encryptionAtRest: false, malwareDetection: false, auditLogging: false, sbom: false))

    static let somatomGoUp = DemoModel(
        manufacturer: "Siemens Healthineers", model: "SOMATOM go.Up", kind: "CT", version: "syngo CT VA40A",
        serialPrefix: "1",
        components: [
            DemoComponent("syngo CT", "VA40A", purl: "pkg:generic/siemens-healthineers/syngo-ct@VA40A"),
            DemoComponent("Windows 10 IoT Enterprise LTSC 2019", "1809",
                          cpe: "cpe:2.3:o:microsoft:windows_10_1809:-:*:*:*:*:*:x64:*"),
            DemoComponent(".NET Framework", "4.8", purl: "pkg:generic/microsoft/dotnet-framework@4.8"),
            DemoComponent("OpenSSL", "1.1.1k", purl: "pkg:generic/openssl@1.1.1k"),
        ],
        mds2Date: "2024-11-04",
        mds2Answers: mds2(remoteService: true, encryptionAtRest: true, malwareDetection: true, auditLogging: true, sbom: true))

    // ICSMA-24-200-01: Vue PACS < 12.2.8.410 (jackson-databind and Jetty CVEs among others).
    static let vuePACS = DemoModel(
        manufacturer: "Philips", model: "Vue PACS", kind: "PACS", version: "12.2.6.110",
        serialPrefix: "VUE-",
        components: [
            DemoComponent("Vue PACS", "12.2.6.110", purl: "pkg:generic/philips/vue-pacs@12.2.6.110"),
            DemoComponent("jackson-databind", "2.9.2", purl: "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.2"),
            DemoComponent("jetty-server", "9.4.35.v20201120", purl: "pkg:maven/org.eclipse.jetty/jetty-server@9.4.35.v20201120"),
            DemoComponent("log4j-core", "2.17.1", purl: "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1"),
            DemoComponent("PostgreSQL", "9.6.24", purl: "pkg:generic/postgresql@9.6.24"),
        ],
        mds2Date: "2024-08-12",
        mds2Answers: mds2(remoteService: true, encryptionAtRest: true, malwareDetection: true, auditLogging: true, sbom: true))

    static let sysmexXN1000 = DemoModel(
        manufacturer: "Sysmex", model: "XN-1000", kind: "LAB", version: "00-27",
        serialPrefix: "XN-",
        components: [],
        mds2Date: "2023-10-02",
        mds2Answers: mds2(remoteService: true, encryptionAtRest: false, malwareDetection: true, auditLogging: true, sbom: false))

    // The model whose supplier never delivers a roadmap (no lifecycle.announced) nor an MDS2.
    static let alinityCI = DemoModel(
        manufacturer: "Abbott", model: "Alinity ci", kind: "LAB", version: "3.4.0",
        serialPrefix: "AC",
        components: [],
        mds2Date: "2024-01-01",
        mds2Answers: [:])
}

/// A published vulnerability: id, CVSS v3 vector and base score as the advisory gives them.
struct DemoCVE: Sendable {
    let id: String
    let vector: String
    let score: Double
    let title: String
    /// The public advisory it comes from.
    let advisory: String
    /// The advisory's publication date (the demo records it when the central team learns of it).
    let published: String
}

/// Real CVEs for the demo's products, with the vectors of their advisories in `realdata/csaf`.
enum DemoVulnerabilities {
    static let log4Shell = DemoCVE(
        id: "CVE-2021-44228", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", score: 10.0,
        title: "Apache Log4j2 JNDI remote code execution (Log4Shell)",
        advisory: "CISA KEV", published: "2021-12-10")

    private static func baxter(_ id: String, _ vector: String, _ score: Double, _ title: String) -> DemoCVE {
        DemoCVE(id: id, vector: vector, score: score, title: title, advisory: "ICSMA-22-251-01", published: "2022-09-08")
    }

    static let sigmaSpectrum = [
        baxter("CVE-2022-26390", "CVSS:3.0/AV:P/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", 4.2, "Missing Encryption of Sensitive Data"),
        baxter("CVE-2022-26392", "CVSS:3.0/AV:N/AC:H/PR:L/UI:N/S:U/C:L/I:N/A:N", 3.1, "Use of Externally-Controlled Format String"),
        baxter("CVE-2022-26393", "CVSS:3.0/AV:N/AC:H/PR:L/UI:N/S:U/C:L/I:L/A:L", 5.0, "Use of Externally-Controlled Format String"),
        baxter("CVE-2022-26394", "CVSS:3.0/AV:A/AC:H/PR:N/UI:N/S:C/C:L/I:H/A:L", 7.5, "Missing Authentication for Critical Function"),
    ]

    private static func bd(_ id: String, _ vector: String, _ score: Double, _ title: String) -> DemoCVE {
        DemoCVE(id: id, vector: vector, score: score, title: title, advisory: "ICSMA-23-194-01", published: "2023-07-13")
    }

    /// Affect both the Alaris 8015 and the Alaris Systems Manager.
    static let alaris = [
        bd("CVE-2023-30559", "CVSS:3.0/AV:P/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:H", 5.2, "Improper Input Validation"),
        bd("CVE-2023-30560", "CVSS:3.0/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 6.8, "Improper Authentication"),
        bd("CVE-2023-30561", "CVSS:3.0/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:H", 6.1, "Missing Encryption of Sensitive Data"),
        bd("CVE-2023-30563", "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:L/A:N", 8.2, "Cross-site Scripting"),
        bd("CVE-2023-30565", "CVSS:3.0/AV:A/AC:L/PR:L/UI:N/S:U/C:L/I:N/A:N", 3.5, "Cleartext Transmission of Sensitive Information"),
    ]

    /// log4net XXE in the Alaris Systems Manager (matched by model and by component).
    static let log4net = bd("CVE-2018-1285", "CVSS:3.0/AV:L/AC:H/PR:H/UI:N/S:U/C:N/I:L/A:L", 3.0,
                            "Improper Restriction of XML External Entity Reference")

    private static func philips(_ id: String, _ vector: String, _ score: Double, _ title: String) -> DemoCVE {
        DemoCVE(id: id, vector: vector, score: score, title: title, advisory: "ICSMA-24-200-01", published: "2024-07-18")
    }

    static let vuePACS = [
        philips("CVE-2017-17485", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "Deserialization of Untrusted Data"),
        philips("CVE-2020-11113", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 8.8, "Deserialization of Untrusted Data"),
        philips("CVE-2023-40704", "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N", 7.1, "Use of Default Credentials"),
        philips("CVE-2023-40159", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:H/A:N", 8.2,
                "Exposure of Sensitive Information to an Unauthorized Actor"),
    ]

    /// Jetty resource exhaustion: the central team's scanner finds it on north's PACS server.
    static let jetty = philips("CVE-2021-28165", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5,
                               "Uncontrolled Resource Consumption")

    /// The payload of a `vulnerability.disclosed` event.
    static func disclosure(_ cve: DemoCVE, kev: Bool, source: String, models: [DemoModel] = [],
                           devices: [String] = [], components: [String] = []) -> JSONObject {
        var affects = JSONObject()
        if !models.isEmpty { affects.append("models", .array(models.map(\.reference))) }
        if !devices.isEmpty { affects.append("devices", .array(devices.map(JSONValue.string))) }
        if !components.isEmpty { affects.append("components", .array(components.map(JSONValue.string))) }
        return [
            "cve": .string(cve.id),
            "cvss": .string(cve.vector),
            "score": .number(cve.score),
            "kev": .bool(kev),
            "source": .string(source),
            "title": .string(cve.title),
            "advisory": .string(cve.advisory),
            "published": .string(cve.published),
            "affects": .object(affects),
        ]
    }
}
