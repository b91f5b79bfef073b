import LedgerCore

/// The fleet as the importers need it: every device the ledger knows, its manufacturer, model
/// and current software version. Built by streaming `device.procured`, `patch.applied` and
/// `device.decommissioned` through the audit queries, the latest of each kind by the ledger's
/// total order (at, hlc, site, seq), so two sites holding the same events build the same index.
/// Kept behind this one type so the projections can replace it.
public struct FleetIndex: Sendable {
    /// One device of the fleet.
    public struct Device: Sendable, Equatable {
        public let id: String
        public let manufacturer: String
        public let model: String
        /// The `version` of its latest `patch.applied`, else of its `device.procured`.
        public let version: String?
        public let decommissioned: Bool

        public init(id: String, manufacturer: String, model: String, version: String?, decommissioned: Bool = false) {
            self.id = id
            self.manufacturer = manufacturer
            self.model = model
            self.version = version
            self.decommissioned = decommissioned
        }
    }

    /// Every device, by id.
    public let devices: [Device]
    private let byID: [String: Int]

    /// An index of the given devices (tests, or another source of the fleet).
    public init(devices: [Device]) {
        let sorted = devices.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
        self.devices = sorted
        var byID: [String: Int] = [:]
        for (i, device) in sorted.enumerated() { byID[device.id] = i }
        self.byID = byID
    }

    /// The fleet as the ledger's events state it.
    public init(ledger: Ledger) throws {
        // Each query streams in the total order, so the last row seen for a device is its latest.
        var procured: [String: (manufacturer: String, model: String, version: String?, key: OrderKey)] = [:]
        var patched: [String: (version: String, key: OrderKey)] = [:]
        var decommissioned = Set<String>()
        try ledger.forEachEvent(matching: LogFilter(type: .deviceProcured)) { row in
            guard let device = row.device, let data = try? Event(canonicalBytes: row.body).data,
                  let manufacturer = data["manufacturer"]?.stringValue, let model = data["model"]?.stringValue else { return }
            procured[device] = (manufacturer, model, data["version"]?.stringValue, OrderKey(row))
        }
        try ledger.forEachEvent(matching: LogFilter(type: .patchApplied)) { row in
            guard let device = row.device, let version = try? Event(canonicalBytes: row.body).data["version"]?.stringValue else { return }
            patched[device] = (version, OrderKey(row))
        }
        try ledger.forEachEvent(matching: LogFilter(type: .deviceDecommissioned)) { row in
            if let device = row.device { decommissioned.insert(device) }
        }
        var devices: [Device] = []
        for (id, p) in procured {
            var version = p.version
            // A patch recorded before the (re-)procurement does not describe the device as procured.
            if let patch = patched[id], p.key < patch.key { version = patch.version }
            devices.append(Device(id: id, manufacturer: p.manufacturer, model: p.model, version: version,
                                  decommissioned: decommissioned.contains(id)))
        }
        self.init(devices: devices)
    }

    /// The device with this id, if the fleet has it.
    public func device(_ id: String) -> Device? { byID[id].map { devices[$0] } }

    /// The devices in service whose manufacturer and model are exactly these.
    public func devices(manufacturer: String, model: String) -> [Device] {
        devices.filter { !$0.decommissioned && $0.manufacturer == manufacturer && $0.model == model }
    }

    /// Every (manufacturer, model) pair of the fleet, each once, in order.
    public var models: [(manufacturer: String, model: String)] {
        var seen = Set<[String]>()
        var out: [(String, String)] = []
        for d in devices where seen.insert([d.manufacturer, d.model]).inserted { out.append((d.manufacturer, d.model)) }
        return out.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    }

    /// An event's place in the total order (at, hlc, site, seq).
    struct OrderKey: Comparable {
        let at: Int64, hlc: String, site: String, seq: UInt64
        init(_ row: LogRow) {
            (at, hlc, site, seq) = (row.at.microseconds, row.hlc, row.id.site.rawValue, row.id.seq)
        }
        static func < (a: OrderKey, b: OrderKey) -> Bool { (a.at, a.hlc, a.site, a.seq) < (b.at, b.hlc, b.site, b.seq) }
    }
}
