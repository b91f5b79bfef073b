import LedgerCore

/// One hospital of the demo health system and the events it records in its own ledger.
public struct DemoSite: Sendable {
    /// The site's id, which names its log and key.
    public let id: SiteID
    /// The hospital's display name, e.g. "North Campus".
    public let name: String
    /// What this site records, in the order it records it (ascending `at`): its own devices'
    /// lifecycle, its incidents and, at `north`, the central security team's model-level and
    /// vulnerability events.
    public let events: [EventDraft]

    public init(id: SiteID, name: String, events: [EventDraft]) {
        self.id = id
        self.name = name
        self.events = events
    }
}

/// A small, realistic, fixed health system for `medledger demo`: three hospitals (`north`,
/// `south`, `childrens`), 41 networked medical devices and a year (2025) of their security
/// lifecycle, built on real advisories (ICSMA-22-251-01 Baxter Sigma Spectrum, ICSMA-23-194-01
/// BD Alaris, ICSMA-24-200-01 Philips Vue PACS, and Log4Shell from CISA's KEV catalog).
///
/// Every event type occurs, and the story is made to give the compliance reports findings:
/// contracts without a security contact or remote-access terms, a model whose support ends
/// before the contracts' useful life, a model in use past its end of support, a model with no
/// roadmap, missing and late MDS2 forms and SBOMs, a supplier late with patches, a site late
/// applying them, a KEV-listed vulnerability left unpatched, a lapsed mitigation followed by an
/// incident, and a device decommissioned without sanitisation. The same call always returns
/// the same events.
public enum DemoHealthSystem {
    /// The three sites with their events.
    public static func sites() -> [DemoSite] {
        [DemoFleet.north(), DemoFleet.south(), DemoFleet.childrens()]
    }
}

/// Collects one site's events as the story is told, then puts them in time order.
struct DemoRecorder {
    private var entries: [(order: Int, draft: EventDraft)] = []
    /// Device-id counters per `kind-site` prefix, so ids are dense per kind.
    private var nextNumber: [String: Int] = [:]
    /// The site letter in device ids: `N`, `S`, `C`.
    let letter: String

    init(letter: String) {
        self.letter = letter
    }

    /// Records one event. The data is fixed demo data covered by a test, so a validation
    /// failure is a programming error.
    mutating func record(_ type: EventType, _ device: String?, at: LedgerTime, by actor: String, _ data: JSONObject) {
        do {
            let draft = try EventDraft(type: type, device: device, at: at, actor: actor, data: data)
            entries.append((entries.count, draft))
        } catch {
            fatalError("demo \(type.rawValue) for \(device ?? "-") at \(at): \(error)")
        }
    }

    /// Records one event at an RFC 3339 time written in the story.
    mutating func record(_ type: EventType, _ device: String?, at: String, by actor: String, _ data: JSONObject) {
        record(type, device, at: DemoTime.parse(at), by: actor, data)
    }

    /// The next device id of a kind at this site: `PUMP-N-0001`, `PUMP-N-0002`, …
    mutating func newDeviceID(kind: String) -> String {
        let prefix = kind + "-" + letter
        let number = (nextNumber[prefix] ?? 0) + 1
        nextNumber[prefix] = number
        return prefix + "-" + DemoTime.padded(number, width: 4)
    }

    /// The events by ascending `at`, in the order they were told when times are equal.
    func events() -> [EventDraft] {
        entries.sorted { ($0.draft.at, $0.order) < ($1.draft.at, $1.order) }.map(\.draft)
    }
}

/// Small helpers for writing times in the story.
enum DemoTime {
    /// Reads a time written in the story (`2025-03-11T09:00:00Z` or a bare date).
    static func parse(_ text: String) -> LedgerTime {
        do { return try LedgerTime(rfc3339: text) } catch { fatalError("demo time \(text): \(error)") }
    }

    /// `date` (YYYY-MM-DD) at `hour:minute` UTC, plus `minutes` more.
    static func at(_ date: String, hour: Int, minute: Int = 0, plusMinutes minutes: Int = 0) -> LedgerTime {
        let midnight = parse(date)
        let offset = Int64((hour * 60 + minute + minutes) * 60) * 1_000_000
        return LedgerTime(microseconds: midnight.microseconds + offset)
    }

    /// `value` in decimal, left-padded with zeros to `width` digits.
    static func padded(_ value: Int, width: Int) -> String { zeroPadded(value, width: width) }
}

/// A purchase of identical devices for one site and how they were brought into clinical use.
struct DemoLot {
    let model: DemoModel
    let count: Int
    let contract: JSONObject
    /// Date of the purchase order (`device.procured`).
    let procured: String
    /// Date the supplier's SBOM was recorded, or nil if it never was.
    let sbom: String?
    /// Date the supplier's MDS2 form was recorded, or nil if it never was.
    let mds2: String?
    /// Date the first device went live; the others follow one an hour.
    let deployed: String
    let location: String
    /// Numbered positions ("bed", "bay") appended to `location`, or nil for a shared pool.
    let position: String?
    let department: String
    let segment: String
}

extension DemoRecorder {
    /// Records procurement, SBOM, MDS2 and deployment of every device of a lot; returns the ids.
    mutating func onboard(_ lot: DemoLot, procurement: String, biomed: String, serialBase: Int) -> [String] {
        var ids: [String] = []
        for i in 0..<lot.count {
            let id = newDeviceID(kind: lot.model.kind)
            ids.append(id)
            let model = lot.model
            record(.deviceProcured, id, at: DemoTime.at(lot.procured, hour: 10, plusMinutes: i), by: procurement, [
                "manufacturer": .string(model.manufacturer),
                "model": .string(model.model),
                "serial": .string(model.serialPrefix + String(serialBase + 137 * i)),
                "version": .string(model.version),
                "contract": .object(lot.contract),
            ])
            if let date = lot.sbom {
                record(.sbomRecorded, id, at: DemoTime.at(date, hour: 11, plusMinutes: i), by: biomed, [
                    "format": "CycloneDX 1.5",
                    "components": .array(model.components.map(\.json)),
                ])
            }
            if let date = lot.mds2 {
                record(.mds2Recorded, id, at: DemoTime.at(date, hour: 13, plusMinutes: i), by: biomed, [
                    "version": "HN 1-2019",
                    "date": .string(model.mds2Date),
                    "answers": .object(model.mds2Answers),
                ])
            }
            var location = lot.location
            if let position = lot.position { location += ", \(position) \(i + 1)" }
            record(.deviceDeployed, id, at: DemoTime.at(lot.deployed, hour: 8, plusMinutes: 60 * i), by: biomed, [
                "location": .string(location),
                "department": .string(lot.department),
                "segment": .string(lot.segment),
            ])
        }
        return ids
    }
}
