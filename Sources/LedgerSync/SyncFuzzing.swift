import Crypto
import LedgerCore
import LedgerStore

/// The entry point of the fuzz target (Tools/SyncFuzz) and of the corpus replay in the tests:
/// arbitrary bytes through the frame decoder, and through a responder session whose roster
/// holds the published test key of `north-campus` (Protocol/vectors/checkpoint.json), so a
/// well-formed batch reaches the batch decoder, the canonical check and the signature check.
public enum SyncFuzzing {
    /// What the bytes came to.
    public struct Outcome: Sendable, Equatable {
        /// Frames the decoder read before it stopped.
        public var frames = 0
        /// Batches the session verified.
        public var batches = 0
        /// The error that stopped the decoder or the session, if any.
        public var refusal: SyncError.Code?
    }

    /// The vectors' test key for `north-campus`: public only, never a site's.
    static let testKey = NoteVerifier(
        name: "medledger/north-campus",
        publicKey: try! Curve25519.Signing.PublicKey(rawRepresentation: Base64.decode("aqciIZyzyufZUUEBnuWXk7FsInokFCuXEUiwR27ubWc=")!))

    /// Small limits, so a fuzzer explores instead of allocating.
    static let limits = SyncLimits(maximumFrameBytes: 1 << 20, maximumBatchBytes: 4 << 20, maximumBatchEvents: 4096)

    /// Runs `bytes` as the frames a peer sends after a valid opening (HELLO, empty VECTOR) to a
    /// responder holding nothing. Never traps, whatever the bytes.
    public static func run(_ bytes: [UInt8]) -> Outcome {
        var outcome = Outcome()
        var decoder = FrameDecoder(maximumFrameBytes: limits.maximumFrameBytes)
        decoder.append(bytes)
        while true {
            do {
                guard try decoder.next() != nil else { break }
                outcome.frames += 1
            } catch {
                outcome.refusal = error.code
                break
            }
        }
        let north = try! SiteID("north-campus")
        var session = SyncSession(role: .responder, local: .init(site: try! SiteID("fuzz"), held: [:], roster: [north: testKey]),
                                  limits: limits)
        let opening = Frame.hello(Hello(minVersion: 1, maxVersion: 1, directions: .send, site: north)).encoded
            + Frame.vector(.empty).encoded
        // The bytes, then the end of the connection: a session left unfinished fails.
        var actions = session.receive(opening + bytes)
        var closed = false
        while true {
            if actions.isEmpty && !closed {
                closed = true
                actions = session.connectionClosed()
            }
            guard !actions.isEmpty else { break }
            let action = actions.removeFirst()
            switch action {
            case .store:
                outcome.batches += 1
                actions = session.stored() + actions
            case .sendBatches:
                actions = session.batchesSent(events: 0) + actions
            case .failed(let error):
                if outcome.refusal == nil { outcome.refusal = error.code }
            case .send, .finished:
                break
            }
        }
        return outcome
    }
}
