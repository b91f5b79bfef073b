import LedgerCore

/// What a supplier offers in its contracts' security terms (DOMAIN.md's fourteen principles).
struct DemoSupplier: Sendable {
    let securityContact: String
    let vulnerabilityPortal: String
    let remoteAccess: JSONObject
    let isao: JSONValue
    let certifications: [String]
}

/// Security terms of the demo's purchase contracts: most complete, a few deliberately
/// deficient so the compliance reports have something to find.
enum DemoContracts {
    /// A term a purchase left out of the contract.
    enum Term: Sendable {
        case securityContact, vulnerabilityPortal, remoteAccess, isao, certifications, malwareFreeWarranty
    }

    /// Days the supplier has to ship a fix, by CVSS severity (principles 5 and 10).
    struct PatchDays: Sendable {
        let critical, high, medium, low: Int

        static let standard = PatchDays(critical: 15, high: 30, medium: 90, low: 180)
        static let relaxed = PatchDays(critical: 30, high: 60, medium: 120, low: 365)

        var json: JSONValue {
            .object([
                "critical": .number(Double(critical)), "high": .number(Double(high)),
                "medium": .number(Double(medium)), "low": .number(Double(low)),
            ])
        }
    }

    private static func remote(_ method: String, _ authentication: String, _ monitoring: String) -> JSONObject {
        ["method": .string(method), "authentication": .string(authentication), "monitoring": .string(monitoring)]
    }

    static let baxter = DemoSupplier(
        securityContact: "productsecurity@baxter.com",
        vulnerabilityPortal: "https://www.baxter.com/product-security",
        remoteAccess: remote("Baxter service VPN to the pump server, opened on request",
                             "named engineer accounts with a hospital-issued one-time token",
                             "sessions logged and reviewed weekly by clinical engineering"),
        isao: "H-ISAC", certifications: ["ISO 27001"])

    static let bd = DemoSupplier(
        securityContact: "productsecurity@bd.com",
        vulnerabilityPortal: "https://www.bd.com/en-us/about-bd/cybersecurity",
        remoteAccess: remote("BD Remote Support over a site-to-site IPsec VPN",
                             "named service accounts with MFA",
                             "each session approved against a ticket and logged to the hospital SIEM"),
        isao: "H-ISAC", certifications: ["ISO 27001", "SOC 2 Type II"])

    static let philips = DemoSupplier(
        securityContact: "productsecurity@philips.com",
        vulnerabilityPortal: "https://www.philips.com/a-w/security/coordinated-vulnerability-disclosure.html",
        remoteAccess: remote("Philips Remote Services (IPsec VPN)",
                             "device certificate plus named engineer account",
                             "session recording; monthly access report to the hospital"),
        isao: "H-ISAC", certifications: ["ISO 27001", "ISO 13485"])

    static let geHealthCare = DemoSupplier(
        securityContact: "productsecurity@gehealthcare.com",
        vulnerabilityPortal: "https://www.gehealthcare.com/productsecurity",
        remoteAccess: remote("InSite remote service over broadband VPN",
                             "per-engineer credentials",
                             "hospital approves each session; no session recording"),
        isao: true, certifications: ["ISO 27001"])

    static let siemens = DemoSupplier(
        securityContact: "productcert@siemens.com",
        vulnerabilityPortal: "https://www.siemens-healthineers.com/support-documentation/cybersecurity",
        remoteAccess: remote("Smart Remote Services (SRS) broker",
                             "certificate-based, two-factor for engineers",
                             "sessions logged; hospital can watch live and end them"),
        isao: "H-ISAC", certifications: ["ISO 27001", "IEC 62443-4-1"])

    static let sysmex = DemoSupplier(
        securityContact: "productsecurity@sysmex.com",
        vulnerabilityPortal: "https://www.sysmex.com/product-security",
        remoteAccess: remote("Sysmex Network Communication Systems (SNCS)",
                             "shared service account",
                             "none documented"),
        isao: false, certifications: ["ISO 13485"])

    static let abbott = DemoSupplier(
        securityContact: "productsecurity@abbott.com",
        vulnerabilityPortal: "https://www.abbott.com/policies/cybersecurity.html",
        remoteAccess: remote("AbbottLink remote monitoring", "device certificate", "Abbott-side logging only"),
        isao: false, certifications: [])

    /// The security terms of one purchase: the supplier's standard terms minus `omitting`.
    static func terms(_ id: String, _ supplier: DemoSupplier, usefulLifeEnd: String,
                      patchDays: PatchDays = .standard, omitting: Set<Term> = []) -> JSONObject {
        var terms: JSONObject = [
            "id": .string(id),
            "usefulLifeEnd": .string(usefulLifeEnd),
            "patchDays": patchDays.json,
            "scoring": "CVSS 3.1",
            "fdaWarranty": true,
            "malwareFreeWarranty": .bool(!omitting.contains(.malwareFreeWarranty)),
        ]
        if !omitting.contains(.securityContact) { terms.append("securityContact", .string(supplier.securityContact)) }
        if !omitting.contains(.vulnerabilityPortal) { terms.append("vulnerabilityPortal", .string(supplier.vulnerabilityPortal)) }
        if !omitting.contains(.remoteAccess) { terms.append("remoteAccess", .object(supplier.remoteAccess)) }
        terms.append("isao", omitting.contains(.isao) ? false : supplier.isao)
        let certifications = omitting.contains(.certifications) ? [] : supplier.certifications
        terms.append("certifications", .array(certifications.map(JSONValue.string)))
        return terms
    }
}
