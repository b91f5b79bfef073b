import Crypto
import Foundation
import Testing
@testable import LedgerCore

/// The published test vectors of Protocol/vectors/, produced by an independent Python
/// implementation (Protocol/vectors/generate.py). Each test shows that our Swift code agrees
/// with it byte for byte, so Protocol/LEDGER.md, the vectors and the code cannot drift apart.
enum LedgerVectors {
    /// Protocol/vectors/ in the package root, three levels above this file.
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // LedgerCoreTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("Protocol/vectors", isDirectory: true)

    /// One vector file, read with our own strict JSON reader.
    static func load(_ name: String) throws -> JSONValue {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try JSONParser.parse([UInt8](data))
    }

    /// One entry of events.json.
    struct EventVector: CustomStringConvertible {
        let description: String
        let site: String
        let seq: UInt64
        let hlc: String
        let interchange: JSONObject
        let canonical: String
        let leaf: String
        let fact: String

        var id: String { "\(site):\(seq)" }
    }

    static func events() throws -> [EventVector] {
        let array = try #require(try load("events.json").arrayValue)
        return try array.map { value in
            let entry = try #require(value.objectValue)
            let seq = try #require(entry["seq"]?.numberValue)
            return EventVector(
                description: try #require(entry["description"]?.stringValue),
                site: try #require(entry["site"]?.stringValue),
                seq: UInt64(seq),
                hlc: try #require(entry["hlc"]?.stringValue),
                interchange: try #require(entry["event"]?.objectValue),
                canonical: try #require(entry["canonical"]?.stringValue),
                leaf: try #require(entry["leaf"]?.stringValue),
                fact: try #require(entry["fact"]?.stringValue))
        }
    }

    /// checkpoint.json as an object.
    static func checkpoint() throws -> JSONObject {
        try #require(try load("checkpoint.json").objectValue)
    }

    static func string(_ object: JSONObject, _ name: String) throws -> String {
        try #require(object[name]?.stringValue, "missing string member \"\(name)\"")
    }
}

@Suite("Protocol/vectors: the independent reference agrees with LedgerCore")
struct VectorTests {
    // MARK: events.json

