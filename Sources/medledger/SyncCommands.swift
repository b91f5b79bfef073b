import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore
import LedgerSync

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
