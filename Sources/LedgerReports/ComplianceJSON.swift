import LedgerCore
import LedgerStore

extension Reports {
    /// The compliance report as JSON, exactly as `compliance(…).writeJSON` writes it, with each
    /// finding rendered on the core that judged it: no table of rows is kept.
    public static func writeComplianceJSON(_ analysis: FleetAnalysis, site: SiteID?, sitePatchDays: Int,
                                           _ emit: ([UInt8]) -> Void) {
        let writer = ComplianceJSONWriter()
        // Each chunk's findings of a code in one buffer, every row behind ",\n"; the first row
        // of the report loses its comma.
        let rendered = ComplianceRules.judgedByCode(analysis, site: site, sitePatchDays: sitePatchDays, empty: PiecedBytes(),
                                                    context: writer.parts) { buffer, parts, finding in
            buffer.append { writer.write(finding, parts, into: &$0) }
        }
        emit(Array("[".utf8))
        var first = true
        for piece in rendered.joined().lazy.flatMap(\.pieces) where !piece.isEmpty {
            if first {
                emit(Array(piece.dropFirst()))
                first = false
            } else {
                emit(piece)
            }
        }
        emit(Array((first ? "]\n" : "\n]\n").utf8))
    }
}

/// Writes findings as `Reports.complianceRow` renders through `ReportTable.JSONRowRenderer`,
/// member by member in RFC 8785 order, each behind ",\n". What findings repeat is rendered
/// once: a code's name and principles, each site's part of the event ids, and per device its
/// own members.
struct ComplianceJSONWriter: Sendable {
    /// By code rank: `{"code":"…","cve":`.
    private let heads: [[UInt8]]
    /// By code rank: the principles' numbers, comma-separated.
    private let principles: [[UInt8]]
    /// By site number (see `SiteNumbers`): the site, and `"site:` opening its event ids.
    private let sites: [SiteID]
    private let idPrefixes: [[UInt8]]

    /// Reads the sites numbered so far: write only findings of fleets folded before.
    init() {
        let codes = Finding.Code.allCases.sorted { $0.rank < $1.rank }
        heads = codes.map { code in
            var head = Array(#"{"code":"#.utf8)
            CanonicalJSON.writeString(code.rawValue, into: &head)
            head.append(contentsOf: #","cve":"#.utf8)
            return head
        }
        principles = codes.map { Array($0.principles.map { CanonicalJSON.formatNumber(Double($0)) }.joined(separator: ",").utf8) }
        sites = SiteNumbers.sites
        idPrefixes = sites.map { site in
            // A site id is letters, digits and `-`: nothing in it is escaped.
            Array("\"\(site.rawValue):".utf8)
        }
    }

    /// What every finding of a device writes the same, rendered once for the device.
    struct DeviceParts {
        /// `,"device":"…","evidence":[`
        fileprivate let device: [UInt8]
        /// `],"manufacturer":"…","model":"…","principle":[`
        fileprivate let model: [UInt8]
        /// `],"site":"…"}`
        fileprivate let site: [UInt8]
    }

    /// The parts of a procured device.
    func parts(_ device: DeviceFacts) -> DeviceParts {
        let procured = device.procured!
        var head = Array(#","device":"#.utf8)
        CanonicalJSON.writeString(device.id, into: &head)
        head.append(contentsOf: #","evidence":["#.utf8)
        var model = Array(#"],"manufacturer":"#.utf8)
        CanonicalJSON.writeString(procured.value.manufacturer, into: &model)
        model.append(contentsOf: #","model":"#.utf8)
        CanonicalJSON.writeString(procured.value.model, into: &model)
        model.append(contentsOf: #","principle":["#.utf8)
        var site = Array(#"],"site":"#.utf8)
        // `DeviceFacts.site`: the site that recorded the procurement.
        CanonicalJSON.writeString(sites[Int(procured.stamp.site)].rawValue, into: &site)
        site.append(UInt8(ascii: "}"))
        return DeviceParts(device: head, model: model, site: site)
    }

    func write(_ f: DeviceFinding, _ parts: DeviceParts, into out: inout [UInt8]) {
        out.append(contentsOf: ",\n".utf8)
        out.append(contentsOf: heads[f.code.rank])
        if let cve = f.cve { CanonicalJSON.writeString(cve, into: &out) } else { out.append(contentsOf: "null".utf8) }
        out.append(contentsOf: #","detail":"#.utf8)
        f.detail.utf8.withUnsafeBufferPointer { CanonicalJSON.writeString(utf8: $0, into: &out) }
        out.append(contentsOf: parts.device)
        for (i, stamp) in f.evidence.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            // `EventID.description` (`site:seq`), written without making the string.
            out.append(contentsOf: idPrefixes[Int(stamp.site)])
            out.appendDecimal(stamp.seq)
            out.append(UInt8(ascii: "\""))
        }
        out.append(contentsOf: parts.model)
        out.append(contentsOf: principles[f.code.rank])
        out.append(contentsOf: parts.site)
    }
}

/// Bytes kept as pieces of about 64 KiB, so appending never moves what was already written.
/// (Growing one array per chunk and code copied its bytes, into freshly faulted memory, at
/// every doubling: about a tenth of the CPU of a 134 MB compliance report.)
struct PiecedBytes: Sendable {
    static let pieceCapacity = 1 << 16
    /// Room a piece must have left for another write; a longer one grows the piece (rarely).
    static let room = 4096

    private(set) var pieces: [[UInt8]] = []

    /// Lets `write` append to the last piece, after starting a new one if it is nearly full.
    mutating func append(_ write: (inout [UInt8]) -> Void) {
        if pieces.last.map({ $0.capacity - $0.count < Self.room }) ?? true {
            var piece: [UInt8] = []
            piece.reserveCapacity(Self.pieceCapacity)
            pieces.append(piece)
        }
        write(&pieces[pieces.count - 1])
    }
}
