import LedgerCore

/// The decided content of a synthetic event's `data`: indexes into `SyntheticCatalog` and the
/// few values that vary, rendered by `write(into:)`.
enum SyntheticPayload {
    /// `terms` is a hash fixed per contract lot: which terms the contract has and their values.
    case procured(model: Int, serial: Int, contract: String, terms: UInt64)
    case deployed(location: String, department: String, segment: String)
    case sbom(model: Int, version: String)
    /// `answers` holds one bit per MDS2 answer.
    case mds2(date: String, answers: UInt64)
    case disclosed(cve: Int, vector: Int, kev: Bool, source: Int, weakness: Int, component: Bool)
    case assessed(cve: Int, status: Int, justification: Int)
    case patchReleased(model: Int, version: String, fixes: [Int])
    case patchApplied(version: String, previous: String, method: Int, workOrder: Int)
    case mitigation(cve: Int, control: Int, expires: String, change: Int)
    case incident(id: String, devices: [String], severity: Int, summary: String)
    case lifecycle(model: Int, endOfSale: String, endOfSupport: String, endOfLife: String)
    case amended(contract: String, critical: Int, high: Int)
    case decommissioned(sanitized: Bool, method: Int)
    case kevListed(cve: Int, dateAdded: String, dueDate: String, ransomware: Bool)

    private typealias Catalog = SyntheticCatalog

