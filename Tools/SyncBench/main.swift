// sync-bench: the sync protocol's batch encoding and catch-up speed (timings are never
// asserted in tests).
//
//   swift build -c release --product medledger && swift build -c release --product sync-bench
//   .build/release/sync-bench [--events N] [--devices D] [--dir DIR (kept)]
//
// Steps 8 and 9 run the `medledger` executable beside sync-bench's own (sync-bench stops with a
// one-line message if it is missing) under GNU time (/usr/bin/time).
//
// 1. appends N synthetic events (LedgerFleet.SyntheticFleet, seeded) to a ledger A, one
//    transaction (a signed checkpoint every 1,024 events), timed;
// 2. writes the same events' canonical bytes one per line and compresses them with the
//    system's `gzip -6`: the baseline;
// 3. writes a bundle of all of A (the BATCH frames a session would send a new site), timed,
//    and prints its size against gzip -6 and against the raw canonical bytes;
// 4. imports the bundle into a new ledger B (verify and store), timed;
// 5. a full in-memory session from A to a new ledger C (both endpoints in this process),
//    timed: the catch-up of a new site without the network;
// 6. an incremental sync of 100 new events from A to C over the same in-memory session;
// 7. the catch-up of a new ledger D from A over loopback mutual TLS 1.3 (`serve` and `sync`
//    in this process, on their own event loops), then an incremental sync of 100 events
//    over TLS, and the process's peak RSS;
// 8. A's write-ahead log copied into its file (a ledger at rest, as between processes), then
//    the plain-SQLite insert baseline on A's rows, timed: ledger-bench's baseline
//    (BenchSupport), rows loaded into memory first, then one transaction of plain inserts;
// 9. the catch-up of a new ledger E from A as two processes: `medledger init` E, `trust` both
//    ways, `medledger serve` on A (any free port), `medledger sync --pull-only` into E timed
//    from start to exit, then SIGINT to `serve`; checks that sync exited 0 and E holds as many
//    events as A, and prints the catch-up rate, its ratio to the plain inserts of step 8 and
//    each process's peak RSS (GNU time's: the child's own, not inherited from this process).
import BenchSupport
import Foundation
import LedgerCore
import LedgerFleet
import LedgerStore
import LedgerSync
import LedgerSyncNIO
import Logging

var events = 100_000
var devices = 2_000
var dir: String?
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    let value = arguments.popFirst() ?? ""
    switch flag {
    case "--events": events = Int(value) ?? events
    case "--devices": devices = Int(value) ?? devices
    case "--dir": dir = value
    default:
        FileHandle.standardError.write(Data("usage: sync-bench [--events N] [--devices D] [--dir DIR]\n".utf8))
        exit(2)
    }
}
// What the two-process catch-up (the last step) needs, checked before the first.
func fail(_ reason: String) -> Never {
    FileHandle.standardError.write(Data("sync-bench: \(reason)\n".utf8))
    exit(1)
}
let tool = ((CommandLine.arguments[0] as NSString).deletingLastPathComponent as NSString).appendingPathComponent("medledger")
guard FileManager.default.isExecutableFile(atPath: tool) else {
    fail("no medledger beside sync-bench (\(tool)): build it first, swift build -c release --product medledger")
}
let timeTool = "/usr/bin/time"
guard FileManager.default.isExecutableFile(atPath: timeTool) else { fail("\(timeTool) (GNU time) is needed for the peak RSS of serve and sync") }
let folder = dir ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("sync-bench-\(getpid())")
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
for name in try FileManager.default.contentsOfDirectory(atPath: folder) { try FileManager.default.removeItem(atPath: path(name)) }

func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try body()
    return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
func rate(_ count: Int, _ seconds: Double) -> String { String(format: "%.0f events/s (%.2f s)", Double(count) / seconds, seconds) }

