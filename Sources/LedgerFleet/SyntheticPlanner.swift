import LedgerCore

/// One generated event, decided but not yet rendered as a draft or as JSON text.
struct SyntheticFact {
    let type: EventType
    let device: String?
    let at: LedgerTime
    let actor: String
    let payload: SyntheticPayload
}

/// Decides a synthetic fleet's history one event at a time, in constant memory (apart from a
/// counter per model): first every device's onboarding (procured, SBOM, MDS2, deployed; one
/// device in five gets its documents after deployment), then the bulk of a fleet's life.
///
/// Event `k` of `count` happens in the k-th equal slice of 2020-01-01 … 2025-12-31 (whole
/// seconds when the slices allow), so times ascend, are all distinct and so are the facts.
struct SyntheticPlanner {
    private typealias Catalog = SyntheticCatalog

    private let count: Int
    private let devices: Int
    private let deviceIDPrefix: String
    private let procurement: [String]
    private let biomed: [String]
    private let secops: [String]
    /// Device `d` is of model `(d + rotation) % models.count`: round-robin, seed-dependent.
    private let rotation: Int
    private let salt: UInt64
    private let startMicros: Int64
    private let slice: Int64
    private let jitterUnit: Int64

    private var random: SplitMix64
    private var index = 0
    /// CVEs `0..<disclosed` have been disclosed; CVE `j` concerns model `j % models.count`.
    private var disclosed = 0
    /// Patches released per model; release `n` of model `m` is version `baseVersion.n`.
    private var releases: [Int]
    private var incidents = 0
    private var openIncident: (stage: Int, devices: [String], severity: Int)?

    static let firstInstant: Int64 = 1_577_836_800  // 2020-01-01T00:00:00Z
    static let endInstant: Int64 = 1_767_225_600  // 2026-01-01T00:00:00Z

    init(seed: UInt64, devices: Int, site: SiteID?, count: Int) {
        precondition(devices >= 1, "a synthetic fleet needs at least one device")
        self.count = max(count, 0)
        self.devices = devices
        let suffix = site.map { "@" + $0.rawValue } ?? ""
        deviceIDPrefix = site.map { "DEV-" + $0.rawValue + "-" } ?? "DEV-"
        procurement = Catalog.procurementActors.map { $0 + suffix }
        biomed = Catalog.biomedActors.map { $0 + suffix }
        secops = Catalog.secopsActors.map { $0 + suffix }
        salt = SplitMix64.mix(seed ^ 0x6D65_646C_6564_6765)  // "medledge"
        rotation = Int(salt % UInt64(Catalog.models.count))
        random = SplitMix64(seed: seed)
        releases = Array(repeating: 0, count: Catalog.models.count)
        startMicros = Self.firstInstant * 1_000_000
        let span = (Self.endInstant - Self.firstInstant) * 1_000_000
        let raw = span / Int64(max(count, 1))
        if raw >= 1_000_000 {
            slice = raw / 1_000_000 * 1_000_000
            jitterUnit = 1_000_000
        } else {
            slice = max(raw, 1)
            jitterUnit = 1
        }
    }

    // MARK: Naming

    func modelIndex(ofDevice d: Int) -> Int { (d + rotation) % Catalog.models.count }

    func deviceID(_ d: Int) -> String { deviceIDPrefix + zeroPadded(d + 1, width: 6) }

    /// `CVE-YYYY-NNNNN`, distinct for every `j`. Years 2015-2019, before the history starts,
    /// so no event names a CVE from its future.
    static func cveID(_ j: Int) -> String {
        "CVE-" + String(2015 + j % 5) + "-" + String(10_000 + j / 5)
    }

    /// A stateless hash of a device (or lot) number, for properties fixed per device.
    private func hash(_ n: Int, _ purpose: UInt64) -> UInt64 {
        SplitMix64.mix(salt ^ (purpose << 56) ^ UInt64(n))
    }

    /// Devices are bought in lots of 32 per model; a lot shares one contract.
    func contractID(ofDevice d: Int) -> String {
        "CTR-" + zeroPadded(modelIndex(ofDevice: d), width: 2) + "-" + zeroPadded(d / 32, width: 5)
    }

    func release(_ model: Int, _ n: Int) -> String { Catalog.models[model].baseVersion + "." + String(n) }

