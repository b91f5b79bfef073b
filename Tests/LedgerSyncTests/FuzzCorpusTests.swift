import Foundation
import LedgerSync
import Testing

/// Replays the fuzz target's checked-in corpus (Tools/SyncFuzz/corpus) through the ordinary
/// decoders: `ok-*` inputs are sessions a receiver completes, `bad-*` ones (crashers found
/// and edge cases: bombs, truncations, overlong varints) must be refused, never trap.
@Suite("Fuzz corpus replay")
struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tools/SyncFuzz/corpus", isDirectory: true)

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []).sorted()
    }

    @Test("the corpus is there")
    func corpusExists() {
        #expect(Self.files.count >= 10)
        #expect(Self.files.contains { $0.hasPrefix("ok-") } && Self.files.contains { $0.hasPrefix("bad-") })
    }

    @Test("every corpus input is accepted or refused as its name says", arguments: FuzzCorpusTests.files)
    func replay(_ name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.corpus.appendingPathComponent(name)))
        let outcome = SyncFuzzing.run(bytes)
        if name.hasPrefix("ok-") {
            #expect(outcome.refusal == nil, "\(name): \(String(describing: outcome.refusal))")
        } else {
            #expect(outcome.refusal != nil, "\(name) was accepted")
        }
        if name == "ok-batch-done" { #expect(outcome.batches == 1) }
        if name == "bad-zip-bomb" { #expect(outcome.refusal == .badCompression) }
        if name == "bad-declared-huge" { #expect(outcome.refusal == .batchTooLarge) }
        if name == "bad-huge-length" { #expect(outcome.refusal == .frameTooLarge) }
    }
}
