// intel-bench: vulnerability intelligence at a health system's scale, measured through the
// real command line. A seeded fleet (devices whose SBOMs list components of an ecosystem mix
// like the real SBOMs': Maven, npm, PyPI, Go, Debian) and a seeded osv.dev-style archive of OSV
// records (shapes of the real ones: aliases, CVSS vector, one to three affected packages with
// ECOSYSTEM ranges), most of which touch nothing the fleet holds. Each step is a child process
// of the release `medledger`, timed with its peak memory, beside a baseline run in this process:
// reading the archive alone (inflating every entry and hashing it) for the imports, and a plain
// comparison loop for the version comparators.
//
//   swift build -c release --product medledger --product intel-bench
//   .build/release/intel-bench [--devices 10000] [--components 300] [--records 100000] [--dir DIR]
import BenchSupport
import Crypto
import Foundation
import LedgerFleet
import LedgerIntel
import ZIPFoundation

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("intel-bench: " + message + "\n").utf8))
    exit(2)
}

var devices = 10_000, componentsPerDevice = 300, recordCount = 100_000
var dir: String?
var arguments = CommandLine.arguments.dropFirst()
while let option = arguments.popFirst() {
    guard let value = arguments.popFirst() else { fail("\(option) needs a value") }
    switch option {
    case "--devices": devices = Int(value) ?? 0
    case "--components": componentsPerDevice = Int(value) ?? 0
    case "--records": recordCount = Int(value) ?? 0
    case "--dir": dir = value
    default: fail("unknown option \(option)")
    }
}
guard devices > 0, componentsPerDevice > 0, recordCount > 0 else { fail("--devices, --components and --records must be positive") }
let tool = ((CommandLine.arguments[0] as NSString).deletingLastPathComponent as NSString).appendingPathComponent("medledger")
guard FileManager.default.isExecutableFile(atPath: tool) else {
    fail("no medledger beside intel-bench (\(tool)): build it first, swift build -c release --product medledger")
}
let folder = dir ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("intel-bench-\(getpid())")
try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

// MARK: The package space

/// A package of the seeded universe: index → ecosystem, purl stem and OSV name.
struct Package {
    let ecosystem: String
    let purlStem: String
    let osvName: String
}

func package(_ i: Int) -> Package {
    switch i % 20 {
    case 0..<8: Package(ecosystem: "Maven", purlStem: "pkg:maven/org.example.g\(i % 997)/artifact-\(i)", osvName: "org.example.g\(i % 997):artifact-\(i)")
    case 8..<14: Package(ecosystem: "npm", purlStem: "pkg:npm/%40scope\(i % 89)/module-\(i)", osvName: "@scope\(i % 89)/module-\(i)")
    case 14..<17: Package(ecosystem: "PyPI", purlStem: "pkg:pypi/py-package-\(i)", osvName: "py-package-\(i)")
    case 17..<19: Package(ecosystem: "Go", purlStem: "pkg:golang/github.com/example\(i % 53)/mod\(i)", osvName: "github.com/example\(i % 53)/mod\(i)")
    default: Package(ecosystem: "Debian:12", purlStem: "pkg:deb/debian/libpkg\(i)", osvName: "libpkg\(i)")
    }
}

func version(_ ecosystem: String, _ a: Int, _ b: Int, _ c: Int) -> String {
    switch ecosystem {
    case "Go": "v\(a).\(b).\(c)"
    case "Debian:12": "\(a).\(b).\(c)-\(1 + c % 3)"
    default: "\(a).\(b).\(c)"
    }
}

/// Packages the fleet draws its components from; records name these and the rest of a space
/// ten times larger.
let fleetPackages = 30_000
let packageSpace = 300_000
let models = max(1, devices / 100)

// MARK: The fleet