let (a, aKey) = try Ledger.create(path: path("a.sqlite"), site: try SiteID("north"), name: nil)
// Generated as appended (streaming: the generator's drafts are part of the timed phase).
let fleet = SyntheticFleet(seed: 42, devices: devices, site: try SiteID("north"))
let (_, appendTime) = try time { try a.append(key: aKey) { appender in for draft in fleet.makeEvents(count: events) { try appender.append(draft) } } }
print("append:        \(rate(events, appendTime)) (generation included)")

// The baseline: canonical bytes one per line, gzip -6.
let lines = path("canonical.jsonl")
_ = FileManager.default.createFile(atPath: lines, contents: nil)
let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: lines))
var rawBytes = 0
var buffer: [UInt8] = []
try a.forEachOutgoing(origin: a.site, after: 0, through: UInt64(events), event: { event in
    buffer += event.body
    buffer.append(0x0A)
    rawBytes += event.body.count
    if buffer.count > 1 << 20 { try handle.write(contentsOf: buffer); buffer.removeAll(keepingCapacity: true) }
}, checkpoint: { _ in })
try handle.write(contentsOf: buffer)
try handle.close()
let gzip = Process()
gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
gzip.arguments = ["-c", "gzip -6 -c '\(lines)' | wc -c"]
let pipe = Pipe()
gzip.standardOutput = pipe
try gzip.run()
gzip.waitUntilExit()
let gzipBytes = Int(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))!

let (sent, bundleTime) = try time { try SyncBundle.create(from: a, at: path("a.bundle")) }
let bundleBytes = (try FileManager.default.attributesOfItem(atPath: path("a.bundle"))[.size] as! NSNumber).intValue
print("canonical:     \(rawBytes) bytes in \(events) events (\(rawBytes / events) bytes/event)")
print("gzip -6:       \(gzipBytes) bytes (ratio to canonical \(String(format: "%.3f", Double(gzipBytes) / Double(rawBytes))))")
print("bundle:        \(bundleBytes) bytes in \(sent.batches) batches (body \(sent.bodyBytes) bytes before zlib); ratio to gzip -6 \(String(format: "%.3f", Double(bundleBytes) / Double(gzipBytes))), to canonical \(String(format: "%.3f", Double(bundleBytes) / Double(rawBytes)))")
print("bundle create: \(rate(events, bundleTime))")

let (b, _) = try Ledger.create(path: path("b.sqlite"), site: try SiteID("south"), name: nil)
_ = try b.trust(site: a.site, publicKeyBase64: aKey.publicKeyBase64)
let (imported, importTime) = try time { try SyncBundle.import(at: path("a.bundle"), into: b) }
precondition(imported.received.stored == events)
print("bundle import: \(rate(events, importTime)) (verify and store)")

// A session in memory: both endpoints here, bytes handed over frame by frame.
func session(_ from: Ledger, _ to: Ledger) throws -> (SyncReport, Double) {
    var toResponder: [UInt8] = [], toInitiator: [UInt8] = []
    let initiator = try LedgerSyncEndpoint(ledger: from, role: .initiator, directions: .send) { toResponder += $0 }
    let responder = try LedgerSyncEndpoint(ledger: to, role: .responder) { toInitiator += $0 }
    let (_, seconds) = time {
        initiator.start()
        while !toResponder.isEmpty || !toInitiator.isEmpty {
            let forResponder = toResponder, forInitiator = toInitiator
            toResponder = []; toInitiator = []
            if !forResponder.isEmpty { responder.receive(forResponder) }
            if !forInitiator.isEmpty { initiator.receive(forInitiator) }
        }
    }
    guard case .success? = initiator.outcome, case .success? = responder.outcome else {
        fatalError("session failed: \(String(describing: initiator.outcome)) \(String(describing: responder.outcome))")
    }
    return (initiator.report, seconds)
}
let (c, _) = try Ledger.create(path: path("c.sqlite"), site: try SiteID("east"), name: nil)
_ = try c.trust(site: a.site, publicKeyBase64: aKey.publicKeyBase64)
_ = try a.trust(site: c.site, publicKeyBase64: try c.ownEntry().publicKeyBase64)
let (full, fullTime) = try session(a, c)
print("session:       \(rate(Int(full.sent.events), fullTime)) in memory, \(full.wireBytesOut) wire bytes")
let more = SyntheticFleet(seed: 43, devices: devices, site: try SiteID("north")).makeEvents(count: events + 100).dropFirst(events)
_ = try a.append(key: aKey) { appender in for draft in more { try appender.append(draft) } }
let (incremental, incrementalTime) = try session(a, c)
print(String(format: "incremental:   %d events in %.1f ms (vectors, batch, verify, store), %d wire bytes", incremental.sent.events, incrementalTime * 1000, incremental.wireBytesOut))

