import Foundation
import Testing

/// `medledger bundle`: three ledgers made with `init`, keys exchanged with `trust`, events
/// carried by hand A → B → C.
@Suite("bundle create, vector and import")
struct BundleCommandTests {
    /// Three trusting ledgers a, b, c in one harness folder, a with `count` events.
    func threeSites(_ cli: CLIHarness, count: Int = 12) throws {
        var keys: [String: String] = [:]
        for site in ["a", "b", "c"] {
            let out = try cli.ok(["init", "--site", site, "--db", "\(site).sqlite"])
            keys[site] = out.split(separator: "\n").last.map(String.init)
        }
        for x in ["a", "b", "c"] {
            for y in ["a", "b", "c"] where x != y {
                let parts = keys[y]!.split(separator: " ").map(String.init)
                try cli.ok(["trust", "--db", "\(x).sqlite", parts[0], parts[1]])
            }
        }
        _ = try cli.write("a.jsonl", CLIHarness.patchLines(count))
        try cli.ok(["import", "--db", "a.sqlite", "a.jsonl"])
    }

    /// `log --format jsonl` without `receivedAt` (each site's own statement).
    func log(_ cli: CLIHarness, _ db: String, site: String? = nil) throws -> [String] {
        let out = try cli.ok(["log", "--db", db, "--format", "jsonl"] + (site.map { ["--site", $0] } ?? []))
        return out.split(separator: "\n").map { line in
            line.replacingOccurrences(of: #","receivedAt":"[^"]*""#, with: "", options: .regularExpression)
        }
    }

    @Test("A to B to C by bundle: C holds A's events, verified with A's key, though A and C never met")
    func relayByBundle() throws {
        let cli = try CLIHarness()
        try threeSites(cli)
        try cli.ok(["record", "--db", "b.sqlite", "device.deployed", "--device", "PUMP-1", "--at", "2025-02-01", "--actor", "biomed.b"])
        let created = try cli.ok(["bundle", "create", "--db", "a.sqlite", "a.bundle"])
        #expect(created.contains("12 events"))
        #expect(try cli.ok(["bundle", "import", "--db", "b.sqlite", "a.bundle"]).contains("12 events stored"))
        // Only what C lacks: C writes its vector, B cuts the bundle for it.
        try cli.ok(["bundle", "vector", "--db", "c.sqlite", "c.vector"])
        try cli.ok(["bundle", "create", "--db", "b.sqlite", "b.bundle", "--for-vector", "c.vector"])
        #expect(try cli.ok(["bundle", "import", "--db", "c.sqlite", "b.bundle"]).contains("13 events stored"))
        #expect(try log(cli, "c.sqlite") == log(cli, "b.sqlite"))
        #expect(try log(cli, "c.sqlite", site: "a") == log(cli, "a.sqlite"))
        for db in ["a.sqlite", "b.sqlite", "c.sqlite"] {
            #expect(try cli.ok(["verify", "--db", db]).contains("intact"))
        }
        #expect(try cli.ok(["verify", "--db", "c.sqlite"]).contains("a: 12 events"))
        // Importing again adds nothing; a bundle for C's new vector is empty.
        #expect(try cli.ok(["bundle", "import", "--db", "c.sqlite", "b.bundle"]).contains("0 events stored, 13 already held"))
        try cli.ok(["bundle", "vector", "--db", "c.sqlite", "c.vector"])
        #expect(try cli.ok(["bundle", "create", "--db", "b.sqlite", "again.bundle", "--for-vector", "c.vector"]).contains("0 events"))
    }

    /// Runs `bundle import` of a hostile file into c and checks the refusal.
    func refuse(_ cli: CLIHarness, _ file: String, naming code: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try log(cli, "c.sqlite")
        let result = try cli.run(["bundle", "import", "--db", "c.sqlite", file])
        #expect(result.status == 1, sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("medledger: bundle import: \(file): \(code):"), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").count == 1, sourceLocation: sourceLocation)
        #expect(try log(cli, "c.sqlite") == before, sourceLocation: sourceLocation)
    }

    @Test("tampered bundles are refused with one line, exit 1, and nothing stored")
    func tamperedBundles() throws {
        let cli = try CLIHarness()
        try threeSites(cli)
        try cli.ok(["bundle", "create", "--db", "a.sqlite", "a.bundle"])
        let good = try Data(contentsOf: URL(fileURLWithPath: cli.path("a.bundle")))
        // A flipped byte in the compressed batch.
        var flipped = good
        flipped[good.count - 40] ^= 0x01
        try flipped.write(to: URL(fileURLWithPath: cli.path("flipped.bundle")))
        try refuse(cli, "flipped.bundle", naming: "bad-compression")
        // Cut short.
        try good.prefix(good.count - 7).write(to: URL(fileURLWithPath: cli.path("short.bundle")))
        try refuse(cli, "short.bundle", naming: "malformed")
        // Checkpoints signed by another key claiming to be a: a second ledger named a.
        try cli.ok(["init", "--site", "a", "--db", "forger.sqlite"])
        _ = try cli.write("forged.jsonl", CLIHarness.patchLines(3, offset: 500))
        try cli.ok(["import", "--db", "forger.sqlite", "forged.jsonl"])
        try cli.ok(["bundle", "create", "--db", "forger.sqlite", "forged.bundle"])
        try refuse(cli, "forged.bundle", naming: "bad-signature")
        // An origin c does not trust.
        try cli.ok(["init", "--site", "stranger", "--db", "stranger.sqlite"])
        try cli.ok(["import", "--db", "stranger.sqlite", "forged.jsonl"])
        try cli.ok(["bundle", "create", "--db", "stranger.sqlite", "stranger.bundle"])
        try refuse(cli, "stranger.bundle", naming: "unknown-origin")
        // Not a bundle at all.
        _ = try cli.write("text.bundle", "hello\n")
        try refuse(cli, "text.bundle", naming: "frame-too-large")  // "hell" read as a length
        #expect(try cli.ok(["verify", "--db", "c.sqlite"]).contains("empty ledger"))
    }

    @Test("a fork is refused, its checkpoint kept as evidence, and verify reports it")
    func forkByBundle() throws {
        let cli = try CLIHarness()
        try threeSites(cli, count: 4)
        // A copy of a (same key) that goes on to sign a different fifth event.
        for suffix in ["", ".key"] {
            try FileManager.default.copyItem(atPath: cli.path("a.sqlite" + suffix), toPath: cli.path("twin.sqlite" + suffix))
        }
        _ = try cli.write("one.jsonl", CLIHarness.patchLines(1, offset: 100))
        _ = try cli.write("other.jsonl", CLIHarness.patchLines(1, offset: 200))
        try cli.ok(["import", "--db", "a.sqlite", "one.jsonl"])
        try cli.ok(["import", "--db", "twin.sqlite", "other.jsonl"])
        try cli.ok(["bundle", "create", "--db", "a.sqlite", "a.bundle"])
        try cli.ok(["bundle", "import", "--db", "c.sqlite", "a.bundle"])
        try cli.ok(["bundle", "create", "--db", "twin.sqlite", "twin.bundle"])
        try refuse(cli, "twin.bundle", naming: "fork")
        let verify = try cli.run(["verify", "--db", "c.sqlite"])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("FORK: a signed a checkpoint at size 5"))
        #expect(verify.stderr.contains("1 fork kept as evidence: a signed two different histories"))
    }
}
