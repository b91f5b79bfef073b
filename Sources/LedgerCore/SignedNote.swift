import Crypto

/// A site's Ed25519 verifier key under its C2SP signed-note name (`medledger/<site>`).
public struct NoteVerifier: Sendable {
    public let name: String
    public let publicKey: Curve25519.Signing.PublicKey

    public init(name: String, publicKey: Curve25519.Signing.PublicKey) {
        self.name = name
        self.publicKey = publicKey
    }

    /// C2SP signed-note key id: the first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key),
    /// where 0x01 is the Ed25519 signature type.
    public var keyID: [UInt8] { Self.keyID(name: name, publicKey: publicKey) }

    public static func keyID(name: String, publicKey: Curve25519.Signing.PublicKey) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Array(name.utf8) + [0x0A, 0x01])
        hasher.update(data: publicKey.rawRepresentation)
        return Array(hasher.finalize().prefix(4))
    }
}

/// A C2SP signed note: a text ending in a newline, a blank line, then signature lines
/// `— <name> <base64(key id ‖ signature)>`.
public struct SignedNote: Sendable, Equatable {
    /// The signed text, ending in a newline.
    public let text: String
    /// The signatures: key name, 4-byte key id, 64-byte Ed25519 signature.
    public let signatures: [Signature]

    public struct Signature: Sendable, Equatable {
        public let name: String
        public let keyID: [UInt8]
        public let bytes: [UInt8]
    }

    /// Why a note was refused.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// Signs `text` (which must end in a newline) with `key` under `name`.
    public init(signing text: String, name: String, key: Curve25519.Signing.PrivateKey) throws {
        precondition(text.hasSuffix("\n"), "a note's text ends in a newline")
        let signature = try key.signature(for: Array(text.utf8))
        self.text = text
        self.signatures = [Signature(name: name, keyID: NoteVerifier.keyID(name: name, publicKey: key.publicKey),
                                     bytes: Array(signature))]
    }

    /// Reads a serialized note.
    public init(parsing note: String) throws(Invalid) {
        guard let split = note.range(of: "\n\n", options: .backwards) else {
            throw Invalid(reason: "a signed note needs a blank line before its signatures")
        }
        let text = String(note[..<split.lowerBound]) + "\n"
        // C2SP signed-note: the text holds no control characters but newlines.
        guard !note.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F }) else {
            throw Invalid(reason: "a signed note must not contain control characters other than newline")
        }
        let signatureBlock = note[split.upperBound...]
        guard signatureBlock.hasSuffix("\n") else { throw Invalid(reason: "a signed note ends with a newline") }
        var signatures: [Signature] = []
        for line in signatureBlock.dropLast().split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("\u{2014} ") else { throw Invalid(reason: "a signature line starts with an em dash and a space") }
            let parts = line.dropFirst(2).split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, let blob = Base64.decode(String(parts[1])), blob.count > 4 else {
                throw Invalid(reason: "malformed signature line \"\(line)\"")
            }
            signatures.append(Signature(name: String(parts[0]), keyID: Array(blob.prefix(4)), bytes: Array(blob.dropFirst(4))))
        }
        guard !signatures.isEmpty else { throw Invalid(reason: "a signed note has no signature") }
        self.text = text
        self.signatures = signatures
    }

    /// The note as text: the signed text, a blank line, one line per signature.
    public var serialized: String {
        var out = text + "\n"
        for signature in signatures {
            out += "\u{2014} \(signature.name) \(Base64.encode(signature.keyID + signature.bytes))\n"
        }
        return out
    }

    /// True when the note carries a signature by `verifier` (same name and key id) and every
    /// signature by that key verifies over the text (C2SP: a note with a bad signature from a
    /// known key is rejected, even if another of its signatures is good).
    public func isSigned(by verifier: NoteVerifier) -> Bool {
        let keyID = verifier.keyID
        let message = Array(text.utf8)
        let byKey = signatures.filter { $0.name == verifier.name && $0.keyID == keyID }
        return !byKey.isEmpty && byKey.allSatisfy { verifier.publicKey.isValidSignature($0.bytes, for: message) }
    }
}

/// A C2SP tlog-checkpoint: origin line, tree size, base64 root hash.
public struct Checkpoint: Sendable, Equatable {
    public let origin: String
    public let size: UInt64
    public let root: MerkleHash

    public init(origin: String, size: UInt64, root: MerkleHash) {
        self.origin = origin
        self.size = size
        self.root = root
    }

    /// The checkpoint's note text.
    public var text: String { "\(origin)\n\(size)\n\(root.base64)\n" }

    /// Reads a checkpoint body (the signed text of a note).
    public init(text: String) throws(SignedNote.Invalid) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // tlog-checkpoint: origin, size, root, then optional non-empty extension lines.
        guard lines.count >= 4, lines.last == "", !lines[0].isEmpty, !lines[3..<(lines.count - 1)].contains(where: \.isEmpty),
              let size = UInt64(lines[1]), String(size) == lines[1],
              let root = MerkleHash(base64: String(lines[2])) else {
            throw SignedNote.Invalid(reason: "not a tlog checkpoint (origin, size, base64 root hash)")
        }
        self.init(origin: String(lines[0]), size: size, root: root)
    }
}

/// A site's signing key: Ed25519, as the site's checkpoints are signed with.
public struct SiteKey: Sendable {
    public let site: SiteID
    public let privateKey: Curve25519.Signing.PrivateKey

    public init(site: SiteID, privateKey: Curve25519.Signing.PrivateKey) {
        self.site = site
        self.privateKey = privateKey
    }

    /// The public half, with the site's note name.
    public var verifier: NoteVerifier { NoteVerifier(name: site.logOrigin, publicKey: privateKey.publicKey) }

    /// The public key as `medledger key` prints it: the raw 32 bytes in standard base64.
    public var publicKeyBase64: String { Base64.encode(privateKey.publicKey.rawRepresentation) }

    /// Signs the checkpoint of this site's tree at `size` with `root`.
    public func signCheckpoint(size: UInt64, root: MerkleHash) throws -> SignedNote {
        try SignedNote(signing: Checkpoint(origin: site.logOrigin, size: size, root: root).text,
                       name: site.logOrigin, key: privateKey)
    }
}