print("intel-bench: \(devices) devices × \(componentsPerDevice) components, \(recordCount) OSV records, in \(folder)")
// The same seed, the same fleet and records.
var random = SplitMix64(seed: 0x1D7E_1BE4)
let fleetFile = path("fleet.jsonl")
FileManager.default.createFile(atPath: fleetFile, contents: nil)
guard let fleetOut = FileHandle(forWritingAtPath: fleetFile) else { fail("cannot write \(fleetFile)") }
/// Each model's SBOM: the same components for every device of the model, as a supplier ships it.
var modelComponents: [[(Int, String)]] = []
for _ in 0..<models {
    var list: [(Int, String)] = []
    for _ in 0..<componentsPerDevice {
        let p = random.below(fleetPackages)
        list.append((p, version(package(p).ecosystem, random.below(5), random.below(20), random.below(10))))
    }
    modelComponents.append(list)
}
var buffer = ""
for d in 0..<devices {
    let id = String(format: "DEV-%06d", d)
    let model = d % models
    buffer += #"{"type":"device.procured","device":"\#(id)","at":"2024-01-01","actor":"bench","data":{"manufacturer":"Maker \#(model % 17)","model":"Model \#(model)","version":"1.0","contract":{"id":"C-\#(model)","patchDays":{"critical":15,"high":30}}}}"# + "\n"
    let components: String = modelComponents[model].map { p, v -> String in
        let pkg = package(p)
        let name = pkg.osvName.split(separator: "/").last.map(String.init) ?? pkg.osvName
        return #"{"name":"\#(name)","version":"\#(v)","purl":"\#(pkg.purlStem)@\#(v)\#(pkg.ecosystem == "Debian:12" ? "?distro=debian-12" : "")"}"#
    }.joined(separator: ",")
    buffer += #"{"type":"sbom.recorded","device":"\#(id)","at":"2024-01-02","actor":"bench","data":{"format":"CycloneDX 1.5","components":[\#(components)]}}"# + "\n"
    if buffer.utf8.count > 1 << 22 {
        fleetOut.write(Data(buffer.utf8))
        buffer = ""
    }
}
fleetOut.write(Data(buffer.utf8))
try? fleetOut.close()

// MARK: The records

let archivePath = path("all.zip")
try? FileManager.default.removeItem(atPath: archivePath)
let archive: Archive
do { archive = try Archive(url: URL(fileURLWithPath: archivePath), accessMode: .create) } catch { fail("cannot create \(archivePath): \(error)") }
let alphabet = Array("23456789cfghjmpqrvwx")
func ghsa(_ r: inout SplitMix64) -> String {
    (0..<3).map { _ in String((0..<4).map { _ in alphabet[r.below(alphabet.count)] }) }.joined(separator: "-")
}
let vectors = ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N",
               "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H"]
