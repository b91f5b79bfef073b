import Crypto
import Foundation
import LedgerCore
import LedgerStore
@testable import LedgerSync
import Testing

/// Protocol/vectors/sync.json: frames in hex with their meaning (Protocol/SYNC.md §11). The
/// tests decode every frame, compare what it means with the file, and encode it again; the
/// BATCH frame carries the ledger vectors' events with their published test checkpoint, and
/// is verified as a receiver would. `MEDLEDGER_WRITE_SYNC_VECTORS=1 swift test --filter
/// SyncVectorTests` rewrites the file from the ledger vectors.
@Suite("Sync protocol test vectors")
struct SyncVectorTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/vectors", isDirectory: true)

    static func json(_ name: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// The ledger vectors' events of one origin, in seq order: (hlc, canonical bytes).
    static func ledgerEvents(site: String) throws -> [[UInt8]] {
        let all = try #require(try json("events.json") as? [[String: Any]])
        return all.filter { $0["site"] as? String == site }.map { Array(($0["canonical"] as! String).utf8) }
    }

    static func root(of events: [[UInt8]]) -> MerkleHash {
        var frontier = MerkleFrontier()
        for bytes in events { frontier.append(RFC6962.leafHash(bytes)) }
        return frontier.root
    }

    /// The frames of the vectors, as this implementation encodes them, with descriptions.
    static func frames() throws -> [(String, Frame)] {
        let north = try SiteID("north-campus"), south = try SiteID("south")
        let northEvents = try ledgerEvents(site: "north-campus"), southEvents = try ledgerEvents(site: "south")
        let checkpoint = try #require(try json("checkpoint.json") as? [String: Any])
        var body = BatchBodyBuilder()
        body.appendNote(checkpoint["note"] as! String)
        for (i, bytes) in northEvents.enumerated() {
            let event = try Event(canonicalBytes: bytes)
            body.append(try #require(BatchEvent(body: bytes, origin: north, seq: UInt64(i + 1), hlc: event.hlc.description,
                                                type: event.type.rawValue, device: event.device, at: event.at, actor: event.actor)))
        }
        let raw = body.encode()
        let eight = (1...8).map { i in
            VectorEntry(site: try! SiteID("hospital-\(i)"), size: UInt64(i * 100_000),
                        root: MerkleHash(SHA256.hash(data: Array("hospital-\(i)".utf8))))
        }
        return [
            ("the initiator north-campus offers version 1 and both directions",
             .hello(Hello(minVersion: 1, maxVersion: 1, directions: .both, site: north))),
            ("the responder south answers with version 1 and will only receive",
             .hello(Hello(minVersion: 1, maxVersion: 1, directions: .receive, site: south))),
            ("an empty vector: nothing held", .vector(.empty)),
            ("a vector: north-campus 1 … 9 and south 1 … 5 of events.json, with their roots",
             .vector(VersionVector([VectorEntry(site: north, size: 9, root: root(of: northEvents)),
                                    VectorEntry(site: south, size: 5, root: root(of: Array(southEvents.prefix(5))))]))),
            ("a vector of 8 origins with 10-character ids at sizes up to 800,000 (roots are SHA-256 of the names, for size only): under 1 KB",
             .vector(VersionVector(eight))),
            ("a batch: north-campus 1 … 9 of events.json with the signed checkpoint of checkpoint.json (test key)",
             .batch(BatchHeader(origin: north, start: 1, count: 9, checkpoints: 1, rawLength: UInt64(raw.count)),
                    compressed: Zlib.compress(raw))),
            ("DONE after sending 9 events", .done(events: 9)),
            ("ERROR checkpoint-mismatch",
             .error(code: SyncError.Code.checkpointMismatch.rawValue,
                    message: "checkpoint north-campus:9 does not match the tree recomputed from the events (one of them was altered)")),
        ]
    }

    /// What a frame means, as the vector file writes it.
    static func meaning(of frame: Frame) throws -> [String: Any] {
        switch frame {
        case .hello(let hello):
            return ["type": "HELLO", "minVersion": Int(hello.minVersion), "maxVersion": Int(hello.maxVersion),
                    "flags": Int(hello.directions.rawValue), "site": hello.site.rawValue]
        case .vector(let vector):
            return ["type": "VECTOR", "entries": vector.entries.map { ["site": $0.site.rawValue, "size": Int($0.size), "root": $0.root.hex] }]
        case .batch(let header, let compressed):
            let raw = try Zlib.decompress(compressed, length: Int(header.rawLength))
            let body = try BatchBody.decode(raw, count: Int(header.count), checkpoints: Int(header.checkpoints))
            return ["type": "BATCH", "origin": header.origin.rawValue, "start": Int(header.start), "count": Int(header.count),
                    "checkpoints": Int(header.checkpoints), "rawLength": Int(header.rawLength), "body": Hex.encode(raw),
                    "notes": body.notes,
                    "events": body.events.enumerated().map { String(decoding: $1.canonicalBytes(origin: header.origin, seq: header.start + UInt64($0)), as: UTF8.self) }]
        case .done(let events):
            return ["type": "DONE", "events": Int(events)]
        case .error(let code, let message):
            return ["type": "ERROR", "code": Int(code), "name": SyncError.Code(rawValue: code)?.name ?? "?", "message": message]
        }
    }

    static func decode(_ hex: String) throws -> Frame {
        var decoder = FrameDecoder(maximumFrameBytes: SyncLimits.default.maximumFrameBytes)
        decoder.append(try #require(Hex.decode(hex)))
        let frame = try #require(try decoder.next())
        #expect(decoder.bufferedCount == 0)
        return frame
    }

    @Test("every frame decodes to its stated meaning and encodes back to the same bytes")
    func vectorsRoundTrip() throws {
        let file = Self.directory.appendingPathComponent("sync.json")
        if ProcessInfo.processInfo.environment["MEDLEDGER_WRITE_SYNC_VECTORS"] == "1" {
            let entries = try Self.frames().map { description, frame in
                ["description": description, "hex": Hex.encode(frame.encoded), "frame": try Self.meaning(of: frame)] as [String: Any]
            }
            let data = try JSONSerialization.data(withJSONObject: entries, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            try (data + Data("\n".utf8)).write(to: file)
        }
        let entries = try #require(try Self.json("sync.json") as? [[String: Any]])
        let expected = try Self.frames()
        #expect(entries.count == expected.count)
        for (entry, (description, ours)) in zip(entries, expected) {
            #expect(entry["description"] as? String == description)
            let hex = try #require(entry["hex"] as? String)
            let frame = try Self.decode(hex)
            let meaning = try #require(entry["frame"] as? [String: Any])
            #expect(NSDictionary(dictionary: try Self.meaning(of: frame)).isEqual(to: meaning), "\(description)")
            if case .batch(let header, let compressed) = frame {
                // The body is normative, the deflate bytes are not: re-encode the body byte for
                // byte, and the frame's header; compress again and read it back.
                let raw = try Zlib.decompress(compressed, length: Int(header.rawLength))
                let body = try BatchBody.decode(raw, count: Int(header.count), checkpoints: Int(header.checkpoints))
                #expect(body.encode() == raw)
                let again = Frame.batch(header, compressed: Zlib.compress(body.encode())).encoded
                #expect(try Self.decode(Hex.encode(again)) == Frame.batch(header, compressed: Zlib.compress(raw)))
                let headerLength = Hex.decode(hex)!.count - compressed.count
                #expect(Array(again.prefix(headerLength).dropFirst(4)) == Array(Hex.decode(hex)!.prefix(headerLength).dropFirst(4)))
                // The events are those of events.json, byte for byte.
                let events = try Self.ledgerEvents(site: "north-campus").map { String(decoding: $0, as: UTF8.self) }
                #expect(meaning["events"] as? [String] == events)
                // And a receiver holding nothing verifies them with the published test key.
                let checkpoint = try #require(try Self.json("checkpoint.json") as? [String: Any])
                let key = try Curve25519.Signing.PublicKey(rawRepresentation: try #require(Base64.decode(checkpoint["publicKey"] as! String)))
                let (verified, frontier) = try BatchVerifier.verify(header, compressed: compressed, base: MerkleFrontier(),
                                                                    key: NoteVerifier(name: "medledger/north-campus", publicKey: key),
                                                                    limits: .default)
                #expect(verified.events.count == 9)
                #expect(frontier.root.hex == checkpoint["root"] as? String)
            } else {
                #expect(Hex.encode(frame.encoded) == hex, "\(description)")
                #expect(Hex.encode(ours.encoded) == hex, "\(description)")
            }
        }
        // SYNC.md §3.3: a no-op session's vector for 8 origins is under 1 KB.
        #expect(Hex.decode(entries[4]["hex"] as! String)!.count < 1024)
    }

    @Test("varints have one encoding: overlong and oversized ones are refused")
    func varints() throws {
        for value: UInt64 in [0, 1, 127, 128, 300, 1 << 32, UInt64.max] {
            var writer = WireWriter()
            writer.varint(value)
            var reader = WireReader(writer.bytes, context: "test")
            #expect(try reader.varint("v") == value)
            #expect(reader.isAtEnd)
        }
        for bad: [UInt8] in [[0x80, 0x00], [0xFF, 0x80, 0x00], [0x80], Array(repeating: 0xFF, count: 10) + [0x01], Array(repeating: 0xFF, count: 9) + [0x02]] {
            var reader = WireReader(bad, context: "test")
            #expect(throws: SyncError.self) { try reader.varint("v") }
        }
        for value: Int64 in [0, -1, 1, Int64.min, Int64.max] {
            var writer = WireWriter()
            writer.zigzag(value)
            var reader = WireReader(writer.bytes, context: "test")
            #expect(try reader.zigzag("z") == value)
        }
    }

    @Test("a batch's string table keeps canonically equivalent texts apart: each event reads back its own bytes")
    func stringTableByBytes() throws {
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        #expect(composed == decomposed && Array(composed.utf8) != Array(decomposed.utf8))
        let at = LedgerTime(seconds: 1_735_689_600)
        let names = [composed, decomposed, composed, decomposed]
        var builder = BatchBodyBuilder()
        for (i, name) in names.enumerated() {
            builder.append(BatchEvent(hlc: HLC(milliseconds: 1_735_689_600_000 + Int64(i), counter: 0), type: "patch.applied",
                                      device: name, at: at, actor: name, data: Array(#"{"version":"1"}"#.utf8)))
        }
        let body = try BatchBody.decode(builder.encode(), count: names.count, checkpoints: 0)
        #expect(body.events.map { Array($0.actor.utf8) } == names.map { Array($0.utf8) })
        #expect(body.events.map { Array($0.device!.utf8) } == names.map { Array($0.utf8) })
        // Two names and one type: with no notes, the body opens with the table's count, 3.
        #expect(builder.encode().first == 3)
    }
}
