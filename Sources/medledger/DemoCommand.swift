import ArgumentParser
import Foundation
import LedgerCore
import LedgerFleet
import LedgerStore

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
        for (_, ledger, _) in made {
            let report = try ledger.verify()
            guard report.isIntact else { throw CommandFailure.refused("demo: \(ledger.path) does not verify: \(report.failure!)") }
        }
        let north = made[0].1.path
        let sampleDevice = sites[0].events.first { $0.type == .deviceProcured }?.device ?? "DEVICE"
        print("""

            Every ledger verifies. Explore one site (the others are beside it):

              export MEDLEDGER_DB=\(north)
              medledger stats                          # events per type, checkpoints, size
              medledger log --device \(sampleDevice)          # one device's audit trail
              medledger log --cve CVE-2021-44228       # everything about Log4Shell
              medledger log --type patch.applied --format csv
              medledger log --since 2025-06-01 --until 2025-06-30 --format jsonl
              medledger checkpoints --site \(made[0].0.id)               # the signed tree heads
              medledger key                            # this site's public key
              medledger roster                         # the sites it trusts
              medledger verify                         # recompute every leaf, root and signature
            """)
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
