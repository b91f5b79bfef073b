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
             .incidentResolved, .lifecycleAnnounced, .kevListed:
            .forbidden
        case .contractAmended:
            .optional  // one device's terms, or (with data.contract.id) every device on a contract
        }
    }

    /// The schema its `data` must satisfy.
    public var schema: PayloadSchema { Self.schemas[self]! }

    private static let schemas = Dictionary(uniqueKeysWithValues: allCases.map { ($0, PayloadSchema.forType($0)) })
}