var touching = 0
for n in 0..<recordCount {
    let id = "GHSA-" + ghsa(&random)
    let touches = random.below(20) == 0
    if touches { touching += 1 }
    var affected: [String] = []  // typed: the literals below are Strings, not SQL
    for _ in 0..<(1 + random.below(3)) {
        let p = touches ? random.below(fleetPackages) : fleetPackages + random.below(packageSpace - fleetPackages)
        let pkg = package(p)
        let major = random.below(5), minor = random.below(20)
        affected.append(#"{"package":{"ecosystem":"\#(pkg.ecosystem)","name":"\#(pkg.osvName)","purl":"\#(pkg.purlStem)"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"\#(version(pkg.ecosystem, major, 0, 0))"},{"fixed":"\#(version(pkg.ecosystem, major, minor, random.below(10)))"}]}],"database_specific":{"source":"https://github.com/advisories/\#(id)"}}"#)
    }
    let year = 2018 + random.below(7)
    let text = #"""
    {"schema_version":"1.4.0","id":"\#(id)","modified":"\#(year + 1)-03-0\#(1 + random.below(9))T12:00:00Z","published":"\#(year)-0\#(1 + random.below(9))-1\#(random.below(10))T08:30:00Z","aliases":["CVE-\#(year)-\#(10000 + n)"],"summary":"Seeded advisory \#(n): improper input validation in a library","details":"A seeded record with the shape of a GitHub Security Advisory: a summary, details of a few hundred bytes, references, a CVSS vector and one to three affected packages with ECOSYSTEM ranges. It affects nothing real.","severity":[{"type":"CVSS_V3","score":"\#(vectors[random.below(vectors.count)])"}],"affected":[\#(affected.joined(separator: ","))],"references":[{"type":"ADVISORY","url":"https://nvd.nist.gov/vuln/detail/CVE-\#(year)-\#(10000 + n)"},{"type":"WEB","url":"https://github.com/example/repo/issues/\#(n)"}],"database_specific":{"cwe_ids":["CWE-20"],"severity":"HIGH","github_reviewed":true}}
    """#
    let data = Data(text.utf8)
    do {
        try archive.addEntry(with: "\(id).json", type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Data.Index(position)..<Data.Index(position) + size)
        }
    } catch { fail("cannot write \(archivePath): \(error)") }
}
let archiveBytes = (try? FileManager.default.attributesOfItem(atPath: archivePath)[.size] as? Int) ?? 0
print("seeded: \(devices) devices in \(models) models (\(fleetPackages) packages), \(recordCount) records (\(touching) name a fleet package), archive \(archiveBytes >> 20) MiB")

// MARK: Runs

func run(_ label: String, _ args: [String], expect: Int32 = 0) -> (seconds: Double, rss: Int) {
    let result = runProcess(tool, args, stdout: path("\(label).out"), stderr: path("\(label).err"))
    guard result.status == expect else {
        fail("medledger \(args.joined(separator: " ")) exited \(result.status): \((try? String(contentsOfFile: path("\(label).err"), encoding: .utf8)) ?? "")")
    }
    return (result.seconds, result.maxRSSKiB)
}

let db = path("bench.sqlite")
for suffix in ["", "-wal", "-shm", ".key", ".feeds", ".feeds-wal", ".feeds-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
_ = run("init", ["init", "--db", db, "--site", "bench"])
let fleetImport = run("fleet", ["import", "--db", db, fleetFile])
print(String(format: "setup: the fleet imported in %.1f s", fleetImport.seconds))

// Baseline: the archive alone, every entry inflated and hashed, in this process.
let baseline = seconds {
    guard let reader = try? Archive(url: URL(fileURLWithPath: archivePath), accessMode: .read) else { fail("cannot read \(archivePath)") }
    for entry in reader {
        var hash = SHA256()
        _ = try? reader.extract(entry, consumer: { hash.update(data: $0) })
        _ = hash.finalize()
    }
}

let first = run("import-osv", ["import-osv", "--db", db, archivePath])
let again = run("import-osv-again", ["import-osv", "--db", db, archivePath])
let exposure = run("exposure", ["report", "exposure", "--db", db, "--format", "csv"])
let exposureRows = ((try? String(contentsOfFile: path("exposure.out"), encoding: .utf8)) ?? "").split(separator: "\n").count - 1

// A 1,000-component SBOM, half of it from the fleet's packages.
var sbomComponents: [String] = []
for i in 0..<1000 {
    let p = i % 2 == 0 ? random.below(fleetPackages) : fleetPackages + random.below(packageSpace - fleetPackages)
    let pkg = package(p)
    let v = version(pkg.ecosystem, random.below(5), random.below(20), random.below(10))
    sbomComponents.append(String(#"{"type":"library","name":"c\#(i)","version":"\#(v)","purl":"\#(pkg.purlStem)@\#(v)"}"#))
}
let sbomPath = path("sbom-1000.cdx.json")
try? Data(#"{"bomFormat":"CycloneDX","specVersion":"1.5","version":1,"components":[\#(sbomComponents.joined(separator: ","))]}"#.utf8)
    .write(to: URL(fileURLWithPath: sbomPath))
let matchRun = run("match", ["match", "--db", db, "--sbom", sbomPath, "--format", "csv"])
let matchRows = ((try? String(contentsOfFile: path("match.out"), encoding: .utf8)) ?? "").split(separator: "\n").count - 1
let version = run("key", ["key", "--db", db])

// The comparators: a million comparisons of parsed Maven versions, against comparing the texts.
var pairs: [(String, String)] = []
for _ in 0..<1_000_000 {
    pairs.append((version("Maven", random.below(5), random.below(20), random.below(10)), version("Maven", random.below(5), random.below(20), random.below(10))))
}
var sink = 0
let plainLoop = seconds { for (a, b) in pairs { sink &+= a < b ? 1 : 0 } }
let maven = VersionScheme.maven
let parsedPairs = pairs.map { (maven.parse($0.0), maven.parse($0.1)) }
let schemeLoop = seconds { for (a, b) in parsedPairs { sink &+= a.compare(to: b) } }
let textLoop = seconds { for (a, b) in pairs { sink &+= maven.compare(a, b) } }

print("")
print(String(format: "baseline: reading the archive alone (inflate + SHA-256 of %d entries): %.2f s", recordCount, baseline))
print(String(format: "import-osv of %d records: %.2f s (%.1f× the archive read), peak %d MiB; %@", recordCount, first.seconds,
             first.seconds / max(baseline, 0.001), first.rss >> 10,
             ((try? String(contentsOfFile: path("import-osv.out"), encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)))
print(String(format: "import-osv again: %.2f s (%.1f× the archive read), peak %d MiB; %@", again.seconds, again.seconds / max(baseline, 0.001),
             again.rss >> 10, ((try? String(contentsOfFile: path("import-osv-again.out"), encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)))
print(String(format: "report exposure: %.2f s, peak %d MiB, %d rows", exposure.seconds, exposure.rss >> 10, exposureRows))
print(String(format: "match --sbom of 1,000 components: %.3f s from start to exit (medledger key, opening the ledger: %.3f s), %d matches", matchRun.seconds,
             version.seconds, matchRows))
print(String(format: "comparators, 1,000,000 Maven pairs: parsed %.3f s, from text %.3f s, plain string comparison %.3f s (%.1f× and %.1f×)",
             schemeLoop, textLoop, plainLoop, schemeLoop / max(plainLoop, 1e-9), textLoop / max(plainLoop, 1e-9)))
if sink == 42 { print("") }
if dir == nil { try? FileManager.default.removeItem(atPath: folder) }
