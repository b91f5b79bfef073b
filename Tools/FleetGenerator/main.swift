// fleet-gen: writes a seeded synthetic fleet's history as JSON Lines, the input of
// `medledger import` (the same generator the benchmark uses).
//
//   swift run -c release fleet-gen --events 1000000 --devices 10000 --seed 42 > fleet.jsonl
import ArgumentParser
import Foundation
import LedgerCore
import LedgerFleet

struct FleetGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet-gen",
        abstract: "Write a seeded synthetic fleet's events as JSON Lines on standard output.")

    @Option(help: "How many events.") var events = 1_000_000
    @Option(help: "How many devices.") var devices = 10_000
    @Option(help: "The seed: the same seed writes the same lines.") var seed: UInt64 = 42
    @Option(help: "Name this site in device ids and actors.") var site: String?

    func validate() throws {
        if events < 0 { throw ValidationError("--events must be 0 or more") }
        if devices < 1 { throw ValidationError("--devices must be 1 or more") }
    }

    func run() throws {
        let siteID = try site.map { text -> SiteID in
            do { return try SiteID(text) } catch { throw ValidationError("--site: \(error)") }
        }
        var chunk: [UInt8] = []
        chunk.reserveCapacity(1 << 20)
        let out = FileHandle.standardOutput
        for line in SyntheticFleet(seed: seed, devices: devices, site: siteID).makeInterchangeLines(count: events) {
            chunk += line
            chunk.append(0x0A)
            if chunk.count >= 1 << 20 {
                try out.write(contentsOf: chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        try out.write(contentsOf: chunk)
    }
}

FleetGen.main()
