import Synchronization
import LedgerCore
import LedgerStore

/// An event's place in the total order (at, hlc, site, seq), and its id for evidence. Plain
/// data (the site is a number, see `SiteNumbers`), so folds copy and compare stamps freely.
public struct Stamp: Comparable, Hashable, Sendable {
    public let at: LedgerTime
    public let hlc: HLC
    let site: SiteNumbers.Number
    public let seq: UInt64

    init(_ event: ProjectedEvent, site: SiteNumbers.Number) {
        at = event.at
        hlc = event.hlc
        self.site = site
        seq = event.id.seq
    }

    public init(_ event: ProjectedEvent) {
        self.init(event, site: SiteNumbers.number(event.id.site))
    }

    public var id: EventID { EventID(site: SiteNumbers.site(site), seq: seq) }

    public static func < (a: Stamp, b: Stamp) -> Bool {
        if a.at != b.at { return a.at < b.at }
        if a.hlc != b.hlc { return a.hlc < b.hlc }
        if a.site != b.site { return SiteNumbers.site(a.site) < SiteNumbers.site(b.site) }
        return a.seq < b.seq
    }
}

/// Sites numbered in the order this process first meets them (the numbers never leave the
/// process; stamps order sites by name).
public enum SiteNumbers {
    typealias Number = UInt32
    private static let table = Mutex<(numbers: [SiteID: Number], sites: [SiteID])>(([:], []))

    static func number(_ site: SiteID) -> Number {
        table.withLock { table in
            if let known = table.numbers[site] { return known }
            let number = Number(table.sites.count)
            table.numbers[site] = number
            table.sites.append(site)
            return number
        }
    }

    static func site(_ number: Number) -> SiteID {
        table.withLock { $0.sites[Int(number)] }
    }

    /// Every site numbered so far, by number: a report reads a folded fleet's stamps through
    /// this copy rather than taking the lock for each one.
    static var sites: [SiteID] {
        table.withLock { $0.sites }
    }
}

/// A value with the stamp of the event that set it; a later stamp wins, whatever order the
/// events are folded in.
public struct Latest<Value: Sendable>: Sendable {
    public private(set) var value: Value
    public private(set) var stamp: Stamp

    init(_ value: Value, _ stamp: Stamp) {
        self.value = value
        self.stamp = stamp
    }

    mutating func offer(_ value: Value, _ stamp: Stamp) {
        if self.stamp < stamp {
            self.value = value
            self.stamp = stamp
        }
    }
}

extension Optional {
    mutating func offer<V>(_ value: V, _ stamp: Stamp) where Wrapped == Latest<V> {
        if self == nil { self = Latest(value, stamp) } else { self!.offer(value, stamp) }
    }
}

/// Values in the total order of their stamps, one per stamp: an insertion keeps the order
/// (at the end when events come in order, as they mostly do), so the list is the same
/// whatever order the events were folded in.
public struct StampedList<Value: Sendable>: RandomAccessCollection, Sendable {
    public typealias Element = (stamp: Stamp, value: Value)
    private var entries: [Element] = []
    /// The last entry's stamp, kept beside the entries: reading the last entry would copy its
    /// value too (contract terms, strings), once per event of the fold.
    private var lastStamp: Stamp?

    public init() {}

    public var startIndex: Int { entries.startIndex }
    public var endIndex: Int { entries.endIndex }
    public subscript(position: Int) -> Element { entries[position] }

    /// Adds `value` at its place; the same stamp again replaces it (one event, one entry).
    mutating func insert(_ value: Value, _ stamp: Stamp) {
        guard let lastStamp, !(lastStamp < stamp) else {
            entries.append((stamp, value))
            lastStamp = stamp
            return
        }
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].stamp < stamp { low = middle + 1 } else { high = middle }
        }
        if entries[low].stamp == stamp { entries[low].value = value } else { entries.insert((stamp, value), at: low) }
    }
}

