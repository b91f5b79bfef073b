import Crypto
import Foundation
import LedgerCore

/// The site's private key file, `<ledger>.key`: three lines of text, created with mode 0600
/// and refused when anyone but its owner can read or write it (as ssh refuses such keys).
///
/// ```
/// medledger-site-key 1
/// site north
/// ed25519 <base64 of the 32-byte private key seed>
/// ```
public enum KeyFile {
    /// The key file that belongs to a ledger database.
    public static func path(forLedger ledgerPath: String) -> String { ledgerPath + ".key" }

    /// Writes a new key file; refuses to replace an existing file.
    static func create(at path: String, key: SiteKey) throws {
        let text = "medledger-site-key 1\nsite \(key.site.rawValue)\ned25519 \(Base64.encode(key.privateKey.rawRepresentation))\n"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { throw LedgerError.alreadyExists(path: path) }
            throw LedgerError.storage("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            throw LedgerError.storage("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Reads the key file of `site`.
    static func load(at path: String, site: SiteID) throws -> SiteKey {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { throw LedgerError.keyMissing(path: path) }
            throw LedgerError.keyInvalid(path: path, reason: String(cString: strerror(errno)))
        }
        let mode = UInt16(info.st_mode & 0o777)
        guard mode & 0o077 == 0 else { throw LedgerError.keyTooOpen(path: path, mode: mode) }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw LedgerError.keyInvalid(path: path, reason: "cannot read it")
        }
        let lines = text.split(separator: "\n")
        guard lines.count == 3, lines[0] == "medledger-site-key 1", lines[1].hasPrefix("site "),
              lines[2].hasPrefix("ed25519 "), let seed = Base64.decode(String(lines[2].dropFirst(8))),
              let privateKey = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw LedgerError.keyInvalid(path: path, reason: "not a medledger site key")
        }
        guard lines[1].dropFirst(5) == site.rawValue else {
            throw LedgerError.keyInvalid(path: path, reason: "it is the key of site \(lines[1].dropFirst(5)), not \(site)")
        }
        return SiteKey(site: site, privateKey: privateKey)
    }
}