    // MARK: Planning

    mutating func next() -> SyntheticFact? {
        guard index < count else { return nil }
        defer { index += 1 }
        let jitter = Int64(random.below(Int(slice / jitterUnit))) * jitterUnit
        let at = LedgerTime(microseconds: startMicros + Int64(index) * slice + jitter)
        if index < 4 * devices { return onboard(index / 4, step: index % 4, at: at) }
        return bulk(at: at)
    }

    private mutating func pick(_ actors: [String]) -> String { actors[random.below(actors.count)] }

    private mutating func onboard(_ d: Int, step: Int, at: LedgerTime) -> SyntheticFact {
        let id = deviceID(d)
        let model = modelIndex(ofDevice: d)
        let traits = hash(d, 1)
        let documentsLate = traits % 5 == 0
        // Steps: 0 procured, then sbom, mds2, deployed (or deployed, sbom, mds2 when late).
        let kind = step == 0 ? 0 : documentsLate ? [0, 3, 1, 2][step] : step
        switch kind {
        case 0:
            let lot = d / 32
            return SyntheticFact(type: .deviceProcured, device: id, at: at, actor: pick(procurement), payload: .procured(
                model: model, serial: Int((traits >> 8) % 90_000_000) + 10_000_000, contract: contractID(ofDevice: d),
                terms: hash(lot * Catalog.models.count + model, 2)))
        case 1:
            return SyntheticFact(type: .sbomRecorded, device: id, at: at, actor: pick(biomed),
                                 payload: .sbom(model: model, version: release(model, 0)))
        case 2:
            return SyntheticFact(type: .mds2Recorded, device: id, at: at, actor: pick(biomed),
                                 payload: .mds2(date: at.adding(days: -(30 + Int(traits % 300))).date, answers: traits >> 20))
        default:
            let building = Int((traits >> 32) % 6)
            let kindIndex = Catalog.models[model].kind
            let departments = Catalog.departments[kindIndex]
            return SyntheticFact(type: .deviceDeployed, device: id, at: at, actor: pick(biomed), payload: .deployed(
                location: "Building " + String(building + 1) + ", floor " + String(1 + Int((traits >> 40) % 8))
                    + ", room " + String(100 + Int((traits >> 48) % 400)),
                department: departments[Int((traits >> 12) % UInt64(departments.count))],
                segment: "VLAN " + String(Catalog.segmentBase[kindIndex] + building)))
        }
    }

    /// A random device of the model CVE `j` concerns (any device if the fleet has none).
    private mutating func device(concernedBy j: Int) -> Int {
        let models = Catalog.models.count
        let first = ((j % models) - rotation + models) % models
        guard first < devices else { return random.below(devices) }
        return first + models * random.below((devices - first + models - 1) / models)
    }