// Over loopback TLS: A serves, a new ledger D pulls everything, then 100 more.
let (d, _) = try Ledger.create(path: path("d.sqlite"), site: try SiteID("west"), name: nil)
_ = try d.trust(site: a.site, publicKeyBase64: aKey.publicKeyBase64)
_ = try a.trust(site: d.site, publicKeyBase64: try d.ownEntry().publicKeyBase64)
var logger = Logger(label: "sync-bench")
logger.logLevel = .warning
let server = try SyncServer(ledgerPath: a.path, logger: logger)
let address = try server.start(host: "127.0.0.1", port: 0)
let catchUp = try SyncClient.sync(ledgerPath: d.path, host: "127.0.0.1", port: address.port!, directions: .receive, logger: logger)
precondition(catchUp.succeeded, catchUp.failure ?? "")
print("tls catch-up:  \(rate(catchUp.report.received.stored, catchUp.seconds)), \(catchUp.report.wireBytesIn) wire bytes (ratio to gzip -6 \(String(format: "%.3f", Double(catchUp.report.wireBytesIn) / Double(gzipBytes))), to canonical \(String(format: "%.3f", Double(catchUp.report.wireBytesIn) / Double(catchUp.report.canonicalBytesReceived))))")
let evenMore = SyntheticFleet(seed: 44, devices: devices, site: try SiteID("north")).makeEvents(count: events + 100).dropFirst(events)
let (_, appended) = try a.append(key: aKey) { appender in for draft in evenMore { try appender.append(draft) } }
let tlsIncremental = try SyncClient.sync(ledgerPath: d.path, host: "127.0.0.1", port: address.port!, directions: .receive, logger: logger)
precondition(tlsIncremental.succeeded && tlsIncremental.report.received.stored == appended.appended, tlsIncremental.failure ?? "")
print(String(format: "tls incremental: %d events in %.1f ms, including the TLS handshake", appended.appended, tlsIncremental.seconds * 1000))
server.stop()
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
print("peak RSS:      \(usage.ru_maxrss / 1024) MiB (this process: generator, every ledger, both TLS sides)")

// A at rest, as a site's ledger is between the processes that use it: its write-ahead log
// copied into the file. This process still holds A open, so no close did it; with `serve`
// reading A through the 750 MB log of its appends, the catch-up below took 17.3 s.
checkpointAtRest(a.path)

// The plain-SQLite baseline on A's rows: the same code as ledger-bench's (BenchSupport).
var plainRows = loadPlainRows(ledgerPath: a.path, expected: events + 200)
let plainCount = plainRows.count
let plainTime = timePlainInserts(plainRows, site: a.site.rawValue, into: path("plain.sqlite"))
plainRows = []
print("")
print("plain SQLite inserts: \(rate(plainCount, plainTime))")

