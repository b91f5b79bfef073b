import LedgerCore

/// Reads a CycloneDX SBOM (JSON, spec 1.4-1.6) into one `sbom.recorded` fact for a device.
public enum SBOMReader {
    /// One `sbom.recorded` for `device`: every component of the `components` tree, flattened
    /// depth-first (a component, then the components nested in it), none de-duplicated; the
    /// product itself (`metadata.component`) apart as `product`; the document's serial number,
    /// version and identity. `at`: the context's override, else `metadata.timestamp`, else now.
    /// A malformed component is left out and listed in `skipped`.
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>, device: String,
                            context: ImportContext) throws(FormatError) -> DocumentImport {
        if let first = bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }), first == UInt8(ascii: "<") {
            throw FormatError(.notTheFormat, path: "$", "is XML: CycloneDX XML is not read yet, only CycloneDX JSON (1.4-1.6)")
        }
        let root = try DocumentReader.object(bytes)
        if let spdx = root["spdxVersion"]?.string {
            throw FormatError(.notTheFormat, path: "$.spdxVersion", "\"\(spdx)\": an SPDX document; SPDX is not read yet, only CycloneDX JSON (1.4-1.6)")
        }
        let specVersion = try CycloneDX.checkEnvelope(root)
        let sha = DocumentIdentity.sha256(bytes)
        var result = DocumentImport(document: CycloneDX.identity(root, kind: .cyclonedxSBOM, sha256: sha))

        var components: [JSONValue] = []
        // Depth-first with an explicit stack: a hostile BOM nests no deeper than the parser's limit,
        // but recursion is not needed.
        var stack: [Node] = (try root["components"]?.elements() ?? []).reversed()
        while let node = stack.popLast() {
            do { components.append(.object(try CycloneDX.component(node))) } catch { result.skipped.append(error) }
            if let nested = node["components"] {
                do { stack += try nested.elements().reversed() } catch { result.skipped.append(error) }
            }
        }
        var data: JSONObject = ["format": .string("CycloneDX \(specVersion)")]
        if let serial = root["serialNumber"]?.string { data.append("serialNumber", .string(serial)) }
        if let version = root["version"], case .number = version.value { data.append("bomVersion", version.value) }
        if let product = root["metadata"]?["component"] {
            do { data.append("product", .object(try CycloneDX.component(product))) } catch { result.skipped.append(error) }
        }
        data.append("components", .array(components))
        data.append("document", result.document.json)
        let at = context.at ?? CycloneDX.timestamp(root) ?? context.now
        result.drafts.append(try DocumentReader.draft(.sbomRecorded, device: device, at: at, actor: context.actor,
                                                      data: data, at: root, cve: nil))
        return result
    }
}
