// ledger-bench: the ledger core's speed, measured against a plain-SQLite baseline in the same
// process, on the same machine, in one run (timings are never asserted in tests).
//
//   swift run -c release ledger-bench [--events N] [--devices D] [--dir DIR]
//
// 1. writes N synthetic events (LedgerFleet.SyntheticFleet, seeded) as JSON Lines;
// 2. imports them through the ledger (parse, validate, canonical bytes, leaf and fact hashes,
//    Merkle tree, a signed checkpoint per 1,024 events, SQLite rows and indexes), timed;
// 3. inserts the same events as plain rows (site, seq, at, type, device, leaf, body) with
//    primary key (site, seq), one index on (device, at), WAL, synchronous=NORMAL, the same
//    cache size, one transaction, plain prepared statements; the rows are loaded into memory
//    first so only the inserts are timed; prints both rates and their ratio (the baseline and
//    the child-process runner are BenchSupport's, shared with sync-bench);
// 4. verify (events/s), log --device query time in process and as a whole process,
//    record of one event as a whole process, and the peak RSS of `medledger import` of the
//    same file run as a child process (run before step 2, while this process is small).
import BenchSupport
import Foundation
import LedgerCore
import LedgerFleet
import LedgerStore

struct Options {
    var events = 1_000_000
    var devices = 10_000
    var dir: String?

    init(_ arguments: [String]) {
        var i = 0
        while i < arguments.count {
            let value = i + 1 < arguments.count ? arguments[i + 1] : ""
            switch arguments[i] {
            case "--events": events = Int(value) ?? events; i += 1
            case "--devices": devices = Int(value) ?? devices; i += 1
            case "--dir": dir = value; i += 1
            default:
                FileHandle.standardError.write(Data("usage: ledger-bench [--events N] [--devices D] [--dir DIR]\n".utf8))
                exit(2)
            }
            i += 1
        }
    }
}

func rate(_ count: Int, _ time: Double) -> String {
    String(format: "%9.0f events/s  (%.2f s)", Double(count) / time, time)
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

let options = Options(Array(CommandLine.arguments.dropFirst()))
let folder = options.dir ?? {
    var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("ledger-bench-XXXXXX").utf8CString)
    return String(cString: mkdtemp(&template)!)
}()
try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
let tool = ((CommandLine.arguments[0] as NSString).deletingLastPathComponent as NSString).appendingPathComponent("medledger")
let n = options.events
print("ledger-bench: \(n) events over \(options.devices) devices in \(folder)")

// 1. The input file.
let input = (folder as NSString).appendingPathComponent("events.jsonl")
let generation = try seconds {
    _ = FileManager.default.createFile(atPath: input, contents: nil)
    let handle = FileHandle(forWritingAtPath: input)!
    var chunk: [UInt8] = []
    chunk.reserveCapacity(1 << 20)
    for line in SyntheticFleet(seed: 42, devices: options.devices).makeInterchangeLines(count: n) {
        chunk += line
        chunk.append(0x0A)
        if chunk.count >= 1 << 20 {
            try handle.write(contentsOf: chunk)
            chunk.removeAll(keepingCapacity: true)
        }
    }
    try handle.write(contentsOf: chunk)
    try handle.close()
}
let inputBytes = (try FileManager.default.attributesOfItem(atPath: input)[.size] as! NSNumber).intValue
print(String(format: "generated %d lines, %.1f MiB, in %.2f s", n, Double(inputBytes) / 1048576, generation))

// Peak memory of `medledger import` as its own process. Measured first, while this process is
// still small: Linux carries a parent's peak RSS into a spawned child's ru_maxrss.
let childPath = (folder as NSString).appendingPathComponent("child.sqlite")
_ = runProcess(tool, ["init", "--db", childPath, "--site", "child"])
let child = runProcess(tool, ["import", "--db", childPath, input])
precondition(child.status == 0, "medledger import exited \(child.status)")
try? FileManager.default.removeItem(atPath: childPath)

// 2. The ledger.
let ledgerPath = (folder as NSString).appendingPathComponent("ledger.sqlite")
let site = try SiteID("bench")
let (ledger, key) = try Ledger.create(path: ledgerPath, site: site, name: "benchmark")
var appended = 0
let ledgerTime = try seconds {
    appended = try ledger.importLines(from: try JSONLinesReader(path: input), key: key).appended
}
precondition(appended == n, "the ledger appended \(appended) of \(n) events")

// 3. The plain-SQLite baseline, on the same rows.
var rows = loadPlainRows(ledgerPath: ledgerPath, expected: n)
let plainTime = timePlainInserts(rows, site: site.rawValue, into: (folder as NSString).appendingPathComponent("plain.sqlite"))
let sampleDevice = rows[rows.count / 2].device ?? rows.first { $0.device != nil }!.device!
rows = []

