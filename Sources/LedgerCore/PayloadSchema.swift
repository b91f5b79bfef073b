/// What a value in an event's `data` must be.
public indirect enum FieldKind: Sendable {
    case string
    /// A whole number, at least `minimum`.
    case integer(minimum: Int)
    /// A number in a closed range.
    case number(ClosedRange<Double>)
    case boolean
    /// An RFC 3339 time or a bare date.
    case time
    /// A CVE id, `CVE-YYYY-NNNN…`.
    case cve
    /// A CPE 2.3 formatted string, `cpe:2.3:` and eleven more `:`-separated components
    /// (`cpe:2.3:o:baxter:sigma_spectrum_firmware:8.00:*:*:*:*:*:*:*`).
    case cpeName
    /// One of a fixed set of strings.
    case oneOf([String])
    /// A version range that `VersionRange` reads (Protocol/LEDGER.md §2.5).
    case versionRange
    case array(FieldKind)
    /// An object with known fields; members not named are kept as they are.
    case object(PayloadSchema)
    /// Any of several kinds (the first that fits).
    case either([FieldKind])

    var expectation: String {
        switch self {
        case .string: "a string"
        case .integer(let minimum): minimum == 0 ? "a whole number >= 0" : "a whole number >= \(minimum)"
        case .number(let range): "a number from \(CanonicalJSON.formatNumber(range.lowerBound)) to \(CanonicalJSON.formatNumber(range.upperBound))"
        case .boolean: "true or false"
        case .time: "an RFC 3339 time with a zone or a date (YYYY-MM-DD)"
        case .cve: "a CVE id (CVE-YYYY-NNNN)"
        case .cpeName: "a CPE 2.3 name (cpe:2.3:part:vendor:product:version:…, 13 components)"
        case .oneOf(let values): "one of " + values.joined(separator: ", ")
        case .versionRange: "a version range (vers:generic/>=1.0|<2.0, <=1.2, 1.2.x, 1.2)"
        case .array(let element): "an array of " + element.expectationPlural
        case .object: "an object"
        case .either(let kinds): kinds.map(\.expectation).joined(separator: " or ")
        }
    }

    var expectationPlural: String {
        switch self {
        case .string: "strings"
        case .cve: "CVE ids"
        case .object: "objects"
        case .time: "times"
        default: "values (\(expectation))"
        }
    }
}

/// A field of a payload: its name, what it must be, and whether it must be there.
public struct FieldSpec: Sendable {
    public let name: String
    public let kind: FieldKind
    public let required: Bool

    public init(_ name: String, _ kind: FieldKind, required: Bool = false) {
        self.name = name
        self.kind = kind
        self.required = required
    }
}

/// Why a payload was refused: the dotted path of the field and what was wrong.
public struct PayloadError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "field \"\(path)\": \(reason)" }
}

/// The known fields of an object. Fields not listed are accepted and kept unchanged: suppliers'
/// documents carry more than we interpret, and dropping a member would change the fact.
public struct PayloadSchema: Sendable {
    public let fields: [FieldSpec]

    public init(_ fields: [FieldSpec]) {
        self.fields = fields
    }

    /// Checks `object` against the schema; `path` prefixes field names in errors.
    public func validate(_ object: JSONObject, path: String) throws(PayloadError) {
        do { try validateMembers(object) } catch {
            let inside = error.path.dropFirst()  // the path below `object` begins with "."
            throw PayloadError(path: path.isEmpty ? String(inside) : path + "." + inside, reason: error.reason)
        }
    }

    /// Why a value does not fit, before it is put in words: only a misfit that reaches
    /// `validate(_:path:)` is. Its path is relative (".name", "[2]", "" for the value checked)
    /// and is completed as it travels out. Building the path of every field checked, and the
    /// message of every kind an `either` tried before the one that fit, was a tenth of reading
    /// a received event (measured).
    struct Misfit: Error {
        enum Problem {
            case notA(FieldKind, JSONValue)
            case reason(String)
        }

        let path: String
        let problem: Problem

        init(path: String = "", _ problem: Problem) {
            self.path = path
            self.problem = problem
        }

