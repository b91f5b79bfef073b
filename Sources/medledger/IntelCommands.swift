import ArgumentParser
import Foundation
import LedgerCore
import LedgerFormats
import LedgerReports
import LedgerStore

/// One file or archive entry of a feed, as the reading thread hands it to the storing one.
enum FeedItem {
    /// Its bytes are cached already: the number of records it holds.
    case cached(Int)
    case read(name: String, sha256: String, records: [FeedRecord], cached: [FeedCache.Record])
}

/// A producer on a thread of its own and a consumer on the caller's, joined by a bounded
/// queue; an error on either side stops both and is rethrown here.
enum Pipeline {
    /// The state both threads share, under one lock.
    private final class Handoff: @unchecked Sendable {
        let condition = NSCondition()
        var queue: [FeedItem] = []
        var finished = false
        var stopped = false
        var error: Error?
        let capacity = 256

        struct Stopped: Error {}

        /// Queues an item, waiting for room; throws once the consumer has stopped.
        func put(_ item: FeedItem) throws {
            condition.lock()
            defer { condition.unlock() }
            while queue.count >= capacity && !stopped { condition.wait() }
            guard !stopped else { throw Stopped() }
            queue.append(item)
            condition.broadcast()
        }

        /// The items queued, waiting for some; empty once the producer is done.
        func takeAll() -> [FeedItem] {
            condition.lock()
            defer { condition.unlock() }
            while queue.isEmpty && !finished { condition.wait() }
            let batch = queue
            queue.removeAll(keepingCapacity: true)
            condition.broadcast()
            return batch
        }

        func finish(_ error: Error?) {
            condition.lock()
            self.error = error
            finished = true
            condition.broadcast()
            condition.unlock()
        }

        /// Stops the producer and waits for it to end.
        func stop() {
            condition.lock()
            stopped = true
            condition.broadcast()
            while !finished { condition.wait() }
            condition.unlock()
        }
    }

