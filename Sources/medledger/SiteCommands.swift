import ArgumentParser
import LedgerCore
import LedgerStore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a ledger and the site's Ed25519 key pair.",
        discussion: """
            Writes the database and, beside it, the private key <db>.key (mode 0600; never
            printed). Prints the site id and its public key, which other sites add to their
            roster with 'medledger trust'. Refuses to overwrite an existing ledger or key.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The site id: 1-32 characters of a-z, 0-9 and -.") var site: String
    @Option(help: "A display name for the site, e.g. \"North Campus\".") var name: String?

    func run() throws {
        let site = try parseSite(site, option: "--site")
        let (_, key) = try Ledger.create(path: global.path, site: site, name: name)
        print("created ledger \(global.path) for site \(site)")
        print("private key: \(KeyFile.path(forLedger: global.path)) (mode 0600)")
        print("\(site) \(key.publicKeyBase64)")
    }
}

struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Print the site's id and public key: SITE PUBKEY.",
        discussion: "PUBKEY is the raw 32-byte Ed25519 public key in standard base64, as 'medledger trust' takes it.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let ledger = try global.open()
        let entry = try ledger.ownEntry()
        print("\(entry.site) \(entry.publicKeyBase64)")
    }
}

struct TrustCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust",
        abstract: "Add a site and its public key to the roster of trusted sites.",
        discussion: "Events of a site are accepted only with checkpoints signed by its key on this roster.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The site id.") var site: String
    @Argument(help: "Its public key, as 'medledger key' prints it.") var publicKey: String

    func run() throws {
        let site = try parseSite(site, option: "SITE")
        switch try global.open().trust(site: site, publicKeyBase64: publicKey) {
        case .added: print("trusted \(site)")
        case .alreadyTrusted: print("\(site) was already trusted with this key")
        }
    }
}

struct RosterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster",
        abstract: "List the trusted sites and their public keys.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let ledger = try global.open()
        var table = TextTable(["SITE", "PUBLIC KEY", "KEY ID", "ADDED"])
        for entry in try ledger.roster() {
            table.append([entry.site.rawValue + (entry.site == ledger.site ? " (this site)" : ""),
                          entry.publicKeyBase64, Hex.encode(entry.verifier.keyID), entry.addedAt.rfc3339])
        }
        Output.write(table.render())
    }
}
