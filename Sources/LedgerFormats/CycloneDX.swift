import LedgerCore
import LedgerReports

/// What CycloneDX SBOM and VEX documents share: the BOM envelope and its identity.
enum CycloneDX {
    /// The specification versions these readers follow (JSON).
    static let supportedVersions = ["1.4", "1.5", "1.6"]

    /// Checks `bomFormat` and `specVersion` and returns the spec version.
    static func checkEnvelope(_ root: Node) throws(FormatError) -> String {
        guard let format = root["bomFormat"]?.string else {
            throw FormatError(.notTheFormat, path: "$.bomFormat", "is missing: not a CycloneDX BOM")
        }
        guard format == "CycloneDX" else {
            throw FormatError(.notTheFormat, path: "$.bomFormat", "is \"\(format)\", not \"CycloneDX\"")
        }
        guard let version = root["specVersion"]?.string else {
            throw FormatError(.notTheFormat, path: "$.specVersion", "is missing or not a string")
        }
        guard supportedVersions.contains(version) else {
            throw FormatError(.unsupportedVersion, path: "$.specVersion",
                              "CycloneDX \(version) is not supported (\(supportedVersions.joined(separator: ", ")))")
        }
        return version
    }

    /// The document's identity: its serial number, else `sha256:` and the file's hash.
    static func identity(_ root: Node, kind: DocumentKind, sha256: String) -> DocumentIdentity {
        DocumentIdentity(kind: kind, id: root["serialNumber"]?.string ?? "sha256:" + sha256, sha256: sha256)
    }

    /// `metadata.timestamp`, if the ledger can read it.
    static func timestamp(_ root: Node) -> LedgerTime? {
        DocumentReader.time(root["metadata"]?["timestamp"]?.string)
    }

    /// A component as the ledger records it: name, version, purl, cpe, type, group, bom-ref.
    static func component(_ node: Node) throws(FormatError) -> JSONObject {
        guard node.object != nil else {
            throw node.error(.invalidStatement, "a component must be an object, not \(node.value.typeName)")
        }
        let name = try node.requiredString("name")
        var out: JSONObject = ["name": .string(name)]
        for member in ["version", "group", "purl", "cpe", "type", "bom-ref"] {
            if let value = try node.optionalString(member) { out.append(member, .string(value)) }
        }
        return out
    }

    /// A rating's vector as the ledger writes it, with its `CVSS:x.y/` prefix, scored; nil for
    /// ratings that are not CVSS (OWASP, SSVC …). CycloneDX states the version in `method` and
    /// usually writes the vector without its prefix.
    static func cvss(_ rating: Node, cve: String) throws(FormatError) -> CVSSScore? {
        guard let method = try rating.optionalString("method", cve: cve),
              let raw = try rating.optionalString("vector", cve: cve) else { return nil }
        let prefix: String
        switch method {
        case "CVSSv2": return nil  // no v2 scoring in the ledger
        case "CVSSv3": prefix = "CVSS:3.0/"
        case "CVSSv31": prefix = "CVSS:3.1/"
        case "CVSSv4": prefix = "CVSS:4.0/"
        default: return nil
        }
        let vector = raw.hasPrefix("CVSS:") ? raw : prefix + raw
        do { return try CVSSScore(vector) } catch {
            throw FormatError(.invalidStatement, path: rating.path + ".vector", cve: cve,
                              "\"\(raw)\" is not a \(method) vector: \(error)")
        }
    }
}
