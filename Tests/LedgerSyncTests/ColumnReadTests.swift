import Foundation
import GRDBSQLite
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

    /// Sets event `seq`'s `actor` column to `column` and its stored bytes' actor to `inBody`,
    /// past the append-only triggers, as a tamperer with the file could.
    func tamperActor(_ ledger: Ledger, seq: Int, column: [UInt8], inBody: [UInt8]) throws {
        var db: OpaquePointer?
        #expect(sqlite3_open(ledger.path, &db) == SQLITE_OK)
        defer { sqlite3_close(db) }
        #expect(sqlite3_exec(db, "DROP TRIGGER events_no_update", nil, nil, nil) == SQLITE_OK)
        var statement: OpaquePointer?
        #expect(sqlite3_prepare_v2(db, "SELECT body, actor FROM events WHERE seq = \(seq)", -1, &statement, nil) == SQLITE_OK)
        #expect(sqlite3_step(statement) == SQLITE_ROW)
        let body = Array(UnsafeRawBufferPointer(start: sqlite3_column_blob(statement, 0), count: Int(sqlite3_column_bytes(statement, 0))))
        let actor = Array(String(cString: sqlite3_column_text(statement, 1)).utf8)
        sqlite3_finalize(statement)
        let member = Array(#"{"actor":""#.utf8)
        #expect(Array(body.prefix(member.count + actor.count)) == member + actor)
        let altered = member + inBody + body.dropFirst(member.count + actor.count)
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        #expect(sqlite3_prepare_v2(db, "UPDATE events SET actor = ?1, body = ?2 WHERE seq = \(seq)", -1, &statement, nil) == SQLITE_OK)
        column.withUnsafeBytes { _ = sqlite3_bind_text(statement, 1, $0.baseAddress, Int32($0.count), transient) }
        altered.withUnsafeBytes { _ = sqlite3_bind_blob(statement, 2, $0.baseAddress, Int32($0.count), transient) }
        #expect(sqlite3_step(statement) == SQLITE_DONE)
        sqlite3_finalize(statement)
    }

    @Test("a stored event whose columns disagree with its bytes, or whose names are not UTF-8, is never sent")
    func senderRefusesDisagreement() throws {
        let cases: [(String, column: [UInt8], inBody: [UInt8])] = [
            ("the column alone altered", Array("biomed.b".utf8), Array("biomed.a".utf8)),
            ("both altered alike, not UTF-8", [0x62, 0xFF, 0x61], [0x62, 0xFF, 0x61]),
            ("both altered alike, a lone continuation byte", [0x62, 0x80], [0x62, 0x80]),
        ]
        for (name, column, inBody) in cases {
            let world = SyncWorld()
            let ledgers = try world.create(["a"])
            try world.append("a", count: 4, perTransaction: 4)
            var sent: [[UInt8]] = []
            let sender = BatchSender(ledger: ledgers[0], limits: .default)
            _ = try sender.send(held: try ledgers[0].heldOrigins(), to: .empty) { sent.append($0) }
            #expect(sent.count == 1, "\(name)")
            try tamperActor(ledgers[0], seq: 3, column: column, inBody: inBody)
            sent = []
            #expect(throws: LedgerError.self, "\(name)") {
                _ = try sender.send(held: try ledgers[0].heldOrigins(), to: .empty) { sent.append($0) }
            }
            #expect(sent.isEmpty, "\(name)")
        }
        // Unaltered names that are not ASCII are sent as they are.
        let world = SyncWorld()
        let ledgers = try world.create(["a", "b"])
        let (a, aKey) = world.sites["a"]!
        _ = try a.append(key: aKey) { appender in
            for actor in ["biomed.caf\u{E9}", "biomed.cafe\u{301}"] {
                try appender.append(try EventDraft(type: .patchApplied, device: "PUMP-\u{E9}", at: LedgerTime(seconds: 1_735_689_600),
                                                   actor: actor, data: ["version": "1"]))
            }
        }
        let run = try runSession(ledgers[0], ledgers[1], directions: .send)
        #expect(run.responder.succeeded)
        #expect(try contents(ledgers[1]) == contents(ledgers[0]))
    }
}
