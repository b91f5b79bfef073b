import ArgumentParser
import LedgerCore
import LedgerReports

enum CVSSFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

struct CVSSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cvss",
        abstract: "Compute CVSS base scores and severities from vector strings.",
        discussion: """
            CVSS v3.0 and v3.1 (CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H): the base score by
            the specification's formulas and Roundup; temporal and environmental metrics are
            checked but do not change it. CVSS v4.0 (CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/...):
            the MacroVector method with FIRST's lookup table; threat and environmental metrics,
            when given, take part as in FIRST's calculator. Compare with FIRST's calculators.
            A malformed vector is refused naming the metric.
            """)

    @Argument(help: "One or more vectors.") var vectors: [String]
    @Option(help: "table or json.") var format: CVSSFormat = .table

    func run() throws {
        var scored: [CVSSScore] = []
        for vector in vectors {
            do { scored.append(try CVSSScore(vector)) } catch {
                throw CommandFailure.badInput("cvss: \"\(vector)\": \(error)")
            }
        }
        switch format {
        case .table:
            var table = TextTable(["SCORE", "SEVERITY", "VERSION", "VECTOR"])
            for cvss in scored {
                table.append([String(format: "%.1f", cvss.score), cvss.severity.rawValue, cvss.version, cvss.vector])
            }
            Output.write(table.render())
        case .json:
            let array = JSONValue.array(scored.map { cvss in
                .object([
                    "vector": .string(cvss.vector), "version": .string(cvss.version),
                    "score": .number(cvss.score), "severity": .string(cvss.severity.rawValue),
                ])
            })
            Output.write(CanonicalJSON.encode(array))
            Output.line()
        }
    }
}
