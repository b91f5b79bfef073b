import Crypto
import Testing
@testable import LedgerCore

/// A site key from a fixed seed, so failures reproduce.
private func siteKey(_ site: String, seed: UInt8) throws -> SiteKey {
    let privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: seed, count: 32))
    return SiteKey(site: try SiteID(site), privateKey: privateKey)
}

/// A checkpoint of St. Elsewhere's log at 42 events.
private func stElsewhereCheckpoint() throws -> (key: SiteKey, note: SignedNote, root: MerkleHash) {
    let key = try siteKey("st-elsewhere", seed: 0x42)
    let root = RFC6962.leafHash(Array("forty-two events".utf8))
    return (key, try key.signCheckpoint(size: 42, root: root), root)
}

@Suite("Signed notes and checkpoints")
struct SignedNoteTests {

    // MARK: Signing and verifying

    @Test("a checkpoint signed by a site key verifies with that site's verifier")
    func signedCheckpointVerifies() throws {
        let (key, note, root) = try stElsewhereCheckpoint()
        #expect(note.isSigned(by: key.verifier))
        #expect(note.text == "medledger/st-elsewhere\n42\n\(root.base64)\n")
        #expect(note.signatures.count == 1)
        #expect(note.signatures.first?.name == "medledger/st-elsewhere")
        #expect(note.signatures.first?.bytes.count == 64)
    }

    @Test("the key id is the first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)")
    func keyIDFollowsC2SP() throws {
        let key = try siteKey("st-elsewhere", seed: 0x42)
        let publicKey = Array(key.privateKey.publicKey.rawRepresentation)
        let expected = Array(SHA256.hash(data: Array("medledger/st-elsewhere".utf8) + [0x0A, 0x01] + publicKey).prefix(4))
        #expect(key.verifier.keyID == expected)
        #expect(key.verifier.name == "medledger/st-elsewhere")
        let note = try key.signCheckpoint(size: 1, root: RFC6962.emptyRoot)
        #expect(note.signatures.first?.keyID == expected)
    }

    @Test("a note signed by another site's key does not verify")
    func otherKeyDoesNotVerify() throws {
        let (_, note, _) = try stElsewhereCheckpoint()
        let impostor = try siteKey("st-elsewhere", seed: 0x66)
        #expect(!note.isSigned(by: impostor.verifier))
        // The right key under another name is not the site's signature either.
        let (key, _, _) = try stElsewhereCheckpoint()
        let renamed = NoteVerifier(name: "medledger/county-general", publicKey: key.privateKey.publicKey)
        #expect(!note.isSigned(by: renamed))
    }

    @Test("altering any one character of the signed text breaks the signature")
    func alteredTextDoesNotVerify() throws {
        let (key, note, _) = try stElsewhereCheckpoint()
        let text = Array(note.text)
        for index in text.indices.dropLast() {  // keep the final newline a note's text needs
            var altered = text
            altered[index] = altered[index] == "A" ? "B" : "A"
            let tampered = try SignedNote(parsing: String(altered) + "\n" + signatureLines(of: note))
            #expect(!tampered.isSigned(by: key.verifier), "changing character \(index) kept the signature valid")
        }
    }

    @Test("a signature with one flipped bit does not verify")
    func flippedSignatureBitDoesNotVerify() throws {
        let (key, note, _) = try stElsewhereCheckpoint()
        let signature = try #require(note.signatures.first)
        var bytes = signature.bytes
        bytes[10] ^= 0x01
        let line = "\u{2014} \(signature.name) \(Base64.encode(signature.keyID + bytes))\n"
        let tampered = try SignedNote(parsing: note.text + "\n" + line)
        #expect(!tampered.isSigned(by: key.verifier))
    }

    @Test("a valid signature filed under the wrong key id does not verify")
    func wrongKeyIDDoesNotVerify() throws {
        let (key, note, _) = try stElsewhereCheckpoint()
        let signature = try #require(note.signatures.first)
        let line = "\u{2014} \(signature.name) \(Base64.encode([0, 0, 0, 0] + signature.bytes))\n"
        let tampered = try SignedNote(parsing: note.text + "\n" + line)
        #expect(!tampered.isSigned(by: key.verifier))
    }

