import ArgumentParser
import Foundation
import LedgerCore
import LedgerFormats
import LedgerStore

/// Options every document import shares.
struct ImportOptions: ParsableArguments {
    @Option(help: "Who records the facts (default: $USER, else medledger).") var actor: String?
    @Flag(help: "Refuse the whole document for one malformed statement (default: skip it, exit 3).") var strict = false

    /// The actor, checked as the ledger checks names.
    func resolvedActor(command: String) throws -> String {
        let name = actor ?? ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "medledger"
        do {
            _ = try EventDraft(type: .patchApplied, device: "check", at: LedgerTime(seconds: 0), actor: name, data: ["version": "1"])
        } catch {
            throw CommandFailure.badInput("\(command): --actor: \(error.reason)")
        }
        return name
    }
}

/// Reads a document file whole and hands its bytes over.
func withDocument<T>(_ path: String, command: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T {
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe) } catch {
        throw CommandFailure.badInput("\(command): \(path): cannot read it: \((error as NSError).localizedDescription)")
    }
    return try data.withUnsafeBytes { raw in try body(raw.bindMemory(to: UInt8.self)) }
}

/// Runs a reader, turning its refusal into one line naming the file (exit 2).
func reading<T>(_ path: String, command: String, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as FormatError {
        throw CommandFailure.badInput("\(command): \(path): \(error)")
    }
}

/// Appends an import's facts in one transaction, or refuses it whole in strict mode; prints
/// what was done; exits 3 after committing when malformed statements were left out.
func commit(_ result: DocumentImport, to ledger: Ledger, file: String, command: String, strict: Bool,
            describe: (AppendSummary) -> String) throws {
    if strict, let first = result.skipped.first {
        throw CommandFailure.badInput("\(command): \(file): \(first) (--strict: nothing appended)")
    }
    let key = try ledger.loadKey()
    let (_, summary) = try ledger.append(key: key) { appender in
        for draft in result.drafts { try appender.append(draft) }
    }
    Output.line(describe(summary))
    try reportSkipped(result.skipped, file: file, command: command)
}

/// Lists the statements left out and exits 3 (partial) if there were any.
func reportSkipped(_ skipped: [FormatError], file: String, command: String) throws {
    guard !skipped.isEmpty else { return }
    for error in skipped { Output.line("skipped: \(error)") }
    throw CommandFailure(message: "\(command): \(file): \(skipped.count) malformed statement\(skipped.count == 1 ? "" : "s") left out (listed above); the rest is recorded",
                         exitCode: 3)
}

/// `kind id (sha256 abcd…)`.
func describe(_ document: DocumentIdentity) -> String {
    "\(document.kind.rawValue) \(document.id) (sha256 \(document.sha256.prefix(16))…)"
}

