import Foundation
import GRDB
import LedgerCore

/// One sync session with a peer, as `peers` reports it.
public struct SyncSessionRecord: Sendable {
    public let peer: SiteID
    public let at: LedgerTime
    /// `ok`, or the one-line error that ended the session.
    public let result: String
    public let sent: Int
    public let received: Int
    /// What the peer is known to hold after the session, as the sync protocol encodes a
    /// version vector (opaque here).
    public let peerHolds: [UInt8]
}

extension Ledger {
    /// Records a session with `peer`.
    public func recordSyncSession(peer: SiteID, at: LedgerTime = .now, result: String, sent: Int, received: Int,
                                  peerHolds: [UInt8]) throws {
        try Self.mapErrors(path: path) {
            try queue.write { db in
                try db.execute(sql: "INSERT INTO sync_sessions(peer, at, result, sent, received, peer_holds) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [peer.rawValue, at.microseconds, result, sent, received, Data(peerHolds)])
            }
        }
    }

    /// The latest session with each peer, by peer.
    public func lastSyncSessions() throws -> [SyncSessionRecord] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT CAST(peer AS TEXT) AS peer, CAST(at AS INTEGER) AS at, CAST(result AS TEXT) AS result,
                       CAST(sent AS INTEGER) AS sent, CAST(received AS INTEGER) AS received, CAST(peer_holds AS BLOB) AS peer_holds
                FROM sync_sessions s WHERE rowid = (SELECT rowid FROM sync_sessions WHERE peer = s.peer ORDER BY at DESC, rowid DESC LIMIT 1)
                ORDER BY peer
                """).compactMap { row in
                guard let peer = try? SiteID(row["peer"] as String) else { return nil }
                return SyncSessionRecord(peer: peer, at: LedgerTime(microseconds: row["at"]), result: row["result"],
                                         sent: row["sent"], received: row["received"], peerHolds: [UInt8](row["peer_holds"] as Data))
            }
        }
    }
}
