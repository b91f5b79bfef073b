import Crypto
import LedgerCore

/// Why a published document, or one statement in it, was refused: the JSON path of what was
/// wrong (`$.vulnerabilities[2].ratings[0].vector`), the statement's CVE where it has one, and
/// what was wrong.
public struct FormatError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The file is not JSON the ledger accepts (RFC 8259 and I-JSON: no duplicate names).
        case notJSON
        /// JSON, but not the named format.
        case notTheFormat
        /// The format, in a specification version this reader does not support.
        case unsupportedVersion
        /// One statement (a component, a vulnerability, a catalog entry) is malformed.
        case invalidStatement
    }

    public let kind: Kind
    public let path: String
    public let cve: String?
    public let reason: String

    public init(_ kind: Kind, path: String, cve: String? = nil, _ reason: String) {
        self.kind = kind
        self.path = path
        self.cve = cve
        self.reason = reason
    }

    public var description: String { path + (cve.map { " (\($0))" } ?? "") + ": " + reason }
}

/// The kinds of document the ledger imports, as `data.document.kind` names them (LEDGER.md §2.5).
public enum DocumentKind: String, Sendable, CaseIterable {
    case cyclonedxSBOM = "cyclonedx-sbom"
    case cyclonedxVEX = "cyclonedx-vex"
    case csaf
    case kev
    /// One record of OSV or NVD: `id` is the record's id, `sha256` that of its own bytes.
    case osv
    case nvd
}

/// Which document a fact came from: every event made from it carries this as `data.document`.
public struct DocumentIdentity: Sendable, Equatable {
    public let kind: DocumentKind
    /// The serial number, CSAF tracking id and revision (`ID#REV`), or KEV catalog version.
    public let id: String
    /// SHA-256 of the file's bytes, lower-case hex.
    public let sha256: String

    public init(kind: DocumentKind, id: String, sha256: String) {
        self.kind = kind
        self.id = id
        self.sha256 = sha256
    }

    /// `{"kind", "id", "sha256"}`.
    public var json: JSONValue {
        .object(["kind": .string(kind.rawValue), "id": .string(id), "sha256": .string(sha256)])
    }

    /// Lower-case hex SHA-256 of `bytes`.
    public static func sha256(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        // Written digit by digit into one buffer: a feed import hashes every record it reads.
        let digits: StaticString = "0123456789abcdef"
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        digits.withUTF8Buffer { table in
            for byte in SHA256.hash(data: UnsafeRawBufferPointer(bytes)) {
                hex.append(table[Int(byte >> 4)])
                hex.append(table[Int(byte & 0xF)])
            }
        }
        return String(decoding: hex, as: UTF8.self)
    }
}

/// What reading one document gave: its identity, the facts it states, and the statements that
/// were malformed and left out (a caller in strict mode refuses the document for the first).
public struct DocumentImport: Sendable {
    public let document: DocumentIdentity
    public var drafts: [EventDraft] = []
    public var skipped: [FormatError] = []

    public init(document: DocumentIdentity) {
        self.document = document
    }
}

/// Who records the imported facts and when, where the document does not say.
public struct ImportContext: Sendable {
    /// Who records the facts.
    public let actor: String
    /// `at` for every fact, overriding the document's own dates (`--at`).
    public let at: LedgerTime?
    /// `at` for facts whose document gives no date.
    public let now: LedgerTime

    public init(actor: String, at: LedgerTime? = nil, now: LedgerTime) {
        self.actor = actor
        self.at = at
        self.now = now
    }
}

/// A JSON value with the path it was found at, for errors that say where.
struct Node {
    let value: JSONValue
    let path: String

    init(_ value: JSONValue, path: String) {
        self.value = value
        self.path = path
    }

    /// The member `name` of this object, if present and not null.
    subscript(name: String) -> Node? {
        guard case .object(let object) = value, let member = object[name] else { return nil }
        if case .null = member { return nil }
        return Node(member, path: path + "." + name)
    }

    var object: JSONObject? { value.objectValue }
    var string: String? { value.stringValue }

    func error(_ kind: FormatError.Kind, cve: String? = nil, _ reason: String) -> FormatError {
        FormatError(kind, path: path, cve: cve, reason)
    }

    /// The elements of this array (an absent member reads as empty), each with its path.
    func elements(cve: String? = nil) throws(FormatError) -> [Node] {
        guard case .array(let values) = value else {
            throw error(.invalidStatement, cve: cve, "must be an array, not \(value.typeName)")
        }
        return values.enumerated().map { Node($1, path: "\(path)[\($0)]") }
    }

    /// The member `name` as a string; nil when absent; an error when of another type.
    func optionalString(_ name: String, cve: String? = nil) throws(FormatError) -> String? {
        guard let node = self[name] else { return nil }
        guard let s = node.string else {
            throw node.error(.invalidStatement, cve: cve, "must be a string, not \(node.value.typeName)")
        }
        return s
    }

    /// The member `name` as a string, required.
    func requiredString(_ name: String, kind: FormatError.Kind = .invalidStatement, cve: String? = nil) throws(FormatError) -> String {
        guard let s = try optionalString(name, cve: cve) else {
            throw FormatError(kind, path: path + "." + name, cve: cve, "is required")
        }
        return s
    }

    /// The member `name` as an array of nodes; empty when absent.
    func array(_ name: String, cve: String? = nil) throws(FormatError) -> [Node] {
        guard let node = self[name] else { return [] }
        return try node.elements(cve: cve)
    }
}

enum DocumentReader {
    /// Parses the whole file with the ledger's strict JSON reader into a top-level object.
    static func object(_ bytes: UnsafeBufferPointer<UInt8>) throws(FormatError) -> Node {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch {
            throw FormatError(.notJSON, path: "$", "not JSON: \(error)")
        }
        guard case .object = value else {
            throw FormatError(.notTheFormat, path: "$", "is \(value.typeName), not an object")
        }
        return Node(value, path: "$")
    }

    /// A time a document states, if the ledger can read it.
    static func time(_ text: String?) -> LedgerTime? {
        guard let text else { return nil }
        return try? LedgerTime(rfc3339: text)
    }

    /// Builds a draft, turning a refusal into an error at `node`.
    static func draft(_ type: EventType, device: String?, at: LedgerTime, actor: String, data: JSONObject,
                      at node: Node, cve: String?) throws(FormatError) -> EventDraft {
        do {
            return try EventDraft(type: type, device: device, at: at, actor: actor, data: data)
        } catch {
            throw node.error(.invalidStatement, cve: cve, "the fact it states is refused: \(error)")
        }
    }
}