struct ImportSBOMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-sbom",
        abstract: "Record a CycloneDX SBOM (JSON, spec 1.4-1.6) as one sbom.recorded for a device.",
        discussion: """
            Every component of the components tree, nested ones included and none merged, with
            name, version, purl, cpe and type; metadata.component apart as the product; the
            serial number, version and SHA-256 of the file. --at defaults to the BOM's
            metadata.timestamp. Importing the same file for the same device again adds nothing.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ImportOptions
    @Argument(help: "The CycloneDX JSON file.") var file: String
    @Option(help: "The device the SBOM describes.") var device: String
    @Option(help: "When it was delivered (default: the BOM's timestamp).") var at: String?

    func run() throws {
        let command = "import-sbom"
        let actor = try options.resolvedActor(command: command)
        let at = try at.map { try parseTime($0, option: "--at") }
        let ledger = try global.open()
        guard try FleetIndex(ledger: ledger).device(device) != nil else {
            throw CommandFailure.badInput("\(command): --device \(device): no such device in the ledger (no device.procured)")
        }
        // The file's hash decides a repeat before anything is parsed: --at and --actor may differ.
        let sha = try withDocument(file, command: command) { DocumentIdentity.sha256($0) }
        let held = try ledger.events(fromDocument: sha)
        if held.contains(where: { $0.type == EventType.sbomRecorded.rawValue && $0.device == device }) {
            Output.line("already imported: cyclonedx-sbom (sha256 \(sha.prefix(16))…) for \(device); nothing appended")
            return
        }
        let result = try withDocument(file, command: command) { bytes in
            try reading(file, command: command) {
                try SBOMReader.read(bytes, device: device, context: ImportContext(actor: actor, at: at, now: .now))
            }
        }
        let components = result.drafts.first?.data["components"]?.arrayValue?.count ?? 0
        try commit(result, to: ledger, file: file, command: command, strict: options.strict) { summary in
            "\(describe(result.document)): \(summary.appended) sbom.recorded for \(device) (\(components) components)"
                + (summary.alreadyHeld > 0 ? ", already held" : "")
        }
        try FeedIntake.recordCached(touching: result.drafts.map { FactPayload(type: $0.type, data: $0.data) },
                                    ledgerPath: global.path, ledger: ledger, actor: actor)
    }
}

struct ImportVEXCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-vex",
        abstract: "Record a CycloneDX VEX: assessments for a device or a model's devices, disclosures of new CVEs.",
        discussion: """
            Each vulnerability statement becomes a vulnerability.assessed for each device it
            applies to (exploitable -> affected, in_triage -> under_investigation, not_affected
            and false_positive -> not_affected, resolved -> fixed; justification, detail and
            response kept). A statement listing versions applies to the devices whose current
            software version is one of them. A CVE the ledger has not seen also gets a
            vulnerability.disclosed with the statement's ratings (CVSS vectors with their
            CVSS:x.y/ prefix restored). When the VEX covers several products, a device is the
            product whose BOM ref ends with --product, else with its model name. Without --device
            or --model, only the disclosures are made.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ImportOptions
    @Argument(help: "The CycloneDX VEX JSON file.") var file: String
    @Option(help: "The device the VEX is about.") var device: String?
    @Option(help: "MANUFACTURER/MODEL: every device of that model in service.") var model: String?
    @Option(help: "Which product of a multi-product VEX the devices are (the end of its BOM ref; default: their model).") var product: String?
    @Option(help: "When the assessments were made (default: the statements' own dates).") var at: String?

    func validate() throws {
        if device != nil && model != nil { throw ValidationError("give --device or --model, not both") }
    }

    func run() throws {
        let command = "import-vex"
        let actor = try options.resolvedActor(command: command)
        let at = try at.map { try parseTime($0, option: "--at") }
        let ledger = try global.open()
        let fleet = try FleetIndex(ledger: ledger)
        var targets: [FleetIndex.Device]?
        if let device {
            guard let found = fleet.device(device) else {
                throw CommandFailure.badInput("\(command): \(file): --device \(device): no such device in the ledger (no device.procured)")
            }
            targets = [found]
        } else if let model {
            guard let slash = model.firstIndex(of: "/") else {
                throw CommandFailure.badInput("\(command): --model \"\(model)\": expected MANUFACTURER/MODEL")
            }
            let manufacturer = String(model[..<slash]), name = String(model[model.index(after: slash)...])
            let devices = fleet.devices(manufacturer: manufacturer, model: name)
            guard !devices.isEmpty else {
                throw CommandFailure.badInput("\(command): \(file): --model \(model): no device of that model in service in the ledger")
            }
            targets = devices
        }
        let sha = try withDocument(file, command: command) { DocumentIdentity.sha256($0) }
        let held = try ledger.events(fromDocument: sha)
        let assessed = Set(held.filter { $0.type == EventType.vulnerabilityAssessed.rawValue }.compactMap(\.device))
        if let all = targets {
            targets = all.filter { !assessed.contains($0.id) }
            if targets?.isEmpty == true {
                Output.line("already imported: cyclonedx-vex (sha256 \(sha.prefix(16))…) for \(all.map(\.id).joined(separator: ", ")); nothing appended")
                return
            }
        } else if !held.isEmpty {
            Output.line("already imported: cyclonedx-vex (sha256 \(sha.prefix(16))…); nothing appended")
            return
        }
        let result = try withDocument(file, command: command) { bytes in
            try reading(file, command: command) {
                try VEXReader.read(bytes, targets: targets, product: product, isDisclosed: { try ledger.holdsDisclosure(of: $0) },
                                   context: ImportContext(actor: actor, at: at, now: .now))
            }
        }
        let assessments = result.drafts.filter { $0.type == .vulnerabilityAssessed }.count
        let disclosures = result.drafts.count - assessments
        try commit(result, to: ledger, file: file, command: command, strict: options.strict) { summary in
            "\(describe(result.document)): appended \(summary.appended) (\(disclosures) vulnerability.disclosed, \(assessments) vulnerability.assessed)"
                + (summary.alreadyHeld > 0 ? ", \(summary.alreadyHeld) already held" : "")
        }
    }
}

