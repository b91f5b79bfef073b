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
            is appended and the command says which event holds it.
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
        case .appended(let id): print(id)
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
            is appended.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The JSON Lines file, or - for standard input.") var file: String

    func run() throws {
        let reader = try JSONLinesReader(path: file)
        let ledger = try global.open()
        let key = try ledger.loadKey()
        let source = file == "-" ? "standard input" : file
        let summary: AppendSummary
        do { summary = try ledger.importLines(from: reader, key: key) } catch let LedgerError.badEvent(line, error) {
            throw CommandFailure.badInput("import: \(source): line \(line ?? 0): \(error)")
        }
        print("appended \(summary.appended), already held \(summary.alreadyHeld)")
    }
}

