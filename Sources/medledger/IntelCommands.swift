import ArgumentParser
import Foundation
import LedgerCore
import LedgerFormats
import LedgerReports
import LedgerStore

/// What a feed import does, for OSV and NVD alike: every record read goes into the cache
/// beside the ledger; the records that name a package or CPE the fleet holds are recorded in
/// the log, in one transaction, after which the cache commits (a kill between the two leaves
/// the log complete and the cache behind, which the next import repairs). A record that does
/// not parse refuses the whole import (exit 2, nothing recorded or cached); a malformed range
/// is left out and listed (exit 3) unless `--strict`.
enum FeedIntake {
    struct Counts {
        var files = 0
        var records = 0
        var alreadyCached = 0
        var touching = 0
    }

    static func run(command: String, paths: [String], global: GlobalOptions, options: ImportOptions,
                    read: (UnsafeBufferPointer<UInt8>, LedgerTime) throws(FormatError) -> [FeedRecord]) throws {
        let actor = try options.resolvedActor(command: command)
        let ledger = try global.open()
        let holdings = try FleetHoldings(ledger: ledger)
        let cache = try FeedCache(path: FeedCache.path(forLedger: global.path))
        let now = LedgerTime.now
        var counts = Counts()
        var skipped: [(String, FormatError)] = []
        let summary: AppendSummary = try cache.write { writer in
            var touching: [FeedRecord] = []
            do {
                try FeedSources.forEach(paths) { name, bytes in
                    counts.files += 1
                    // A file or entry whose bytes are cached was read before: nothing to parse.
                    if try writer.contains(sha256: DocumentIdentity.sha256(bytes)) {
                        counts.alreadyCached += 1
                        counts.records += 1
                        return
                    }
                    let records: [FeedRecord]
                    do { records = try read(bytes, now) } catch {
                        throw CommandFailure.badInput("\(command): \(name): \(error) (nothing recorded)")
                    }
                    for record in records {
                        counts.records += 1
                        skipped += record.skipped.map { (name, $0) }
                        try writer.insert(Self.cached(record))
                        if holdings.touches(record.keys) { touching.append(record) }
                    }
                }
            } catch let refusal as FeedSources.Refusal {
                throw CommandFailure.badInput("\(command): \(refusal) (nothing recorded)")
            }
            if options.strict, let (name, first) = skipped.first {
                throw CommandFailure.badInput("\(command): \(name): \(first) (--strict: nothing recorded)")
            }
            counts.touching = touching.count
            return try record(touching, in: ledger, actor: actor)
        }
        let held = try cache.count()
        Output.line("\(command): \(counts.records) record\(counts.records == 1 ? "" : "s") read (\(counts.alreadyCached) already cached), "
                    + "\(counts.touching) touch the fleet: appended \(summary.appended) event\(summary.appended == 1 ? "" : "s")"
                    + (summary.alreadyHeld > 0 ? ", \(summary.alreadyHeld) already held" : "") + "; the cache holds \(held)")
        guard !skipped.isEmpty else { return }
        for (name, error) in skipped { Output.line("skipped: \(name): \(error)") }
        throw CommandFailure(message: "\(command): \(skipped.count) malformed range\(skipped.count == 1 ? "" : "s") left out (listed above); the rest is recorded",
                             exitCode: 3)
    }

    /// Appends the events of `records` the log does not hold yet (by their document's SHA-256:
    /// another actor's import of the same record is the same evidence).
    static func record(_ records: [FeedRecord], in ledger: Ledger, actor: String) throws -> AppendSummary {
        var drafts: [EventDraft] = []
        for record in records where try ledger.events(fromDocument: record.sha256).isEmpty {
            do { drafts += try record.drafts(actor: actor) } catch {
                throw CommandFailure.badInput("\(record.id): \(error)")
            }
        }
        guard !drafts.isEmpty else { return AppendSummary() }
        let key = try ledger.loadKey()
        return try ledger.append(key: key) { appender in
            for draft in drafts { _ = try appender.append(draft) }
        }.1
    }

    static func cached(_ record: FeedRecord) -> FeedCache.Record {
        FeedCache.Record(sha256: record.sha256, source: record.source, id: record.id, modified: record.modified, at: record.at,
                         data: CanonicalJSON.encode(.object(record.data)),
                         kevListing: record.kevListing.map { CanonicalJSON.encode(.object($0)) }, keys: record.keys)
    }

    /// After events arrive from another site (`sync`, `bundle import`): the cached records
    /// that any of the fleet's holdings now meet are recorded, by the user running the command.
    /// The whole fleet's holdings are read (a received batch may hold SBOMs of any device);
    /// silent when the ledger has no cache.
    static func recordCachedAfterReceiving(ledgerPath: String, ledger: Ledger) throws {
        guard FileManager.default.fileExists(atPath: FeedCache.path(forLedger: ledgerPath)) else { return }
        let actor = ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "medledger"
        try recordCached(holdings: try FleetHoldings(ledger: ledger), ledgerPath: ledgerPath, ledger: ledger, actor: actor)
    }

