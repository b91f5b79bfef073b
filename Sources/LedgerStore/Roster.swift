import Crypto
import Foundation
import GRDB
import LedgerCore

/// A site whose checkpoints this ledger accepts, with its Ed25519 public key.
public struct RosterEntry: Sendable {
    public let site: SiteID
    public let publicKey: Curve25519.Signing.PublicKey
    public let addedAt: LedgerTime

    /// The key as `medledger key` prints it: raw 32 bytes, standard base64.
    public var publicKeyBase64: String { Base64.encode(publicKey.rawRepresentation) }

    /// The signed-note verifier for this site's checkpoints.
    public var verifier: NoteVerifier { NoteVerifier(name: site.logOrigin, publicKey: publicKey) }
}

extension Ledger {
    /// Every trusted site, by site id.
    public func roster() throws -> [RosterEntry] {
        try read { db in try Self.roster(db) }
    }

    static func roster(_ db: Database) throws -> [RosterEntry] {
        try Row.fetchAll(db, sql: "SELECT CAST(site AS TEXT) AS site, CAST(public_key AS BLOB) AS public_key, CAST(added_at AS INTEGER) AS added_at FROM roster ORDER BY site").compactMap { row in
            let siteText: String = row["site"]
            let keyBytes: [UInt8] = [UInt8](row["public_key"] as Data)
            guard let site = try? SiteID(siteText),
                  let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyBytes) else {
                throw LedgerError.corrupt("roster entry for \"\(siteText)\" is malformed")
            }
            return RosterEntry(site: site, publicKey: key, addedAt: LedgerTime(microseconds: row["added_at"]))
        }
    }

    /// This site's own entry (its public key).
    public func ownEntry() throws -> RosterEntry {
        guard let entry = try roster().first(where: { $0.site == site }) else {
            throw LedgerError.corrupt("the ledger's own site \(site) is not on its roster")
        }
        return entry
    }

    /// The outcome of `trust`.
    public enum TrustOutcome: Sendable {
        case added, alreadyTrusted
    }

    /// Adds a site and its public key (raw 32 bytes, standard base64) to the roster.
    /// Trusting the same key again is a no-op; a different key for a known site is refused.
    public func trust(site: SiteID, publicKeyBase64: String, now: LedgerTime = .now) throws -> TrustOutcome {
        guard let bytes = Base64.decode(publicKeyBase64), bytes.count == 32,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: bytes) else {
            throw LedgerError.invalidArgument("public key \"\(publicKeyBase64)\" is not 32 bytes of standard base64 (as 'medledger key' prints it)")
        }
        return try Self.mapErrors(path: path) {
            try queue.write { db in
                if let existing = try Data.fetchOne(db, sql: "SELECT public_key FROM roster WHERE site = ?", arguments: [site.rawValue]) {
                    guard [UInt8](existing) == bytes else { throw LedgerError.rosterConflict(site: site) }
                    return .alreadyTrusted
                }
                try db.execute(sql: "INSERT INTO roster(site, public_key, added_at) VALUES (?, ?, ?)",
                               arguments: [site.rawValue, key.rawRepresentation, now.microseconds])
                return .added
            }
        }
    }
}