/// The earlier of two optional stamps.
func earliest(_ a: Stamp?, _ b: Stamp) -> Stamp { a.map { min($0, b) } ?? b }

/// What a device's own events say: folded so that every field depends only on the set of
/// events, not on the order they were folded in (latest by stamp, earliest by stamp, or all).
public struct DeviceFacts: Sendable {
    public struct Procurement: Sendable {
        public var manufacturer: String
        public var model: String
        public var serial: String?
        public var version: String?
        public var cpe: String?
        public var terms: ContractTerms
    }

    public struct Placement: Sendable {
        public var location: String?
        public var department: String?
        public var segment: String?
    }

    public let id: String
    /// The earliest event that names the device (its site, when it was never procured).
    public internal(set) var firstSeen: Stamp
    public internal(set) var procured: Latest<Procurement>?
    public internal(set) var firstDeployment: Stamp?
    public internal(set) var placement: Latest<Placement>?
    public internal(set) var firstSBOM: Stamp?
    public internal(set) var sbom: Latest<[SBOMComponent]>?
    /// The device's own CPE: its procurement's or a later `cpe.assigned`'s, the latest by stamp.
    public internal(set) var cpe: Latest<String>?
    public internal(set) var firstMDS2: Stamp?
    public internal(set) var mds2: Latest<String?>?
    /// Every version the device ran: the procured one and each `patch.applied`.
    public internal(set) var versions = StampedList<String>()
    public internal(set) var assessments: [String: Latest<String>] = [:]
    public internal(set) var mitigations: [String: StampedList<(control: String, expires: LedgerTime?)>] = [:]
    public internal(set) var amendments = StampedList<ContractTerms>()
    public internal(set) var decommissioned: Latest<(sanitized: Bool, method: String?)>?
    public internal(set) var incidents: Set<String> = []

    init(id: String, seen: Stamp) {
        self.id = id
        self.firstSeen = seen
    }

    /// The site the device belongs to: the one that recorded its procurement.
    public var site: SiteID { procured?.stamp.id.site ?? firstSeen.id.site }
    public var manufacturer: String? { procured?.value.manufacturer }
    public var model: String? { procured?.value.model }

    /// The version the device runs: the latest it was procured with or patched to.
    public var currentVersion: Latest<String>? {
        versions.last.map { Latest($0.value, $0.stamp) }
    }

    /// The version it ran at `time`.
    public func version(at time: LedgerTime) -> String? {
        versions.last { $0.stamp.at <= time }?.value
    }

    /// Decommissioned at or before `time`.
    public func isDecommissioned(by time: LedgerTime) -> Bool {
        guard let d = decommissioned else { return false }
        return d.stamp.at <= time
    }
}

/// What is known of a vulnerability: every disclosure and KEV listing of its CVE.
public struct VulnerabilityFacts: Sendable {
    public struct Disclosure: Sendable {
        public var stamp: Stamp
        public var vector: String?
        public var score: Double?
        public var kev: Bool
        public var source: String?
        public var devices: [String]
        public var models: [AffectedModel]
        public var components: [String]
    }

    public let cve: String
    public internal(set) var disclosures: [Disclosure] = []
    /// Database records of the vulnerability (under any of its names).
    public internal(set) var records: [RecordFacts] = []

    /// The vector and score of the latest record that states one.
    public var recordScoring: (vector: String?, score: Double?)? {
        records.filter { $0.current.vector != nil || $0.current.score != nil }.max { $0.stamp < $1.stamp }
            .map { ($0.current.vector, $0.current.score) }
    }
    public internal(set) var kevListings: [(stamp: Stamp, dateAdded: LedgerTime, dueDate: LedgerTime?)] = []

    /// The first disclosure, by the total order.
    public var firstDisclosure: Disclosure? { disclosures.min { $0.stamp < $1.stamp } }