        /// The same misfit seen from `prefix` further out.
        func under(_ prefix: String) -> Misfit { Misfit(path: prefix + path, problem) }

        var reason: String {
            switch problem {
            case .notA(let kind, let value): "must be \(kind.expectation), not \(describe(value))"
            case .reason(let reason): reason
            }
        }
    }

    /// Checks `object`; a misfit's path is relative to it: ".name…".
    func validateMembers(_ object: JSONObject) throws(Misfit) {
        // Fields read in place: copying each out retained its name and kind (measured).
        for i in fields.indices {
            guard let value = object[fields[i].name] else {
                if fields[i].required { throw Misfit(path: "." + fields[i].name, .reason("is required")) }
                continue
            }
            do { try Self.check(value, against: fields[i].kind) } catch { throw error.under("." + fields[i].name) }
        }
    }

    /// Checks `value`; a misfit's path is relative to it ("" for the value itself).
    static func check(_ value: JSONValue, against kind: FieldKind) throws(Misfit) {
        func wrong() -> Misfit { Misfit(.notA(kind, value)) }
        switch kind {
        case .string:
            guard case .string = value else { throw wrong() }
        case .integer(let minimum):
            guard case .number(let n) = value, n == n.rounded(), n >= Double(minimum) else { throw wrong() }
        case .number(let range):
            guard case .number(let n) = value, range.contains(n) else { throw wrong() }
        case .boolean:
            guard case .bool = value else { throw wrong() }
        case .time:
            guard case .string(let s) = value else { throw wrong() }
            do { _ = try LedgerTime(rfc3339: s) } catch {
                throw Misfit(.reason("\"\(s)\": \(error.reason)"))
            }
        case .cve:
            guard case .string(let s) = value, isCVE(s) else { throw wrong() }
        case .cpeName:
            guard case .string(let s) = value, isCPEName(s) else { throw wrong() }
        case .oneOf(let allowed):
            guard case .string(let s) = value, allowed.contains(s) else { throw wrong() }
        case .versionRange:
            guard case .string(let s) = value else { throw wrong() }
            do { _ = try VersionRange(s) } catch { throw Misfit(.reason(error.reason)) }
        case .array(let element):
            guard case .array(let elements) = value else { throw wrong() }
            for (i, e) in elements.enumerated() {
                do { try check(e, against: element) } catch { throw error.under("[\(i)]") }
            }
        case .object(let schema):
            guard case .object(let object) = value else { throw wrong() }
            try schema.validateMembers(object)
        case .either(let kinds):
            for k in kinds {
                if (try? check(value, against: k)) != nil { return }
            }
            throw wrong()
        }
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): "\"\(s.count > 40 ? String(s.prefix(40)) + "…" : s)\""
        case .number(let n): CanonicalJSON.formatNumber(n)
        case .bool(let b): b ? "true" : "false"
        default: value.typeName
        }
    }

    /// True for a CPE 2.3 formatted string: `cpe:2.3:`, then a part `a`, `o`, `h` or `*`, then
    /// ten more components, 13 in all split at `:` not quoted by `\\`, none empty, no white space.
    /// (What each component may hold is the CPE reader's to check; this is the shape.)
    public static func isCPEName(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { u in
            guard u.count > 8, u.starts(with: "cpe:2.3:".utf8) else { return false }
            var components = 2, length = 0, quoted = false, index = 8
            while index < u.count {
                let byte = u[index]
                index += 1
                if byte <= 0x20 || byte == 0x7F { return false }
                if quoted { quoted = false; length += 1; continue }
                if byte == UInt8(ascii: "\\") { quoted = true; length += 1; continue }
                if byte == UInt8(ascii: ":") {
                    if length == 0 { return false }
                    components += 1
                    length = 0
                    continue
                }
                length += 1
            }
            guard !quoted, length > 0, components == 12 else { return false }
            let part = u[8]
            return (part == UInt8(ascii: "a") || part == UInt8(ascii: "o") || part == UInt8(ascii: "h") || part == UInt8(ascii: "*"))
                && u[9] == UInt8(ascii: ":")
        }
    }

    /// True for `CVE-` + 4-digit year + `-` + 4 or more digits.
    public static func isCVE(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { u in
            guard u.count >= 13, u.starts(with: "CVE-".utf8), u[8] == UInt8(ascii: "-") else { return false }
            func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
            return u[4..<8].allSatisfy(isDigit) && u[9...].allSatisfy(isDigit)
        }
    }

    // MARK: The payloads of DOMAIN.md

    /// The security terms of a contract (all optional; `device.procured` requires `id`).
    public static func contract(requireID: Bool) -> PayloadSchema {
        PayloadSchema([
            FieldSpec("id", .string, required: requireID),
            FieldSpec("usefulLifeEnd", .time),
            FieldSpec("patchDays", .object(PayloadSchema([
                FieldSpec("critical", .integer(minimum: 0)),
                FieldSpec("high", .integer(minimum: 0)),
                FieldSpec("medium", .integer(minimum: 0)),
                FieldSpec("low", .integer(minimum: 0)),
            ]))),
            FieldSpec("securityContact", .string),
            FieldSpec("vulnerabilityPortal", .string),
            FieldSpec("remoteAccess", .either([.string, .boolean, .object(PayloadSchema([
                FieldSpec("method", .string), FieldSpec("authentication", .string), FieldSpec("monitoring", .string),
            ]))])),
            FieldSpec("isao", .either([.boolean, .string])),
            FieldSpec("certifications", .array(.string)),
            FieldSpec("scoring", .string),
            FieldSpec("fdaWarranty", .boolean),
            FieldSpec("malwareFreeWarranty", .boolean),
        ])
    }

    /// `vulnerability.recorded`: the record's identity and dates, and what it affects in the
    /// shapes its database publishes (OSV's `affected`, NVD's `configurations`).
    static let vulnerabilityRecord = PayloadSchema([
        FieldSpec("id", .string, required: true),
        FieldSpec("source", .oneOf(["osv", "nvd"]), required: true),
        FieldSpec("aliases", .array(.string)),
        FieldSpec("published", .time),
        FieldSpec("modified", .time),
        FieldSpec("withdrawn", .time),
        FieldSpec("summary", .string),
        FieldSpec("cvss", .string),
        FieldSpec("score", .number(0...10)),
        FieldSpec("affected", .array(.object(PayloadSchema([
            FieldSpec("package", .object(PayloadSchema([
                FieldSpec("ecosystem", .string, required: true),
                FieldSpec("name", .string, required: true),
                FieldSpec("purl", .string),
            ]))),
            FieldSpec("ranges", .array(.object(PayloadSchema([
                FieldSpec("type", .oneOf(["SEMVER", "ECOSYSTEM", "GIT"]), required: true),
                FieldSpec("events", .array(.object(PayloadSchema([
                    FieldSpec("introduced", .string), FieldSpec("fixed", .string),
                    FieldSpec("last_affected", .string), FieldSpec("limit", .string),
                ]))), required: true),
            ])))),
            FieldSpec("versions", .array(.string)),
        ])))),
        FieldSpec("configurations", .array(.object(PayloadSchema([
            FieldSpec("operator", .oneOf(["AND", "OR"])),
            FieldSpec("negate", .boolean),
            FieldSpec("nodes", .array(.object(PayloadSchema([
                FieldSpec("operator", .oneOf(["AND", "OR"]), required: true),
                FieldSpec("negate", .boolean),
                FieldSpec("cpeMatch", .array(.object(PayloadSchema([
                    FieldSpec("vulnerable", .boolean, required: true),
                    FieldSpec("criteria", .cpeName, required: true),
                    FieldSpec("versionStartIncluding", .string), FieldSpec("versionStartExcluding", .string),
                    FieldSpec("versionEndIncluding", .string), FieldSpec("versionEndExcluding", .string),
                ]))), required: true),
            ]))), required: true),
        ])))),
    ])

    static let incident = PayloadSchema([
        FieldSpec("incident", .string, required: true),
        FieldSpec("devices", .array(.string)),
        FieldSpec("severity", .string),
        FieldSpec("summary", .string),
    ])

    static func forType(_ type: EventType) -> PayloadSchema {
        switch type {
        case .deviceProcured:
            PayloadSchema([
                FieldSpec("manufacturer", .string, required: true),
                FieldSpec("model", .string, required: true),
                FieldSpec("serial", .string),
                FieldSpec("version", .string),
                FieldSpec("cpe", .cpeName),
                FieldSpec("contract", .object(contract(requireID: true)), required: true),
            ])
        case .deviceDeployed:
            PayloadSchema([FieldSpec("location", .string), FieldSpec("department", .string), FieldSpec("segment", .string)])
        case .sbomRecorded:
            PayloadSchema([
                FieldSpec("format", .string),
                FieldSpec("components", .array(.object(PayloadSchema([
                    FieldSpec("name", .string), FieldSpec("version", .string), FieldSpec("purl", .string), FieldSpec("cpe", .string),
                ])))),
            ])
        case .mds2Recorded:
            PayloadSchema([FieldSpec("version", .string), FieldSpec("date", .time)])
        case .vulnerabilityDisclosed:
            PayloadSchema([
                FieldSpec("cve", .cve, required: true),
                FieldSpec("cvss", .string),
                FieldSpec("score", .number(0...10)),
                FieldSpec("kev", .boolean),
                FieldSpec("source", .string),
                FieldSpec("affects", .object(PayloadSchema([
                    FieldSpec("devices", .array(.string)),
                    FieldSpec("models", .array(.object(PayloadSchema([
                        FieldSpec("manufacturer", .string, required: true), FieldSpec("model", .string, required: true),
                        // A version range (VersionRange, Protocol/LEDGER.md §2.5); absent: every version.
                        FieldSpec("versions", .versionRange),
                    ])))),
                    FieldSpec("components", .array(.string)),
                ]))),
            ])
        case .vulnerabilityAssessed:
            PayloadSchema([
                FieldSpec("cve", .cve, required: true),
                FieldSpec("status", .oneOf(["affected", "not_affected", "fixed", "under_investigation"]), required: true),
                FieldSpec("justification", .string),
            ])
        case .patchReleased:
            PayloadSchema([
                FieldSpec("manufacturer", .string, required: true),
                FieldSpec("model", .string, required: true),
                FieldSpec("version", .string, required: true),
                FieldSpec("fixes", .array(.cve), required: true),
            ])
        case .patchApplied:
            PayloadSchema([FieldSpec("version", .string, required: true)])
        case .mitigationApplied:
            PayloadSchema([
                FieldSpec("cve", .cve, required: true),
                FieldSpec("control", .string, required: true),
                FieldSpec("expires", .time),
            ])
        case .incidentOpened, .incidentUpdated, .incidentResolved:
            incident
        case .lifecycleAnnounced:
            PayloadSchema([
                FieldSpec("manufacturer", .string, required: true),
                FieldSpec("model", .string, required: true),
                FieldSpec("endOfSale", .time),
                FieldSpec("endOfSupport", .time),
                FieldSpec("endOfLife", .time),
            ])
        case .contractAmended:
            PayloadSchema([FieldSpec("contract", .object(contract(requireID: false)), required: true)])
        case .deviceDecommissioned:
            PayloadSchema([FieldSpec("sanitized", .boolean, required: true), FieldSpec("method", .string)])
        case .kevListed:
            PayloadSchema([
                FieldSpec("cve", .cve, required: true),
                FieldSpec("dateAdded", .time, required: true),
                FieldSpec("dueDate", .time),
                FieldSpec("requiredAction", .string),
                FieldSpec("knownRansomwareCampaignUse", .string),
                FieldSpec("catalogVersion", .string),
            ])
        case .vulnerabilityRecorded:
            vulnerabilityRecord
        case .cpeAssigned:
            PayloadSchema([
                FieldSpec("cpe", .cpeName, required: true),
                FieldSpec("manufacturer", .string),
                FieldSpec("model", .string),
            ])
        }
    }
}
