import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, jsonl, csv
}

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "The audit trail: events in the ledger's total order (at, hlc, site, seq).",
        discussion: """
            All sites and no limit unless asked. --device gives the events whose device is ID
            and those whose data lists it (devices, affects.devices); --cve the events about a
            CVE (cve, or a patch's fixes). --format jsonl writes each event's canonical members
            plus id, leaf and receivedAt; importing that output into the same ledger adds nothing.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only events about this device.") var device: String?
    @Option(help: "Only events of this type.") var type: String?
    @Option(help: "Only events that originated at this site.") var site: String?
    @Option(help: "Only events recorded by this actor.") var actor: String?
    @Option(help: "Only events about this CVE.") var cve: String?
    @Option(help: "Only events that happened at or after this time.") var since: String?
    @Option(help: "Only events that happened at or before this time.") var until: String?
    @Option(help: "At most this many events.") var limit: Int?
    @Option(help: "table, json, jsonl or csv.") var format: LogFormat = .table

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
    }

    func run() throws {
        var filter = LogFilter(device: device, actor: actor, cve: cve, limit: limit)
        if let type {
            guard let eventType = EventType(rawValue: type) else {
                throw CommandFailure.badInput("log: --type: unknown event type \"\(type)\"")
            }
            filter.type = eventType
        }
        if let site { filter.site = try parseSite(site, option: "--site") }
        if let since { filter.since = try parseTime(since, option: "--since") }
        if let until { filter.until = try parseTime(until, option: "--until") }
        let ledger = try global.open()
        switch format {
        case .jsonl:
            try ledger.forEachEvent(matching: filter) { row in
                Output.write(row.interchangeJSON)
                Output.write("\n")
            }
        case .json:
            var first = true
            Output.write("[")
            try ledger.forEachEvent(matching: filter) { row in
                Output.write(first ? "\n" : ",\n")
                first = false
                Output.write(row.interchangeJSON)
            }
            Output.write(first ? "]\n" : "\n]\n")
        case .csv:
            Output.write(CSV.row(["id", "site", "seq", "at", "type", "device", "actor", "hlc", "receivedAt", "leaf", "data"]))
            try ledger.forEachEvent(matching: filter) { row in
                Output.write(CSV.row([row.id.description, row.id.site.rawValue, String(row.id.seq), row.at.rfc3339, row.type,
                                      row.device ?? "", row.actor, row.hlc, row.receivedAt.rfc3339, row.leaf.hex,
                                      String(decoding: row.dataJSON, as: UTF8.self)]))
            }
        case .table:
            try writeTable(ledger, filter)
        }
    }

    /// Aligned columns; widths come from the first rows (so the output streams), the data
    /// column is cut to the terminal's width when writing to one.
    private func writeTable(_ ledger: Ledger, _ filter: LogFilter) throws {
        let headers = ["ID", "AT", "TYPE", "DEVICE", "ACTOR", "RECEIVED", "DATA"]
        let width = Output.terminalWidth
        var table = TextTable(headers)
        var count = 0
        func cells(_ row: LogRow) -> [String] {
            [row.id.description, row.at.rfc3339, row.type, row.device ?? "-", row.actor, row.receivedAt.rfc3339,
             String(decoding: row.dataJSON, as: UTF8.self)]
        }
        var widths: [Int]? = nil
        try ledger.forEachEvent(matching: filter) { row in
            count += 1
            if widths == nil {
                table.append(cells(row))
                if table.rows.count == 1000 {
                    Output.write(table.render(maximumWidth: width))
                    widths = headers.indices.map { i in table.rows.reduce(headers[i].count) { max($0, $1[i].count) } }
                }
            } else if let widths {
                var line = ""
                for (i, cell) in cells(row).enumerated() {
                    line += i < widths.count - 1 ? cell.padding(toLength: max(widths[i], cell.count), withPad: " ", startingAt: 0) + "  " : cell
                }
                if let width, line.count > width { line = String(line.prefix(width - 1)) + "…" }
                Output.line(line)
            }
        }
        if widths == nil {
            if table.rows.isEmpty && Output.isTerminal {
                Output.line("no events")
            } else {
                Output.write(table.render(maximumWidth: width))
            }
        }
        if Output.isTerminal && count > 0 { Output.line("\(count) event\(count == 1 ? "" : "s")") }
    }
}

enum CheckpointFormat: String, ExpressibleByArgument, CaseIterable {
    case text, jsonl
}

struct CheckpointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoints",
        abstract: "The signed checkpoints of every origin's Merkle tree.",
        discussion: """
            text: the C2SP signed notes, separated by blank lines. jsonl: one object a line,
            {"note", "root" (base64), "site", "size"}. With 'log --format jsonl' and a site's
            public key, they let anyone re-derive every leaf and root and check every signature.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this site's checkpoints.") var site: String?
    @Option(help: "text or jsonl.") var format: CheckpointFormat = .text

    func run() throws {
        let site = try site.map { try parseSite($0, option: "--site") }
        var first = true
        try global.open().forEachCheckpoint(site: site) { checkpoint in
            switch format {
            case .text:
                if !first { Output.line() }
                first = false
                Output.write(checkpoint.note)
            case .jsonl:
                let object: JSONObject = [
                    "site": .string(checkpoint.site.rawValue), "size": .number(Double(checkpoint.size)),
                    "root": .string(checkpoint.root.base64), "note": .string(checkpoint.note),
                ]
                Output.write(CanonicalJSON.encode(.object(object)))
                Output.line()
            }
        }
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every leaf, tree and checkpoint signature.",
        discussion: """
            Exit 0 with one summary line per site when the ledger is intact; exit 1 naming the
            first event that does not match otherwise.
            """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let ledger = try global.open()
        let report = try ledger.verify()
        let keys = Dictionary(uniqueKeysWithValues: try ledger.roster().map { ($0.site, $0) })
        for site in report.sites {
            let keyID = keys[site.site].map { Hex.encode($0.verifier.keyID) } ?? "?"
            print("\(site.site): \(site.events) event\(site.events == 1 ? "" : "s"), \(site.checkpoints) checkpoint\(site.checkpoints == 1 ? "" : "s"), root \(site.root.base64), key \(keyID): intact")
        }
        if let failure = report.failure {
            throw CommandFailure.refused("verify failed: \(failure)")
        }
        // A fork is no damage to this log, but proof that an origin signed two histories.
        let forks = try ledger.forks()
        for fork in forks {
            print("FORK: \(fork.site) signed a checkpoint at size \(fork.size) (root \(fork.root.base64)) that contradicts its tree held here at size \(fork.heldSize) (root \(fork.heldRoot.base64)); received \(fork.receivedAt.rfc3339)")
        }
        if !forks.isEmpty {
            throw CommandFailure.refused("verify failed: \(forks.count) fork\(forks.count == 1 ? "" : "s") kept as evidence: \(Set(forks.map(\.site.rawValue)).sorted().joined(separator: ", ")) signed two different histories")
        }
        // The roster sits in the same file as the log: someone who rewrote both could re-sign
        // everything under a key of their own. This site's key file is a second witness.
        if let own = keys[ledger.site], let key = try? ledger.loadKey(), key.publicKeyBase64 != own.publicKeyBase64 {
            throw CommandFailure.refused("verify failed: the roster's key for \(ledger.site) is not the public half of \(KeyFile.path(forLedger: ledger.path))")
        }
        if report.sites.isEmpty { print("empty ledger: nothing to verify") }
    }
}

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Events per site and type, checkpoints, and database size.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let ledger = try global.open()
        let stats = try ledger.stats()
        print("ledger \(ledger.path) of site \(ledger.site)\((try ledger.meta("name")).map { " (\($0))" } ?? "")")
        var table = TextTable(["SITE", "TYPE", "EVENTS"])
        for site in stats.sites {
            for entry in site.byType { table.append([site.site.rawValue, entry.type, String(entry.count)]) }
            table.append([site.site.rawValue, "all (\(site.checkpoints) checkpoint\(site.checkpoints == 1 ? "" : "s"))", String(site.events)])
        }
        Output.write(table.render())
        print("total: \(stats.totalEvents) events; database \(formatBytes(stats.databaseBytes)), write-ahead log \(formatBytes(stats.walBytes))")
        let cachePath = FeedCache.path(forLedger: global.path)
        if FileManager.default.fileExists(atPath: cachePath) {
            let size = (try? FileManager.default.attributesOfItem(atPath: cachePath)[.size] as? Int64) ?? 0
            print("feed cache: \(try FeedCache(path: cachePath).count()) records of OSV and NVD, \(formatBytes(size)) (\(cachePath); not signed, not synced)")
        }
    }
}

/// Bytes in binary units, one decimal.
func formatBytes(_ bytes: Int64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024, unit < units.count - 1 {
        value /= 1024
        unit += 1
    }
    return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
}
