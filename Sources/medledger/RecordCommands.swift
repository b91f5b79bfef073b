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
        let reader = try LineReader(path: file)
        let ledger = try global.open()
        let key = try ledger.loadKey()
        let source = file == "-" ? "standard input" : file
        let (_, summary) = try ledger.append(key: key) { appender in
            while let (number, line) = try reader.next() {
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                let draft: EventDraft
                do { draft = try EventDraft(interchange: line) } catch {
                    throw CommandFailure.badInput("import: \(source): line \(number): \(error)")
                }
                try appender.append(draft)
            }
        }
        print("appended \(summary.appended), already held \(summary.alreadyHeld)")
    }
}

/// Reads a file (or standard input) line by line through one buffer, so a file of any length
/// is read in constant memory. Lines longer than `maximumLineBytes` are refused.
final class LineReader {
    static let maximumLineBytes = 16 << 20

    private let fd: Int32
    private let ownsDescriptor: Bool
    private let name: String
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity = 1 << 20
    private var start = 0
    private var end = 0
    private var atEOF = false
    private var lineNumber = 0

    init(path: String) throws {
        if path == "-" {
            fd = STDIN_FILENO
            ownsDescriptor = false
            name = "standard input"
        } else {
            fd = open(path, O_RDONLY)
            guard fd >= 0 else {
                throw CommandFailure.badInput("import: cannot read \(path): \(String(cString: strerror(errno)))")
            }
            var info = stat()
            if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                close(fd)
                throw CommandFailure.badInput("import: \(path) is a directory")
            }
            ownsDescriptor = true
            name = path
        }
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        if ownsDescriptor { close(fd) }
        buffer.deallocate()
    }

    /// The next line (without its newline) and its 1-based number, or nil at the end. The
    /// line's bytes are valid until the next call.
    func next() throws -> (Int, UnsafeBufferPointer<UInt8>)? {
        while true {
            if start < end, let p = memchr(buffer + start, 0x0A, end - start) {
                let newline = buffer.distance(to: p.assumingMemoryBound(to: UInt8.self))
                lineNumber += 1
                let line = UnsafeBufferPointer(start: buffer + start, count: newline - start)
                start = newline + 1
                return (lineNumber, line)
            }
            if atEOF {
                guard start < end else { return nil }
                lineNumber += 1
                let line = UnsafeBufferPointer(start: buffer + start, count: end - start)
                start = end
                return (lineNumber, line)
            }
            // Move the partial line to the front, grow if one line fills the buffer, read more.
            if start > 0 {
                let count = end - start
                memmove(buffer, buffer + start, count)
                start = 0
                end = count
            }
            if end == capacity {
                guard capacity < Self.maximumLineBytes else {
                    throw CommandFailure.badInput("import: \(name): line \(lineNumber + 1): longer than \(Self.maximumLineBytes >> 20) MiB")
                }
                let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                larger.update(from: buffer, count: end)
                buffer.deallocate()
                buffer = larger
                capacity *= 2
            }
            let count = read(fd, buffer + end, capacity - end)
            if count < 0 {
                if errno == EINTR { continue }
                throw CommandFailure.badInput("import: cannot read \(name): \(String(cString: strerror(errno)))")
            }
            if count == 0 { atEOF = true } else { end += count }
        }
    }
}
