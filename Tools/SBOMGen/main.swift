// sbom-gen: writes a large CycloneDX 1.6 SBOM to time `medledger import-sbom` with.
//
//   swift run sbom-gen [--components N] > big.cdx.json
//
// N components (default 10,000), deterministic: groups of ten, a library and nine components
// nested in it (so the reader's depth-first flattening is exercised), each with a version,
// a purl and a CPE.
import Foundation

var count = 10_000
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    if argument == "--components", let value = arguments.popFirst(), let n = Int(value), n >= 0 {
        count = n
    } else {
        FileHandle.standardError.write(Data("usage: sbom-gen [--components N]\n".utf8))
        exit(2)
    }
}

func component(_ i: Int, nested: [String] = []) -> String {
    let name = String(format: "lib-%05d", i)
    let version = "\(1 + i % 7).\(i % 13).\(i % 31)"
    var text = #"{"type":"library","bom-ref":"pkg:generic/\#(name)@\#(version)","name":"\#(name)","version":"\#(version)","#
        + #""purl":"pkg:generic/\#(name)@\#(version)","cpe":"cpe:2.3:a:example:\#(name):\#(version):*:*:*:*:*:*:*""#
    if !nested.isEmpty { text += #","components":["# + nested.joined(separator: ",") + "]" }
    return text + "}"
}

var top: [String] = []
var i = 0
while i < count {
    let group = min(10, count - i)
    top.append(component(i, nested: (1..<group).map { component(i + $0) }))
    i += group
}
let document = """
    {"bomFormat":"CycloneDX","specVersion":"1.6","serialNumber":"urn:uuid:00000000-0000-4000-8000-\(String(format: "%012d", count))",
    "version":1,"metadata":{"timestamp":"2025-01-01T00:00:00Z","component":{"type":"firmware","name":"pump-firmware","version":"4.2.1"}},
    "components":[\(top.joined(separator: ",\n"))]}

    """
FileHandle.standardOutput.write(Data(document.utf8))
