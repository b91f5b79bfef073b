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
            For CVSS v3.0 and v3.1 vectors (CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H), by the
            specification's formulas and Roundup, so the result can be compared with FIRST's
            calculator. Temporal and environmental metrics are checked but do not change the
            base score. A malformed vector is refused naming the metric. (CVSS v4.0 vectors are
            not scored yet.)
            """)

    @Argument(help: "One or more vectors.") var vectors: [String]
    @Option(help: "table or json.") var format: CVSSFormat = .table

    func run() throws {
        var scored: [CVSSv3] = []
        for vector in vectors {
            do { scored.append(try CVSSv3(vector)) } catch {
                throw CommandFailure.badInput("cvss: \"\(vector)\": \(error)")
            }
        }
        switch format {
        case .table:
            var table = TextTable(["SCORE", "SEVERITY", "VERSION", "VECTOR"])
            for cvss in scored {
                table.append([String(format: "%.1f", cvss.baseScore), cvss.severity.rawValue, cvss.version.rawValue, cvss.vector])
            }
            Output.write(table.render())
        case .json:
            let array = JSONValue.array(scored.map { cvss in
                .object([
                    "vector": .string(cvss.vector), "version": .string(cvss.version.rawValue),
                    "score": .number(cvss.baseScore), "severity": .string(cvss.severity.rawValue),
                ])
            })
            Output.write(CanonicalJSON.encode(array))
            Output.line()
        }
    }
}