// The catch-up as two processes: `medledger serve` on A, `medledger sync --pull-only` into a new
// ledger E. Each runs under GNU time, which reports its child's own peak RSS: a child started
// straight from this process would report at least this process's peak as its own (Linux).
/// Runs a short `medledger` command; returns what it printed.
@discardableResult func medledger(_ arguments: [String]) -> String {
    let run = runProcess(tool, arguments, stdout: path("medledger.out"), stderr: path("medledger.err"))
    guard run.status == 0 else { fail("medledger \(arguments.joined(separator: " ")) exited \(run.status), see \(path("medledger.err"))") }
    return (try? String(contentsOfFile: path("medledger.out"), encoding: .utf8)) ?? ""
}
/// `SITE PUBKEY` of a ledger, as `medledger trust` takes them.
func siteAndKey(_ ledger: String) -> [String] {
    let words = medledger(["key", "--db", ledger]).split(whereSeparator: \.isWhitespace).map(String.init)
    guard words.count == 2 else { fail("medledger key --db \(ledger) printed no SITE PUBKEY") }
    return words
}
/// The peak RSS in MiB that GNU time wrote to `file` (its last line, in KiB).
func peakMiB(_ file: String) -> Double {
    guard let text = try? String(contentsOfFile: file, encoding: .utf8),
          let kib = text.split(separator: "\n").last.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }) else {
        fail("no peak RSS in \(file)")
    }
    return kib / 1024
}
let ePath = path("e.sqlite")
medledger(["init", "--db", ePath, "--site", "south2"])
medledger(["trust", "--db", a.path] + siteAndKey(ePath))
medledger(["trust", "--db", ePath] + siteAndKey(a.path))
// `serve` on any free port, in a process group of its own (GNU time ignores SIGINT; serve stops
// on it); the port is read from the line it prints once it listens.
let serve = startProcess(timeTool, ["-f", "%M", "-o", path("serve.rss"), tool, "serve", "--db", a.path, "--listen", "127.0.0.1:0"],
                         stdout: path("serve.out"), stderr: path("serve.log"), ownGroup: true)
var port: Int?
for _ in 0..<500 where port == nil {
    var status: Int32 = 0
    if waitpid(serve.pid, &status, WNOHANG) == serve.pid { fail("medledger serve exited at once, see \(path("serve.log"))") }
    let printed = (try? String(contentsOfFile: path("serve.out"), encoding: .utf8)) ?? ""
    if let listening = printed.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }),
       let address = listening.split(separator: " ").dropFirst(2).first, let colon = address.lastIndex(of: ":") {
        port = Int(address[address.index(after: colon)...])
    } else {
        usleep(20_000)
    }
}
guard let port else {
    kill(-serve.pid, SIGKILL)
    fail("medledger serve did not listen within 10 s, see \(path("serve.log"))")
}
let pull = runProcess(timeTool, ["-f", "%M", "-o", path("sync.rss"), tool, "sync", "--db", ePath, "--peer", "127.0.0.1:\(port)", "--pull-only"],
                      stdout: path("sync.out"), stderr: path("sync.log"))
kill(-serve.pid, SIGINT)
let served = waitProcess(serve)
guard pull.status == 0 else { fail("medledger sync exited \(pull.status), see \(path("sync.log"))") }
guard served.status == 0 else { fail("medledger serve exited \(served.status) on SIGINT, see \(path("serve.log"))") }
let aHeld = try a.stats().totalEvents, eHeld = try Ledger.open(path: ePath).stats().totalEvents
guard eHeld == aHeld else { fail("after the catch-up E holds \(eHeld) events, A \(aHeld)") }
print("catch-up (2 processes): \(rate(eHeld, pull.seconds)); ratio to plain inserts \(String(format: "%.2f", Double(eHeld) / pull.seconds / (Double(plainCount) / plainTime)))  (target >= 0.60); peak RSS sync \(String(format: "%.0f", peakMiB(path("sync.rss")))) MiB, serve \(String(format: "%.0f", peakMiB(path("serve.rss")))) MiB (target < 200)")

// With --dir the ledgers stay (a.sqlite holds the N + 200 events).
if dir == nil { try? FileManager.default.removeItem(atPath: folder) }
