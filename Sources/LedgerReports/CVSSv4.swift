import Foundation

/// A parsed CVSS v4.0 vector and its score, computed from the vector alone by the
/// specification's MacroVector method (FIRST CVSS v4.0 §8): the vector's MacroVector selects an
/// expert-assigned score, from which the vector's severity distance to the MacroVector's most
/// severe vectors is subtracted in proportion to the gap to the next lower MacroVectors.
/// Threat and environmental metrics, when given, take part as in FIRST's calculator.
public struct CVSSv4: Sendable, Equatable {
    /// The vector as given.
    public let vector: String
    let values: [String: String]

    static let allowed: [(name: String, values: Set<String>)] = [
        ("AV", ["N", "A", "L", "P"]), ("AC", ["L", "H"]), ("AT", ["N", "P"]), ("PR", ["N", "L", "H"]),
        ("UI", ["N", "P", "A"]), ("VC", ["H", "L", "N"]), ("VI", ["H", "L", "N"]), ("VA", ["H", "L", "N"]),
        ("SC", ["H", "L", "N"]), ("SI", ["H", "L", "N"]), ("SA", ["H", "L", "N"]),
        ("E", ["X", "A", "P", "U"]),
        ("CR", ["X", "H", "M", "L"]), ("IR", ["X", "H", "M", "L"]), ("AR", ["X", "H", "M", "L"]),
        ("MAV", ["X", "N", "A", "L", "P"]), ("MAC", ["X", "L", "H"]), ("MAT", ["X", "N", "P"]),
        ("MPR", ["X", "N", "L", "H"]), ("MUI", ["X", "N", "P", "A"]), ("MVC", ["X", "H", "L", "N"]),
        ("MVI", ["X", "H", "L", "N"]), ("MVA", ["X", "H", "L", "N"]), ("MSC", ["X", "H", "L", "N"]),
        ("MSI", ["X", "S", "H", "L", "N"]), ("MSA", ["X", "S", "H", "L", "N"]),
        ("S", ["X", "N", "P"]), ("AU", ["X", "N", "Y"]), ("R", ["X", "A", "U", "I"]), ("V", ["X", "D", "C"]),
        ("RE", ["X", "L", "M", "H"]), ("U", ["X", "Clear", "Green", "Amber", "Red"]),
    ]
    static let baseMetricCount = 11

    /// Reads `CVSS:4.0/AV:…/…`; every base metric exactly once, known metrics only.
    public init(_ vector: String) throws(CVSSError) {
        var parts = vector.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.first == "CVSS:4.0" else {
            throw CVSSError(metric: nil, reason: "a CVSS v4 vector starts with CVSS:4.0/")
        }
        parts.removeFirst()
        let values = try CVSSMetrics.parse(parts, allowed: Self.allowed, required: Self.baseMetricCount, version: "v4.0")
        self.vector = vector
        self.values = values
    }

    /// The value a metric takes in scoring: undefined E counts as A (attacked), undefined
    /// CR/IR/AR as H, and a defined modified metric (MAV…) replaces its base metric.
    func effective(_ metric: String) -> String {
        let given = values[metric] ?? "X"
        if metric == "E", given == "X" { return "A" }
        if ["CR", "IR", "AR"].contains(metric), given == "X" { return "H" }
        if let modified = values["M" + metric], modified != "X" { return modified }
        return given
    }

    /// The six equivalence-class levels (0 most severe).
    var macroVector: [Int] {
        let av = effective("AV"), pr = effective("PR"), ui = effective("UI")
        let eq1: Int
        if av == "N" && pr == "N" && ui == "N" {
            eq1 = 0
        } else if (av == "N" || pr == "N" || ui == "N") && av != "P" {
            eq1 = 1
        } else {
            eq1 = 2
        }
        let eq2 = effective("AC") == "L" && effective("AT") == "N" ? 0 : 1
        let vc = effective("VC"), vi = effective("VI"), va = effective("VA")
        let eq3 = vc == "H" && vi == "H" ? 0 : (vc == "H" || vi == "H" || va == "H" ? 1 : 2)
        let eq4: Int
        if values["MSI"] == "S" || values["MSA"] == "S" {
            eq4 = 0
        } else if effective("SC") == "H" || effective("SI") == "H" || effective("SA") == "H" {
            eq4 = 1
        } else {
            eq4 = 2
        }
        let eq5 = ["A": 0, "P": 1, "U": 2][effective("E")]!
        let eq6 = (effective("CR") == "H" && vc == "H") || (effective("IR") == "H" && vi == "H")
            || (effective("AR") == "H" && va == "H") ? 0 : 1
        return [eq1, eq2, eq3, eq4, eq5, eq6]
    }

