import Crypto
import Foundation
import LedgerCore
import Testing

@Suite("medledger: audit trail, checkpoints, verify")
struct AuditCommandTests {
    /// A small history: two pumps, an incident naming both, a disclosure, a patch release.
    func history(_ cli: CLIHarness) throws {
        try cli.ok(["init", "--site", "north"])
        let lines = [
            #"{"type":"device.procured","device":"PUMP-1","at":"2025-01-10","actor":"procurement.mchen","data":{"manufacturer":"Baxter","model":"Sigma Spectrum","contract":{"id":"C-1"}}}"#,
            #"{"type":"device.procured","device":"PUMP-2","at":"2025-01-11","actor":"procurement.mchen","data":{"manufacturer":"Baxter","model":"Sigma Spectrum","contract":{"id":"C-1"}}}"#,
            #"{"type":"vulnerability.disclosed","at":"2025-02-01","actor":"secops.apatel","data":{"cve":"CVE-2022-26390","affects":{"devices":["PUMP-2"]}}}"#,
            #"{"type":"incident.opened","at":"2025-02-03T14:00:00+01:00","actor":"secops.apatel","data":{"incident":"INC-7","devices":["PUMP-1","PUMP-2"],"severity":"high","summary":"beaconing, \"odd\" traffic"}}"#,
            #"{"type":"patch.released","at":"2025-03-01","actor":"secops.apatel","data":{"manufacturer":"Baxter","model":"Sigma Spectrum","version":"8.01","fixes":["CVE-2022-26390"]}}"#,
            #"{"type":"patch.applied","device":"PUMP-2","at":"2025-03-04T09:30:00Z","actor":"biomed.jlee","data":{"version":"8.01"}}"#,
        ]
        try cli.ok(["import", "-"], stdin: lines.joined(separator: "\n"))
    }

    func ids(_ jsonl: String) throws -> [String] {
        try jsonl.split(separator: "\n").map { line in
            try #require(JSONParser.parseObject(Array(line.utf8))["id"]?.stringValue)
        }
    }

    @Test("log filters select by device (with mentions), type, actor, CVE, site, time and limit")
    func logFilters() throws {
        let cli = try CLIHarness()
        try history(cli)
        func log(_ args: [String]) throws -> [String] { try ids(try cli.ok(["log", "--format", "jsonl"] + args)) }
        #expect(try log([]) == ["north:1", "north:2", "north:3", "north:4", "north:5", "north:6"])
        #expect(try log(["--device", "PUMP-1"]) == ["north:1", "north:4"])
        #expect(try log(["--device", "PUMP-2"]) == ["north:2", "north:3", "north:4", "north:6"])
        #expect(try log(["--type", "patch.applied"]) == ["north:6"])
        #expect(try log(["--actor", "procurement.mchen"]) == ["north:1", "north:2"])
        #expect(try log(["--cve", "CVE-2022-26390"]) == ["north:3", "north:5"])
        #expect(try log(["--site", "north", "--limit", "2"]) == ["north:1", "north:2"])
        #expect(try log(["--since", "2025-02-01", "--until", "2025-03-01"]) == ["north:3", "north:4", "north:5"])
        #expect(try log(["--site", "south"]) == [])
    }

    @Test("log writes table, json and csv that carry the same events")
    func logFormats() throws {
        let cli = try CLIHarness()
        try history(cli)
        let table = try cli.ok(["log", "--device", "PUMP-1"])
        #expect(table.hasPrefix("ID"))
        #expect(table.contains("north:4") && table.contains("incident.opened") && table.contains("2025-02-03T13:00:00Z"))
        let json = try JSONParser.parse(Array(try cli.ok(["log", "--format", "json"]).utf8))
        #expect(json.arrayValue?.count == 6)
        #expect(json.arrayValue?[3].objectValue?["data"]?.objectValue?["summary"]?.stringValue == "beaconing, \"odd\" traffic")
        let csv = try cli.ok(["log", "--format", "csv", "--type", "incident.opened"])
        let rows = csv.split(separator: "\n")
        #expect(rows.count == 2)
        #expect(rows[0].hasPrefix("id,site,seq,at,type,device,actor"))
        #expect(rows[1].contains(#""{""devices"":[""PUMP-1"",""PUMP-2""]"#))
        #expect(try cli.ok(["log", "--format", "json", "--site", "south"]) == "[]\n")
    }