struct ImportCSAFCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-csaf",
        abstract: "Record a CSAF 2.0 advisory: disclosures per CVE with the fleet models they affect, vendor fixes.",
        discussion: """
            Products are matched to the fleet's models (from device.procured) by vendor and
            product name with case and punctuation folded; --map FILE (CSV: CSAF product name,
            manufacturer, model) names the model of products whose names differ. Each
            vulnerability.disclosed is dated by the advisory's initial release and lists the
            affected models with their version ranges; each vendor_fix whose fixed version the
            advisory gives becomes a patch.released. Prints which product matched which model.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ImportOptions
    @Argument(help: "The CSAF 2.0 JSON file.") var file: String
    @Option(help: "A CSV file: CSAF product name, manufacturer, model.") var map: String?

    func run() throws {
        let command = "import-csaf"
        let actor = try options.resolvedActor(command: command)
        var mapping: [String: ProductMatcher.Model] = [:]
        if let map {
            let text: String
            do { text = try String(contentsOfFile: map, encoding: .utf8) } catch {
                throw CommandFailure.badInput("\(command): --map \(map): cannot read it as UTF-8 text")
            }
            mapping = try reading(map, command: command) { try ProductMatcher.readMap(text) }
        }
        let ledger = try global.open()
        let fleet = try FleetIndex(ledger: ledger)
        let matcher = ProductMatcher(models: fleet.models.map { ProductMatcher.Model(manufacturer: $0.manufacturer, model: $0.model) },
                                     map: mapping)
        let result = try withDocument(file, command: command) { bytes in
            try reading(file, command: command) {
                try CSAFReader.read(bytes, matcher: matcher, context: ImportContext(actor: actor, now: .now))
            }
        }
        for match in result.matches {
            let product = "\(match.product.id) \"\(match.product.fullName)\""
            guard let model = match.model else {
                Output.line("product \(product): no model of the fleet")
                continue
            }
            let devices = fleet.devices(manufacturer: model.manufacturer, model: model.model)
            var line = "product \(product): \(model.manufacturer) / \(model.model), \(devices.count) device\(devices.count == 1 ? "" : "s")"
            if let text = match.product.versions, let range = try? VersionRange(text) {
                let inRange = devices.filter { $0.version.map(range.contains) ?? true }.count
                line += ", \(inRange) in versions \(text)"
            }
            Output.line(line)
        }
        if !(try ledger.events(fromDocument: result.document.document.sha256)).isEmpty {
            Output.line("already imported: \(describe(result.document.document)); nothing appended")
            return
        }
        let disclosures = result.document.drafts.filter { $0.type == .vulnerabilityDisclosed }.count
        let patches = result.document.drafts.count - disclosures
        try commit(result.document, to: ledger, file: file, command: command, strict: options.strict) { summary in
            "\(describe(result.document.document)): appended \(summary.appended) (\(disclosures) vulnerability.disclosed, \(patches) patch.released)"
                + (summary.alreadyHeld > 0 ? ", \(summary.alreadyHeld) already held" : "")
        }
    }
}

struct ImportKEVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-kev",
        abstract: "Record CISA's Known Exploited Vulnerabilities catalog: a kev.listed per CVE not yet listed.",
        discussion: """
            Each catalog entry whose CVE the ledger does not already hold as kev.listed becomes
            one, dated by its dateAdded, so importing the next day's catalog adds only the new
            entries. The catalog is read entry by entry.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ImportOptions
    @Argument(help: "The KEV catalog JSON file (known_exploited_vulnerabilities.json).") var file: String

    func run() throws {
        let command = "import-kev"
        let actor = try options.resolvedActor(command: command)
        let ledger = try global.open()
        let listed = try ledger.kevListedCVEs()
        let key = try ledger.loadKey()
        let context = ImportContext(actor: actor, now: .now)
        let (read, summary) = try withDocument(file, command: command) { bytes in
            try reading(file, command: command) {
                try ledger.append(key: key) { appender -> KEVReader.Summary in
                    let read = try KEVReader.read(bytes, context: context, skip: { listed.contains($0) }) { try appender.append($0) }
                    if options.strict, let first = read.skipped.first {
                        throw CommandFailure.badInput("\(command): \(file): \(first) (--strict: nothing appended)")
                    }
                    return read
                }
            }
        }
        let document = read.catalog.document
        if summary.appended == 0, !(try ledger.events(fromDocument: document.sha256)).isEmpty {
            Output.line("already imported: \(describe(document)); nothing appended")
        } else {
            Output.line("\(describe(document)): \(read.entries) entries, appended \(summary.appended) kev.listed, \(read.alreadyListed + summary.alreadyHeld) already listed")
        }
        try reportSkipped(read.skipped, file: file, command: command)
    }
}

enum SourcesFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

struct SourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "The documents imported: kind, id, SHA-256, when and by whom, how many events.",
        discussion: """
            Derived from the events themselves (their data.document), so every site holding the
            same events lists the same documents. IMPORTED is the origin clock of the first event.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "table, json or csv.") var format: SourcesFormat = .table

    func run() throws {
        let documents = try global.open().importedDocuments()
        switch format {
        case .table:
            var table = TextTable(["KIND", "ID", "SHA-256", "IMPORTED", "BY", "SITE", "EVENTS"])
            for d in documents {
                table.append([d.kind, d.id, d.sha256, d.importedAt.rfc3339, d.actors.joined(separator: ","),
                              d.sites.joined(separator: ","), String(d.events)])
            }
            if documents.isEmpty && Output.isTerminal { Output.line("no documents imported") } else { Output.write(table.render()) }
        case .json:
            let array = JSONValue.array(documents.map { d in
                .object([
                    "kind": .string(d.kind), "id": .string(d.id), "sha256": .string(d.sha256),
                    "importedAt": .string(d.importedAt.rfc3339), "actors": .array(d.actors.map { .string($0) }),
                    "sites": .array(d.sites.map { .string($0) }), "events": .number(Double(d.events)),
                ])
            })
            Output.write(CanonicalJSON.encode(array))
            Output.line()
        case .csv:
            Output.write(CSV.row(["kind", "id", "sha256", "importedAt", "actors", "sites", "events"]))
            for d in documents {
                Output.write(CSV.row([d.kind, d.id, d.sha256, d.importedAt.rfc3339, d.actors.joined(separator: " "),
                                      d.sites.joined(separator: " "), String(d.events)]))
            }
        }
    }
}
