import Foundation
import LedgerCore
import LedgerStore
@testable import LedgerSync
import Testing

/// A received event is read from its columns without parsing its envelope as JSON; it must
/// accept and refuse exactly what reading the rebuilt canonical bytes whole does.
@Suite("Reading received events from their columns")
struct ColumnReadTests {
    /// Altered `data` bytes, canonical or not.
    static let dataVariants: [(String, @Sendable ([UInt8]) -> [UInt8])] = [
        ("unchanged", { $0 }),
        ("a space after the brace", { [$0[0], 0x20] + $0.dropFirst() }),
        ("a trailing space", { $0 + [0x20] }),
        ("not an object", { _ in Array("[1,2]".utf8) }),
        ("an empty object", { _ in Array("{}".utf8) }),
        ("members out of order", { _ in Array(#"{"version":"1.0","fixes":[]}"#.utf8) }),
        ("a number not in shortest form", { _ in Array(#"{"version":"1.0","n":1.50}"#.utf8) }),
        ("a repeated name", { _ in Array(#"{"version":"1.0","version":"1.1"}"#.utf8) }),
        ("an escaped letter", { _ in Array(#"{"version":"\u0031.0"}"#.utf8) }),
        ("an escaped solidus", { _ in Array(#"{"version":"1\/0"}"#.utf8) }),
        ("a canonical escape", { _ in Array(#"{"version":"1\"0"}"#.utf8) }),
        ("a canonical number", { _ in Array(#"{"n":1.5,"version":"1.0"}"#.utf8) }),
        ("minus zero", { _ in Array(#"{"n":-0,"version":"1.0"}"#.utf8) }),
        ("an exponent not in ECMAScript form", { _ in Array(#"{"n":1E+21,"version":"1.0"}"#.utf8) }),
        ("a space inside", { _ in Array(#"{"version": "1.0"}"#.utf8) }),
        ("truncated", { Array($0.dropLast()) }),
    ]

    @Test("columns and whole bytes agree on every event and on altered data, types, times and names",
          arguments: Array(0..<dataVariants.count))
    func agree(variant: Int) throws {
        let world = SyncWorld()
        let ledgers = try world.create(["a"])
        try world.append("a", count: 12, perTransaction: 12)
        var columns: [BatchEvent] = []
        try ledgers[0].forEachOutgoing(origin: ledgers[0].site, after: 0, through: 12, event: { event in
            columns.append(BatchEvent(body: event.body, origin: ledgers[0].site, seq: event.seq, hlc: event.hlc, type: event.type,
                                      device: event.device, at: event.at, actor: event.actor)!)
        }, checkpoint: { _ in })
        #expect(columns.count == 12)
        let (name, alter) = Self.dataVariants[variant]
        for (i, original) in columns.enumerated() {
            let seq = UInt64(i + 1)
            let altered: [BatchEvent] = [
                BatchEvent(hlc: original.hlc, type: original.type, device: original.device, at: original.at, actor: original.actor,
                           data: alter(original.data)),
                BatchEvent(hlc: original.hlc, type: "patch.unheard-of", device: original.device, at: original.at,
                           actor: original.actor, data: alter(original.data)),
                BatchEvent(hlc: original.hlc, type: original.type, device: nil, at: original.at, actor: original.actor,
                           data: alter(original.data)),
                BatchEvent(hlc: original.hlc, type: original.type, device: original.device,
                           at: LedgerTime(microseconds: 400_000_000_000_000_000), actor: original.actor, data: alter(original.data)),
                BatchEvent(hlc: original.hlc, type: original.type, device: original.device, at: original.at, actor: " biomed",
                           data: alter(original.data)),
            ]
            for (k, column) in altered.enumerated() {
                let bytes = column.canonicalBytes(origin: ledgers[0].site, seq: seq)
                let whole = try? Event(canonicalBytes: bytes)
                // The reference itself refuses what is not canonical, and an unknown type.
                let isCanonical = ["unchanged", "a canonical escape", "a canonical number"].contains(name)
                if k == 1 || (k == 0 && !isCanonical) { #expect(whole == nil, "\(name)") }
                if k == 0 && isCanonical { #expect(whole != nil, "\(name)") }
                let fromColumns = try? Event(site: ledgers[0].site, seq: seq, hlc: column.hlc, type: column.type, device: column.device,
                                            at: column.at, actor: column.actor, data: column.data)
                #expect((whole == nil) == (fromColumns == nil), "\(name): \(String(decoding: bytes, as: UTF8.self))")
                if let whole, let fromColumns {
                    #expect(whole.canonicalBytes == bytes && fromColumns.canonicalBytes == bytes && whole.id == fromColumns.id)
                    #expect(whole.draft.factBytes == fromColumns.draft.factBytes)
                }
            }
            if name == "unchanged" {
                let bytes = original.canonicalBytes(origin: ledgers[0].site, seq: seq)
                let event = try Event(site: ledgers[0].site, seq: seq, hlc: original.hlc, type: original.type, device: original.device,
                                      at: original.at, actor: original.actor, data: original.data)
                #expect(event.canonicalBytes == bytes)
            }
        }
    }
}