    /// The latest disclosure that states a vector or a score.
    public var scoring: Disclosure? {
        disclosures.filter { $0.vector != nil || $0.score != nil }.max { $0.stamp < $1.stamp }
    }

    /// When the CVE became KEV-listed: the earliest listing's date added, or a disclosure
    /// that said so.
    public var kevSince: (time: LedgerTime, stamp: Stamp)? {
        var best: (LedgerTime, Stamp)?
        for l in kevListings where best == nil || (l.dateAdded, l.stamp) < (best!.0, best!.1) { best = (l.dateAdded, l.stamp) }
        for d in disclosures where d.kev && (best == nil || (d.stamp.at, d.stamp) < (best!.0, best!.1)) { best = (d.stamp.at, d.stamp) }
        return best.map { (time: $0.0, stamp: $0.1) }
    }
}

/// One vulnerability database record as the fold keeps it: the version that matching uses
/// (a record modified upstream supersedes the earlier one; both stay in the log) and the
/// first event that recorded its id.
public struct RecordFacts: Sendable {
    public private(set) var current: VulnerabilityRecord
    /// The event that recorded `current`.
    public private(set) var stamp: Stamp
    public private(set) var first: Stamp

    init(current: VulnerabilityRecord, stamp: Stamp, first: Stamp) {
        self.current = current
        self.stamp = stamp
        self.first = first
    }

    /// These facts with `record`, recorded at `stamp`, offered: the later `modified` wins, then
    /// the later stamp, so the outcome is the same in any fold order.
    func offering(_ record: VulnerabilityRecord, _ stamp: Stamp) -> RecordFacts {
        var next = self
        next.first = min(first, stamp)
        let mine = current.modified ?? .earliest, theirs = record.modified ?? .earliest
        if theirs > mine || (theirs == mine && self.stamp < stamp) {
            next.current = record
            next.stamp = stamp
        }
        return next
    }
}

/// A manufacturer's model: its roadmap and the patches released for it.
public struct ModelFacts: Sendable {
    public let manufacturer: String
    public let model: String
    public internal(set) var endOfSale: Latest<LedgerTime>?
    public internal(set) var endOfSupport: Latest<LedgerTime>?
    public internal(set) var endOfLife: Latest<LedgerTime>?
    /// Every `lifecycle.announced` for the model.
    public internal(set) var announcements: Set<Stamp> = []
    /// The CPE a `cpe.assigned` gave every device of the model.
    public internal(set) var cpe: Latest<String>?
    public internal(set) var patches = StampedList<(version: String, fixes: [String])>()
}

/// An incident: every event about it.
public struct IncidentFacts: Sendable {
    public struct Entry: Sendable {
        public var stamp: Stamp
        public var type: EventType
        public var devices: [String]
        public var severity: String?
        public var summary: String?
    }

    public let id: String
    public internal(set) var entries: [Entry] = []

    var ordered: [Entry] { entries.sorted { $0.stamp < $1.stamp } }
    public var opened: Stamp? { ordered.first?.stamp }
    /// The last resolution, unless a later update reopened it.
    public var resolved: Stamp? {
        guard let last = ordered.last, last.type == .incidentResolved else { return nil }
        return last.stamp
    }
    public var severity: String? { ordered.last { $0.severity != nil }?.severity }
    public var summary: String? { ordered.last { $0.summary != nil }?.summary }
    public var devices: [String] { Array(Set(entries.flatMap(\.devices))).sorted() }
    public var site: SiteID? { opened?.id.site }
}

