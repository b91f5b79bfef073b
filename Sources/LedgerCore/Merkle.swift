import Crypto

/// A SHA-256 hash as the Merkle tree uses it: 32 bytes held inline (no heap allocation), so a
/// tree of a million leaves is hashed without a million small arrays.
public struct MerkleHash: Hashable, Sendable, CustomStringConvertible {
    private var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0

    private init() {}

    /// The 32 bytes of a SHA-256 digest.
    public init(_ digest: SHA256Digest) {
        var hash = MerkleHash()
        digest.withUnsafeBytes { raw in
            Swift.withUnsafeMutableBytes(of: &hash) { $0.copyMemory(from: raw) }
        }
        self = hash
    }

    /// Exactly 32 bytes, or nil.
    public init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 32 else { return nil }
        Swift.withUnsafeMutableBytes(of: &self) { $0.copyMemory(from: bytes) }
    }

    /// Exactly 32 bytes, or nil.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        let array = Array(bytes)
        guard let hash = array.withUnsafeBytes({ MerkleHash($0) }) else { return nil }
        self = hash
    }

    /// The hash in standard base64, as checkpoints write it; nil if the text is not 32 bytes.
    public init?(base64: String) {
        guard let bytes = Base64.decode(base64), let hash = MerkleHash(bytes: bytes) else { return nil }
        self = hash
    }

    /// The hash in lowercase hex; nil if the text is not 64 hex digits.
    public init?(hex: String) {
        guard let bytes = Hex.decode(hex), let hash = MerkleHash(bytes: bytes) else { return nil }
        self = hash
    }

    /// Calls `body` with the 32 bytes.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var copy = self
        return try Swift.withUnsafeBytes(of: &copy) { try body($0) }
    }

    /// The 32 bytes, as an array.
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// Lowercase hex, as `log --format jsonl` writes leaves.
    public var hex: String { Hex.encode(bytes) }

    /// Standard base64, as checkpoints write roots.
    public var base64: String { Base64.encode(bytes) }

    public var description: String { hex }
}

/// RFC 6962 §2.1 hashing: leaves and interior nodes are domain-separated by a prefix byte.
public enum RFC6962 {
    /// SHA-256(0x00 ‖ leaf bytes).
    public static func leafHash(_ bytes: UnsafeRawBufferPointer) -> MerkleHash {
        var hasher = SHA256()
        hasher.update(data: [0x00] as [UInt8])
        hasher.update(bufferPointer: bytes)
        return MerkleHash(hasher.finalize())
    }

    /// SHA-256(0x00 ‖ leaf bytes).
    public static func leafHash(_ bytes: [UInt8]) -> MerkleHash {
        bytes.withUnsafeBytes { leafHash($0) }
    }

    /// SHA-256(0x01 ‖ left ‖ right).
    public static func nodeHash(_ left: MerkleHash, _ right: MerkleHash) -> MerkleHash {
        var hasher = SHA256()
        hasher.update(data: [0x01] as [UInt8])
        left.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        right.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return MerkleHash(hasher.finalize())
    }

    /// The hash of the empty tree: SHA-256 of no bytes.
    public static let emptyRoot = MerkleHash(SHA256.hash(data: [UInt8]()))

    /// The Merkle Tree Hash of RFC 6962 §2.1, computed by the RFC's own recursive definition.
    /// Slow and simple: it is the reference the incremental `MerkleFrontier` is tested against.
    public static func referenceRoot(_ leaves: ArraySlice<MerkleHash>) -> MerkleHash {
        if leaves.isEmpty { return emptyRoot }
        if leaves.count == 1 { return leaves.first! }
        var k = 1
        while k << 1 < leaves.count { k <<= 1 }  // largest power of two smaller than n
        let start = leaves.startIndex
        return nodeHash(referenceRoot(leaves[start..<start + k]), referenceRoot(leaves[(start + k)...]))
    }
}

/// The right edge of an RFC 6962 tree: the roots of its perfect subtrees, largest first.
/// It is all that is needed to append leaves and compute the root at every size, in
/// O(log n) memory, so a tree is rebuilt from a stream of leaves without holding them.
public struct MerkleFrontier: Sendable, Equatable {
    /// Leaves appended so far.
    public private(set) var size: UInt64
    /// Roots of the perfect subtrees covering the leaves, left to right.
    public private(set) var hashes: [MerkleHash]

    /// The frontier of the empty tree.
    public init() {
        size = 0
        hashes = []
    }

    /// A frontier restored from its serialized form (`serialized`); nil if the hash count
    /// does not match the size (one hash per set bit).
    public init?(size: UInt64, serialized: [UInt8]) {
        guard serialized.count == size.nonzeroBitCount * 32 else { return nil }
        self.size = size
        hashes = stride(from: 0, to: serialized.count, by: 32).map {
            MerkleHash(bytes: serialized[$0..<$0 + 32])!
        }
    }

    /// The hashes concatenated, for storage beside a checkpoint.
    public var serialized: [UInt8] { hashes.flatMap(\.bytes) }

    /// Appends one leaf hash: merges equal-sized subtrees like carrying in binary addition.
    public mutating func append(_ leaf: MerkleHash) {
        var node = leaf
        var carry = size
        while carry & 1 == 1 {
            node = RFC6962.nodeHash(hashes.removeLast(), node)
            carry >>= 1
        }
        hashes.append(node)
        size += 1
    }

    /// The tree's root: the subtree roots folded from the right (RFC 6962 §2.1 for any size).
    public var root: MerkleHash {
        guard var node = hashes.last else { return RFC6962.emptyRoot }
        for hash in hashes.dropLast().reversed() {
            node = RFC6962.nodeHash(hash, node)
        }
        return node
    }
}
