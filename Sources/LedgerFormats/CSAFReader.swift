import LedgerCore
import LedgerReports

/// Reads a CSAF 2.0 advisory: a `vulnerability.disclosed` per CVE naming the models it
/// affects, and a `patch.released` per vendor fix whose fixed version the advisory gives.
public enum CSAFReader {
    /// How one product of the advisory was matched to the fleet.
    public struct ProductMatch: Sendable, Equatable {
        public let product: CSAFProduct
        /// The fleet model it is, or nil when it matched none.
        public let model: ProductMatcher.Model?
    }

    /// What reading an advisory gave: the facts, and how its products matched the fleet.
    public struct Result: Sendable {
        public var document: DocumentImport
        /// Every product the vulnerabilities name, in the product tree's order.
        public var matches: [ProductMatch]
    }

    /// - A disclosure per vulnerability with a CVE, dated by the document's initial release:
    ///   `cvss`/`score` from the first CVSS v3 score (every distinct one in `scores` when there are
    ///   several), `cvssV4`/`scoreV4` from a FIRST calculator reference URL
    ///   (`https://www.first.org/cvss/calculator/4.0#CVSS:4.0/…`, CSAF 2.0 having no v4 field),
    ///   `affects.models` for the known (first, last) affected products: the fleet model when
    ///   matched, else the advisory's vendor and product name, with `versions` the product's
    ///   range; every remediation (mitigations, workarounds, vendor fixes …) kept as text.
    /// - A `patch.released` per vendor fix and fixed version: for each product the fix names,
    ///   the `fixed`/`first_fixed` products of the same vendor and product name give the
    ///   version; dated by the remediation's `date`, else the document's current release.
    ///   Fixes of several CVEs by one version on one date are one event.
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>, matcher: ProductMatcher,
                            context: ImportContext) throws(FormatError) -> Result {
        let root = try DocumentReader.object(bytes)
        guard let document = root["document"], document.object != nil else {
            throw FormatError(.notTheFormat, path: "$.document", "is missing: not a CSAF document")
        }
        guard let version = document["csaf_version"]?.string else {
            throw FormatError(.notTheFormat, path: "$.document.csaf_version", "is missing or not a string")
        }
        guard version == "2.0" else {
            throw FormatError(.unsupportedVersion, path: "$.document.csaf_version", "CSAF \(version) is not supported (2.0)")
        }
        guard let tracking = document["tracking"] else {
            throw FormatError(.notTheFormat, path: "$.document.tracking", "is required")
        }
        let trackingID = try tracking.requiredString("id", kind: .notTheFormat)
        let revision = try tracking.requiredString("version", kind: .notTheFormat)
        func date(_ name: String) throws(FormatError) -> LedgerTime {
            let text = try tracking.requiredString(name, kind: .notTheFormat)
            guard let time = DocumentReader.time(text) else {
                throw FormatError(.notTheFormat, path: tracking.path + "." + name, "\"\(text)\" is not an RFC 3339 time")
            }
            return time
        }
        let initialRelease = try date("initial_release_date")
        let currentRelease = try date("current_release_date")
        let publisher = try document["publisher"]?.optionalString("name") ?? trackingID
        let identity = DocumentIdentity(kind: .csaf, id: trackingID + "#" + revision, sha256: DocumentIdentity.sha256(bytes))
        let tree = try CSAFProductTree(root["product_tree"])

        var result = Result(document: DocumentImport(document: identity), matches: [])
        var matched: [String: ProductMatcher.Model?] = [:]
        func model(_ product: CSAFProduct) -> ProductMatcher.Model? {
            if let known = matched[product.id] { return known }
            let found = matcher.match(vendor: product.vendor, productName: product.productName, fullName: product.fullName)
            matched[product.id] = found
            return found
        }
        func modelEntry(_ product: CSAFProduct) -> (manufacturer: String, model: String) {
            if let m = model(product) { return (m.manufacturer, m.model) }
            return (product.vendor ?? publisher, product.productName ?? product.fullName)
        }

        // Patches: (manufacturer, model, version, at) -> CVEs, in first-seen order.
        var patchOrder: [[String]] = []
        var patchFixes: [[String]: [String]] = [:]
        var patchProducts: [[String]: Node] = [:]
        for vulnerability in try root.array("vulnerabilities") {
            do throws(FormatError) {
                guard let cve = try vulnerability.optionalString("cve") else {
                    throw FormatError(.invalidStatement, path: vulnerability.path + ".cve", "is missing: the ledger records vulnerabilities by CVE")
                }
                guard PayloadSchema.isCVE(cve) else {
                    throw FormatError(.invalidStatement, path: vulnerability.path + ".cve", "\"\(cve)\" is not a CVE id")
                }
                let status = vulnerability["product_status"]
                var affected: [CSAFProduct] = [], fixed: [CSAFProduct] = []
                if let status {
                    for member in ["known_affected", "first_affected", "last_affected"] {
                        affected += try tree.resolve(status, idsMember: member, cve: cve)
                    }
                    for member in ["first_fixed", "fixed"] { fixed += try tree.resolve(status, idsMember: member, cve: cve) }
                }
                var data: JSONObject = ["cve": .string(cve)]
                var vectors: [(String, Double, [String])] = []
                for score in try vulnerability.array("scores", cve: cve) {
                    guard let v3 = score["cvss_v3"] else { continue }
                    let vector = try v3.requiredString("vectorString", cve: cve)
                    let parsed: CVSSScore
                    do { parsed = try CVSSScore(vector) } catch {
                        throw FormatError(.invalidStatement, path: v3.path + ".vectorString", cve: cve, "\"\(vector)\" does not parse: \(error)")
                    }
                    let products = try tree.resolve(score, idsMember: "products", cve: cve).map(\.id)
                    if !vectors.contains(where: { $0.0 == vector }) { vectors.append((vector, parsed.score, products)) }
                }
                if let first = vectors.first {
                    data.append("cvss", .string(first.0))
                    data.append("score", .number(first.1))
                }
                if vectors.count > 1 {
                    data.append("scores", .array(vectors.map { .object(["cvss": .string($0.0), "score": .number($0.1),
                                                                         "products": .array($0.2.map { .string($0) })]) }))
                }
                for reference in try vulnerability.array("references", cve: cve) {
                    guard let url = try reference.optionalString("url", cve: cve),
                          let range = url.range(of: "first.org/cvss/calculator/4.0#") else { continue }
                    let vector = String(url[range.upperBound...])
                    let parsed: CVSSScore
                    do { parsed = try CVSSScore(vector) } catch {
                        throw FormatError(.invalidStatement, path: reference.path + ".url", cve: cve, "\"\(vector)\" does not parse: \(error)")
                    }
                    data.append("cvssV4", .string(vector))
                    data.append("scoreV4", .number(parsed.score))
                    break
                }
                data.append("source", .string(publisher))
                data.append("advisory", .string(trackingID))
                if let title = try vulnerability.optionalString("title", cve: cve) { data.append("title", .string(title)) }
                var models: [JSONValue] = []
                var seenModels = Set<[String]>()
                for product in affected {
                    let entry = modelEntry(product)
                    let versions = product.versions
                    guard seenModels.insert([entry.manufacturer, entry.model, versions ?? "", product.id]).inserted else { continue }
                    var object: JSONObject = ["manufacturer": .string(entry.manufacturer), "model": .string(entry.model)]
                    if let versions { object.append("versions", .string(versions)) }
                    object.append("product", .string(product.fullName))
                    object.append("productId", .string(product.id))
                    models.append(.object(object))
                }
                if !models.isEmpty { data.append("affects", .object(["models": .array(models)])) }
                var remediations: [JSONValue] = []
                var fixesHere: [([String], Node)] = []
                for remediation in try vulnerability.array("remediations", cve: cve) {
                    let category = try remediation.requiredString("category", cve: cve)
                    var object: JSONObject = ["category": .string(category), "details": .string(try remediation.requiredString("details", cve: cve))]
                    if let url = try remediation.optionalString("url", cve: cve) { object.append("url", .string(url)) }
                    let dateText = try remediation.optionalString("date", cve: cve)
                    if let dateText { object.append("date", .string(dateText)) }
                    let products = try tree.resolve(remediation, cve: cve)
                    object.append("products", .array(products.map { .string($0.id) }))
                    remediations.append(.object(object))
                    guard category == "vendor_fix" else { continue }
                    var at = currentRelease
                    if let dateText {
                        guard let time = DocumentReader.time(dateText) else {
                            throw FormatError(.invalidStatement, path: remediation.path + ".date", cve: cve, "\"\(dateText)\" is not an RFC 3339 time")
                        }
                        at = time
                    }
                    let branches = Set(products.map(\.branchKey))
                    for fix in fixed where branches.contains(fix.branchKey) {
                        guard let version = fix.versionText ?? Optional(fix.fullName), !version.isEmpty else { continue }
                        let entry = modelEntry(fix)
                        fixesHere.append(([entry.manufacturer, entry.model, version, at.rfc3339], remediation))
                    }
                }
                if !remediations.isEmpty { data.append("remediations", .array(remediations)) }
                data.append("document", identity.json)
                let draft = try DocumentReader.draft(.vulnerabilityDisclosed, device: nil, at: context.at ?? initialRelease,
                                                     actor: context.actor, data: data, at: vulnerability, cve: cve)
                result.document.drafts.append(draft)
                for (key, node) in fixesHere {
                    if patchFixes[key] == nil { patchOrder.append(key); patchProducts[key] = node }
                    if !(patchFixes[key] ?? []).contains(cve) { patchFixes[key, default: []].append(cve) }
                }
            } catch {
                result.document.skipped.append(error)
            }
        }
        for key in patchOrder {
            let data: JSONObject = [
                "manufacturer": .string(key[0]), "model": .string(key[1]), "version": .string(key[2]),
                "fixes": .array((patchFixes[key] ?? []).map { .string($0) }),
                "advisory": .string(trackingID), "document": identity.json,
            ]
            let at = context.at ?? (try? LedgerTime(rfc3339: key[3])) ?? currentRelease
            do {
                result.document.drafts.append(try DocumentReader.draft(.patchReleased, device: nil, at: at, actor: context.actor,
                                                                       data: data, at: patchProducts[key] ?? root, cve: nil))
            } catch {
                result.document.skipped.append(error)
            }
        }
        var named = Set<String>()
        for vulnerability in (try? root.array("vulnerabilities")) ?? [] {
            guard let status = vulnerability["product_status"]?.object else { continue }
            for member in status.members {
                for id in member.value.arrayValue ?? [] { if let s = id.stringValue { named.insert(s) } }
            }
        }
        for id in tree.order where named.contains(id) {
            if let product = tree.products[id] { result.matches.append(ProductMatch(product: product, model: model(product))) }
        }
        return result
    }
}
