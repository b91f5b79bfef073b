// sync-bench: the sync protocol's batch encoding and catch-up speed (timings are never
// asserted in tests).
//
//   swift run [-c release] sync-bench [--events N] [--devices D] [--dir DIR (kept)]
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
//    over TLS, and the process's peak RSS.
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
// With --dir the ledgers stay (a.sqlite holds the N + 200 events, for measuring `serve` and
// `sync` as processes).
if dir == nil { try? FileManager.default.removeItem(atPath: folder) }
