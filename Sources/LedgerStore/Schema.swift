import GRDB

/// The ledger's schema, as an ordered history of named migrations (GRDB's `DatabaseMigrator`):
/// a ledger made by an older version opens in a newer one, which applies what it lacks.
enum Schema {
    /// `PRAGMA application_id` of a medledger database ('mldg'), so another SQLite file is
    /// never mistaken for a ledger.
    static let applicationID: Int32 = 0x6D6C_6467

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1-ledger") { db in
            try db.execute(sql: """
                CREATE TABLE meta (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                );
                CREATE TABLE roster (
                    site TEXT PRIMARY KEY,
                    public_key BLOB NOT NULL,
                    added_at INTEGER NOT NULL
                );
                -- The log. rowid is this site's arrival order; (site, seq) is the event's identity.
                -- body holds the canonical bytes exactly as hashed; the other columns are copies
                -- of its members for indexing, and verify checks that they agree with it.
                CREATE TABLE events (
                    rowid INTEGER PRIMARY KEY,
                    site TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    hlc TEXT NOT NULL,
                    type TEXT NOT NULL,
                    device TEXT,
                    at INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    leaf BLOB NOT NULL,
                    received_at INTEGER NOT NULL,
                    body BLOB NOT NULL
                );
                CREATE UNIQUE INDEX events_by_site_seq ON events(site, seq);
                CREATE INDEX events_by_device ON events(device, at) WHERE device IS NOT NULL;
                CREATE INDEX events_by_at ON events(at);
                -- Facts held: the first 64 bits of SHA-256 of each fact's bytes (type, device, at,
                -- actor, data) and the event that holds it. Keyed by the fact itself, one b-tree
                -- probe both finds a repeated fact and registers a new one.
                CREATE TABLE facts (
                    fact INTEGER PRIMARY KEY,
                    event INTEGER NOT NULL
                );
                -- Different facts whose keys collide (64 bits can be forced with about 2^32
                -- work by whoever writes a feed): the second and later ones are kept here.
                CREATE TABLE fact_collisions (
                    fact INTEGER NOT NULL,
                    event INTEGER NOT NULL,
                    PRIMARY KEY (fact, event)
                ) WITHOUT ROWID;
                -- Devices and CVEs an event's data names (incident devices, affected devices,
                -- fixed CVEs), so the audit trail of one device or CVE is an index lookup.
                CREATE TABLE event_devices (
                    device TEXT NOT NULL,
                    event INTEGER NOT NULL,
                    PRIMARY KEY (device, event)
                ) WITHOUT ROWID;
                CREATE TABLE event_cves (
                    cve TEXT NOT NULL,
                    event INTEGER NOT NULL,
                    PRIMARY KEY (cve, event)
                ) WITHOUT ROWID;
                -- Signed checkpoints of every origin's tree, with the tree's right edge
                -- (frontier) at that size so appends resume without rereading the log.
                CREATE TABLE checkpoints (
                    site TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    root BLOB NOT NULL,
                    note TEXT NOT NULL,
                    frontier BLOB NOT NULL,
                    received_at INTEGER NOT NULL,
                    PRIMARY KEY (site, size)
                );
                """)
            // Invariant 1: the database itself refuses to change or remove what was appended.
            try refuseChanges(to: ["events", "checkpoints", "facts", "fact_collisions", "event_devices", "event_cves", "roster"], in: db)
            // INSERT OR REPLACE removes the row it collides with without firing DELETE triggers
            // (unless recursive_triggers is on), so the small tables refuse such inserts too.
            try db.execute(sql: """
                CREATE TRIGGER roster_no_replace BEFORE INSERT ON roster
                WHEN EXISTS (SELECT 1 FROM roster WHERE site = NEW.site)
                BEGIN SELECT RAISE(ABORT, 'medledger: roster is append-only'); END;
                CREATE TRIGGER checkpoints_no_replace BEFORE INSERT ON checkpoints
                WHEN EXISTS (SELECT 1 FROM checkpoints WHERE site = NEW.site AND size = NEW.size)
                BEGIN SELECT RAISE(ABORT, 'medledger: checkpoints is append-only'); END;
                """)
        }
        migrator.registerMigration("2-projection") { db in
            try db.execute(sql: """
                -- The projection: each event's payload in its typed, compact form
                -- (FactPayload.encoded), keyed by the event's rowid. Derived from the log alone,
                -- written in the same transaction as the event, and rebuilt by `rebuild`; reports
                -- fold it in the total order (at, hlc, site, seq), so they depend only on the set
                -- of events held, never on the order they arrived in.
                CREATE TABLE projection (
                    event INTEGER PRIMARY KEY,
                    payload BLOB NOT NULL
                );
                -- Events about no single device, found again by their model, contract, incident,
                -- or "component" (the audit tables already index devices and CVEs named).
                CREATE TABLE projection_keys (
                    key TEXT NOT NULL,
                    event INTEGER NOT NULL,
                    PRIMARY KEY (key, event)
                ) WITHOUT ROWID;
                """)
            // Filled by 5-projection-records, which replaces this table.
        }
        // Sync (Protocol/SYNC.md): a checkpoint of an origin that contradicts the tree this
        // ledger holds (two histories signed by one key) is kept here as evidence, never among
        // the checkpoints, and `verify` reports it from then on.
        migrator.registerMigration("3-sync-forks") { db in
            try db.execute(sql: """
                CREATE TABLE forks (
                    site TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    root BLOB NOT NULL,
                    note TEXT NOT NULL,
                    held_size INTEGER NOT NULL,
                    held_root BLOB NOT NULL,
                    received_at INTEGER NOT NULL,
                    PRIMARY KEY (site, size, root)
                );
                CREATE TRIGGER forks_no_update BEFORE UPDATE ON forks
                BEGIN SELECT RAISE(ABORT, 'medledger: forks is append-only'); END;
                CREATE TRIGGER forks_no_delete BEFORE DELETE ON forks
                BEGIN SELECT RAISE(ABORT, 'medledger: forks is append-only'); END;
                """)
        }
        // One row per sync session with a peer, for `medledger peers`: when, how it ended,
        // what moved, and the version vector the peer is known to hold after it.
        migrator.registerMigration("4-sync-sessions") { db in
            try db.execute(sql: """
                CREATE TABLE sync_sessions (
                    peer TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    result TEXT NOT NULL,
                    sent INTEGER NOT NULL,
                    received INTEGER NOT NULL,
                    peer_holds BLOB NOT NULL
                );
                CREATE INDEX sync_sessions_by_peer ON sync_sessions(peer, at);
                """)
        }
        // The projection stores each event whole (ProjectionRecord: place, type, device, actor
        // and payload), with `at` and `received_at` as columns for the replay windows, so a
        // report reads this table alone and never the log rows. Derived data: rebuilt here.
        migrator.registerMigration("5-projection-records") { db in
            try db.execute(sql: """
                DROP TABLE projection;
                CREATE TABLE projection (
                    event INTEGER PRIMARY KEY,
                    at INTEGER NOT NULL,
                    received_at INTEGER NOT NULL,
                    record BLOB NOT NULL
                );
                """)
            try Projection.rebuild(db)
        }
        // Each event under a number for its `device`, in place of the index on the `device`
        // column. Index entries keyed by a device's name land all over their b-tree (a device's
        // events are spread through the log), one descent each, and every commit rewrote most of
        // its pages; numbered, the rows are small integers, inserted in sorted runs with the
        // other keyed rows (`KeyRows`). A 1,000,000-event catch-up of a new site took about
        // 1 s less. The numbers are this ledger's own, assigned in the order devices first
        // appear; nothing outside the store sees them.
        migrator.registerMigration("6-device-numbers") { db in
            try db.execute(sql: """
                CREATE TABLE device_numbers (
                    number INTEGER PRIMARY KEY,
                    device TEXT NOT NULL UNIQUE
                );
                CREATE TABLE device_events (
                    device INTEGER NOT NULL,
                    event INTEGER NOT NULL,
                    PRIMARY KEY (device, event)
                ) WITHOUT ROWID;
                INSERT INTO device_numbers(device)
                    SELECT device FROM events WHERE device IS NOT NULL GROUP BY device ORDER BY min(rowid);
                INSERT INTO device_events(device, event)
                    SELECT n.number, e.rowid FROM events e JOIN device_numbers n ON n.device = e.device ORDER BY 1, 2;
                DROP INDEX events_by_device;
                """)
            try refuseChanges(to: ["device_numbers", "device_events"], in: db)
            try db.execute(sql: """
                CREATE TRIGGER device_numbers_no_replace BEFORE INSERT ON device_numbers
                WHEN EXISTS (SELECT 1 FROM device_numbers WHERE device = NEW.device)
                BEGIN SELECT RAISE(ABORT, 'medledger: device_numbers is append-only'); END;
                """)
        }
        // LEDGER.md 1.2: the projection's payloads carry each SBOM component whole (name,
        // version, purl, CPE: matching needs them all) and a procurement's CPE. Derived data:
        // rebuilt from the log in the new form.
        migrator.registerMigration("7-vulnerability-records") { db in
            try Projection.rebuild(db)
        }
        return migrator
    }

    /// Triggers that refuse UPDATE and DELETE on `tables` (invariant 1). Migrations that ran
    /// already depend on the exact text: change it only in a new migration.
    private static func refuseChanges(to tables: [String], in db: Database) throws {
        for table in tables {
            for operation in ["UPDATE", "DELETE"] {
                try db.execute(sql: """
                    CREATE TRIGGER \(table)_no_\(operation.lowercased()) BEFORE \(operation) ON \(table)
                    BEGIN SELECT RAISE(ABORT, 'medledger: \(table) is append-only'); END;
                    """)
            }
        }
    }
}
