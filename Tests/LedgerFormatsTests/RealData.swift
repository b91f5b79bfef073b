import Foundation
import LedgerCore
import LedgerFormats
import LedgerStore
import Testing

/// The real published files of ../shared/realdata (beside the package root, as
/// Protocol/vectors is inside it), read as the importers read files: whole, as bytes.
enum RealData {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let directory = root.deletingLastPathComponent().appendingPathComponent("shared/realdata", isDirectory: true)

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(relativePath)))
    }

    static let context = ImportContext(actor: "secops@north", now: LedgerTime(seconds: 1_750_000_000))

    static func sbom(_ path: String, device: String = "PUMP-1") throws -> DocumentImport {
        try bytes(path).withUnsafeBufferPointer { try SBOMReader.read($0, device: device, context: context) }
    }

    static func vex(_ path: String, targets: [FleetIndex.Device]?, disclosed: Set<String> = []) throws -> DocumentImport {
        try bytes(path).withUnsafeBufferPointer {
            try VEXReader.read($0, targets: targets, isDisclosed: { disclosed.contains($0) }, context: context)
        }
    }

    static func csaf(_ path: String, models: [ProductMatcher.Model] = [], map: [String: ProductMatcher.Model] = [:]) throws -> CSAFReader.Result {
        try bytes(path).withUnsafeBufferPointer {
            try CSAFReader.read($0, matcher: ProductMatcher(models: models, map: map), context: context)
        }
    }

    static func csaf(text: String) throws -> CSAFReader.Result {
        try Array(text.utf8).withUnsafeBufferPointer {
            try CSAFReader.read($0, matcher: ProductMatcher(models: []), context: context)
        }
    }

    static func sbom(text: String) throws -> DocumentImport {
        try Array(text.utf8).withUnsafeBufferPointer { try SBOMReader.read($0, device: "PUMP-1", context: context) }
    }

    static func kev(_ bytes: [UInt8], skip: Set<String> = [], context: ImportContext = context) throws -> (KEVReader.Summary, [EventDraft]) {
        var drafts: [EventDraft] = []
        let summary = try bytes.withUnsafeBufferPointer {
            try KEVReader.read($0, context: context, skip: { skip.contains($0) }) { drafts.append($0) }
        }
        return (summary, drafts)
    }

    /// The reader's refusal of `body`, or a failed expectation if it accepted.
    static func refusal(_ body: () throws -> Any, sourceLocation: SourceLocation = #_sourceLocation) -> FormatError? {
        do {
            _ = try body()
            Issue.record("accepted", sourceLocation: sourceLocation)
            return nil
        } catch let error as FormatError {
            return error
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }
}

extension EventDraft {
    /// `data.document`'s member, for assertions.
    func document(_ member: String) -> String? { data["document"]?.objectValue?[member]?.stringValue }
}
