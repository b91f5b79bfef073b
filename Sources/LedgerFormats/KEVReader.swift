import LedgerCore

/// Reads CISA's Known Exploited Vulnerabilities catalog (JSON) entry by entry: the catalog's
/// own members are read whole, its `vulnerabilities` array one element at a time, so memory
/// holds one entry's tree, not the catalog's.
public enum KEVReader {
    /// The catalog's header.
    public struct Catalog: Sendable {
        public let document: DocumentIdentity
        public let catalogVersion: String
        public let dateReleased: String?
        /// The `count` the catalog states.
        public let count: Int?
    }

    /// What a pass over the catalog gave.
    public struct Summary: Sendable {
        public let catalog: Catalog
        /// Entries read (well-formed or not).
        public var entries = 0
        /// Entries left out because `skip` said the ledger already holds their listing.
        public var alreadyListed = 0
        /// Malformed entries, left out.
        public var skipped: [FormatError] = []
    }

    /// Calls `each` with a `kev.listed` draft per entry whose CVE `skip` does not name, in the
    /// catalog's order: data {cve, dateAdded, dueDate, requiredAction, knownRansomwareCampaignUse,
    /// catalogVersion, vendorProject, product, vulnerabilityName, document}, `at` = dateAdded.
    /// A malformed entry is left out and listed in the summary; the catalog header or the
    /// array's syntax being wrong refuses the whole file.
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>, context: ImportContext, skip: (String) -> Bool,
                            each: (EventDraft) throws -> Void) throws -> Summary {
        let header: JSONObject
        let range: Range<Int>?
        do { (header, range) = try JSONParser.parseObject(bytes, skipping: "vulnerabilities") } catch {
            throw FormatError(.notJSON, path: "$", "not a JSON object: \(error)")
        }
        if let duplicate = header.firstDuplicateName {
            throw FormatError(.notJSON, path: "$", "not JSON the ledger accepts: member name \"\(duplicate)\" appears twice")
        }
        let top = Node(.object(header), path: "$")
        guard let catalogVersion = top["catalogVersion"]?.string else {
            throw FormatError(.notTheFormat, path: "$.catalogVersion", "is missing: not a KEV catalog")
        }
        guard let range else {
            throw FormatError(.notTheFormat, path: "$.vulnerabilities", "is missing: not a KEV catalog")
        }
        let document = DocumentIdentity(kind: .kev, id: catalogVersion, sha256: DocumentIdentity.sha256(bytes))
        let count = top["count"]?.value.numberValue.flatMap { $0 >= 0 && $0 < 1e9 ? Int($0) : nil }
        var summary = Summary(catalog: Catalog(document: document, catalogVersion: catalogVersion,
                                               dateReleased: top["dateReleased"]?.string, count: count))
        var i = range.lowerBound
        func skipBlanks() { while i < range.upperBound, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 } }
        func syntax(_ reason: String) -> FormatError {
            FormatError(.notJSON, path: "$.vulnerabilities[\(summary.entries)]", "\(reason) at byte \(i + 1)")
        }
        skipBlanks()
        guard i < range.upperBound, bytes[i] == UInt8(ascii: "[") else {
            throw FormatError(.notTheFormat, path: "$.vulnerabilities", "must be an array")
        }
        i += 1
        skipBlanks()
        if i < range.upperBound, bytes[i] == UInt8(ascii: "]") { i = range.upperBound }
        while i < range.upperBound {
            skipBlanks()
            let rest = UnsafeBufferPointer(rebasing: bytes[i..<range.upperBound])
            let value: JSONValue
            if bytes[i] == UInt8(ascii: "{") {
                guard let length = JSONParser.objectExtent(rest) else { throw syntax("an unclosed object") }
                do { value = try JSONParser.parse(UnsafeBufferPointer(rebasing: rest[0..<length])) } catch {
                    throw FormatError(.notJSON, path: "$.vulnerabilities[\(summary.entries)]", "not JSON: \(error)")
                }
                i += length
            } else {
                // Not an object: an entry of the wrong kind, read whole to skip it.
                var end = i
                var depth = 0
                var inString = false
                while end < range.upperBound {
                    let b = bytes[end]
                    if inString {
                        if b == UInt8(ascii: "\\") { end += 1 } else if b == UInt8(ascii: "\"") { inString = false }
                        end += 1
                        continue
                    }
                    if b == UInt8(ascii: "\"") { inString = true }
                    if b == UInt8(ascii: "[") || b == UInt8(ascii: "{") { depth += 1 }
                    if b == UInt8(ascii: "]") || b == UInt8(ascii: "}") { if depth == 0 { break }; depth -= 1 }
                    if b == UInt8(ascii: ","), depth == 0 { break }
                    end += 1
                }
                end = min(end, range.upperBound)
                do { value = try JSONParser.parse(UnsafeBufferPointer(rebasing: bytes[i..<end])) } catch {
                    throw FormatError(.notJSON, path: "$.vulnerabilities[\(summary.entries)]", "not JSON: \(error)")
                }
                i = end
            }
            let node = Node(value, path: "$.vulnerabilities[\(summary.entries)]")
            summary.entries += 1
            do {
                if let draft = try entry(node, catalogVersion: catalogVersion, document: document, context: context, skip: skip) {
                    try each(draft)
                } else {
                    summary.alreadyListed += 1
                }
            } catch let error as FormatError {
                summary.skipped.append(error)
            }
            skipBlanks()
            guard i < range.upperBound else { throw syntax("unexpected end of the array") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
            } else if bytes[i] == UInt8(ascii: "]") {
                break
            } else {
                throw syntax("expected ',' or ']'")
            }
        }
        return summary
    }

    private static func entry(_ node: Node, catalogVersion: String, document: DocumentIdentity, context: ImportContext,
                              skip: (String) -> Bool) throws(FormatError) -> EventDraft? {
        guard node.object != nil else {
            throw node.error(.invalidStatement, "an entry must be an object, not \(node.value.typeName)")
        }
        let cve = try node.requiredString("cveID")
        guard PayloadSchema.isCVE(cve) else {
            throw FormatError(.invalidStatement, path: node.path + ".cveID", "\"\(cve)\" is not a CVE id")
        }
        if skip(cve) { return nil }
        let dateAdded = try node.requiredString("dateAdded", cve: cve)
        guard let at = DocumentReader.time(dateAdded) else {
            throw FormatError(.invalidStatement, path: node.path + ".dateAdded", cve: cve, "\"\(dateAdded)\" is not a date")
        }
        var data: JSONObject = ["cve": .string(cve), "dateAdded": .string(dateAdded)]
        for name in ["dueDate", "requiredAction", "knownRansomwareCampaignUse"] {
            if let value = try node.optionalString(name, cve: cve) { data.append(name, .string(value)) }
        }
        data.append("catalogVersion", .string(catalogVersion))
        for name in ["vendorProject", "product", "vulnerabilityName"] {
            if let value = try node.optionalString(name, cve: cve) { data.append(name, .string(value)) }
        }
        data.append("document", document.json)
        return try DocumentReader.draft(.kevListed, device: nil, at: context.at ?? at, actor: context.actor,
                                        data: data, at: node, cve: cve)
    }
}