    @Test("a cosigned note verifies with each of its signers")
    func cosignedNoteVerifiesWithEachSigner() throws {
        let (key, note, _) = try stElsewhereCheckpoint()
        let witness = try siteKey("county-general", seed: 0x07)
        let cosignature = try SignedNote(signing: note.text, name: witness.verifier.name, key: witness.privateKey)
        let combined = note.text + "\n" + signatureLines(of: note) + signatureLines(of: cosignature)
        let parsed = try SignedNote(parsing: combined)
        #expect(parsed.signatures.count == 2)
        #expect(parsed.isSigned(by: key.verifier))
        #expect(parsed.isSigned(by: witness.verifier))
        #expect(parsed.serialized == combined)
    }

    // MARK: Text form

    @Test("parsing a serialized note gives back the same note and the same text")
    func serializedNoteRoundTrips() throws {
        let (key, note, root) = try stElsewhereCheckpoint()
        let serialized = note.serialized
        let signature = try #require(note.signatures.first)
        #expect(serialized == "medledger/st-elsewhere\n42\n\(root.base64)\n\n\u{2014} medledger/st-elsewhere "
                + Base64.encode(signature.keyID + signature.bytes) + "\n")
        let parsed = try SignedNote(parsing: serialized)
        #expect(parsed == note)
        #expect(parsed.serialized == serialized)
        #expect(parsed.isSigned(by: key.verifier))
    }

    @Test("malformed notes are refused", arguments: MalformedNote.allCases)
    func malformedNotesAreRefused(kind: MalformedNote) throws {
        let (_, note, _) = try stElsewhereCheckpoint()
        #expect(throws: SignedNote.Invalid.self) { try SignedNote(parsing: kind.mangle(note)) }
    }

    enum MalformedNote: CaseIterable, CustomTestStringConvertible {
        case noBlankLine, hyphenInsteadOfEmDash, noSpaceAfterEmDash, badBase64, truncatedBlob, noSignatureBlob,
             extraField, noSignature, noFinalNewline, trailingBlankLine, empty

        func mangle(_ note: SignedNote) -> String {
            let lines = signatureLines(of: note)
            let blob = String(lines.split(separator: " ").last!.dropLast())
            switch self {
            case .noBlankLine: return note.text + lines
            case .hyphenInsteadOfEmDash: return note.text + "\n" + "- medledger/st-elsewhere \(blob)\n"
            case .noSpaceAfterEmDash: return note.text + "\n" + "\u{2014}medledger/st-elsewhere \(blob)\n"
            case .badBase64: return note.text + "\n" + "\u{2014} medledger/st-elsewhere !!\(blob.dropFirst(2))\n"
            case .truncatedBlob: return note.text + "\n" + "\u{2014} medledger/st-elsewhere AAAA\n"
            case .noSignatureBlob: return note.text + "\n" + "\u{2014} medledger/st-elsewhere\n"
            case .extraField: return note.text + "\n" + "\u{2014} medledger/st-elsewhere \(blob) extra\n"
            case .noSignature: return note.text + "\n"
            case .noFinalNewline: return String((note.text + "\n" + lines).dropLast())
            case .trailingBlankLine: return note.text + "\n" + lines + "\n"
            case .empty: return ""
            }
        }

        var testDescription: String { "\(self)" }
    }

    // MARK: Interoperability with Go's golang.org/x/mod/sumdb/note

    // The key pair and note of the Go reference implementation's tests.
    static let goVerifierKey = "ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"   // 0x01 ‖ public key
    static let goSignerKey = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"     // 0x01 ‖ seed
    static let goText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    static let goNote = goText + "\n\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"

    private func goVerifier() throws -> NoteVerifier {
        let bytes = try #require(Base64.decode(Self.goVerifierKey))
        try #require(bytes.first == 0x01)
        return NoteVerifier(name: "PeterNeumann",
                            publicKey: try Curve25519.Signing.PublicKey(rawRepresentation: bytes.dropFirst()))
    }

    @Test("a note signed by Go's sumdb/note reference code verifies, with key id c74f20a3")
    func goReferenceNoteVerifies() throws {
        let verifier = try goVerifier()
        #expect(Hex.encode(verifier.keyID) == "c74f20a3")
        let note = try SignedNote(parsing: Self.goNote)
        #expect(note.text == Self.goText)
        #expect(note.isSigned(by: verifier))
        #expect(note.serialized == Self.goNote)
        let tampered = try SignedNote(parsing: Self.goNote.replacing("cryptography", with: "cryptographY"))
        #expect(!tampered.isSigned(by: verifier))
    }

    @Test("signing Go's reference text with Go's reference key gives a note Go's key verifies")
    func signingMatchesGoReference() throws {
        let seed = try #require(Base64.decode(Self.goSignerKey))
        try #require(seed.first == 0x01)
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed.dropFirst())
        let note = try SignedNote(signing: Self.goText, name: "PeterNeumann", key: key)
        #expect(note.isSigned(by: try goVerifier()))
        #if !canImport(CryptoKit)
        // BoringSSL's Ed25519 is deterministic (RFC 8032), so the bytes are Go's exactly;
        // CryptoKit randomizes its signatures, so there only verification can be compared.
        #expect(note.serialized == Self.goNote)
        #endif
    }

    // MARK: Checkpoint bodies

    @Test("a checkpoint body reads back to the same origin, size and root", arguments: [0, 1, 42, UInt64.max])
    func checkpointTextRoundTrips(size: UInt64) throws {
        let root = RFC6962.leafHash(Array("root at \(size)".utf8))
        let checkpoint = Checkpoint(origin: "medledger/st-elsewhere", size: size, root: root)
        #expect(checkpoint.text == "medledger/st-elsewhere\n\(size)\n\(root.base64)\n")
        #expect(try Checkpoint(text: checkpoint.text) == checkpoint)
    }

    @Test("a signed checkpoint's text is the checkpoint body")
    func signedCheckpointTextIsACheckpoint() throws {
        let (_, note, root) = try stElsewhereCheckpoint()
        let checkpoint = try Checkpoint(text: note.text)
        #expect(checkpoint == Checkpoint(origin: "medledger/st-elsewhere", size: 42, root: root))
    }

    @Test("extension lines after the root are allowed, as tlog-checkpoint permits")
    func checkpointExtensionLinesAreAllowed() throws {
        let text = "medledger/st-elsewhere\n7\n\(RFC6962.emptyRoot.base64)\nextension line\n"
        #expect(try Checkpoint(text: text).size == 7)
    }

    static let emptyRoot = RFC6962.emptyRoot.base64

    @Test("checkpoint bodies with a bad size, a bad root or a bad shape are refused",
          arguments: [
            "medledger/st-elsewhere\n-1\n\(emptyRoot)\n",
            "medledger/st-elsewhere\n+5\n\(emptyRoot)\n",
            "medledger/st-elsewhere\n05\n\(emptyRoot)\n",
            "medledger/st-elsewhere\n0x10\n\(emptyRoot)\n",
            "medledger/st-elsewhere\nfive\n\(emptyRoot)\n",
            "medledger/st-elsewhere\n5 \n\(emptyRoot)\n",
            "medledger/st-elsewhere\n\n\(emptyRoot)\n",
            "medledger/st-elsewhere\n18446744073709551616\n\(emptyRoot)\n",
            "medledger/st-elsewhere\n5\n\(Base64.encode([UInt8](repeating: 1, count: 31)))\n",
            "medledger/st-elsewhere\n5\n\(Base64.encode([UInt8](repeating: 1, count: 33)))\n",
            "medledger/st-elsewhere\n5\n\(RFC6962.emptyRoot.hex)\n",
            "medledger/st-elsewhere\n5\n\(emptyRoot)",
            "\n5\n\(emptyRoot)\n",
            "medledger/st-elsewhere\n5\n",
            "",
          ])
    func malformedCheckpointsAreRefused(text: String) {
        #expect(throws: SignedNote.Invalid.self) { try Checkpoint(text: text) }
    }

    // MARK: Keys

    @Test("a site's public key prints as its raw 32 bytes in standard base64")
    func publicKeyPrintsAsRawBase64() throws {
        let key = try siteKey("st-elsewhere", seed: 0x42)
        let bytes = try #require(Base64.decode(key.publicKeyBase64))
        #expect(bytes == Array(key.privateKey.publicKey.rawRepresentation))
        #expect(bytes.count == 32)
    }
}

/// The signature lines of a serialized note (everything after its blank line).
private func signatureLines(of note: SignedNote) -> String {
    String(note.serialized.dropFirst(note.text.count + 1))
}