    /// Writes the members of `data`. Both writers receive the same calls, so a draft and its
    /// interchange line hold the same fact.
    func write<W: FactWriter>(into w: inout W) {
        switch self {
        case let .procured(model, serial, contract, terms):
            let product = Catalog.models[model]
            w.string("manufacturer", product.manufacturer)
            w.string("model", product.model)
            w.string("serial", "SN" + String(serial))
            w.string("version", product.baseVersion + ".0")
            w.object("contract") { c in
                c.string("id", contract)
                c.string("usefulLifeEnd", String(2029 + Int((terms >> 24) % 8)) + "-12-31")
                let relaxed = (terms >> 16) % 2 == 0
                c.object("patchDays") { p in
                    p.integer("critical", relaxed ? 30 : 15)
                    p.integer("high", relaxed ? 60 : 30)
                    p.integer("medium", 90)
                    p.integer("low", 180)
                }
                // About one contract lot in ten lacks a security contact, one in seven
                // remote-access terms: the findings a compliance report should surface.
                if terms % 10 != 0 {
                    c.string("securityContact", product.securityContact)
                    c.string("vulnerabilityPortal", product.vulnerabilityPortal)
                }
                if (terms >> 8) % 7 != 0 {
                    c.object("remoteAccess") { r in
                        r.string("method", "supplier remote service over site-to-site VPN")
                        r.string("authentication", "named engineer accounts with MFA")
                        r.string("monitoring", "sessions logged to the hospital SIEM")
                    }
                }
                if (terms >> 32) % 3 == 0 { c.boolean("isao", false) } else { c.string("isao", "H-ISAC") }
                c.strings("certifications", ["ISO 27001"])
                c.string("scoring", "CVSS 3.1")
                c.boolean("fdaWarranty", true)
                c.boolean("malwareFreeWarranty", (terms >> 40) % 10 != 0)
            }
        case let .deployed(location, department, segment):
            w.string("location", location)
            w.string("department", department)
            w.string("segment", segment)
        case let .sbom(model, version):
            let product = Catalog.models[model]
            w.string("format", "CycloneDX 1.5")
            w.objects("components", count: 1 + product.libraries.count) { c, i in
                if i == 0 {
                    c.string("name", product.model + " firmware")
                    c.string("version", version)
                    c.string("purl", product.firmwarePURL + "@" + version)
                } else {
                    let library = Catalog.libraries[product.libraries[i - 1]]
                    c.string("name", library.name)
                    c.string("version", library.version)
                    c.string("purl", library.purl)
                }
            }
        case let .mds2(date, answers):
            w.string("version", "HN 1-2019")
            w.string("date", date)
            w.object("answers") { a in
                a.boolean("remoteService", answers & 1 != 0)
                a.boolean("encryptionAtRest", answers & 2 != 0)
                a.boolean("malwareDetection", answers & 4 != 0)
                a.boolean("auditLogging", answers & 8 != 0)
                a.boolean("sbomProvided", answers & 16 != 0)
            }
        case let .disclosed(cve, vector, kev, source, weakness, component):
            let product = Catalog.models[cve % Catalog.models.count]
            w.string("cve", SyntheticPlanner.cveID(cve))
            w.string("cvss", Catalog.vectors[vector].vector)
            w.number("score", Catalog.vectors[vector].score)
            w.boolean("kev", kev)
            w.string("source", Catalog.sources[source])
            w.string("title", Catalog.weaknesses[weakness])
            w.object("affects") { a in
                a.objects("models", count: 1) { m, _ in
                    m.string("manufacturer", product.manufacturer)
                    m.string("model", product.model)
                }
                if component, let library = product.libraries.first {
                    let purl = Catalog.libraries[library].purl
                    a.strings("components", [String(purl[..<(purl.firstIndex(of: "@") ?? purl.endIndex)])])
                }
            }
        case let .assessed(cve, status, justification):
            w.string("cve", SyntheticPlanner.cveID(cve))
            w.string("status", Catalog.statuses[status])
            w.string("justification", Catalog.justifications[status][justification])
        case let .patchReleased(model, version, fixes):
            let product = Catalog.models[model]
            w.string("manufacturer", product.manufacturer)
            w.string("model", product.model)
            w.string("version", version)
            w.strings("fixes", fixes.map(SyntheticPlanner.cveID))
            w.string("advisory", product.vulnerabilityPortal)
        case let .patchApplied(version, previous, method, workOrder):
            w.string("version", version)
            w.string("previousVersion", previous)
            w.string("method", Catalog.patchMethods[method])
            w.string("workOrder", "WO-" + zeroPadded(workOrder, width: 8))
        case let .mitigation(cve, control, expires, change):
            w.string("cve", SyntheticPlanner.cveID(cve))
            w.string("control", Catalog.controls[control])
            w.string("expires", expires)
            w.string("change", "CHG-" + zeroPadded(change, width: 8))
        case let .incident(id, devices, severity, summary):
            w.string("incident", id)
            w.strings("devices", devices)
            w.string("severity", Catalog.severities[severity])
            w.string("summary", summary)
        case let .lifecycle(model, endOfSale, endOfSupport, endOfLife):
            let product = Catalog.models[model]
            w.string("manufacturer", product.manufacturer)
            w.string("model", product.model)
            w.string("endOfSale", endOfSale)
            w.string("endOfSupport", endOfSupport)
            w.string("endOfLife", endOfLife)
            w.string("source", "supplier roadmap letter")
        case let .amended(contract, critical, high):
            w.object("contract") { c in
                c.string("id", contract)
                c.object("patchDays") { p in
                    p.integer("critical", critical)
                    p.integer("high", high)
                    p.integer("medium", 90)
                    p.integer("low", 180)
                }
            }
            w.string("reason", "patch timeliness renegotiated at contract renewal")
        case let .decommissioned(sanitized, method):
            w.boolean("sanitized", sanitized)
            if sanitized { w.string("method", Catalog.sanitizations[method]) }
            w.string("reason", sanitized ? "end of useful life; replaced" : "returned to the lessor at lease end")
        case let .kevListed(cve, dateAdded, dueDate, ransomware):
            w.string("cve", SyntheticPlanner.cveID(cve))
            w.string("dateAdded", dateAdded)
            w.string("dueDate", dueDate)
            w.string("requiredAction", "Apply mitigations per vendor instructions or discontinue use of the product.")
            w.string("knownRansomwareCampaignUse", ransomware ? "Known" : "Unknown")
            w.string("catalogVersion", String(dateAdded.prefix(10)).replacingOccurrences(of: "-", with: "."))
        }
    }
}