    @Test("from log --format jsonl, checkpoints --format jsonl and the public key alone, every leaf, root and signature checks out")
    func outsideVerification() throws {
        let cli = try CLIHarness()
        try history(cli)
        try cli.ok(["import", "-"], stdin: CLIHarness.patchLines(1100, device: "MON"))
        let keyLine = try cli.ok(["key"]).split(separator: " ")
        let publicKey = try Curve25519.Signing.PublicKey(rawRepresentation: try #require(Data(base64Encoded: String(keyLine[1].dropLast(1)))))
        // Leaves, in seq order, re-derived from the printed events.
        var leaves: [(UInt64, MerkleHash)] = []
        for line in try cli.ok(["log", "--format", "jsonl"]).split(separator: "\n") {
            var object = try JSONParser.parseObject(Array(line.utf8))
            let printedLeaf = try #require(object["leaf"]?.stringValue)
            let seq = UInt64(try #require(object["seq"]?.numberValue))
            object.members.removeAll { ["id", "leaf", "receivedAt"].contains($0.name) }
            let leaf = RFC6962.leafHash(CanonicalJSON.encode(.object(object)))
            #expect(leaf.hex == printedLeaf)
            leaves.append((seq, leaf))
        }
        let ordered = leaves.sorted { $0.0 < $1.0 }.map(\.1)
        let checkpoints = try cli.ok(["checkpoints", "--format", "jsonl"]).split(separator: "\n")
        #expect(checkpoints.count == 3)  // 6 events; then 1,024 and 1,106 inside the 1,100-event import
        for line in checkpoints {
            let object = try JSONParser.parseObject(Array(line.utf8))
            let size = Int(try #require(object["size"]?.numberValue))
            let note = try SignedNote(parsing: try #require(object["note"]?.stringValue))
            let checkpoint = try Checkpoint(text: note.text)
            #expect(checkpoint.origin == "medledger/north")
            #expect(checkpoint.size == UInt64(size))
            #expect(checkpoint.root == RFC6962.referenceRoot(ordered[0..<size]))
            #expect(object["root"]?.stringValue == checkpoint.root.base64)
            #expect(note.isSigned(by: NoteVerifier(name: "medledger/north", publicKey: publicKey)))
        }
        let text = try cli.ok(["checkpoints", "--site", "north"])
        #expect(text.components(separatedBy: "\u{2014} medledger/north ").count == 4)
    }

    @Test("verify exits 0 when intact and 1 naming the altered event")
    func verifyNamesTamperedEvent() throws {
        let cli = try CLIHarness()
        try history(cli)
        #expect(try cli.ok(["verify"]).contains("north: 6 events, 1 checkpoint,"))
        var db: OpaquePointer?
        sqlite3_open(cli.path("medledger.sqlite"), &db)
        sqlite3_exec(db, """
            DROP TRIGGER events_no_update;
            UPDATE events SET body = CAST(replace(CAST(body AS TEXT), '8.01', '8.02') AS BLOB) WHERE seq = 6;
            """, nil, nil, nil)
        sqlite3_close(db)
        let result = try cli.run(["verify"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("event north:6"), "\(result.stderr)")
    }

    @Test("stats counts events per site and type")
    func stats() throws {
        let cli = try CLIHarness()
        try history(cli)
        let out = try cli.ok(["stats"])
        #expect(out.contains("device.procured") && out.contains("total: 6 events"))
    }

    @Test("trust and roster: another site's key is listed once")
    func trustAndRoster() throws {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        try cli.ok(["init", "--db", "south.sqlite", "--site", "south"])
        let south = try cli.ok(["key", "--db", "south.sqlite"]).split(separator: " ").map { $0.trimmingCharacters(in: .newlines) }
        #expect(try cli.ok(["trust", south[0], south[1]]).contains("trusted south"))
        #expect(try cli.ok(["trust", south[0], south[1]]).contains("already trusted"))
        let roster = try cli.ok(["roster"])
        #expect(roster.contains("north (this site)") && roster.contains(south[1]))
        let north = try cli.ok(["key"]).split(separator: " ")[1].trimmingCharacters(in: .newlines)
        #expect(try cli.run(["trust", "south", north]).status == 1)
        #expect(try cli.run(["trust", "south", "AAAA"]).status == 2)
    }
}

import GRDBSQLite

@Suite("medledger: output and messages")
struct OutputTests {
    @Test("a report that cannot be written fails with exit 1 instead of passing for complete")
    func fullDisk() throws {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        try cli.ok(["import", "-"], stdin: CLIHarness.patchLines(50))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: cli.tool)
        process.arguments = ["log", "--db", cli.path("medledger.sqlite"), "--format", "jsonl"]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
    }

    @Test("control characters from the input are escaped in the one-line error")
    func controlCharactersEscaped() throws {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        let result = try cli.run(["import", "-"], stdin: #"{"type":"evil\r\u000bX","at":"2025-01-01","actor":"a","data":{}}"# + "\n")
        #expect(result.status == 2)
        #expect(result.stderr.contains(#"evil\u{d}\u{b}X"#))
        #expect(!result.stderr.dropLast().contains(where: { $0.isNewline || $0 == "\u{b}" }))
    }

    @Test("verify names the key it checked each site with")
    func verifyShowsKey() throws {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        try cli.ok(["import", "-"], stdin: CLIHarness.patchLines(3))
        let keyID = try cli.ok(["roster"]).split(separator: "\n")[1].split(separator: " ", omittingEmptySubsequences: true)[4]
        #expect(try cli.ok(["verify"]).contains("key \(keyID): intact"))
    }
}

@Suite("medledger cvss")
struct CVSSCommandTests {
    @Test("cvss prints each vector's base score and severity, as a table or as JSON")
    func scores() throws {
        let cli = try CLIHarness()
        let json = try cli.ok(["cvss", "--format", "json", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H",
                               "CVSS:3.0/AV:A/AC:H/PR:N/UI:N/S:C/C:L/I:H/A:L"])
        #expect(json == #"[{"score":10,"severity":"critical","vector":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H","version":"3.1"},{"score":7.5,"severity":"high","vector":"CVSS:3.0/AV:A/AC:H/PR:N/UI:N/S:C/C:L/I:H/A:L","version":"3.0"}]"# + "\n")
        #expect(try cli.ok(["cvss", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"]).contains("7.5    high      3.1"))
        #expect(try cli.ok(["cvss", "--format", "json", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"])
                == #"[{"score":9.3,"severity":"critical","vector":"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N","version":"4.0"}]"# + "\n")
        let bad = try cli.run(["cvss", "CVSS:3.1/AAV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("metric AAV"))
    }
}
