import Crypto
import Testing
@testable import LedgerCore

/// Leaf hashes of a log whose i-th event is the decimal text of i.
private func decimalLeaves(_ count: Int) -> [MerkleHash] {
    (0..<count).map { RFC6962.leafHash(Array(String($0).utf8)) }
}

private func sha256(_ bytes: [UInt8]) -> MerkleHash {
    MerkleHash(SHA256.hash(data: bytes))
}

private func hex(_ text: String) -> [UInt8] {
    Hex.decode(text)!
}

@Suite("RFC 6962 Merkle tree")
struct MerkleTests {

    // MARK: Hashing primitives

    @Test("the empty tree's root is SHA-256 of no bytes")
    func emptyRootIsSHA256OfNothing() {
        #expect(RFC6962.emptyRoot.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(MerkleFrontier().root == RFC6962.emptyRoot)
        #expect(RFC6962.referenceRoot([]) == RFC6962.emptyRoot)
    }

    @Test("a leaf hash is SHA-256 of 0x00 and the bytes, never SHA-256 of the bytes alone",
          arguments: ["", "0", "medledger", #"{"actor":"biomed:alice"}"#])
    func leafHashIsDomainSeparated(text: String) {
        let bytes = Array(text.utf8)
        #expect(RFC6962.leafHash(bytes) == sha256([0x00] + bytes))
        #expect(RFC6962.leafHash(bytes) != sha256(bytes))
    }

    @Test("a node hash is SHA-256 of 0x01, left and right, so it differs from a leaf over the same 64 bytes")
    func nodeHashIsDomainSeparated() {
        let left = RFC6962.leafHash(Array("left".utf8))
        let right = RFC6962.leafHash(Array("right".utf8))
        let node = RFC6962.nodeHash(left, right)
        #expect(node == sha256([0x01] + left.bytes + right.bytes))
        #expect(node != RFC6962.leafHash(left.bytes + right.bytes))
        #expect(node != RFC6962.nodeHash(right, left), "a node hash depends on the order of its children")
    }

    @Test("a leaf's hash matches the published RFC 6962 test value")
    func leafHashMatchesPublishedValues() {
        #expect(RFC6962.leafHash([]).hex == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
        #expect(RFC6962.leafHash([0x00]).hex == "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7")
    }

    @Test("a leaf hash begun over a draft's shared members and finished over its placement is the leaf hash of the placed bytes")
    func leafHashPrefix() throws {
        let drafts = [
            try EventDraft(type: .patchApplied, device: "PUMP-1", at: LedgerTime(seconds: 1_735_689_600), actor: "biomed.jlee",
                           data: ["version": "4.2.1"]),
            try EventDraft(type: .incidentOpened, device: nil, at: LedgerTime(seconds: 1_735_689_601), actor: "secops.é",
                           data: ["incident": "INC-1", "devices": ["PUMP-1", "PUMP-2"], "severity": "high"]),
        ]
        for draft in drafts.map(\.canonical) {
            let prefix = draft.leafHashPrefix
            for (site, seq, hlc) in [("north", 1, HLC.zero), ("a-very-long-site-name", 123_456_789, HLC(milliseconds: 1_735_689_600_123, counter: 7))] {
                let placed = draft.canonicalBytes(site: try SiteID(site), seq: UInt64(seq), hlc: hlc)
                #expect(prefix.finish(placed) == RFC6962.leafHash(placed))
                // Begun once, finished many times: the prefix is not consumed.
                #expect(prefix.finish(placed) == RFC6962.leafHash(placed))
            }
        }
    }

    // MARK: Roots

    /// The leaves and roots every RFC 6962 implementation tests against (Certificate
    /// Transparency's reference tree, also in Go's transparency-dev/merkle).
    static let ctLeaves: [String] = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                     "606162636465666768696a6b6c6d6e6f"]
    static let ctRoots: [String] = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    @Test("the frontier and the reference both give Certificate Transparency's published roots for sizes 0 to 8")
    func publishedRootsForSmallTrees() {
        let leaves = Self.ctLeaves.map { RFC6962.leafHash(hex($0)) }
        var frontier = MerkleFrontier()
        #expect(frontier.root.hex == Self.ctRoots[0])
        for (size, leaf) in leaves.enumerated() {
            frontier.append(leaf)
            #expect(frontier.root.hex == Self.ctRoots[size + 1], "size \(size + 1)")
            #expect(RFC6962.referenceRoot(leaves[0...size]).hex == Self.ctRoots[size + 1], "size \(size + 1)")
        }
    }

    @Test("a three-leaf tree hashes as H(1 ‖ H(1 ‖ a ‖ b) ‖ c), the RFC's unbalanced split")
    func threeLeafTreeShape() {
        let leaves = decimalLeaves(3)
        var frontier = MerkleFrontier()
        leaves.forEach { frontier.append($0) }
        let expected = RFC6962.nodeHash(RFC6962.nodeHash(leaves[0], leaves[1]), leaves[2])
        #expect(frontier.root == expected)
    }

    @Test("the frontier's root equals the RFC 6962 reference root at every size from 0 to 1,000")
    func frontierMatchesReferenceUpToAThousand() {
        let leaves = decimalLeaves(1_000)
        var frontier = MerkleFrontier()
        var mismatches: [Int] = []
        for size in 0...1_000 {
            if size > 0 { frontier.append(leaves[size - 1]) }
            #expect(frontier.size == UInt64(size))
            if frontier.root != RFC6962.referenceRoot(leaves[0..<size]) { mismatches.append(size) }
        }
        #expect(mismatches.isEmpty, "roots differ at sizes \(mismatches.prefix(20))")
    }

    @Test("the frontier holds one subtree root per set bit of its size")
    func frontierHoldsOneHashPerSetBit() {
        var frontier = MerkleFrontier()
        for (i, leaf) in decimalLeaves(300).enumerated() {
            frontier.append(leaf)
            #expect(frontier.hashes.count == (i + 1).nonzeroBitCount, "size \(i + 1)")
            #expect(frontier.serialized.count == 32 * (i + 1).nonzeroBitCount)
        }
    }

    @Test("changing any one leaf of a 37-leaf tree changes the root, each change to a different root")
    func everyLeafAffectsTheRoot() {
        let leaves = decimalLeaves(37)
        let original = RFC6962.referenceRoot(leaves[...])
        var roots: Set<MerkleHash> = [original]
        for index in leaves.indices {
            var changed = leaves
            changed[index] = RFC6962.leafHash(Array("tampered \(index)".utf8))
            var frontier = MerkleFrontier()
            changed.forEach { frontier.append($0) }
            #expect(frontier.root != original, "changing leaf \(index) left the root unchanged")
            roots.insert(frontier.root)
        }
        #expect(roots.count == leaves.count + 1)
    }

    @Test("swapping two leaves changes the root: order is part of the tree")
    func leafOrderMatters() {
        var leaves = decimalLeaves(5)
        let before = RFC6962.referenceRoot(leaves[...])
        leaves.swapAt(1, 2)
        #expect(RFC6962.referenceRoot(leaves[...]) != before)
    }

    // MARK: Serialized frontiers

    @Test("a frontier saved at a checkpoint and restored continues to the same roots",
          arguments: [0, 1, 2, 3, 7, 8, 9, 63, 64, 65, 100, 511, 1_000])
    func restoredFrontierContinues(savedAt size: Int) throws {
        let leaves = decimalLeaves(size + 70)
        var original = MerkleFrontier()
        leaves[..<size].forEach { original.append($0) }

        var restored = try #require(MerkleFrontier(size: UInt64(size), serialized: original.serialized))
        #expect(restored == original)
        #expect(restored.root == original.root)

        for (offset, leaf) in leaves[size...].enumerated() {
            original.append(leaf)
            restored.append(leaf)
            #expect(restored.root == original.root, "after restoring at \(size) and appending \(offset + 1)")
        }
        #expect(restored.root == RFC6962.referenceRoot(leaves[...]))
    }

    @Test("restoring with a hash count that does not match the size fails",
          arguments: [(3, 1), (3, 3), (4, 2), (0, 1), (1, 0), (8, 0), (1_000, 5), (1_000, 7)])
    func restoringWithWrongHashCountFails(size: UInt64, hashCount: Int) {
        // 1,000 = 0b1111101000 has six set bits.
        let bytes = Array(repeating: UInt8(0xAB), count: 32 * hashCount)
        #expect(MerkleFrontier(size: size, serialized: bytes) == nil)
    }

    @Test("restoring from bytes that are not whole hashes fails", arguments: [31, 33, 63, 65])
    func restoringFromPartialHashesFails(byteCount: Int) {
        let bytes = Array(repeating: UInt8(0x11), count: byteCount)
        #expect(MerkleFrontier(size: 1, serialized: bytes) == nil)
        #expect(MerkleFrontier(size: 3, serialized: bytes) == nil)
    }

    // MARK: Hash text forms

    @Test("a hash reads back from its hex and base64 forms")
    func hashTextFormsRoundTrip() throws {
        let hash = RFC6962.leafHash(Array("pump-icu-0042".utf8))
        #expect(hash.hex.count == 64)
        #expect(try #require(MerkleHash(hex: hash.hex)) == hash)
        #expect(try #require(MerkleHash(hex: hash.hex.uppercased())) == hash)
        #expect(try #require(MerkleHash(base64: hash.base64)) == hash)
        #expect(hash.bytes.count == 32)
        #expect(hash.description == hash.hex)
    }

    @Test("a hash is refused from text that is not exactly 32 bytes",
          arguments: [String(repeating: "a", count: 62), String(repeating: "a", count: 66),
                      String(repeating: "a", count: 63), String(repeating: "g", count: 64), ""])
    func hashFromWrongHexIsRefused(text: String) {
        #expect(MerkleHash(hex: text) == nil)
    }

    @Test("a root is refused from base64 that is not 32 bytes or not canonical",
          arguments: [Base64.encode([UInt8](repeating: 7, count: 31)), Base64.encode([UInt8](repeating: 7, count: 33)),
                      "not base64!", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU", // no padding
                      "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFV="])                // stray bits in the last character
    func hashFromWrongBase64IsRefused(text: String) {
        #expect(MerkleHash(base64: text) == nil)
    }

    @Test("the empty root's canonical base64 is accepted")
    func emptyRootBase64() throws {
        #expect(RFC6962.emptyRoot.base64 == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
        #expect(try #require(MerkleHash(base64: "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")) == RFC6962.emptyRoot)
    }
}
