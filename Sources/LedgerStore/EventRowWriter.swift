import GRDB
import LedgerCore

/// Writes a placed event's rows: the log row, the event under its device's number, the devices
/// and CVEs its data names, and its projection, in the caller's transaction. The one place both this site's appends and
/// events received from other sites are written (facts are registered by the caller, which
/// decides what a repeated fact means for it). The keyed rows wait in `keyRows` until the
/// caller flushes them.
final class EventRowWriter {
    private let insertEvent: RawStatement
    let keyRows: KeyRows
    private let projection: Projection.Writer

    init(_ db: Database, keyRunLength: Int = KeyRows.defaultRunLength) throws {
        insertEvent = try RawStatement(db, """
            INSERT INTO events(rowid, site, seq, hlc, type, device, at, actor, leaf, received_at, body)
            VALUES (?8, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?9, ?10, ?11)
            """)
        keyRows = try KeyRows(db, runLength: keyRunLength)
        projection = try Projection.Writer(db, keyRows: keyRows)
    }

    /// The texts and leaf of the row being written, bound without copies until it has run
    /// (SQLite would otherwise copy each into memory of its own, six allocations an event).
    private var scratch: [UInt8] = []

    /// Writes `draft` placed at `id` with clock `hlc`; `body` is its canonical bytes.
    /// `projectionRecord`, when given, is the draft's `ProjectionRecord.encode` at that place,
    /// made on another thread.
    func write(_ draft: CanonicalDraft, id: EventID, hlc: HLC, rowid: Int64, leaf: MerkleHash, receivedAt: LedgerTime,
               body: [UInt8], projectionRecord: [UInt8]? = nil) throws {
        scratch.removeAll(keepingCapacity: true)
        func put(_ text: String) -> Range<Int> {
            let start = scratch.count
            var text = text
            text.withUTF8 { scratch.append(contentsOf: $0) }
            return start..<scratch.count
        }
        let site = put(id.site.rawValue)
        let clockStart = scratch.count
        hlc.write(into: &scratch)  // its digits directly: the text form made a string an event
        let clock = clockStart..<scratch.count, type = put(draft.type.rawValue)
        let device = draft.device.map(put), actor = put(draft.actor)
        let leafStart = scratch.count
        leaf.withUnsafeBytes { scratch.append(contentsOf: $0) }
        try scratch.withUnsafeBytes { texts in
            func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: texts[range]) }
            insertEvent.bindTextNoCopy(1, slice(site))
            insertEvent.bind(2, Int64(id.seq))
            insertEvent.bindTextNoCopy(3, slice(clock))
            insertEvent.bindTextNoCopy(4, slice(type))
            if let device { insertEvent.bindTextNoCopy(5, slice(device)) } else { insertEvent.bind(5, nil as String?) }
            insertEvent.bind(6, draft.at.microseconds)
            insertEvent.bindTextNoCopy(7, slice(actor))
            insertEvent.bind(8, rowid)
            insertEvent.bindNoCopy(9, slice(leafStart..<leafStart + 32))
            insertEvent.bind(10, receivedAt.microseconds)
            try body.withUnsafeBytes { bytes in
                insertEvent.bindNoCopy(11, bytes)  // SQLite copies into its page when it steps
                try insertEvent.run()
            }
        }
        if let device = draft.device { try keyRows.addDeviceEvent(device, event: rowid) }
        for device in draft.mentionedDevices { keyRows.addDevice(device, event: rowid) }
        for cve in draft.mentionedCVEs { keyRows.addCVE(cve, event: rowid) }
        if let projectionRecord {
            try projection.write(event: rowid, at: draft.at, receivedAt: receivedAt, record: projectionRecord, keys: draft.lookupKeys)
        } else {
            try projection.write(event: rowid, id: id, hlc: hlc, type: draft.type, device: draft.device, at: draft.at,
                                 actor: draft.actor, receivedAt: receivedAt, payload: draft.payload, keys: draft.lookupKeys)
        }
    }
}
