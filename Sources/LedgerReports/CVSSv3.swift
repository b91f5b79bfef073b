import Foundation

/// Why a CVSS vector was refused: the metric (or part) at fault and what was wrong.
public struct CVSSError: Error, Sendable, CustomStringConvertible, Equatable {
    public let metric: String?
    public let reason: String

    public var description: String {
        if let metric { return "metric \(metric): \(reason)" }
        return reason
    }
}

/// The `NAME:VALUE` parts of a vector, after its prefix, read against a version's metric table
/// whose first `required` entries are the mandatory base metrics.
enum CVSSMetrics {
    static func parse(_ parts: some Sequence<Substring>, allowed: [(name: String, values: Set<String>)],
                      required: Int, version: String) throws(CVSSError) -> [String: String] {
        var values: [String: String] = [:]
        for part in parts {
            let pair = part.split(separator: ":", omittingEmptySubsequences: false)
            guard pair.count == 2, !pair[0].isEmpty else { throw CVSSError(metric: String(part), reason: "is not NAME:VALUE") }
            let name = String(pair[0]), value = String(pair[1])
            guard let known = allowed.first(where: { $0.name == name }) else {
                throw CVSSError(metric: name, reason: "is not a CVSS \(version) metric")
            }
            guard values[name] == nil else { throw CVSSError(metric: name, reason: "appears twice") }
            guard known.values.contains(value) else {
                throw CVSSError(metric: name, reason: "unknown value \"\(value)\" (one of \(known.values.sorted().joined(separator: ", ")))")
            }
            values[name] = value
        }
        let base = allowed.prefix(required).map(\.name)
        for name in base where values[name] == nil {
            throw CVSSError(metric: name, reason: "is missing (base metrics \(base.joined(separator: ", ")) are required)")
        }
        return values
    }
}

/// Qualitative severity of a CVSS base score (CVSS v3.1 §5, v4.0 §2).
public enum CVSSSeverity: String, Sendable, Comparable, CaseIterable {
    case none, low, medium, high, critical

    /// critical ≥ 9.0, high ≥ 7.0, medium ≥ 4.0, low > 0.0, none 0.0.
    public init(score: Double) {
        switch score {
        case 9.0...: self = .critical
        case 7.0..<9.0: self = .high
        case 4.0..<7.0: self = .medium
        case ..<0.05: self = .none
        default: self = .low
        }
    }

    public static func < (a: CVSSSeverity, b: CVSSSeverity) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A parsed CVSS v3.0 or v3.1 vector and its base score, computed from the vector alone by
/// the specification's formulas (FIRST CVSS v3.1 §7.1, v3.0 §8.1).
public struct CVSSv3: Sendable, Equatable {
    public enum Version: String, Sendable { case v3_0 = "3.0", v3_1 = "3.1" }

    public let version: Version
    /// The vector as given.
    public let vector: String
    /// Base metric values by abbreviation (AV, AC, PR, UI, S, C, I, A).
    public let base: [String: String]

    // The metrics a v3 vector may carry, with their allowed values; the first eight are the
    // base metrics, which must all be present, the others (temporal, environmental) optional.
    static let metrics: [(name: String, values: Set<String>)] = [
        ("AV", ["N", "A", "L", "P"]), ("AC", ["L", "H"]), ("PR", ["N", "L", "H"]), ("UI", ["N", "R"]),
        ("S", ["U", "C"]), ("C", ["H", "L", "N"]), ("I", ["H", "L", "N"]), ("A", ["H", "L", "N"]),
        ("E", ["X", "U", "P", "F", "H"]), ("RL", ["X", "O", "T", "W", "U"]), ("RC", ["X", "U", "R", "C"]),
        ("CR", ["X", "L", "M", "H"]), ("IR", ["X", "L", "M", "H"]), ("AR", ["X", "L", "M", "H"]),
        ("MAV", ["X", "N", "A", "L", "P"]), ("MAC", ["X", "L", "H"]), ("MPR", ["X", "N", "L", "H"]),
        ("MUI", ["X", "N", "R"]), ("MS", ["X", "U", "C"]), ("MC", ["X", "N", "L", "H"]),
        ("MI", ["X", "N", "L", "H"]), ("MA", ["X", "N", "L", "H"]),
    ]
    static let baseMetricCount = 8

    /// Reads `CVSS:3.x/AV:…/…`; every base metric exactly once, known metrics only.
    public init(_ vector: String) throws(CVSSError) {
        var parts = vector.split(separator: "/", omittingEmptySubsequences: false)
        guard let prefix = parts.first, prefix.hasPrefix("CVSS:") else {
            throw CVSSError(metric: nil, reason: "a vector starts with CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/")
        }
        switch prefix {
        case "CVSS:3.0": version = .v3_0
        case "CVSS:3.1": version = .v3_1
        default: throw CVSSError(metric: nil, reason: "unsupported prefix \(prefix) (expected CVSS:3.0, CVSS:3.1 or CVSS:4.0)")
        }
        parts.removeFirst()
        let values = try CVSSMetrics.parse(parts, allowed: Self.metrics, required: Self.baseMetricCount, version: "v3")
        self.vector = vector
        self.base = values.filter { name, _ in Self.metrics.prefix(Self.baseMetricCount).contains { $0.name == name } }
    }

    /// The base score, 0.0-10.0, one decimal.
    public var baseScore: Double {
        let changed = base["S"] == "C"
        let av = ["N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2][base["AV"]!]!
        let ac = ["L": 0.77, "H": 0.44][base["AC"]!]!
        let pr = (changed ? ["N": 0.85, "L": 0.68, "H": 0.5] : ["N": 0.85, "L": 0.62, "H": 0.27])[base["PR"]!]!
        let ui = ["N": 0.85, "R": 0.62][base["UI"]!]!
        let cia = ["H": 0.56, "L": 0.22, "N": 0.0]
        let iss = 1 - (1 - cia[base["C"]!]!) * (1 - cia[base["I"]!]!) * (1 - cia[base["A"]!]!)
        let impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15) : 6.42 * iss
        let exploitability = 8.22 * av * ac * pr * ui
        guard impact > 0 else { return 0 }
        let raw = changed ? min(1.08 * (impact + exploitability), 10) : min(impact + exploitability, 10)
        return roundUp(raw)
    }

    /// The specification's Roundup: the smallest one-decimal number not below `value`. v3.1
    /// (Appendix A) works in integers to avoid floating-point error (4.000000001 → 4.1 would be
    /// wrong at 4.0); v3.0 defines it as ceil(x × 10) / 10.
    func roundUp(_ value: Double) -> Double {
        switch version {
        case .v3_0:
            return (value * 10).rounded(.up) / 10
        case .v3_1:
            let integer = Int((value * 100_000).rounded())
            if integer % 10_000 == 0 { return Double(integer) / 100_000 }
            return Double(integer / 10_000 + 1) / 10
        }
    }

    public var severity: CVSSSeverity { CVSSSeverity(score: baseScore) }
}