    static func run(produce: @escaping ((FeedItem) throws -> Void) throws -> Void, consume: (FeedItem) throws -> Void) throws {
        let handoff = Handoff()
        let thread = Thread {
            do {
                try produce { try handoff.put($0) }
                handoff.finish(nil)
            } catch {
                handoff.finish(error)
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
        while true {
            let batch = handoff.takeAll()
            if batch.isEmpty { break }
            do {
                for item in batch { try consume(item) }
            } catch {
                handoff.stop()
                throw error
            }
        }
        if let error = handoff.error { throw error }
    }
}

/// What a feed import does, for OSV and NVD alike: every record read goes into the cache
/// beside the ledger; the records that name a package or CPE the fleet holds are recorded in
/// the log, in one transaction, after which the cache commits (a kill between the two leaves
/// the log complete and the cache behind, which the next import repairs). A record that does
/// not parse refuses the whole import (exit 2, nothing recorded or cached); a malformed range
/// (OSV) or CPE criterion (NVD) is left out and listed (exit 3) unless `--strict`.
enum FeedIntake {
    struct Counts {
        var files = 0
        var records = 0
        var alreadyCached = 0
        var touching = 0
    }

    /// What a reader leaves out of a record when it does not read: OSV's ranges, NVD's CPE criteria.
    struct LeftOut {
        let one: String
        let many: String

        static let range = LeftOut(one: "malformed range", many: "malformed ranges")
        static let criterion = LeftOut(one: "cpeMatch whose criteria is not a CPE 2.3 name", many: "cpeMatch entries whose criteria is not a CPE 2.3 name")
    }

    static func run(command: String, source: String, paths: [String], global: GlobalOptions, options: ImportOptions, leftOut: LeftOut = .range,
                    read: @escaping (UnsafeBufferPointer<UInt8>, LedgerTime) throws(FormatError) -> [FeedRecord]) throws {
        let actor = try options.resolvedActor(command: command)
        let ledger = try global.open()
        let cache = try FeedCache(path: FeedCache.path(forLedger: global.path))
        let now = LedgerTime.now
        var counts = Counts()
        var skipped: [(String, FormatError)] = []
        // Read only when a record is new: importing the same archive again never scans the fleet.
        var holdings: FleetHoldings?
        let known = try cache.knownHashes(source: source)
        let summary: AppendSummary = try cache.write { writer in
            var touching: [FeedRecord] = []
            // Two threads: this one stores; the other inflates, hashes and parses the records
            // (the parsing is most of the work, and an import has a core for each).
            do {
                try Pipeline.run(produce: { send in
                    do {
                        try FeedSources.forEach(paths) { name, bytes in
                            // A file or entry whose bytes are cached was read before: nothing to parse.
                            let sha = DocumentIdentity.sha256(bytes)
                            if known.records.contains(sha) { return try send(.cached(1)) }
                            if let count = known.documents[sha] { return try send(.cached(count)) }
                            let records: [FeedRecord]
                            do { records = try read(bytes, now) } catch {
                                throw CommandFailure.badInput("\(command): \(name): \(error) (nothing recorded)")
                            }
                            try send(.read(name: name, sha256: sha, records: records, cached: records.map(Self.cached)))
                        }
                    } catch let refusal as FeedSources.Refusal {
                        throw CommandFailure.badInput("\(command): \(refusal) (nothing recorded)")
                    }
                }, consume: { item in
                    counts.files += 1
                    switch item {
                    case .cached(let count):
                        counts.alreadyCached += count
                        counts.records += count
                    case let .read(name, sha, records, cached):
                        // Records identified otherwise than by the file's bytes (an NVD response's):
                        // the file's hash is noted, so that reading it again reads only that.
                        if records.count != 1 || records[0].sha256 != sha { try writer.insert(document: sha, source: source, records: records.count) }
                        if holdings == nil { holdings = try FleetHoldings(ledger: ledger) }
                        for (record, row) in zip(records, cached) {
                            counts.records += 1
                            skipped += record.skipped.map { (name, $0) }
                            try writer.insert(row)
                            if holdings!.touches(record.keys) { touching.append(record) }
                        }
                    }
                })
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
        throw CommandFailure(message: "\(command): \(skipped.count) \(skipped.count == 1 ? leftOut.one : leftOut.many) left out (listed above); the rest is recorded",
                             exitCode: 3)
    }

    /// Appends the events of `records` the log does not hold yet (by their document's SHA-256:
    /// another actor's import of the same record is the same evidence).
    static func record(_ records: [FeedRecord], in ledger: Ledger, actor: String) throws -> AppendSummary {
        var drafts: [EventDraft] = []
        let held = try ledger.recordedDocuments(ids: records.map(\.id))
        for record in records where !held.contains(record.sha256) {
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

    /// The payload of an event that can make cached records relevant: a procurement with a
    /// CPE, a CPE assignment or an SBOM (Protocol/LEDGER.md §2.6); nil for any other.
    static func holdings(of draft: CanonicalDraft) -> FactPayload? {
        switch draft.type {
        case .deviceProcured, .cpeAssigned, .sbomRecorded:
            guard let payload = draft.payload.withUnsafeBytes(FactPayload.init(encoded:)) else { return nil }
            if case .procured(_, _, _, _, nil, _) = payload { return nil }
            return payload
        default:
            return nil
        }
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
        // Those the log already holds (recorded by an earlier import, or for another device) are passed over.
        let rows = try cache.records(keys: holdings.keys)
        let held = try ledger.recordedDocuments(ids: rows.map(\.id))
        for row in rows where !held.contains(row.sha256) {
            guard let data = try? JSONParser.parseObject(row.data) else {
                throw LedgerError.corrupt("the feed cache \(path) holds a record \(row.id) that is not JSON: import the feed again")
            }
            records.append(FeedRecord(source: row.source, id: row.id, modified: row.modified, sha256: row.sha256, at: row.at,
                                      data: data, kevListing: row.kevListing.flatMap { try? JSONParser.parseObject($0) },
                                      keys: row.keys, skipped: []))
        }
        let summary = try record(records, in: ledger, actor: actor)
        if summary.appended > 0 {
            Output.line("recorded \(records.count) cached vulnerability record\(records.count == 1 ? " that now touches" : "s that now touch") the fleet: "
                        + "appended \(summary.appended) event\(summary.appended == 1 ? "" : "s")")
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
        try FeedIntake.run(command: "import-osv", source: "osv", paths: paths, global: global, options: options) { bytes, now throws(FormatError) in
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
            CycloneDX file; --device takes the device's latest SBOM and its own and its model's
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

struct ImportNVDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-nvd",
        abstract: "Read NVD CVE records (CVE API 2.0: a .json record, an API response or feed, folders of them, .zip archives) into the feed cache; record those that touch the fleet.",
        discussion: """
            A file holds one CVE object (bare, as NVD's per-CVE files give it, or as
            {"cve": …}) or an API response {"vulnerabilities": [{"cve": …}, …]}. Every
            record goes into the cache beside the ledger (<db>.feeds: not signed, not
            synced, rebuilt by importing again). A record whose configurations name, as
            vulnerable, a CPE product that some device, model or SBOM component has (by
            vendor and product) is recorded as vulnerability.recorded, and as kev.listed
            too when CISA lists it (cisaExploitAdd); one that touches nothing waits in the
            cache until a CPE makes it relevant. A record alone in its file is identified
            by the file's SHA-256, one in a response by that of its canonical JSON.
            Importing the same files again reads only their hashes and adds nothing. A
            record that does not parse refuses the import (exit 2, nothing recorded); a
            cpeMatch whose criteria is not a CPE 2.3 name is left out and listed (exit 3)
            unless --strict.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ImportOptions
    @Argument(help: "NVD records or API responses: .json files, folders of them, or .zip archives.") var paths: [String]

    func run() throws {
        try FeedIntake.run(command: "import-nvd", source: "nvd", paths: paths, global: global, options: options, leftOut: .criterion) { bytes, now throws(FormatError) in
            try NVDReader.read(bytes, now: now)
        }
    }
}