print("")
print("import through the ledger:  \(rate(n, ledgerTime))")
print("plain SQLite inserts:       \(rate(n, plainTime))")
print(String(format: "ratio ledger / plain:       %.2f  (target >= 0.60)", plainTime / ledgerTime))

// 4. Verify, queries, record, peak memory.
var verified: UInt64 = 0
let verifyTime = try seconds {
    let report = try ledger.verify()
    precondition(report.isIntact, "verify failed: \(report.failure!)")
    verified = report.sites.reduce(0) { $0 + $1.events }
}
print("verify:                     \(rate(Int(verified), verifyTime))  (target >= 300,000 events/s)")

var queryTimes: [Double] = []
var matched = 0
for _ in 0..<21 {
    matched = 0
    queryTimes.append(try seconds { try ledger.forEachEvent(matching: LogFilter(device: sampleDevice)) { _ in matched += 1 } })
}
print(String(format: "log --device %@ (%d events), query:   %.2f ms median of 21  (target < 5 ms)", sampleDevice, matched, median(queryTimes) * 1000))
let logRuns = (0..<11).map { _ in runProcess(tool, ["log", "--db", ledgerPath, "--device", sampleDevice, "--format", "jsonl"]).seconds }
print(String(format: "log --device, process start to exit: %.1f ms median of 11  (target < 50 ms)", median(logRuns) * 1000))
let recordRuns = (0..<11).map { i in
    runProcess(tool, ["record", "--db", ledgerPath, "patch.applied", "--device", sampleDevice, "--at", "2026-01-01T00:00:\(String(format: "%02d", i))Z",
                      "--actor", "bench", "--data", "{\"version\":\"9.9.\(i)\"}"]).seconds
}
print(String(format: "record one event, process start to exit: %.1f ms median of 11  (target < 100 ms)", median(recordRuns) * 1000))

print(String(format: "medledger import as a process: %@, peak RSS %.0f MiB  (target < 200 MiB)", rate(n, child.seconds), Double(child.maxRSSKiB) / 1024))

// 5. Projections and reports.
print("")
var rebuilt = 0
let rebuildTime = try seconds { rebuilt = try ledger.rebuildProjection() }
print("rebuild the projection:     \(rate(rebuilt, rebuildTime))")
print(String(format: "ratio rebuild / plain:      %.2f  (target >= 1.00)", plainTime / rebuildTime * Double(rebuilt) / Double(n)))
func reportRun(_ arguments: [String]) -> (seconds: Double, maxRSSKiB: Int) {
    let run = runProcess(tool, arguments + ["--db", ledgerPath])
    precondition(run.status == 0, "medledger \(arguments.joined(separator: " ")) exited \(run.status)")
    return (run.seconds, run.maxRSSKiB)
}
let compliance = (0..<3).map { _ in reportRun(["report", "compliance", "--format", "json"]) }
// Its peak RSS from one more run under GNU time, which reports the child's own: this process
// is large by now, and Linux carries a parent's peak into a spawned child's ru_maxrss (the
// report's 392 MiB showed as 687 MiB that way).
let complianceRSS: String = {
    let rssFile = (folder as NSString).appendingPathComponent("compliance.rss")
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/time") else { return "unknown (no /usr/bin/time)" }
    let run = runProcess("/usr/bin/time", ["-f", "%M", "-o", rssFile, tool, "report", "compliance", "--format", "json", "--db", ledgerPath])
    guard run.status == 0, let text = try? String(contentsOfFile: rssFile, encoding: .utf8),
          let kib = text.split(separator: "\n").last.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }) else {
        return "unknown (GNU time reported none)"
    }
    return String(format: "%.0f MiB", kib / 1024)
}()
print(String(format: "report compliance, process start to exit: %.2f s median of 3, peak RSS %@  (target < 2 s)",
             median(compliance.map(\.seconds)), complianceRSS))
let yearBack = LedgerTime.now.adding(days: -365).rfc3339
let asOf = (0..<3).map { _ in reportRun(["report", "compliance", "--as-of", yearBack, "--format", "json"]).seconds }
print(String(format: "report compliance --as-of %@: %.2f s median of 3  (target < 5 s)", yearBack, median(asOf)))
let showRuns = (0..<11).map { _ in reportRun(["show", "device", sampleDevice, "--format", "json"]).seconds }
print(String(format: "show device %@, process start to exit: %.1f ms median of 11  (target < 50 ms)", sampleDevice, median(showRuns) * 1000))
if options.dir == nil { try? FileManager.default.removeItem(atPath: folder) }
