import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Append one event; print its id SITE:SEQ.",
        discussion: """
            TYPE is one of: \(EventType.allCases.map(\.rawValue).joined(separator: ", ")).
            If the ledger already holds the same fact (type, device, at, actor and data), nothing
            is appended and the command says which event holds it. A device.procured with a
            cpe, a cpe.assigned or an sbom.recorded also records the vulnerability records of
            the feed cache (import-osv, import-nvd) that it makes touch the fleet.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The event type, e.g. patch.applied.") var type: String
    @Option(help: "The device the event is about (required for device events).") var device: String?
    @Option(help: "When it happened: RFC 3339 time with a zone, or a date.") var at: String
    @Option(help: "Who records it, e.g. biomed.jlee.") var actor: String
    @Option(help: "The payload, a JSON object.") var data: String = "{}"

    func run() throws {
        guard let eventType = EventType(rawValue: type) else {
            throw CommandFailure.badInput("record: unknown event type \"\(type)\" (one of \(EventType.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let time = try parseTime(at, option: "--at")
        let payload: JSONObject
        do { payload = try JSONParser.parseObject(Array(data.utf8)) } catch {
            throw CommandFailure.badInput("record: --data is not a JSON object: \(error)")
        }
        let draft: EventDraft
        do { draft = try EventDraft(type: eventType, device: device, at: time, actor: actor, data: payload) } catch {
            throw CommandFailure.badInput("record: \(error)")
        }
        let ledger = try global.open()
        let key = try ledger.loadKey()
        let (outcome, _) = try ledger.append(key: key) { try $0.append(draft) }
        switch outcome {
        case .appended(let id):
            print(id)
            if let payload = FeedIntake.holdings(of: draft.canonical) {
                try FeedIntake.recordCached(touching: [payload], ledgerPath: global.path, ledger: ledger, actor: actor)
            }
        case .alreadyHeld(let id): print("already held as \(id); nothing appended")
        }
    }
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Append a JSON Lines file of events (- for standard input), all or nothing.",
        discussion: """
            One event per line: {"type", "device", "at", "actor", "data"}. Lines written by
            'medledger log --format jsonl' are accepted as they are (their id, leaf, receivedAt,
            v, site, seq and hlc are read past). Facts the ledger already holds are counted,
            not appended again. The first bad line stops the import and nothing of the file
            is appended. The vulnerability records of the feed cache that the imported CPEs
            and SBOMs make touch the fleet are recorded after, by the actor of the line that
            brought each.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The JSON Lines file, or - for standard input.") var file: String

    func run() throws {
        let reader = try JSONLinesReader(path: file)
        let ledger = try global.open()
        let key = try ledger.loadKey()
        let source = file == "-" ? "standard input" : file
        let summary: AppendSummary
        // Who recorded a CPE or an SBOM also records the cached records it makes relevant
        // (a ledger without a feed cache has none: its SBOMs are not kept in memory for that).
        let hasFeedCache = FileManager.default.fileExists(atPath: FeedCache.path(forLedger: global.path))
        var holdings: [(actor: String, payload: FactPayload)] = []
        do {
            summary = try ledger.importLines(from: reader, key: key) { draft in
                if hasFeedCache, let payload = FeedIntake.holdings(of: draft) { holdings.append((draft.actor, payload)) }
            }
        } catch let LedgerError.badEvent(line, error) {
            throw CommandFailure.badInput("import: \(source): line \(line ?? 0): \(error)")
        }
        print("appended \(summary.appended), already held \(summary.alreadyHeld)")
        var actors: [String] = []
        for (actor, _) in holdings where !actors.contains(actor) { actors.append(actor) }
        for actor in actors {
            try FeedIntake.recordCached(touching: holdings.filter { $0.actor == actor }.map(\.payload),
                                        ledgerPath: global.path, ledger: ledger, actor: actor)
        }
    }
}