/// Everything the events in a time window say about the fleet, folded. A pure function of
/// the set of events: every field keeps either the latest value by the total order, the
/// earliest, or all of them, so folding the same events in any order gives the same state
/// (DESIGN.md invariant 5).
public struct Fleet: Sendable {
    public internal(set) var devices: [String: DeviceFacts] = [:]
    public internal(set) var vulnerabilities: [String: VulnerabilityFacts] = [:]
    public internal(set) var models: [String: ModelFacts] = [:]
    public internal(set) var incidents: [String: IncidentFacts] = [:]
    /// Amendments of whole contracts, by contract id.
    public internal(set) var contractAmendments: [String: StampedList<ContractTerms>] = [:]
    /// Vulnerability databases' records, by record id: the current one (latest `modified`,
    /// then latest stamp) and the first that recorded the id.
    public internal(set) var records: [String: RecordFacts] = [:]
    /// How many events were folded.
    public internal(set) var eventCount = 0

    public init() {}

    /// Folds every event of the ledger in `window`.
    public init(ledger: Ledger, window: TimeWindow) throws {
        try ledger.forEachProjected(in: window) { apply($0) }
    }

    /// Changes a device's facts in place (creating them at the first event naming it).
    private mutating func update(_ device: String, _ stamp: Stamp, _ body: (inout DeviceFacts) -> Void = { _ in }) {
        body(&devices[device, default: DeviceFacts(id: device, seen: stamp)])
    }

    private mutating func touch(_ device: String, _ stamp: Stamp) {
        update(device, stamp) { if stamp < $0.firstSeen { $0.firstSeen = stamp } }
    }

    /// The last site met, with its number: events mostly come from one site at a time.
    private var lastSite: (site: SiteID, number: SiteNumbers.Number)?

    public mutating func apply(_ event: ProjectedEvent) {
        eventCount += 1
        if lastSite?.site != event.id.site { lastSite = (event.id.site, SiteNumbers.number(event.id.site)) }
        let stamp = Stamp(event, site: lastSite!.number)
        if let device = event.device {
            applyToDevice(device, event.payload, stamp)
            return
        }
        switch event.payload {
        case let .disclosed(cve, vector, score, kev, source, listed, affectedModels, components):
            vulnerabilities[cve, default: VulnerabilityFacts(cve: cve)].disclosures.append(.init(
                stamp: stamp, vector: vector, score: score, kev: kev, source: source, devices: listed,
                models: affectedModels, components: components))
            for device in listed { touch(device, stamp) }
        case let .patchReleased(manufacturer, model, version, fixes):
            let key = FactPayload.modelKey(manufacturer, model)
            models[key, default: ModelFacts(manufacturer: manufacturer, model: model)].patches.insert((version, fixes), stamp)
        case let .incident(id, listed, severity, summary):
            incidents[id, default: IncidentFacts(id: id)].entries.append(.init(
                stamp: stamp, type: event.type, devices: listed, severity: severity, summary: summary))
            for device in listed {
                update(device, stamp) {
                    if stamp < $0.firstSeen { $0.firstSeen = stamp }
                    $0.incidents.insert(id)
                }
            }
        case let .lifecycle(manufacturer, model, endOfSale, endOfSupport, endOfLife):
            let key = FactPayload.modelKey(manufacturer, model)
            var facts = models.removeValue(forKey: key) ?? ModelFacts(manufacturer: manufacturer, model: model)
            facts.announcements.insert(stamp)
            if let endOfSale { facts.endOfSale.offer(endOfSale, stamp) }
            if let endOfSupport { facts.endOfSupport.offer(endOfSupport, stamp) }
            if let endOfLife { facts.endOfLife.offer(endOfLife, stamp) }
            models[key] = facts
        case let .amended(terms):
            if let contract = terms.id { contractAmendments[contract, default: StampedList()].insert(terms, stamp) }
        case let .kevListed(cve, dateAdded, dueDate):
            vulnerabilities[cve, default: VulnerabilityFacts(cve: cve)].kevListings.append((stamp, dateAdded, dueDate))
        case let .recorded(record):
            if let known = records[record.id] { records[record.id] = known.offering(record, stamp) }
            else { records[record.id] = RecordFacts(current: record, stamp: stamp, first: stamp) }
        case let .cpeAssigned(cpe, manufacturer?, model?):
            let key = FactPayload.modelKey(manufacturer, model)
            models[key, default: ModelFacts(manufacturer: manufacturer, model: model)].cpe.offer(cpe, stamp)
        default:
            break  // a device event without a device: the recorder refuses them
        }
    }

