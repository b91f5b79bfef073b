import GRDB
import LedgerCore

/// Writes a placed event's rows: the log row, the devices and CVEs its data names, and its
/// projection, in the caller's transaction. The one place both this site's appends and
/// events received from other sites are written (facts are registered by the caller, which
/// decides what a repeated fact means for it).
final class EventRowWriter {
    private let insertEvent: RawStatement
    private let insertDevice: RawStatement
    private let insertCVE: RawStatement
    private let projection: Projection.Writer

    init(_ db: Database) throws {
        insertEvent = try RawStatement(db, """
            INSERT INTO events(rowid, site, seq, hlc, type, device, at, actor, leaf, received_at, body)
            VALUES (?8, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?9, ?10, ?11)
            """)
        insertDevice = try RawStatement(db, "INSERT OR IGNORE INTO event_devices(device, event) VALUES (?1, ?2)")
        insertCVE = try RawStatement(db, "INSERT OR IGNORE INTO event_cves(cve, event) VALUES (?1, ?2)")
        projection = try Projection.Writer(db)
    }

    /// Writes `draft` placed at `id` with clock `hlc`; `body` is its canonical bytes.
    func write(_ draft: CanonicalDraft, id: EventID, hlc: HLC, rowid: Int64, leaf: MerkleHash, receivedAt: LedgerTime,
               body: [UInt8]) throws {
        insertEvent.bind(1, id.site.rawValue)
        insertEvent.bind(2, Int64(id.seq))
        insertEvent.bind(3, hlc.description)
        insertEvent.bind(4, draft.type.rawValue)
        insertEvent.bind(5, draft.device)
        insertEvent.bind(6, draft.at.microseconds)
        insertEvent.bind(7, draft.actor)
        insertEvent.bind(8, rowid)
        insertEvent.bind(9, leaf)
        insertEvent.bind(10, receivedAt.microseconds)
        try body.withUnsafeBytes { bytes in
            insertEvent.bindNoCopy(11, bytes)  // SQLite copies into its page when it steps
            try insertEvent.run()
        }
        for device in draft.mentionedDevices {
            insertDevice.bind(1, device)
            insertDevice.bind(2, rowid)
            try insertDevice.run()
        }
        for cve in draft.mentionedCVEs {
            insertCVE.bind(1, cve)
            insertCVE.bind(2, rowid)
            try insertCVE.run()
        }
        try projection.write(event: rowid, id: id, hlc: hlc, type: draft.type, device: draft.device, at: draft.at,
                             actor: draft.actor, receivedAt: receivedAt, payload: draft.payload, keys: draft.lookupKeys)
    }
}
