import Crypto
import Foundation
import LedgerCore
import LedgerStore
import NIOCore
import NIOSSL

/// Mutual TLS 1.3 between sites: each side presents its site certificate and accepts the
/// peer only if the peer certificate's key is on its roster (no CA; a custom verification
/// callback), so a site not on the roster is refused during the handshake.
public enum SyncTLS {
    /// BoringSSL leaves Ed25519 out of its default list; without it in both lists the
    /// handshake fails with NO_COMMON_SIGNATURE_ALGORITHMS.
    static let algorithms: [SignatureAlgorithm] = [.ed25519]

    public static func context(for identity: SiteCertificate, server: Bool) throws -> NIOSSLContext {
        var configuration = server
            ? TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(identity.certificate)],
                                                       privateKey: .privateKey(identity.privateKey))
            : TLSConfiguration.makeClientConfiguration()
        if !server {
            configuration.certificateChain = [.certificate(identity.certificate)]
            configuration.privateKey = .privateKey(identity.privateKey)
        }
        configuration.minimumTLSVersion = .tlsv13
        configuration.maximumTLSVersion = .tlsv13
        configuration.signingSignatureAlgorithms = algorithms
        configuration.verifySignatureAlgorithms = algorithms
        // A server's default (.none) never asks for a client certificate and never calls the
        // callback; the callback replaces the chain and host name checks.
        configuration.certificateVerification = .noHostnameVerification
        return try NIOSSLContext(configuration: configuration)
    }

    /// The roster as the callback sees it: raw public key bytes to site.
    public static func rosterKeys(_ roster: [RosterEntry]) -> [Data: SiteID] {
        Dictionary(roster.map { ($0.publicKey.rawRepresentation, $0.site) }, uniquingKeysWith: { first, _ in first })
    }

    /// A verification callback that accepts exactly the roster's keys and reports the site.
    static func verifier(roster: [Data: SiteID], accepted: @escaping (SiteID) -> Void) -> NIOSSLCustomVerificationCallback {
        { certificates, promise in
            guard let leaf = certificates.first, let key = SiteCertificate.siteKey(of: leaf),
                  let site = roster[key.rawRepresentation] else {
                promise.succeed(.failed)
                return
            }
            accepted(site)
            promise.succeed(.certificateVerified)
        }
    }
}