    /// An event about one device.
    private mutating func applyToDevice(_ id: String, _ payload: FactPayload, _ stamp: Stamp) {
        update(id, stamp) { d in
            if stamp < d.firstSeen { d.firstSeen = stamp }
            switch payload {
            case let .procured(manufacturer, model, serial, version, cpe, terms):
                d.procured.offer(DeviceFacts.Procurement(manufacturer: manufacturer, model: model, serial: serial,
                                                         version: version, cpe: cpe, terms: terms), stamp)
                if let version { d.versions.insert(version, stamp) }
                if let cpe { d.cpe.offer(cpe, stamp) }
            case let .cpeAssigned(cpe, _, _):
                d.cpe.offer(cpe, stamp)
            case let .deployed(location, department, segment):
                d.firstDeployment = earliest(d.firstDeployment, stamp)
                d.placement.offer(DeviceFacts.Placement(location: location, department: department, segment: segment), stamp)
            case let .sbom(components):
                d.firstSBOM = earliest(d.firstSBOM, stamp)
                d.sbom.offer(components, stamp)
            case let .mds2(version, _):
                d.firstMDS2 = earliest(d.firstMDS2, stamp)
                d.mds2.offer(version, stamp)
            case let .assessed(cve, status, _):
                d.assessments[cve].offer(status, stamp)
            case let .patchApplied(version):
                d.versions.insert(version, stamp)
            case let .mitigation(cve, control, expires):
                d.mitigations[cve, default: StampedList()].insert((control, expires), stamp)
            case let .amended(terms):
                d.amendments.insert(terms, stamp)
            case let .decommissioned(sanitized, method):
                d.decommissioned.offer((sanitized, method), stamp)
            default:
                break  // types about no single device carry none (the recorder refuses one)
            }
        }
    }

    // MARK: Derived facts

    /// The model facts of a device (nil when it was never procured or nothing is known of it).
    public func model(of device: DeviceFacts) -> ModelFacts? {
        guard let p = device.procured?.value else { return nil }
        return models[FactPayload.modelKey(p.manufacturer, p.model)]
    }

    /// A device's contract terms: those of its procurement, with every amendment of the device
    /// and of its contract laid over them in the total order; and the events that set them.
    /// With `at`, the terms in force at that time (amendments made later are left out, so a
    /// deadline is judged by the contract that was signed when its clock started).
    public func terms(of device: DeviceFacts, at time: LedgerTime? = nil) -> (terms: ContractTerms, evidence: [Stamp]) {
        var layers = termLayers(of: device)
        if let time, !layers.isEmpty { layers = [layers[0]] + layers.dropFirst().filter { $0.0.at <= time } }
        return Self.merge(layers)
    }

    /// The procurement's terms and every amendment of the device or its contract, in the total order.
    func termLayers(of device: DeviceFacts) -> [(Stamp, ContractTerms)] {
        guard let procured = device.procured else { return [] }
        var layers: [(Stamp, ContractTerms)] = [(procured.stamp, procured.value.terms)]
        layers += device.amendments.map { ($0.stamp, $0.value) }
        if let contract = procured.value.terms.id, let amendments = contractAmendments[contract] {
            layers += amendments.map { ($0.stamp, $0.value) }
        }
        layers.sort { $0.0 < $1.0 }
        return layers
    }

    static func merge(_ layers: some Collection<(Stamp, ContractTerms)>) -> (terms: ContractTerms, evidence: [Stamp]) {
        var terms = ContractTerms()
        for (_, layer) in layers { terms = terms.amended(by: layer) }
        return (terms, layers.map(\.0))
    }
}
