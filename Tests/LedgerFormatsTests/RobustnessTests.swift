import LedgerCore
import LedgerFormats
import LedgerStore
import Testing

@Suite("Hostile and damaged documents are refused with an error, never a crash")
struct RobustnessTests {
    /// Every reader over every cut of a real file: a cut file is refused (or, cut at its very
    /// end, read), and never traps.
    @Test("real files cut at a hundred places each", arguments: [
        "csaf/icsma-22-251-01.json", "cyclonedx/maven-plugin-gs-maven-1.4.json", "vex/cisa-case8-log4j-multiproduct-vex-1.4.json",
    ])
    func truncated(_ file: String) throws {
        let whole = try RealData.bytes(file)
        let device = FleetIndex.Device(id: "D-1", manufacturer: "Example", model: "ABC", version: "2.4")
        for cut in stride(from: 0, to: whole.count, by: max(1, whole.count / 100)) {
            let part = Array(whole[..<cut])
            part.withUnsafeBufferPointer { bytes in
                #expect(throws: FormatError.self) { try SBOMReader.read(bytes, device: "D-1", context: RealData.context) }
                #expect(throws: FormatError.self) {
                    try VEXReader.read(bytes, targets: [device], isDisclosed: { _ in false }, context: RealData.context)
                }
                #expect(throws: FormatError.self) {
                    try CSAFReader.read(bytes, matcher: ProductMatcher(models: []), context: RealData.context)
                }
                #expect(throws: FormatError.self) {
                    try KEVReader.read(bytes, context: RealData.context, skip: { _ in false }) { _ in }
                }
            }
        }
    }

    @Test("a KEV entry that is not an object, even a string holding ',' and ']', is left out alone")
    func strangeEntries() throws {
        let text = #"{"catalogVersion": "1", "vulnerabilities": ["a,b]\"c", [1, {"x": "]"}], null, {"cveID": "CVE-2025-0002", "dateAdded": "2025-01-01"}]}"#
        let (summary, drafts) = try RealData.kev(Array(text.utf8))
        #expect(drafts.count == 1)
        #expect(summary.skipped.map(\.path) == ["$.vulnerabilities[0]", "$.vulnerabilities[1]", "$.vulnerabilities[2]"])
        let truncated = #"{"catalogVersion": "1", "vulnerabilities": [{"cveID": "CVE-2025-0002", "dateAdded": "2025-01-01"}, "#
        #expect(throws: FormatError.self) { try RealData.kev(Array(truncated.utf8)) }
    }

    @Test("a multi-product VEX: --product names the product when the model does not")
    func productOverride() throws {
        let device = FleetIndex.Device(id: "APP-1", manufacturer: "Example", model: "Widget", version: "5.1")
        let bytes = try RealData.bytes("vex/cisa-case8-log4j-multiproduct-vex-1.4.json")
        let result = try bytes.withUnsafeBufferPointer {
            try VEXReader.read($0, targets: [device], product: "JKL", isDisclosed: { _ in true }, context: RealData.context)
        }
        var got: [String: String] = [:]
        for draft in result.drafts { got[draft.data["cve"]?.stringValue ?? "?"] = draft.data["status"]?.stringValue }
        #expect(got == ["CVE-2021-44228": "fixed", "CVE-2021-45105": "affected"])
    }
}