    @Test("every vector event validates and yields the reference canonical bytes, leaf and fact hash")
    func eventsEncodeAsTheReference() throws {
        let vectors = try LedgerVectors.events()
        #expect(vectors.count >= 10)
        for vector in vectors {
            let draft = try EventDraft(interchange: vector.interchange)
            let site = try SiteID(vector.site)
            let hlc = try #require(HLC(vector.hlc), "\(vector.id): hlc")
            #expect(hlc.description == vector.hlc, "\(vector.id): hlc text round trip")
            let bytes = draft.canonicalBytes(site: site, seq: vector.seq, hlc: hlc)
            #expect(bytes == Array(vector.canonical.utf8),
                    "\(vector.id) (\(vector.description)): got \(String(decoding: bytes, as: UTF8.self))")
            #expect(RFC6962.leafHash(bytes).hex == vector.leaf, "\(vector.id): leaf")
            #expect(draft.factHash.hex == vector.fact, "\(vector.id): fact hash")
            #expect(Event(site: site, seq: vector.seq, hlc: hlc, draft: draft).leafHash.hex == vector.leaf,
                    "\(vector.id): Event.leafHash")
        }
    }

    @Test("the vectors cover kev.listed and an imported document's provenance (LEDGER.md 1.1)")
    func kevListingVector() throws {
        let vector = try #require(try LedgerVectors.events().first { $0.id == "south:6" })
        let draft = try EventDraft(interchange: vector.interchange)
        #expect(draft.type == .kevListed)
        #expect(draft.device == nil)
        #expect(draft.atText == "2021-12-10T00:00:00Z")
        #expect(draft.mentionedCVEs == ["CVE-2021-44228"])
        let document = try #require(draft.data["document"]?.objectValue)
        #expect(document["kind"]?.stringValue == "kev")
        #expect(document["sha256"]?.stringValue?.utf8.count == 64)
    }

    @Test("Event(canonicalBytes:) reads every vector's canonical bytes back, unchanged")
    func canonicalBytesReadBack() throws {
        for vector in try LedgerVectors.events() {
            let bytes = Array(vector.canonical.utf8)
            let event = try Event(canonicalBytes: bytes)
            #expect(event.id.description == vector.id)
            #expect(event.hlc.description == vector.hlc, "\(vector.id)")
            #expect(event.canonicalBytes == bytes, "\(vector.id)")
            #expect(event.leafHash.hex == vector.leaf, "\(vector.id)")
            #expect(event.draft.factHash.hex == vector.fact, "\(vector.id)")
            // The canonical bytes are themselves an interchange line: reading them as one gives
            // the same fact (placement members are read past).
            let reread = try EventDraft(interchange: try JSONParser.parseObject(bytes))
            #expect(reread.factBytes == event.draft.factBytes, "\(vector.id)")
        }
    }

    @Test("canonical bytes are RFC 8785 of themselves: re-canonicalizing changes nothing")
    func canonicalBytesAreAFixedPoint() throws {
        for vector in try LedgerVectors.events() {
            let bytes = Array(vector.canonical.utf8)
            #expect(CanonicalJSON.encode(try JSONParser.parse(bytes)) == bytes, "\(vector.id)")
        }
    }

    @Test("one fact recorded at two origins has one fact hash and two different leaves")
    func sameFactTwoOrigins() throws {
        let vectors = try LedgerVectors.events()
        let north = try #require(vectors.first { $0.id == "north-campus:5" })
        let south = try #require(vectors.first { $0.id == "south:1" })
        #expect(north.fact == south.fact)
        #expect(north.leaf != south.leaf)
        let a = try EventDraft(interchange: north.interchange)
        let b = try EventDraft(interchange: south.interchange)
        #expect(a.factBytes == b.factBytes)
    }

    // MARK: trees.json

    @Test("every tree root from size 0 to 9 matches, through MerkleFrontier and the RFC's recursion")
    func treeRoots() throws {
        let trees = try #require(try LedgerVectors.load("trees.json").objectValue)
        let leaves = try #require(trees["leaves"]?.arrayValue).map { value in
            try #require(value.stringValue.flatMap { MerkleHash(hex: $0) })
        }
        let roots = try #require(trees["roots"]?.arrayValue)
        #expect(leaves.count == 9)
        #expect(roots.count == leaves.count + 1)

        // The leaves are those of events north-campus:1…9.
        let north = try LedgerVectors.events().filter { $0.site == "north-campus" }.sorted { $0.seq < $1.seq }
        #expect(north.map(\.leaf) == leaves.map(\.hex))

        var frontier = MerkleFrontier()
        for entry in roots {
            let object = try #require(entry.objectValue)
            let size = Int(try #require(object["size"]?.numberValue))
            let expected = try LedgerVectors.string(object, "root")
            while frontier.size < UInt64(size) { frontier.append(leaves[Int(frontier.size)]) }
            #expect(frontier.root.hex == expected, "root at size \(size)")
            #expect(RFC6962.referenceRoot(leaves[0..<size]).hex == expected, "reference root at size \(size)")
            let restored = try #require(MerkleFrontier(size: frontier.size, serialized: frontier.serialized))
            #expect(restored.root.hex == expected, "restored frontier at size \(size)")
        }
        #expect(RFC6962.emptyRoot.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    // MARK: checkpoint.json

    /// The vector's key, name and note.
    private struct CheckpointVector {
        let privateKey: Curve25519.Signing.PrivateKey
        let site: SiteID
        let verifier: NoteVerifier
        let text: String
        let note: String
        let object: JSONObject
    }

    private func checkpointVector() throws -> CheckpointVector {
        let object = try LedgerVectors.checkpoint()
        let seed = try #require(Hex.decode(try LedgerVectors.string(object, "seed")))
        let privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        let site = try SiteID(try LedgerVectors.string(object, "site"))
        let publicKey = try Curve25519.Signing.PublicKey(
            rawRepresentation: try #require(Base64.decode(try LedgerVectors.string(object, "publicKey"))))
        return CheckpointVector(
            privateKey: privateKey, site: site,
            verifier: NoteVerifier(name: try LedgerVectors.string(object, "keyName"), publicKey: publicKey),
            text: try LedgerVectors.string(object, "text"), note: try LedgerVectors.string(object, "note"),
            object: object)
    }

    @Test("the checkpoint text, key name, key id and public key match the reference")
    func checkpointFields() throws {
        let vector = try checkpointVector()
        let trees = try #require(try LedgerVectors.load("trees.json").objectValue)
        let lastRoot = try #require(trees["roots"]?.arrayValue?.last?.objectValue)
        let root = try #require(MerkleHash(hex: try LedgerVectors.string(lastRoot, "root")))
        #expect(root.hex == (try LedgerVectors.string(vector.object, "root")))
        let size = UInt64(try #require(vector.object["size"]?.numberValue))

        #expect(vector.site.logOrigin == vector.verifier.name)
        #expect(Checkpoint(origin: vector.site.logOrigin, size: size, root: root).text == vector.text)
        #expect(try Checkpoint(text: vector.text) == Checkpoint(origin: vector.site.logOrigin, size: size, root: root))

        let key = SiteKey(site: vector.site, privateKey: vector.privateKey)
        #expect(key.publicKeyBase64 == (try LedgerVectors.string(vector.object, "publicKey")))
        #expect("\(vector.site) \(key.publicKeyBase64)" == (try LedgerVectors.string(vector.object, "keyLine")))
        let keyID = NoteVerifier.keyID(name: vector.verifier.name, publicKey: vector.verifier.publicKey)
        #expect(Hex.encode(keyID) == (try LedgerVectors.string(vector.object, "keyID")))
        #expect(key.verifier.keyID == keyID)

        // The verifier key string of Go's golang.org/x/mod/sumdb/note: name+keyid+base64(0x01 ‖ key).
        let goKey = "\(vector.verifier.name)+\(Hex.encode(keyID))+"
            + Base64.encode([0x01] + Array(vector.verifier.publicKey.rawRepresentation))
        #expect(goKey == (try LedgerVectors.string(vector.object, "verifierKey")))
    }

    @Test("the vector's signed note verifies, and signing its text with the seed reproduces it exactly")
    func checkpointSignature() throws {
        let vector = try checkpointVector()
        let note = try SignedNote(parsing: vector.note)
        #expect(note.text == vector.text)
        #expect(note.signatures.count == 1)
        #expect(note.isSigned(by: vector.verifier))
        #expect(note.serialized == vector.note)
        #expect(Hex.encode(note.signatures[0].bytes) == (try LedgerVectors.string(vector.object, "signature")))

        let signed = try SignedNote(signing: vector.text, name: vector.verifier.name, key: vector.privateKey)
        let trees = try #require(try LedgerVectors.load("trees.json").objectValue)
        let root = try #require(trees["roots"]?.arrayValue?.last?.objectValue?["root"]?.stringValue.flatMap { MerkleHash(hex: $0) })
        let bySiteKey = try SiteKey(site: vector.site, privateKey: vector.privateKey).signCheckpoint(size: 9, root: root)
        #if canImport(CryptoKit)
        // On Apple platforms swift-crypto is CryptoKit, which hedges Ed25519 signatures with
        // randomness (allowed for verification, not RFC 8032's deterministic nonce): the bytes
        // differ on every call, so only verification can be compared there.
        #expect(signed.text == vector.text && signed.isSigned(by: vector.verifier))
        #expect(bySiteKey.text == vector.text && bySiteKey.isSigned(by: vector.verifier))
        #else
        // BoringSSL signs as RFC 8032 §5.1.6 says: deterministically, so the bytes are the vector's.
        #expect(signed.serialized == vector.note)
        #expect(signed == note)
        #expect(bySiteKey.serialized == vector.note)
        #endif
    }

    @Test("a note signed by another key, or under another name, does not verify")
    func checkpointOtherKey() throws {
        let vector = try checkpointVector()
        let other = Curve25519.Signing.PrivateKey()
        let forged = try SignedNote(signing: vector.text, name: vector.verifier.name, key: other)
        #expect(!forged.isSigned(by: vector.verifier))
        #expect(!(try SignedNote(parsing: forged.serialized)).isSigned(by: vector.verifier))

        let note = try SignedNote(parsing: vector.note)
        #expect(!note.isSigned(by: NoteVerifier(name: vector.verifier.name, publicKey: other.publicKey)))
        #expect(!note.isSigned(by: NoteVerifier(name: "medledger/south", publicKey: vector.verifier.publicKey)))

        // The vector's signature bytes presented under the other key's id are refused too.
        let keyIDOfOther = NoteVerifier.keyID(name: vector.verifier.name, publicKey: other.publicKey)
        let spliced = vector.text + "\n\u{2014} \(vector.verifier.name) "
            + Base64.encode(keyIDOfOther + note.signatures[0].bytes) + "\n"
        #expect(!(try SignedNote(parsing: spliced)).isSigned(by: NoteVerifier(name: vector.verifier.name, publicKey: other.publicKey)))
    }

    @Test("changing any one byte of the signed text makes the note fail to verify")
    func checkpointTampered() throws {
        let vector = try checkpointVector()
        let original = Array(vector.note.utf8)
        let textLength = vector.text.utf8.count
        var checked = 0
        for i in 0..<textLength where original[i] != UInt8(ascii: "\n") {
            var bytes = original
            bytes[i] = bytes[i] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            let text = String(decoding: bytes, as: UTF8.self)
            if let note = try? SignedNote(parsing: text) {
                #expect(!note.isSigned(by: vector.verifier), "byte \(i) changed, still verifies")
            }
            checked += 1
        }
        #expect(checked == textLength - 3)
    }

    // MARK: jcs.json

    @Test("every RFC 8785 Appendix B number is formatted as the RFC expects")
    func appendixBNumbers() throws {
        let jcs = try #require(try LedgerVectors.load("jcs.json").objectValue)
        let numbers = try #require(jcs["numbers"]?.arrayValue)
        #expect(numbers.count >= 20)
        for entry in numbers {
            let object = try #require(entry.objectValue)
            let bits = try #require(UInt64(try LedgerVectors.string(object, "bits"), radix: 16))
            let expected = try LedgerVectors.string(object, "expected")
            let value = Double(bitPattern: bits)
            #expect(CanonicalJSON.formatNumber(value) == expected, "bits \(String(bits, radix: 16))")
        }
        for entry in try #require(jcs["nonFinite"]?.arrayValue) {
            let object = try #require(entry.objectValue)
            let bits = try #require(UInt64(try LedgerVectors.string(object, "bits"), radix: 16))
            #expect(!Double(bitPattern: bits).isFinite)
        }
    }

    @Test("RFC 8785's example objects and the ledger's edge cases canonicalize as published")
    func exampleObjects() throws {
        let jcs = try #require(try LedgerVectors.load("jcs.json").objectValue)
        let examples = try #require(jcs["examples"]?.arrayValue)
        #expect(examples.count >= 2)
        for entry in examples {
            let object = try #require(entry.objectValue)
            let input = try LedgerVectors.string(object, "input")
            let output = try LedgerVectors.string(object, "output")
            let description = try LedgerVectors.string(object, "description")
            let encoded = CanonicalJSON.encode(try JSONParser.parse(Array(input.utf8)))
            #expect(encoded == Array(output.utf8),
                    "\(description): got \(String(decoding: encoded, as: UTF8.self))")
        }
    }

    @Test("the texts the ledger must refuse are refused")
    func refusedTexts() throws {
        let jcs = try #require(try LedgerVectors.load("jcs.json").objectValue)
        for entry in try #require(jcs["refused"]?.arrayValue) {
            let object = try #require(entry.objectValue)
            let input = try LedgerVectors.string(object, "input")
            let description = try LedgerVectors.string(object, "description")
            #expect(throws: JSONSyntaxError.self, "\(description)") {
                _ = try JSONParser.parse(Array(input.utf8))
            }
        }
    }

    // MARK: Protocol/LEDGER.md

    @Test("the examples Protocol/LEDGER.md quotes are the vectors', byte for byte")
    func documentQuotesTheVectors() throws {
        let data = try Data(contentsOf: LedgerVectors.directory.deletingLastPathComponent()
            .appendingPathComponent("LEDGER.md"))
        let document = String(decoding: data, as: UTF8.self)
        let checkpoint = try LedgerVectors.checkpoint()
        for name in ["note", "verifierKey", "keyLine", "keyID"] {
            #expect(document.contains(try LedgerVectors.string(checkpoint, name)), "checkpoint.json \(name)")
        }
        let quoted = try #require(try LedgerVectors.events().first { $0.id == "north-campus:9" })
        #expect(document.contains(quoted.canonical + "\n"), "the canonical bytes of north-campus:9")
        #expect(document.contains(RFC6962.emptyRoot.hex))
    }

    // MARK: Every accepted event reads back (Protocol/LEDGER.md §3.4 and §2.2)
    //
    // What the ledger accepts at the edge must have canonical bytes that `Event(canonicalBytes:)`
    // reads back: otherwise an append succeeds and `verify` or a receiving site refuses the log.

    /// Reads an interchange line; nil when the ledger refuses it at the edge (which is fine).
    private func acceptedDraft(_ line: String) -> EventDraft? {
        guard let object = try? JSONParser.parseObject(Array(line.utf8)) else { return nil }
        return try? EventDraft(interchange: object)
    }

    @Test("an integral number RFC 8785 would write beyond ±(2^53−1) is refused at the edge, however spelled",
          arguments: ["1e20", "9007199254740992.0", "-9007199254740992e0", "123456789012345680000.0", "9007199254740992"])
    func bigIntegralNumbersAreRefused(spelling: String) throws {
        let line = #"{"type":"patch.applied","device":"pump-0001","at":"2025-03-01T00:00:00Z","actor":"a","data":{"version":"1","n":"#
            + spelling + "}}"
        #expect(acceptedDraft(line) == nil, "data.n = \(spelling) was accepted")
    }

    @Test("the numbers around the limits that are accepted read back",
          arguments: ["9007199254740991", "-9007199254740991", "9007199254740991.0", "1e21", "-1e21", "1.5e300", "5e-324"])
    func numbersAtTheLimitsReadBack(spelling: String) throws {
        let line = #"{"type":"patch.applied","device":"pump-0001","at":"2025-03-01T00:00:00Z","actor":"a","data":{"version":"1","n":"#
            + spelling + "}}"
        let draft = try #require(acceptedDraft(line), "data.n = \(spelling) was refused")
        let bytes = draft.canonicalBytes(site: try SiteID("north-campus"), seq: 1, hlc: HLC(milliseconds: 1, counter: 0))
        #expect(try Event(canonicalBytes: bytes).canonicalBytes == bytes)
    }

    @Test("an `at` whose UTC instant falls outside the years 0001-9999 is refused at the edge",
          arguments: ["0001-01-01T00:30:00+01:00", "9999-12-31T23:30:00-01:00"])
    func atOutsideFourDigitYearsIsRefused(at: String) throws {
        let line = #"{"type":"patch.applied","device":"pump-0001","at":""# + at + #"","actor":"a","data":{"version":"1"}}"#
        #expect(acceptedDraft(line) == nil, "at \(at) was accepted")
    }

    @Test("the first and last instants of the four-digit years are accepted and read back",
          arguments: ["0001-01-01T00:00:00Z", "0001-01-01T01:00:00+01:00", "9999-12-31T23:59:59.999999Z",
                      "9999-12-31T22:59:59.999999-01:00"])
    func atEdgesReadBack(at: String) throws {
        let line = #"{"type":"patch.applied","device":"pump-0001","at":""# + at + #"","actor":"a","data":{"version":"1"}}"#
        let draft = try #require(acceptedDraft(line), "at \(at) was refused")
        let bytes = draft.canonicalBytes(site: try SiteID("north-campus"), seq: 1, hlc: HLC(milliseconds: 1, counter: 0))
        #expect(try Event(canonicalBytes: bytes).at == draft.at)
    }
}
