import Foundation
import LedgerCore
import LedgerFleet
import LedgerReports
import LedgerStore

/// A fresh ledger in its own temporary folder, removed when the fixture goes away.
final class ScratchLedger {
    let folder: String
    let ledger: Ledger
    let key: SiteKey

    init(site: String) throws {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("medledger-reports-XXXXXX").utf8CString)
        folder = String(cString: mkdtemp(&template)!)
        (ledger, key) = try Ledger.create(path: folder + "/ledger.sqlite", site: try SiteID(site), name: nil)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    func append(_ drafts: some Sequence<EventDraft>, now: LedgerTime = .now) throws {
        _ = try ledger.append(key: key, now: now) { appender in
            for draft in drafts { try appender.append(draft) }
        }
    }

    func projected(_ window: TimeWindow = TimeWindow()) throws -> [ProjectedEvent] {
        var events: [ProjectedEvent] = []
        try ledger.forEachProjected(in: window) { events.append($0) }
        return events
    }
}

/// The demo health system: each site's ledger, and every site's events together (what each
/// site holds once sync has run).
final class DemoLedgers {
    let sites: [ScratchLedger]
    let events: [ProjectedEvent]

    init() throws {
        var sites: [ScratchLedger] = []
        for site in DemoHealthSystem.sites() {
            let ledger = try ScratchLedger(site: site.id.rawValue)
            try ledger.append(site.events)
            sites.append(ledger)
        }
        self.sites = sites
        events = try sites.flatMap { try $0.projected() }
    }

    func analysis(at time: String) throws -> FleetAnalysis {
        let reference = try LedgerTime(rfc3339: time)
        return Investigation.analysis(of: events.filter { $0.at <= reference }, reference: reference)
    }
}

/// Every report of a fleet as JSON bytes, for byte-for-byte comparison.
func allReports(_ analysis: FleetAnalysis) -> [String: [UInt8]] {
    [
        "compliance": Reports.compliance(analysis, site: nil, sitePatchDays: 30).json,
        "inventory": Reports.inventory(analysis, site: nil).json,
        "exposure": Reports.exposure(analysis, site: nil).json,
        "eol": Reports.endOfLife(analysis, site: nil, within: 365).json,
        "suppliers": Reports.suppliers(analysis, site: nil, sitePatchDays: 30).json,
        "incidents": Reports.incidents(analysis, site: nil).json,
    ]
}

/// A seeded generator, so a failing order can be reproduced.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
