import LedgerCore
import LedgerIntel
import LedgerStore

/// What the fleet holds that a vulnerability record can name: the OSV packages of every
/// component of every recorded SBOM, and the CPE products of components, devices and models.
/// A feed import records only the records that meet one of these keys (Protocol/LEDGER.md §2.6).
public struct FleetHoldings: Sendable {
    public private(set) var keys: Set<String> = []

    public init() {}

    /// The holdings of every event the ledger holds, whenever recorded (a record that touches
    /// a device's earlier SBOM is evidence for that time too).
    public init(ledger: Ledger) throws {
        var purls = Set<String>(), cpes = Set<String>()
        for payload in try ledger.distinctPayloads(of: [.sbomRecorded, .deviceProcured, .cpeAssigned]) {
            for (purl, cpe) in Self.identifiers(payload) {
                if let purl { purls.insert(purl) }
                if let cpe { cpes.insert(cpe) }
            }
        }
        for purl in purls { add(purl: purl) }
        for cpe in cpes { add(cpe: cpe) }
    }

    /// The purls and CPEs a payload states.
    static func identifiers(_ payload: FactPayload) -> [(purl: String?, cpe: String?)] {
        switch payload {
        case .sbom(let components): components.map { ($0.purl, $0.cpe) }
        case .procured(_, _, _, _, let cpe?, _): [(nil, cpe)]
        case .cpeAssigned(let cpe, _, _): [(nil, cpe)]
        default: []
        }
    }

    /// The holdings of these events alone (what an import just appended).
    public init(payloads: some Sequence<FactPayload>) {
        for payload in payloads { add(payload) }
    }

    public mutating func add(_ payload: FactPayload) {
        for (purl, cpe) in Self.identifiers(payload) {
            if let purl { add(purl: purl) }
            if let cpe { add(cpe: cpe) }
        }
    }

    public mutating func add(purl: String) {
        for key in FeedKeys.keys(purl: purl) ?? [] { keys.insert(key) }
    }

    public mutating func add(cpe: String) {
        if let key = FeedKeys.key(cpe: cpe) { keys.insert(key) }
    }

    /// Whether a record with these keys touches the fleet.
    public func touches(_ recordKeys: [String]) -> Bool {
        recordKeys.contains(where: keys.contains)
    }
}
