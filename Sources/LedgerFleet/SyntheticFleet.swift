import LedgerCore

/// A seeded, deterministic generator of large synthetic ledgers, for benchmarks and tests.
///
/// The history it tells: each device is procured, gets its SBOM and MDS2 (one in five after
/// deployment) and is deployed; then the bulk of a fleet's life: patches applied (38%),
/// vulnerability assessments (30%), mitigations (12%), and a sprinkle of model-level events
/// (disclosures affecting a model, supplier patches, roadmaps), incidents (opened, updated,
/// resolved), contract amendments, SBOM updates and rare decommissions. Sixteen real product
/// lines from fourteen manufacturers; devices `DEV-000001`, `DEV-000002`, …; times spread over
/// 2020-2025, ascending and all distinct, so every generated fact is distinct too.
///
/// The events depend only on `seed`, `devices`, `site` and the `count` asked for (which sets
/// the spacing of times): the same inputs give the same bytes on every run and machine.
/// Generation streams: memory does not grow with `count`.
public struct SyntheticFleet: Sendable {
    /// The PRNG seed.
    public let seed: UInt64
    /// How many devices the fleet has (at least 1).
    public let devices: Int
    /// When set, device ids carry the site (`DEV-north-000001`) and actors are suffixed with
    /// it (`biomed.jlee@north`), so fleets generated for different sites never share a fact.
    public let site: SiteID?

    /// A fleet of `devices` devices (at least 1) whose history is fixed by `seed`.
    public init(seed: UInt64, devices: Int, site: SiteID? = nil) {
        precondition(devices >= 1, "a synthetic fleet needs at least one device")
        self.seed = seed
        self.devices = devices
        self.site = site
    }

    /// The fleet's first `count` events as validated drafts, generated one at a time.
    /// Onboarding takes the first `4 × devices` of them.
    public func makeEvents(count: Int) -> some Sequence<EventDraft> {
        SyntheticEvents(planner: SyntheticPlanner(seed: seed, devices: devices, site: site, count: count))
    }

    /// The same events as `makeEvents(count:)`, as interchange JSON Lines: each element is one
    /// JSON object `{"type","device"?,"at","actor","data"}` without the trailing newline, as
    /// `EventDraft(interchange:)` reads it. Written directly as bytes, without building
    /// `JSONValue`s, so producing the input of an import benchmark costs little.
    public func makeInterchangeLines(count: Int) -> some Sequence<[UInt8]> {
        SyntheticLines(planner: SyntheticPlanner(seed: seed, devices: devices, site: site, count: count))
    }
}

/// Streams a synthetic fleet's events as drafts.
struct SyntheticEvents: Sequence, IteratorProtocol {
    var planner: SyntheticPlanner

    mutating func next() -> EventDraft? {
        guard let fact = planner.next() else { return nil }
        var writer = ObjectFactWriter()
        fact.payload.write(into: &writer)
        do {
            return try EventDraft(type: fact.type, device: fact.device, at: fact.at, actor: fact.actor, data: writer.object)
        } catch {
            // The generator only writes what the schemas accept; a test covers every type.
            fatalError("synthetic \(fact.type.rawValue) event is invalid: \(error)")
        }
    }
}

/// Streams a synthetic fleet's events as interchange lines.
struct SyntheticLines: Sequence, IteratorProtocol {
    var planner: SyntheticPlanner

    mutating func next() -> [UInt8]? {
        guard let fact = planner.next() else { return nil }
        var writer = ByteFactWriter(into: [])
        writer.bytes.reserveCapacity(640)
        writer.bytes.append(contentsOf: #"{"type":""#.utf8)
        writer.bytes.append(contentsOf: fact.type.rawValue.utf8)
        writer.bytes.append(UInt8(ascii: "\""))
        if let device = fact.device {
            writer.bytes.append(contentsOf: #","device":"#.utf8)
            CanonicalJSON.writeString(device, into: &writer.bytes)
        }
        writer.bytes.append(contentsOf: #","at":""#.utf8)
        writer.bytes.append(contentsOf: fact.at.rfc3339.utf8)
        writer.bytes.append(contentsOf: #"","actor":"#.utf8)
        CanonicalJSON.writeString(fact.actor, into: &writer.bytes)
        writer.bytes.append(contentsOf: #","data":{"#.utf8)
        fact.payload.write(into: &writer)
        writer.bytes.append(contentsOf: "}}".utf8)
        return writer.bytes
    }
}
