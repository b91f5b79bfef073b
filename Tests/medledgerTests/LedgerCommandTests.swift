import Foundation
import Testing

@Suite("medledger: creating, recording, importing")
struct LedgerCommandTests {
    @Test("init prints the site and its key; key prints SITE PUBKEY; init refuses to overwrite")
    func initAndKey() throws {
        let cli = try CLIHarness()
        let out = try cli.ok(["init", "--site", "north", "--name", "North Campus"])
        let key = try cli.ok(["key"]).trimmingCharacters(in: .newlines)
        let parts = key.split(separator: " ")
        #expect(parts.count == 2 && parts[0] == "north")
        #expect(Data(base64Encoded: String(parts[1]))?.count == 32)
        #expect(out.contains(String(parts[1])))
        let mode = try FileManager.default.attributesOfItem(atPath: cli.path("medledger.sqlite.key"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let again = try cli.run(["init", "--site", "north"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists"))
        #expect(try cli.run(["init", "--db", "x.sqlite", "--site", "North_Campus"]).status == 2)
        #expect(!FileManager.default.fileExists(atPath: cli.path("x.sqlite")))
    }

    @Test("--db works before and after the subcommand, and MEDLEDGER_DB when it is absent")
    func databaseOption() throws {
        let cli = try CLIHarness()
        try cli.ok(["--db", "a.sqlite", "init", "--site", "a"])
        try cli.ok(["init", "--db", "b.sqlite", "--site", "b"])
        #expect(try cli.ok(["--db", "a.sqlite", "key"]).hasPrefix("a "))
        #expect(try cli.ok(["key", "--db", "b.sqlite"]).hasPrefix("b "))
        #expect(try cli.ok(["--db=b.sqlite", "key"]).hasPrefix("b "))
        #expect(try cli.ok(["key"], environment: ["MEDLEDGER_DB": cli.path("a.sqlite")]).hasPrefix("a "))
        let missing = try cli.run(["key"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no ledger at medledger.sqlite"))
    }

    @Test("record appends, prints SITE:SEQ, and says which event already holds a repeated fact")
    func record() throws {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        let args = ["record", "patch.applied", "--device", "PUMP-0001", "--at", "2025-03-04T09:30:00Z", "--actor", "biomed.jlee",
                    "--data", #"{"version":"4.2.1"}"#]
        #expect(try cli.ok(args) == "north:1\n")
        #expect(try cli.ok(args).contains("already held as north:1"))
        let sameInstant = ["record", "patch.applied", "--device", "PUMP-0001", "--at", "2025-03-04T10:30:00+01:00", "--actor", "biomed.jlee",
                           "--data", #"{"version":"4.2.1"}"#]
        #expect(try cli.ok(sameInstant).contains("already held as north:1"))
        #expect(try cli.ok(["record", "lifecycle.announced", "--at", "2025-03-05", "--actor", "secops.apatel",
                            "--data", #"{"manufacturer":"Baxter","model":"Sigma Spectrum","endOfSupport":"2030-12-31"}"#]) == "north:2\n")
    }

    @Test("record refuses bad input with exit 2 and a line that names the field", arguments: [
        (["bogus.type", "--device", "D", "--at", "2025-01-01", "--actor", "a"], "unknown event type"),
        (["patch.applied", "--device", "D", "--at", "yesterday", "--actor", "a", "--data", #"{"version":"1"}"#], "--at"),
        (["patch.applied", "--at", "2025-01-01", "--actor", "a", "--data", #"{"version":"1"}"#], "field \"device\""),
        (["patch.applied", "--device", "D", "--at", "2025-01-01", "--actor", "a", "--data", "{}"], "field \"data.version\""),
        (["patch.applied", "--device", "D", "--at", "2025-01-01", "--actor", "a", "--data", "{"], "--data"),
        (["device.procured", "--device", "D", "--at", "2025-01-01", "--actor", "a",
          "--data", #"{"manufacturer":"B","model":"M","contract":{"id":"C","patchDays":{"critical":"30"}}}"#],
         "data.contract.patchDays.critical"),
    ])
    func recordRefusals(arguments: [String], mention: String) throws {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        let result = try cli.run(["record"] + arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(mention), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(try cli.ok(["log", "--format", "jsonl"]).isEmpty)
    }

    @Test("import appends a file, a re-import appends nothing, and log's jsonl re-imports as nothing new")
    func importAndReimport() throws {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        let file = try cli.write("events.jsonl", CLIHarness.patchLines(300))
        #expect(try cli.ok(["import", file]).contains("appended 300, already held 0"))
        #expect(try cli.ok(["import", file]).contains("appended 0, already held 300"))
        let jsonl = try cli.ok(["log", "--format", "jsonl"])
        #expect(jsonl.split(separator: "\n").count == 300)
        #expect(try cli.ok(["import", "-"], stdin: jsonl).contains("appended 0, already held 300"))
        #expect(try cli.ok(["verify"]).contains("north: 300 events"))
    }

    @Test("a bad line anywhere in a file appends nothing of it, exit 2, naming the line and the field", arguments: [
        (#"{"type":"patch.applied","device":"X","at":"not-a-time","actor":"a","data":{"version":"1"}}"#, "field \"at\""),
        (#"{"type":"patch.applied","device":"X","at":"2025-01-01","actor":"a","data":{"version":1}}"#, "field \"data.version\""),
        (#"{"type":"nope","device":"X","at":"2025-01-01","actor":"a","data":{}}"#, "unknown event type"),
        (#"{"type":"patch.applied","at":"2025-01-01","actor":"a","data":{"version":"1"}}"#, "field \"device\""),
        (#"{"type":"patch.applied","device":"X","at":"2025-01-01","actor":"a","data":{"version":"1"}"#, "not JSON"),
        (#"["an array"]"#, "JSON object"),
    ])
    func importIsAllOrNothing(badLine: String, mention: String) throws {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        let lines = CLIHarness.patchLines(1500).split(separator: "\n").map(String.init)
        let file = try cli.write("bad.jsonl", (lines[0..<1200] + [badLine] + lines[1200...]).joined(separator: "\n") + "\n")
        let result = try cli.run(["import", file])
        #expect(result.status == 2)
        #expect(result.stderr.contains("line 1201"), "\(result.stderr)")
        #expect(result.stderr.contains(mention), "\(result.stderr)")
        #expect(try cli.ok(["log", "--format", "jsonl"]).isEmpty)
        #expect(try cli.ok(["verify"]).contains("empty ledger"))
    }

    @Test("usage errors exit 2 with one line, not argument-parser's 64")
    func usageErrors() throws {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        for arguments in [["frobnicate"], ["log", "--bogus"], ["log", "--limit", "many"], ["log", "--format", "xml"],
                          ["log", "--limit", "-1"], ["log", "--since", "June"], ["trust", "south"], ["checkpoints", "--site", "Bad Site"]] {
            let result = try cli.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
        #expect(try cli.run(["--help"]).status == 0)
        #expect(try cli.run(["help", "log"]).stdout.contains("--device"))
    }

    @Test("a key file that others can read, or a missing one, stops appends with a clear error")
    func keyFileChecks() throws {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        chmod(cli.path("medledger.sqlite.key"), 0o644)
        let open = try cli.run(["record", "patch.applied", "--device", "D", "--at", "2025-01-01", "--actor", "a", "--data", #"{"version":"1"}"#])
        #expect(open.status == 1)
        #expect(open.stderr.contains("chmod 600"))
        try FileManager.default.removeItem(atPath: cli.path("medledger.sqlite.key"))
        let missing = try cli.run(["import", "-"], stdin: CLIHarness.patchLines(2))
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("missing"))
        #expect(try cli.ok(["log", "--format", "jsonl"]).isEmpty)
    }

    @Test("a file that is not a ledger is refused, and left untouched")
    func notALedger() throws {
        let cli = try CLIHarness()
        let file = try cli.write("notes.txt", String(repeating: "clinical engineering notes\n", count: 200))
        let before = try Data(contentsOf: URL(fileURLWithPath: file))
        let result = try cli.run(["log", "--db", file])
        #expect(result.status == 2)
        #expect(result.stderr.contains("not a medledger ledger"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before)
    }
}

@Suite("medledger demo")
struct DemoCommandTests {
    @Test("demo builds three verified ledgers that trust each other, and refuses to overwrite them")
    func demo() throws {
        let cli = try CLIHarness()
        let out = try cli.ok(["demo", "--dir", cli.path("health")])
        #expect(out.contains("Every ledger verifies"))
        for site in ["north", "south", "childrens"] {
            let db = cli.path("health/\(site).sqlite")
            #expect(try cli.ok(["verify", "--db", db]).contains("\(site): "))
            #expect(try cli.ok(["roster", "--db", db]).split(separator: "\n").count == 4)
        }
        let types = try cli.ok(["log", "--db", cli.path("health/north.sqlite"), "--format", "csv"])
        for type in ["device.procured", "vulnerability.disclosed", "patch.released", "lifecycle.announced", "device.decommissioned"] {
            #expect(types.contains(type), "north records \(type)")
        }
        #expect(try cli.run(["demo", "--dir", cli.path("health")]).status == 1)
    }

    @Test("demo tells Log4Shell with the real files: log4j-core 2.6.1 exposed, KEV-listed and late, with why; 2.17.1 not matched")
    func log4Shell() throws {
        let cli = try CLIHarness()
        let out = try cli.ok(["demo", "--dir", cli.path("health")])
        #expect(out.contains("Log4Shell, with the real files: GW-N-0001 at north"))
        for site in ["north", "south", "childrens"] {
            let db = cli.path("health/\(site).sqlite")
            let exposure = try cli.ok(["report", "exposure", "--db", db, "--as-of", "2025-12-31", "--format", "csv"])
            let row = exposure.split(separator: "\n").first { $0.hasPrefix("GW-N-0001,") && $0.contains("CVE-2021-44228") }
            #expect(row?.contains("critical,yes,") == true, "\(site): \(row ?? "no row")")
            #expect(row?.contains("log4j-core@2.6.1?type=jar: Maven org.apache.logging.log4j:log4j-core: ECOSYSTEM introduced 2.4, fixed 2.12.2") == true)
        }
        let north = cli.path("health/north.sqlite")
        let findings = try cli.ok(["report", "compliance", "--db", north, "--as-of", "2025-12-31", "--format", "csv"])
        #expect(findings.contains("KEV_UNPATCHED,GW-N-0001"))
        let matched = try cli.ok(["match", "--db", north, "--device", "GW-N-0001", "--format", "csv"])
        #expect(matched.contains(",GHSA-jfh8-c2jp-5v3q,CVE-2021-44228,osv,"))
        // The PACS's SBOM lists log4j-core 2.17.1: the record does not match it.
        let pacs = try cli.ok(["log", "--db", north, "--type", "sbom.recorded", "--format", "jsonl"])
            .split(separator: "\n").first { $0.contains("log4j-core@2.17.1") }
        let pacsDevice = try #require(pacs.flatMap { line in line.range(of: #""device":""#).map { line[$0.upperBound...].prefix { $0 != "\"" } } })
        let pacsMatches = try cli.ok(["match", "--db", north, "--device", String(pacsDevice), "--format", "csv"])
        #expect(!pacsMatches.contains("GHSA-jfh8-c2jp-5v3q"))
    }
}
