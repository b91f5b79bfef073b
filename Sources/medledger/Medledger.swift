import ArgumentParser

/// The `medledger` command: a signed, append-only lifecycle ledger of a hospital site's
/// networked medical devices.
struct Medledger: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "medledger",
        abstract: "A signed, append-only lifecycle ledger for networked medical devices.",
        discussion: """
            Each hospital site keeps its own ledger: an append-only log of what happened to its
            devices (procurement, SBOM, MDS2, vulnerabilities, patches, mitigations, incidents,
            end of life, decommissioning), hashed into a Merkle tree and signed with the site's
            Ed25519 key, so anyone holding the site's public key can verify it.

            The ledger is --db PATH, else $MEDLEDGER_DB, else ./medledger.sqlite; --db may be
            given before or after the subcommand. Times are RFC 3339 with a zone
            (2025-03-01T10:00:00Z, 2025-03-01T11:00:00+01:00) or a date (2025-03-01).

            Exit codes: 0 done, 1 refused or a failed check, 2 bad input or usage.
            """,
        subcommands: [
            InitCommand.self, KeyCommand.self, TrustCommand.self, RosterCommand.self,
            RecordCommand.self, ImportCommand.self, LogCommand.self, CheckpointsCommand.self,
            VerifyCommand.self, StatsCommand.self, ReportCommand.self, ShowCommand.self, ReplayCommand.self,
            RebuildCommand.self, ImportSBOMCommand.self, ImportVEXCommand.self, ImportCSAFCommand.self,
            ImportKEVCommand.self, ImportOSVCommand.self, ImportNVDCommand.self, MatchCommand.self, SourcesCommand.self, ServeCommand.self, SyncCommand.self, PeersCommand.self,
            BundleCommand.self, CVSSCommand.self, DemoCommand.self,
        ])
}
