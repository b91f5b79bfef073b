import ArgumentParser
import Foundation
import LedgerCore
import LedgerFleet
import LedgerFormats
import LedgerStore
import LedgerSync

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a small realistic health system and show how to explore it.",
        discussion: """
            Three sites, a few dozen devices and a year of their history (procurement, SBOM, MDS2,
            vulnerabilities, patches, mitigations, incidents, end of life, decommissioning), one
            ledger per site in DIR (default: a new temporary folder), each site trusting the
            others' keys. Refuses to overwrite ledgers already in DIR.
            """)

    @Option(help: "Where to create the ledgers (default: a new temporary folder).") var dir: String?

    func run() throws {
        let folder = try makeFolder()
        let sites = DemoHealthSystem.sites()
        var made: [(DemoSite, Ledger, SiteKey)] = []
        for site in sites {
            let path = (folder as NSString).appendingPathComponent("\(site.id).sqlite")
            let (ledger, key) = try Ledger.create(path: path, site: site.id, name: site.name)
            made.append((site, ledger, key))
        }
        for (_, ledger, _) in made {
            for (_, _, other) in made where other.site != ledger.site {
                _ = try ledger.trust(site: other.site, publicKeyBase64: other.publicKeyBase64)
            }
        }
        print("medledger demo: a health system of \(sites.count) sites in \(folder)")
        print()
        var table = TextTable(["SITE", "NAME", "DEVICES", "EVENTS", "LEDGER"])
        for (site, ledger, key) in made {
            let (_, summary) = try ledger.append(key: key) { appender in
                for draft in site.events { try appender.append(draft) }
            }
            let devices = Set(site.events.compactMap { $0.type == .deviceProcured ? $0.device : nil }).count
            table.append([site.id.rawValue, site.name, String(devices), String(summary.appended), ledger.path])
        }
        Output.write(table.render())
        let story = try log4ShellStory(north: made[0], sites: sites)
        print("")
        print(story)
        // The sites exchange what the others lack, as bundles (the same verified batches a sync
        // session sends), until each holds every site's events.
        let exchange = (folder as NSString).appendingPathComponent("exchange")
        try? FileManager.default.createDirectory(atPath: exchange, withIntermediateDirectories: true)
        for _ in 0..<2 {
            for (_, from, _) in made {
                for (_, to, _) in made where to.site != from.site {
                    let vector = (exchange as NSString).appendingPathComponent("\(to.site).vector")
                    let bundle = (exchange as NSString).appendingPathComponent("\(from.site)-to-\(to.site).bundle")
                    try SyncBundle.writeVector(of: to, to: vector)
                    try SyncBundle.create(from: from, at: bundle, for: try SyncBundle.readVector(at: vector))
                    try SyncBundle.import(at: bundle, into: to)
                }
            }
        }
        let total = try made[0].1.stats().totalEvents
        print("")
        print("The sites exchanged bundles (\(exchange)): each now holds all \(total) events, checked against each origin's key.")
        for (_, ledger, _) in made {
            let report = try ledger.verify()
            guard report.isIntact else { throw CommandFailure.refused("demo: \(ledger.path) does not verify: \(report.failure!)") }
        }
        let north = made[0].1.path
        let procured = sites[0].events.filter { $0.type == .deviceProcured }.compactMap(\.device)
        let sampleDevice = procured.first { $0.hasPrefix("PUMP") } ?? procured.first ?? "DEVICE"
        let tool = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
        func line(_ command: String, _ comment: String) -> String {
            "  " + command.padding(toLength: max(command.count, 48), withPad: " ", startingAt: 0) + " # " + comment
        }
        print("")
        print("Every ledger verifies. Explore one site (the others are beside it):")
        print("")
        print("  alias medledger=\(tool)")
        print("  export MEDLEDGER_DB=\(north)")
        print(line("medledger stats", "events per type, checkpoints, size"))
        print(line("medledger log --device \(sampleDevice)", "one device's audit trail"))
        print(line("medledger log --cve CVE-2021-44228", "everything about Log4Shell"))
        print(line("medledger log --type patch.applied --format csv", "every patch applied, as CSV"))
        print(line("medledger log --since 2025-06-01 --until 2025-06-30", "what happened in June"))
        print(line("medledger checkpoints --site \(made[0].0.id)", "the signed tree heads"))
        print(line("medledger key", "this site's public key"))
        print(line("medledger roster", "the sites it trusts"))
        print(line("medledger verify", "recompute every leaf, root and signature"))
        print(line("medledger report compliance --as-of 2025-12-31", "which supplier broke which term, with evidence"))
        print(line("medledger report exposure --as-of 2025-06-30", "open vulnerabilities as they stood that day"))
        print(line("medledger report suppliers --as-of 2025-12-31", "days to patch against the contracts"))
        print(line("medledger show device GW-C-0001 --as-of 2025-12-31", "a gateway left open to Log4Shell"))
        print(line("medledger replay --cve CVE-2021-44228", "what each event changed, in order"))
        print(line("medledger show device \(Self.log4jGateway)", "log4j-core 2.6.1 matched to Log4Shell, and why"))
        print(line("medledger match --device \(Self.log4jGateway)", "every cached OSV record it matches"))
        print(line("medledger log --cve GHSA-jfh8-c2jp-5v3q", "the GHSA record and the CVE are one flaw"))
    }

    /// The gateway whose real SBOM holds log4j-core 2.6.1.
    static let log4jGateway = "GW-N-0001"

    /// Log4Shell told with the real files: at north, a second Alaris Systems Manager server
    /// whose SBOM is cdxgen's real one (log4j-core 2.6.1), and GitHub's real OSV record of
    /// Log4Shell imported as `import-osv` imports it (into north's feed cache, and recorded
    /// because it names a package the fleet holds). The server is exposed, KEV-listed and past
    /// the contract's days; the PACS, whose SBOM lists log4j-core 2.17.1, is not matched.
    private func log4ShellStory(north: (DemoSite, Ledger, SiteKey), sites: [DemoSite]) throws -> String {
        let (site, ledger, key) = north
        let template = sites.flatMap(\.events).first { $0.type == .deviceProcured && $0.data["model"]?.stringValue == "Alaris Systems Manager" }
        guard let template else { throw CommandFailure.refused("demo: the health system has no Alaris Systems Manager to copy") }
        var procurement = JSONObject(template.data.members.filter { $0.name != "serial" })
        procurement.append("serial", "ASM-N-2025-0001")
        let at = try LedgerTime(rfc3339: "2025-03-03T09:00:00Z")
        let actor = site.events.first { $0.type == .deviceProcured }?.actor ?? "procurement"
        var drafts = [try EventDraft(type: .deviceProcured, device: Self.log4jGateway, at: at, actor: actor, data: procurement)]
        let sbom = try Array(DemoFeeds.log4jSBOM.utf8).withUnsafeBufferPointer { bytes in
            try SBOMReader.read(bytes, device: Self.log4jGateway, context: ImportContext(actor: actor, at: at.adding(days: 1), now: at))
        }
        drafts += sbom.drafts
        _ = try ledger.append(key: key) { appender in for d in drafts { try appender.append(d) } }
        let record = try Array(DemoFeeds.log4ShellRecord.utf8).withUnsafeBufferPointer { try OSVReader.read($0, now: at) }
        let cache = try FeedCache(path: FeedCache.path(forLedger: ledger.path))
        let summary = try cache.write { writer in
            try writer.insert(FeedIntake.cached(record))
            return try FeedIntake.record([record], in: ledger, actor: "secops@\(site.id)")
        }
        return "Log4Shell, with the real files: \(Self.log4jGateway) at \(site.id) runs cdxgen's SBOM (log4j-core 2.6.1); "
            + "GitHub's OSV record \(record.id) went into the feed cache and the log (\(summary.appended) vulnerability.recorded)."
    }

    private func makeFolder() throws -> String {
        if let dir {
            do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                throw CommandFailure.badInput("demo: cannot create \(dir): \(error.localizedDescription)")
            }
            return dir
        }
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("medledger-demo-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw CommandFailure.refused("demo: cannot create a temporary folder: \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
    }
}