    /// After an SBOM, a CPE or a procurement is recorded: records in the cache that now touch
    /// the fleet are recorded too, so the log holds the evidence for the new holdings. Silent
    /// when the ledger has no cache. Returns how many events it appended.
    @discardableResult
    static func recordCached(touching payloads: [FactPayload], ledgerPath: String, ledger: Ledger, actor: String) throws -> Int {
        let path = FeedCache.path(forLedger: ledgerPath)
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        return try recordCached(holdings: FleetHoldings(payloads: payloads), ledgerPath: ledgerPath, ledger: ledger, actor: actor)
    }

    @discardableResult
    static func recordCached(holdings: FleetHoldings, ledgerPath: String, ledger: Ledger, actor: String) throws -> Int {
        let path = FeedCache.path(forLedger: ledgerPath)
        guard !holdings.keys.isEmpty else { return 0 }
        let cache = try FeedCache(path: path)
        var records: [FeedRecord] = []
        for row in try cache.records(keys: holdings.keys) {
            guard let data = try? JSONParser.parseObject(row.data) else {
                throw LedgerError.corrupt("the feed cache \(path) holds a record \(row.id) that is not JSON: import the feed again")
            }
            records.append(FeedRecord(source: row.source, id: row.id, modified: row.modified, sha256: row.sha256, at: row.at,
                                      data: data, kevListing: row.kevListing.flatMap { try? JSONParser.parseObject($0) },
                                      keys: row.keys, skipped: []))
        }
        let summary = try record(records, in: ledger, actor: actor)
        if summary.appended > 0 {
            Output.line("recorded \(summary.appended) cached vulnerability record\(summary.appended == 1 ? "" : "s") that now touch the fleet")
        }
        return summary.appended
    }
}

struct ImportOSVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-osv",
        abstract: "Read OSV records (a .json record, a folder of them, or osv.dev's .zip archives) into the feed cache; record those that touch the fleet.",
        discussion: """
            Every record goes into the cache beside the ledger (<db>.feeds: not signed, not
            synced, rebuilt by importing again). A record that names a package some recorded
            SBOM holds (by ecosystem and package name) is recorded as vulnerability.recorded,
            with the record's own SHA-256 as its document; one that touches nothing waits in the
            cache until an SBOM makes it relevant. Importing the same records again reads only
            their hashes and adds nothing. A record that does not parse refuses the import
            (exit 2, nothing recorded); a malformed range is left out and listed (exit 3)
            unless --strict.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ImportOptions
    @Argument(help: "OSV records: .json files, folders of them, or .zip archives.") var paths: [String]

    func run() throws {
        try FeedIntake.run(command: "import-osv", paths: paths, global: global, options: options) { bytes, now throws(FormatError) in
            [try OSVReader.read(bytes, now: now)]
        }
    }
}

struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Match an SBOM file's or a device's components and CPEs against the feed cache, recording nothing.",
        discussion: """
            The quick "are we hit?" after a new advisory: every cached OSV and NVD record that
            matches, with why (the component, the range or criterion it fell in). --sbom reads a
            CycloneDX file; --device takes the device's latest SBOM and its own or its model's
            CPE from the ledger. Purls and CPEs that do not read are listed on stderr.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "An SBOM file (CycloneDX JSON).") var sbom: String?
    @Option(help: "A device of the ledger.") var device: String?
    @Option(help: "table, json or csv.") var format: ReportFormat = .table

    func validate() throws {
        guard (sbom == nil) != (device == nil) else { throw ValidationError("give exactly one of --sbom or --device") }
    }

    func run() throws {
        let cachePath = FeedCache.path(forLedger: global.path)
        guard FileManager.default.fileExists(atPath: cachePath) else {
            throw CommandFailure.badInput("match: no feed cache beside \(global.path) (\(cachePath)): import-osv or import-nvd first")
        }
        var components: [SBOMComponent] = []
        var cpes: [String] = []
        if let sbom {
            let read = try withDocument(sbom, command: "match") { bytes in
                try reading(sbom, command: "match") {
                    try SBOMReader.read(bytes, device: "match", context: ImportContext(actor: "match", now: .now))
                }
            }
            if let draft = read.drafts.first, case .sbom(let list) = FactPayload(type: draft.type, data: draft.data) { components = list }
        } else if let device {
            let ledger = try global.open()
            let events = try Investigation.events(concerning: device, ledger: ledger, window: TimeWindow())
            let analysis = Investigation.analysis(of: events, reference: .now)
            guard let facts = analysis.fleet.devices[device], facts.procured != nil else {
                throw CommandFailure.badInput("match: --device \(device): no such device in the ledger (no device.procured)")
            }
            components = facts.sbom?.value ?? []
            cpes = analysis.cpeNames(of: facts).filter { name in !components.contains { $0.cpe == name } }
        }
        let result = try FeedMatch.run(components: components, cpes: cpes, cache: try FeedCache(path: cachePath), reference: .now)
        for name in result.unreadable { FileHandle.standardError.write(Data("medledger: match: unreadable \(name): not matched\n".utf8)) }
        write(result.table, format: format, emptyNote: "no match: none of \(components.count) components\(cpes.isEmpty ? "" : " and \(cpes.count) CPEs") is affected by a cached record")
    }
}
