import Crypto
import Foundation
import LedgerCore
import NIOSSL
import SwiftASN1
import X509

/// A site's TLS identity, made from its Ed25519 site key on each start (never stored: the site
/// key is the one identity): a self-signed certificate whose subject names the site and whose
/// key is the site key.
public struct SiteCertificate {
    public let certificate: NIOSSLCertificate
    public let privateKey: NIOSSLPrivateKey

    public init(key: SiteKey, now: Date = Date()) throws {
        let privateKey = Certificate.PrivateKey(key.privateKey)
        let name = try DistinguishedName { CommonName(key.site.logOrigin) }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: privateKey.publicKey,
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(365 * 86_400),
            issuer: name, subject: name, signatureAlgorithm: .ed25519, extensions: Certificate.Extensions {},
            issuerPrivateKey: privateKey)
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        self.certificate = try NIOSSLCertificate(bytes: serializer.serializedBytes, format: .der)
        // NIOSSL takes the private key as PKCS#8 PEM.
        self.privateKey = try NIOSSLPrivateKey(bytes: Array(try privateKey.serializeAsPEM().pemString.utf8), format: .pem)
    }

    /// The Ed25519 key a peer's certificate carries, or nil if it carries another kind.
    public static func siteKey(of certificate: NIOSSLCertificate) -> Curve25519.Signing.PublicKey? {
        guard let der = try? certificate.toDERBytes(), let parsed = try? Certificate(derEncoded: der) else { return nil }
        return Curve25519.Signing.PublicKey(parsed.publicKey)
    }
}