    /// The score, 0.0-10.0, one decimal.
    public var score: Double {
        if ["VC", "VI", "VA", "SC", "SI", "SA"].allSatisfy({ effective($0) == "N" }) { return 0 }
        let eq = macroVector
        func key(_ levels: [Int]) -> String { levels.map(String.init).joined() }
        func lookup(_ levels: [Int]) -> Double? { CVSSv4Tables.macroVectorScores[key(levels)] }
        func lowered(_ index: Int, by step: Int = 1) -> [Int] {
            var copy = eq
            copy[index] += step
            return copy
        }
        let value = lookup(eq)!
        let lowerEQ1 = lookup(lowered(0)), lowerEQ2 = lookup(lowered(1))
        let lowerEQ4 = lookup(lowered(3)), lowerEQ5 = lookup(lowered(4))
        // EQ3 and EQ6 move together: 00 → 01 or 10 (the higher), 01 → 11, 10 → 11, 11 → 21.
        let lowerEQ3EQ6: Double?
        switch (eq[2], eq[5]) {
        case (0, 0):
            let left = lookup(lowered(5)), right = lookup(lowered(2))
            switch (left, right) {
            case let (l?, r?): lowerEQ3EQ6 = l > r ? l : r
            case let (l?, nil): lowerEQ3EQ6 = l
            case let (nil, r): lowerEQ3EQ6 = r
            }
        case (1, 0): lowerEQ3EQ6 = lookup(lowered(5))
        case (0, 1), (1, 1): lowerEQ3EQ6 = lookup(lowered(2))
        default: lowerEQ3EQ6 = nil
        }

        // The vector's distance from the first most-severe vector of its MacroVector that is
        // at least as severe in every metric.
        var maxes: [String] = []
        for a in CVSSv4Tables.eq1Maxes[eq[0]] {
            for b in CVSSv4Tables.eq2Maxes[eq[1]] {
                for c in CVSSv4Tables.eq3eq6Maxes[eq[2]]![eq[5]]! {
                    for d in CVSSv4Tables.eq4Maxes[eq[3]] {
                        for e in CVSSv4Tables.eq5Maxes[eq[4]] { maxes.append([a, b, c, d, e].joined(separator: "/")) }
                    }
                }
            }
        }
        let measured = ["AV", "PR", "UI", "AC", "AT", "VC", "VI", "VA", "SC", "SI", "SA", "CR", "IR", "AR"]
        var distance: [String: Double] = [:]
        for max in maxes {
            var values: [String: String] = [:]
            for part in max.split(separator: "/") {
                let pair = part.split(separator: ":")
                values[String(pair[0])] = String(pair[1])
            }
            distance = [:]
            for metric in measured {
                distance[metric] = CVSSv4Tables.levels[metric]![effective(metric)]! - CVSSv4Tables.levels[metric]![values[metric]!]!
            }
            if !distance.values.contains(where: { $0 < 0 }) { break }
        }
        let d = { (metric: String) in distance[metric]! }
        let currentEQ1 = d("AV") + d("PR") + d("UI")
        let currentEQ2 = d("AC") + d("AT")
        let currentEQ3EQ6 = d("VC") + d("VI") + d("VA") + d("CR") + d("IR") + d("AR")
        let currentEQ4 = d("SC") + d("SI") + d("SA")

        let step = 0.1
        var existing = 0
        var total = 0.0
        if let lower = lowerEQ1 {
            existing += 1
            total += (value - lower) * (currentEQ1 / (Double(CVSSv4Tables.eq1Depth[eq[0]]) * step))
        }
        if let lower = lowerEQ2 {
            existing += 1
            total += (value - lower) * (currentEQ2 / (Double(CVSSv4Tables.eq2Depth[eq[1]]) * step))
        }
        if let lower = lowerEQ3EQ6 {
            existing += 1
            total += (value - lower) * (currentEQ3EQ6 / (Double(CVSSv4Tables.eq3eq6Depth[eq[2]]![eq[5]]!) * step))
        }
        if let lower = lowerEQ4 {
            existing += 1
            total += (value - lower) * (currentEQ4 / (Double(CVSSv4Tables.eq4Depth[eq[3]]) * step))
        }
        if lowerEQ5 != nil { existing += 1 }  // EQ5's proportion is always 0
        let mean = existing == 0 ? 0 : total / Double(existing)
        let result = Swift.min(Swift.max(value - mean, 0), 10)
        // Round half up after lifting by 1e-6, as FIRST's reference calculator does since its
        // 2024-11-01 rounding fix: the interpolation is done in binary floating point, so a score
        // whose exact value is x.x5 can come out one ULP below it (8.6 - 7.2 = 1.3999999999999995)
        // and would otherwise round down.
        return ((result + Self.roundingLift) * 10).rounded(.toNearestOrAwayFromZero) / 10
    }

    /// Far above the interpolation's floating-point error (about 1e-15) and far below the spacing
    /// of its exact results (multiples of 1/42,000 at the finest: 0.1 over the depths' least common
    /// multiple, 840, and at most five EQs counted), so the lift changes only scores exactly x.x5.
    static let roundingLift = 1e-6

    public var severity: CVSSSeverity { CVSSSeverity(score: score) }
}
