import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore
import LedgerSync
import LedgerSyncNIO
import Logging

/// The limits of Protocol/SYNC.md §8 that a receiver applies, as options.
struct SyncLimitOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Largest frame accepted, in bytes.", valueName: "bytes"))
    var maxFrameBytes: Int = SyncLimits.default.maximumFrameBytes
    @Option(help: ArgumentHelp("Largest batch body accepted once inflated, in bytes.", valueName: "bytes"))
    var maxBatchBytes: Int = SyncLimits.default.maximumBatchBytes
    @Option(help: ArgumentHelp("Most events accepted in one batch.", valueName: "count"))
    var maxBatchEvents: Int = SyncLimits.default.maximumBatchEvents

    func validate() throws {
        guard maxFrameBytes >= 1024, maxFrameBytes <= Int(UInt32.max) else {
            throw ValidationError("--max-frame-bytes must be from 1024 to \(UInt32.max)")
        }
        guard maxBatchBytes >= 1024, maxBatchEvents >= 1 else {
            throw ValidationError("--max-batch-bytes must be at least 1024 and --max-batch-events at least 1")
        }
    }

    var limits: SyncLimits {
        SyncLimits(maximumFrameBytes: maxFrameBytes, maximumBatchBytes: maxBatchBytes, maximumBatchEvents: maxBatchEvents)
    }
}

struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Carry events between sites in a file, for sites with no network path between them.",
        discussion: """
            A bundle holds the same batches as a sync session (Protocol/SYNC.md §10): each
            origin's events in seq order with that origin's signed checkpoints. Importing one
            verifies every batch exactly as sync does, with the keys of this ledger's roster.

            To send only what another site lacks: at that site run 'medledger bundle vector
            FILE', carry FILE here, and run 'medledger bundle create BUNDLE --for-vector FILE'.
            """,
        subcommands: [BundleCreateCommand.self, BundleImportCommand.self, BundleVectorCommand.self])
}

struct BundleCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Write the events another site lacks (or all of them) to a bundle file.",
        discussion: "The file appears whole or not at all; an existing file is replaced.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The bundle file to write.") var file: String
    @Option(name: .customLong("for-vector"), help: ArgumentHelp("A vector file written by 'medledger bundle vector' at the destination: only what it lacks is written.", valueName: "file"))
    var vectorFile: String?
    @OptionGroup var limitOptions: SyncLimitOptions

    func run() throws {
        let ledger = try global.open()
        var vector = VersionVector.empty
        if let vectorFile {
            do { vector = try SyncBundle.readVector(at: vectorFile, limits: limitOptions.limits) } catch let error as SyncError {
                throw CommandFailure.badInput("bundle create: \(vectorFile): \(error)")
            }
        }
        let summary: SendSummary
        do { summary = try SyncBundle.create(from: ledger, at: file, for: vector, limits: limitOptions.limits) } catch let error as SyncError {
            throw CommandFailure.refused("bundle create: \(error)")
        }
        print("wrote \(file): \(summary.events) event\(summary.events == 1 ? "" : "s") in \(summary.batches) batch\(summary.batches == 1 ? "" : "es"), \(summary.frameBytes) bytes of batches for \(summary.canonicalBytes) canonical bytes\(ratio(summary.frameBytes, summary.canonicalBytes))")
    }
}

