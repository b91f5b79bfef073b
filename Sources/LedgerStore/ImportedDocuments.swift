import Foundation
import GRDB
import LedgerCore

/// A published document (SBOM, VEX, CSAF advisory, KEV catalog) as the events made from it
/// describe it: each such event carries `data.document` {kind, id, sha256} (LEDGER.md §2.5).
/// Derived from the events alone, so every site holding the same events lists the same.
public struct ImportedDocument: Sendable, Equatable {
    public let kind: String
    public let id: String
    public let sha256: String
    /// When it was first imported: the earliest origin clock (hlc) of its events.
    public let importedAt: LedgerTime
    /// Who imported it: the actors of its events, sorted, each once.
    public let actors: [String]
    /// Where: the origin sites of its events, sorted, each once.
    public let sites: [String]
    /// How many events it made.
    public let events: Int
}

/// One event made from a document: its type and device.
public struct DocumentEvent: Sendable, Equatable {
    public let type: String
    public let device: String?
}

extension Ledger {
    // SQLite's JSON functions read text; the body column is a BLOB of UTF-8, hence the CASTs.
    private static let documentColumn = "json_extract(CAST(body AS TEXT), '$.data.document.sha256')"

    /// Every imported document, in the order they were first imported (origin clock), then by hash.
    public func importedDocuments() throws -> [ImportedDocument] {
        struct Tally { var first: String; var actors: Set<String>; var sites: Set<String>; var events: Int }
        var tallies: [[String]: Tally] = [:]
        try read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT kind, id, sha, hlc, actor, site
                FROM (SELECT json_extract(CAST(body AS TEXT), '$.data.document.kind') AS kind,
                             json_extract(CAST(body AS TEXT), '$.data.document.id') AS id,
                             \(Self.documentColumn) AS sha,
                             CAST(hlc AS TEXT) AS hlc, CAST(actor AS TEXT) AS actor, CAST(site AS TEXT) AS site
                      FROM events)
                WHERE typeof(kind) = 'text' AND typeof(id) = 'text' AND typeof(sha) = 'text'
                """)
            while let row = try rows.next() {
                let key: [String] = [row["kind"], row["id"], row["sha"]]
                let hlc: String = row["hlc"], actor: String = row["actor"], site: String = row["site"]
                if var tally = tallies[key] {
                    tally.first = min(tally.first, hlc)
                    tally.actors.insert(actor)
                    tally.sites.insert(site)
                    tally.events += 1
                    tallies[key] = tally
                } else {
                    tallies[key] = Tally(first: hlc, actors: [actor], sites: [site], events: 1)
                }
            }
        }
        return tallies.map { key, tally in
            ImportedDocument(kind: key[0], id: key[1], sha256: key[2],
                             importedAt: LedgerTime(microseconds: (HLC(tally.first)?.milliseconds ?? 0) * 1000),
                             actors: tally.actors.sorted(), sites: tally.sites.sorted(), events: tally.events)
        }.sorted { ($0.importedAt, $0.sha256, $0.kind, $0.id) < ($1.importedAt, $1.sha256, $1.kind, $1.id) }
    }

    /// The events the ledger holds that were made from the document with this SHA-256.
    public func events(fromDocument sha256: String) throws -> [DocumentEvent] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT CAST(type AS TEXT) AS type, CAST(device AS TEXT) AS device FROM events
                WHERE \(Self.documentColumn) = ? ORDER BY site, seq
                """, arguments: [sha256])
                .map { DocumentEvent(type: $0["type"], device: $0["device"]) }
        }
    }

    /// Of the vulnerability records with these ids, the SHA-256 of each one's document the
    /// ledger holds a `vulnerability.recorded` for. Found through the CVE index (a record is
    /// indexed under its id), so only those events' bodies are read, not the whole log's.
    public func recordedDocuments(ids: some Sequence<String>) throws -> Set<String> {
        try read { db in
            let statement = try db.makeStatement(sql: """
                SELECT \(Self.documentColumn) FROM event_cves c JOIN events e ON e.rowid = c.event
                WHERE c.cve = ? AND e.type = 'vulnerability.recorded'
                """)
            var held = Set<String>()
            for id in Set(ids) {
                for sha in try String?.fetchAll(statement, arguments: [id]) { if let sha { held.insert(sha) } }
            }
            return held
        }
    }

    /// The CVEs the ledger holds a `kev.listed` event for.
    public func kevListedCVEs() throws -> Set<String> {
        try read { db in
            Set(try String.fetchAll(db, sql: """
                SELECT DISTINCT CAST(c.cve AS TEXT) FROM event_cves c JOIN events e ON e.rowid = c.event
                WHERE e.type = 'kev.listed'
                """))
        }
    }

    /// Whether the ledger holds a `vulnerability.disclosed` event for this CVE.
    public func holdsDisclosure(of cve: String) throws -> Bool {
        var found = false
        try forEachEvent(matching: LogFilter(type: .vulnerabilityDisclosed, cve: cve, limit: 1)) { _ in found = true }
        return found
    }
}
