import LedgerCore
import LedgerReports
import LedgerStore

/// Reads a CycloneDX VEX (JSON, spec 1.4-1.6): each vulnerability statement becomes a
/// `vulnerability.assessed` for each target device it applies to, and a CVE the ledger has
/// not seen also gets a `vulnerability.disclosed` with the statement's ratings.
public enum VEXReader {
    /// CycloneDX `analysis.state` -> the ledger's assessment status.
    public static let statusOfState: [String: String] = [
        "exploitable": "affected",
        "in_triage": "under_investigation",
        "not_affected": "not_affected",
        "false_positive": "not_affected",
        "resolved": "fixed",
        "resolved_with_pedigree": "fixed",
    ]

    /// - Parameters:
    ///   - targets: the devices the VEX is about (`--device`, or every device of `--model`); nil
    ///     when none is named: then only the disclosures are made, for every CVE stated.
    ///   - isDisclosed: whether the ledger already holds a `vulnerability.disclosed` for a CVE.
    ///
    /// Which product a device is: when the document's `affects` name several products (BOM
    /// refs such as `urn:cdx:…/1#product-ABC`), a device is the product whose ref ends with
    /// `product` (or, without it, with the device's model name), case and punctuation folded;
    /// when none does, every product named. A statement applies to a device when it names the
    /// device's product, and, where it lists versions for it, when the device's current
    /// version is one of them or in one of their ranges (a device of unknown version: none). Two statements that give one device different
    /// states for one CVE: the second is refused. `at`: the override, else the analysis's
    /// `lastUpdated`/`firstIssued`, the vulnerability's `updated`/`published`, the document's
    /// `metadata.timestamp`, else now.
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>, targets: [FleetIndex.Device]?, product: String? = nil,
                            isDisclosed: (String) throws -> Bool, context: ImportContext) throws -> DocumentImport {
        let root = try DocumentReader.object(bytes)
        _ = try CycloneDX.checkEnvelope(root)
        guard let list = root["vulnerabilities"] else {
            throw FormatError(.notTheFormat, path: "$.vulnerabilities", "is missing: a BOM without vulnerabilities is not a VEX")
        }
        let statements = try list.elements()
        let sha = DocumentIdentity.sha256(bytes)
        var result = DocumentImport(document: CycloneDX.identity(root, kind: .cyclonedxVEX, sha256: sha))
        let documentTime = CycloneDX.timestamp(root)
        // (device, CVE) -> the state given and where, to refuse contradictions.
        var given: [[String]: (status: String, path: String)] = [:]
        var disclosedHere = Set<String>()
        var refs = Set<String>()
        for statement in statements {
            for affected in (statement["affects"]?.value.arrayValue ?? []) {
                if let ref = affected.objectValue?["ref"]?.stringValue { refs.insert(ref) }
            }
        }
        var productRefs: [String: Set<String>] = [:]
        for device in targets ?? [] {
            let name = ProductMatcher.fold(product ?? device.model)
            let mine = refs.filter { ref in
                let fragment = ref.split(separator: "#").last.map(String.init) ?? ref
                return !name.isEmpty && ProductMatcher.fold(fragment).hasSuffix(name)
            }
            productRefs[device.id] = mine.isEmpty ? refs : mine
        }
        for statement in statements {
            do {
                let drafts = try readStatement(statement, targets: targets ?? [], disclosesAll: targets == nil,
                                               productRefs: productRefs, given: &given, context: context,
                                               documentTime: documentTime, document: result.document,
                                               isDisclosed: { cve in try disclosedHere.contains(cve) || isDisclosed(cve) })
                for draft in drafts {
                    if draft.type == .vulnerabilityDisclosed, let cve = draft.data["cve"]?.stringValue { disclosedHere.insert(cve) }
                }
                result.drafts += drafts
            } catch let error as FormatError {
                result.skipped.append(error)
            }
        }
        return result
    }

    private static func readStatement(_ node: Node, targets: [FleetIndex.Device], disclosesAll: Bool,
                                      productRefs: [String: Set<String>], given: inout [[String]: (status: String, path: String)],
                                      context: ImportContext, documentTime: LedgerTime?, document: DocumentIdentity,
                                      isDisclosed: (String) throws -> Bool) throws -> [EventDraft] {
        guard node.object != nil else {
            throw node.error(.invalidStatement, "a vulnerability must be an object, not \(node.value.typeName)")
        }
        let cve = try node.requiredString("id")
        guard PayloadSchema.isCVE(cve) else {
            throw FormatError(.invalidStatement, path: node.path + ".id", "\"\(cve)\" is not a CVE id")
        }
        var scores: [CVSSScore] = []
        for rating in try node.array("ratings", cve: cve) {
            if let score = try CycloneDX.cvss(rating, cve: cve) { scores.append(score) }
        }
        guard let analysis = node["analysis"] else {
            throw FormatError(.invalidStatement, path: node.path + ".analysis", cve: cve, "is missing: no state to record")
        }
        let state = try analysis.requiredString("state", cve: cve)
        guard let status = statusOfState[state] else {
            throw FormatError(.invalidStatement, path: analysis.path + ".state", cve: cve,
                              "\"\(state)\" is not a CycloneDX analysis state (\(statusOfState.keys.sorted().joined(separator: ", ")))")
        }
        // Which products and versions the statement is about, if it says.
        typealias Versions = [(exact: SoftwareVersion?, range: VersionRange?)]
        var affects: [(ref: String?, versions: Versions)] = []
        for affected in try node.array("affects", cve: cve) {
            var versions: Versions = []
            for entry in try affected.array("versions", cve: cve) {
                if let text = try entry.optionalString("version", cve: cve) {
                    guard let version = SoftwareVersion(text) else {
                        throw FormatError(.invalidStatement, path: entry.path + ".version", cve: cve, "\"\(text)\" is not a version")
                    }
                    versions.append((version, nil))
                } else if let text = try entry.optionalString("range", cve: cve) {
                    do { versions.append((nil, try VersionRange(text))) } catch {
                        throw FormatError(.invalidStatement, path: entry.path + ".range", cve: cve, "\(error)")
                    }
                }
            }
            affects.append((try affected.optionalString("ref", cve: cve), versions))
        }
        func applies(to device: FleetIndex.Device) -> Bool {
            guard !affects.isEmpty else { return true }
            let mine = productRefs[device.id] ?? []
            let relevant = affects.filter { $0.ref.map(mine.contains) ?? true }
            guard !relevant.isEmpty else { return false }
            let versions = relevant.flatMap(\.versions)
            guard !versions.isEmpty else { return true }
            guard let text = device.version, let version = SoftwareVersion(text) else { return false }
            return versions.contains { entry in
                if let exact = entry.exact { return exact == version }
                return entry.range?.contains(version) ?? false
            }
        }
        let devices = targets.filter(applies)
        for device in devices {
            if let earlier = given[[device.id, cve]], earlier.status != status {
                throw FormatError(.invalidStatement, path: analysis.path + ".state", cve: cve,
                                  "gives \(device.id) the state \(status), but \(earlier.path) gave it \(earlier.status)")
            }
        }
        for device in devices { given[[device.id, cve]] = (status, analysis.path + ".state") }

        var drafts: [EventDraft] = []
        let statementTime = DocumentReader.time(analysis["lastUpdated"]?.string) ?? DocumentReader.time(analysis["firstIssued"]?.string)
            ?? DocumentReader.time(node["updated"]?.string) ?? DocumentReader.time(node["published"]?.string)
        if !devices.isEmpty || disclosesAll, try !isDisclosed(cve) {
            var data: JSONObject = ["cve": .string(cve)]
            if let first = scores.first {
                data.append("cvss", .string(first.vector))
                data.append("score", .number(first.score))
            }
            data.append("source", .string(try node["source"]?.optionalString("name", cve: cve) ?? "CycloneDX VEX"))
            if let description = try node.optionalString("description", cve: cve) { data.append("description", .string(description)) }
            if let ratings = node["ratings"] { data.append("ratings", ratings.value) }
            let exposed = devices.filter { _ in status == "affected" || status == "under_investigation" }
            if !exposed.isEmpty { data.append("affects", .object(["devices": .array(exposed.map { .string($0.id) })])) }
            data.append("document", document.json)
            let at = context.at ?? DocumentReader.time(node["published"]?.string) ?? documentTime ?? statementTime ?? context.now
            drafts.append(try DocumentReader.draft(.vulnerabilityDisclosed, device: nil, at: at, actor: context.actor,
                                                   data: data, at: node, cve: cve))
        }
        for device in devices {
            var data: JSONObject = ["cve": .string(cve), "status": .string(status), "vexState": .string(state)]
            if let justification = try analysis.optionalString("justification", cve: cve) {
                data.append("justification", .string(justification))
            }
            if let detail = try analysis.optionalString("detail", cve: cve) { data.append("detail", .string(detail)) }
            if let response = analysis["response"] { data.append("response", response.value) }
            data.append("document", document.json)
            let at = context.at ?? statementTime ?? documentTime ?? context.now
            drafts.append(try DocumentReader.draft(.vulnerabilityAssessed, device: device.id, at: at, actor: context.actor,
                                                   data: data, at: node, cve: cve))
        }
        return drafts
    }
}