    private mutating func bulk(at: LedgerTime) -> SyntheticFact {
        // Per 10,000 events: mostly patches, assessments and mitigations; a few hundred CVEs and
        // fixes per model over the years, as a real fleet sees (not thousands).
        let roll = disclosed == 0 ? 9_200 : random.below(10_000)
        switch roll {
        case ..<4_500:
            let d = random.below(devices)
            let model = modelIndex(ofDevice: d)
            let n = max(releases[model], 1)
            return SyntheticFact(type: .patchApplied, device: deviceID(d), at: at, actor: pick(biomed), payload: .patchApplied(
                version: release(model, n), previous: release(model, n - 1),
                method: random.below(Catalog.patchMethods.count), workOrder: index))
        case ..<7_800:
            let j = random.below(disclosed)
            let d = device(concernedBy: j)
            let status = random.below(Catalog.statuses.count)
            return SyntheticFact(type: .vulnerabilityAssessed, device: deviceID(d), at: at, actor: pick(secops), payload: .assessed(
                cve: j, status: status, justification: random.below(Catalog.justifications[status].count)))
        case ..<9_200:
            let j = random.below(disclosed)
            let d = device(concernedBy: j)
            return SyntheticFact(type: .mitigationApplied, device: deviceID(d), at: at, actor: pick(secops), payload: .mitigation(
                cve: j, control: random.below(Catalog.controls.count), expires: at.adding(days: 90).date, change: index))
        case ..<9_205:
            let j = disclosed
            disclosed += 1
            return SyntheticFact(type: .vulnerabilityDisclosed, device: nil, at: at, actor: pick(secops), payload: .disclosed(
                cve: j, vector: random.below(Catalog.vectors.count), kev: random.chance(4),
                source: random.below(Catalog.sources.count), weakness: random.below(Catalog.weaknesses.count),
                component: random.chance(10)))
        case ..<9_215:
            // Suppliers mostly fix what was disclosed lately, some of it late.
            let j = disclosed - 1 - random.below(min(disclosed, 32))
            let model = j % Catalog.models.count
            releases[model] += 1
            var fixes = [j]
            let models = Catalog.models.count
            for _ in 0..<random.below(3) where fixes.last! >= models { fixes.append(fixes.last! - models) }
            return SyntheticFact(type: .patchReleased, device: nil, at: at, actor: pick(secops), payload: .patchReleased(
                model: model, version: release(model, releases[model]), fixes: fixes))
        case ..<9_220:
            let model = random.below(Catalog.models.count)
            let endOfSale = at.adding(days: 365 * (1 + random.below(4)))
            let endOfSupport = endOfSale.adding(days: 365 * (2 + random.below(5)))
            return SyntheticFact(type: .lifecycleAnnounced, device: nil, at: at, actor: pick(procurement), payload: .lifecycle(
                model: model, endOfSale: endOfSale.date, endOfSupport: endOfSupport.date,
                endOfLife: endOfSupport.adding(days: 365).date))
        case ..<9_515:
            return incident(at: at)
        case ..<9_516:
            let j = random.below(disclosed)
            return SyntheticFact(type: .kevListed, device: nil, at: at, actor: pick(secops), payload: .kevListed(
                cve: j, dateAdded: at.date, dueDate: at.adding(days: [14, 21][random.below(2)]).date,
                ransomware: random.chance(5)))
        case ..<9_616:
            let d = random.below(devices)
            let wholeContract = random.chance(50)
            return SyntheticFact(type: .contractAmended, device: wholeContract ? nil : deviceID(d), at: at,
                                 actor: pick(procurement), payload: .amended(
                                    contract: contractID(ofDevice: d), critical: [7, 15, 30][random.below(3)],
                                    high: [30, 45, 60][random.below(3)]))
        case ..<9_990:
            let d = random.below(devices)
            let model = modelIndex(ofDevice: d)
            return SyntheticFact(type: .sbomRecorded, device: deviceID(d), at: at, actor: pick(biomed),
                                 payload: .sbom(model: model, version: release(model, releases[model])))
        default:
            let sanitized = random.chance(85)
            return SyntheticFact(type: .deviceDecommissioned, device: deviceID(random.below(devices)), at: at,
                                 actor: pick(biomed), payload: .decommissioned(
                                    sanitized: sanitized, method: random.below(Catalog.sanitizations.count)))
        }
    }

    /// Opens an incident, or moves the open one on (updated, then resolved).
    private mutating func incident(at: LedgerTime) -> SyntheticFact {
        if let open = openIncident {
            let id = "INC-" + zeroPadded(incidents, width: 6)
            let resolving = open.stage == 2
            openIncident = resolving ? nil : (2, open.devices, open.severity)
            let summaries = resolving ? Catalog.resolutions : Catalog.incidentProgress
            return SyntheticFact(type: resolving ? .incidentResolved : .incidentUpdated, device: nil, at: at,
                                 actor: pick(secops), payload: .incident(
                                    id: id, devices: open.devices, severity: open.severity,
                                    summary: summaries[random.below(summaries.count)]))
        }
        incidents += 1
        var involved: [String] = []
        for _ in 0...random.below(3) {
            let id = deviceID(random.below(devices))
            if !involved.contains(id) { involved.append(id) }
        }
        let severity = random.below(Catalog.severities.count)
        openIncident = (1, involved, severity)
        return SyntheticFact(type: .incidentOpened, device: nil, at: at, actor: pick(secops), payload: .incident(
            id: "INC-" + zeroPadded(incidents, width: 6), devices: involved, severity: severity,
            summary: Catalog.incidentSummaries[random.below(Catalog.incidentSummaries.count)]))
    }
}