struct BundleImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Verify and store the events of a bundle file.",
        discussion: """
            Every batch is checked as sync checks it: canonical bytes rebuilt, the origin's tree
            recomputed, each checkpoint verified with the origin's key on this roster. Each
            batch is stored whole in its own transaction; the first refused batch stops the
            import (exit 1) and nothing of it is stored. Importing a bundle twice adds nothing.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The bundle file.") var file: String
    @OptionGroup var limitOptions: SyncLimitOptions

    func run() throws {
        let ledger = try global.open()
        let summary: BundleImportSummary
        do { summary = try SyncBundle.import(at: file, into: ledger, limits: limitOptions.limits) } catch let error as SyncError {
            throw CommandFailure.refused("bundle import: \(file): \(error)")
        }
        let received = summary.received
        print("imported \(file) from \(summary.writer.map(\.rawValue) ?? "?"): \(received.stored) event\(received.stored == 1 ? "" : "s") stored, \(received.alreadyHeld) already held, \(received.checkpoints) checkpoint\(received.checkpoints == 1 ? "" : "s"), \(summary.batches) batch\(summary.batches == 1 ? "" : "es")")
        if received.stored > 0 { try FeedIntake.recordCachedAfterReceiving(ledgerPath: global.path, ledger: ledger) }
    }
}

struct BundleVectorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vector",
        abstract: "Write what this ledger holds (its version vector) to a file, for 'bundle create --for-vector'.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The vector file to write.") var file: String

    func run() throws {
        let ledger = try global.open()
        try SyncBundle.writeVector(of: ledger, to: file)
        let held = try ledger.heldOrigins()
        print("wrote \(file): \(held.count) origin\(held.count == 1 ? "" : "s"), \(held.reduce(0) { $0 + $1.size }) events held")
    }
}

/// ", ratio 0.123" of wire bytes to canonical bytes, when there were any.
func ratio(_ wire: Int, _ raw: Int) -> String {
    raw == 0 ? "" : String(format: " (ratio %.3f)", Double(wire) / Double(raw))
}

/// `HOST:PORT`, with `[v6]:PORT` for IPv6 addresses.
func parseEndpoint(_ text: String, option: String) throws -> (host: String, port: Int) {
    guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else {
        throw CommandFailure.badInput("\(option): \"\(text)\" is not HOST:PORT")
    }
    var host = String(text[..<colon])
    if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    guard !host.isEmpty else { throw CommandFailure.badInput("\(option): \"\(text)\" has no host") }
    return (host, port)
}

/// The transport's options: timeouts.
struct SyncTimeoutOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Seconds from connecting to the peer's first frame (TLS included).", valueName: "seconds"))
    var handshakeTimeout: Double = 10
    @Option(help: ArgumentHelp("Seconds without a byte from the peer before giving up.", valueName: "seconds"))
    var idleTimeout: Double = 60

    func validate() throws {
        guard handshakeTimeout > 0, idleTimeout > 0 else { throw ValidationError("timeouts must be positive") }
    }

    var timeouts: SyncTimeouts {
        SyncTimeouts(handshake: .nanoseconds(Int64(handshakeTimeout * 1e9)), idle: .nanoseconds(Int64(idleTimeout * 1e9)))
    }
}

/// Records a session for `peers`; a failure to record is reported, not fatal.
func record(_ result: SessionResult, in ledger: Ledger) {
    guard let peer = result.peer else { return }
    do {
        try ledger.recordSyncSession(peer: peer, result: result.failure ?? "ok", sent: Int(result.report.sent.events),
                                     received: result.report.received.stored, peerHolds: Frame.vector(result.peerHolds).encoded)
    } catch {
        FileHandle.standardError.write(Data("medledger: cannot record the session with \(peer): \(error)\n".utf8))
    }
}

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve sync sessions to the sites on the roster until stopped.",
        discussion: """
            Mutual TLS 1.3: this site presents a certificate made from its site key and accepts
            a peer only if the peer's certificate carries a key on this roster. Each session
            reads the ledger afresh, so 'record', 'import' and 'sync' may run meanwhile. Logs
            each session (peer, events, bytes, duration) to standard error. SIGINT or SIGTERM
            stops accepting, lets the sessions in flight finish for 30 s, then cuts the rest;
            every session commits the batches it verified before it ends, and serve exits 0.

            A session keeps its received batches in a write transaction committed every
            250,000 events or every 3 s; between commits the write lock stays free for
            120 ms, so a 'record' or 'import' meanwhile waits 3 s at most.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Where to listen, HOST:PORT (port 0: any free port, printed).", valueName: "host:port"))
    var listen: String
    @Option(help: "Most sessions served at once; more are refused with 'busy'.") var maxSessions: Int = 16
    @OptionGroup var limitOptions: SyncLimitOptions
    @OptionGroup var timeoutOptions: SyncTimeoutOptions

    func run() throws {
        let (host, port) = try parseEndpoint(listen, option: "--listen")
        guard maxSessions >= 1 else { throw CommandFailure.badInput("--max-sessions must be at least 1") }
        let ledger = try global.open()
        var logger = Logger(label: "medledger.serve") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .info
        let server = try SyncServer(ledgerPath: global.path, limits: limitOptions.limits, timeouts: timeoutOptions.timeouts,
                                    maxSessions: maxSessions, logger: logger) { result in record(result, in: ledger) }
        let address = try server.start(host: host, port: port)
        print("listening on \(host):\(address.port ?? port) as \(ledger.site)")
        fflush(stdout)
        let stop = DispatchSemaphore(value: 0)
        var sources: [DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            sources.append(source)
        }
        stop.wait()
        logger.info("stopping: finishing the sessions in flight")
        server.stop()
        print("stopped")
    }
}

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Exchange events with a peer running 'medledger serve'.",
        discussion: """
            One session in both directions (or one with --pull-only / --push-only): each side
            sends what the other lacks, every batch verified with its origin's key from the
            receiver's roster and stored whole. Exits 0 when the session finished; a cut
            connection, SIGINT or SIGTERM loses at most the batch in flight, and the next sync
            resumes. On a terminal, standard error shows a progress bar while events move.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("The peer, HOST:PORT.", valueName: "host:port")) var peer: String
    @Flag(help: "Only receive what the peer has.") var pullOnly = false
    @Flag(help: "Only send what the peer lacks.") var pushOnly = false
    @OptionGroup var limitOptions: SyncLimitOptions
    @OptionGroup var timeoutOptions: SyncTimeoutOptions

    func validate() throws {
        guard !(pullOnly && pushOnly) else { throw ValidationError("--pull-only and --push-only exclude each other") }
    }

    func run() throws {
        let (host, port) = try parseEndpoint(peer, option: "--peer")
        let ledger = try global.open()
        let directions: SyncDirections = pullOnly ? .receive : pushOnly ? .send : .both
        let logger = Logger(label: "medledger.sync") { StreamLogHandler.standardError(label: $0) }
        // SIGINT/SIGTERM cut the session: what was verified is committed, then sync exits 1.
        let interruption = SyncInterruption()
        var sources: [DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { interruption.interrupt() }
            source.resume()
            sources.append(source)
        }
        defer { sources.forEach { $0.cancel() } }
        let bar = ProgressBar.onStandardError()
        let result: SessionResult
        do {
            result = try SyncClient.sync(ledgerPath: global.path, host: host, port: port, directions: directions,
                                         limits: limitOptions.limits, timeouts: timeoutOptions.timeouts, logger: logger,
                                         progress: bar.map { bar in { bar.update($0) } }, interruption: interruption)
        } catch {
            bar?.finish()
            throw CommandFailure.refused("sync: cannot reach \(peer): \(error)")
        }
        bar?.finish()
        record(result, in: ledger)
        if interruption.interrupted, !result.succeeded {
            throw CommandFailure.refused("sync with \(result.peer.map(\.rawValue) ?? peer): interrupted; \(result.report.received.stored) events received were stored, the next sync resumes")
        }
        if let failure = result.failure {
            throw CommandFailure.refused("sync with \(result.peer.map(\.rawValue) ?? peer): \(failure)")
        }
        let report = result.report
        let raw = report.sent.canonicalBytes + report.canonicalBytesReceived
        let wire = report.wireBytesIn + report.wireBytesOut
        print("synced with \(result.peer!) (\(peer)): sent \(report.sent.events) events, received \(report.received.stored) (\(report.received.alreadyHeld) already held), \(wire) wire bytes for \(raw) raw bytes\(ratio(wire, raw)), \(String(format: "%.3f", result.seconds)) s")
        if report.received.stored > 0 { try FeedIntake.recordCachedAfterReceiving(ledgerPath: global.path, ledger: ledger) }
    }
}

struct PeersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peers",
        abstract: "Each peer's last sync: when, how it ended, and how many events it is known to lack.",
        discussion: "Forks kept as evidence are listed after the table.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let ledger = try global.open()
        let held = try ledger.heldOrigins()
        var table = TextTable(["PEER", "LAST SYNC", "RESULT", "SENT", "RECEIVED", "LAG"])
        for session in try ledger.lastSyncSessions() {
            var decoder = FrameDecoder(maximumFrameBytes: SyncLimits.default.maximumFrameBytes)
            decoder.append(session.peerHolds)
            var lag = "?"
            if case .vector(let holds)? = try? decoder.next() {
                lag = String(held.reduce(UInt64(0)) { $0 + ($1.size > holds.size(of: $1.site) ? $1.size - holds.size(of: $1.site) : 0) })
            }
            table.append([session.peer.rawValue, session.at.rfc3339, session.result, String(session.sent), String(session.received), lag])
        }
        Output.write(table.render())
        for fork in try ledger.forks() {
            print("FORK: \(fork.site) signed a checkpoint at size \(fork.size) that contradicts its tree held here; received \(fork.receivedAt.rfc3339)")
        }
    }
}
