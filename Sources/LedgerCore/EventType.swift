/// The kinds of fact the ledger records (DOMAIN.md's lifecycle table).
public enum EventType: String, CaseIterable, Sendable, Comparable {
    case deviceProcured = "device.procured"
    case deviceDeployed = "device.deployed"
    case sbomRecorded = "sbom.recorded"
    case mds2Recorded = "mds2.recorded"
    case vulnerabilityDisclosed = "vulnerability.disclosed"
    case vulnerabilityAssessed = "vulnerability.assessed"
    case patchReleased = "patch.released"
    case patchApplied = "patch.applied"
    case mitigationApplied = "mitigation.applied"
    case incidentOpened = "incident.opened"
    case incidentUpdated = "incident.updated"
    case incidentResolved = "incident.resolved"
    case lifecycleAnnounced = "lifecycle.announced"
    case contractAmended = "contract.amended"
    case deviceDecommissioned = "device.decommissioned"
    case kevListed = "kev.listed"
    /// A vulnerability database's record (OSV, NVD) that names a package or a CPE the fleet
    /// holds: the fold matches it against SBOM components and CPEs by each ecosystem's rules.
    case vulnerabilityRecorded = "vulnerability.recorded"
    /// A CPE 2.3 name for a device, or for every device of a model (LEDGER.md §2.3).
    case cpeAssigned = "cpe.assigned"

    public static func < (a: EventType, b: EventType) -> Bool { a.rawValue < b.rawValue }

    /// Whether an event of this type is about one device (`device` required), about no
    /// device (`device` refused: a model, a vulnerability, an incident), or either.
    public enum DeviceRule: Sendable {
        case required, forbidden, optional
    }

    public var deviceRule: DeviceRule {
        switch self {
        case .deviceProcured, .deviceDeployed, .sbomRecorded, .mds2Recorded, .vulnerabilityAssessed,
             .patchApplied, .mitigationApplied, .deviceDecommissioned:
            .required
        case .vulnerabilityDisclosed, .patchReleased, .incidentOpened, .incidentUpdated,
             .incidentResolved, .lifecycleAnnounced, .kevListed, .vulnerabilityRecorded:
            .forbidden
        case .contractAmended:
            .optional  // one device's terms, or (with data.contract.id) every device on a contract
        case .cpeAssigned:
            .optional  // one device's CPE, or (with data.manufacturer and data.model) a model's
        }
    }

    /// The schema its `data` must satisfy.
    public var schema: PayloadSchema { Self.schemas[self]! }

    private static let schemas = Dictionary(uniqueKeysWithValues: allCases.map { ($0, PayloadSchema.forType($0)) })
}
