import Foundation
import Testing

@Suite("medledger: crashes, concurrency and locks")
struct RobustnessTests {
    @Test("a process killed in the middle of an import leaves the ledger as it was, and verify passes")
    func killedImport() throws {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        try cli.ok(["import", "-"], stdin: CLIHarness.patchLines(10))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: cli.tool)
        process.arguments = ["import", "--db", cli.path("medledger.sqlite"), "-"]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Feed 3,000 events (checkpoints are signed inside the transaction), then wait while
        // the process holds them in its open transaction, and kill it.
        signal(SIGPIPE, SIG_IGN)
        try input.fileHandleForWriting.write(contentsOf: Data(CLIHarness.patchLines(3000, offset: 10).utf8))
        var waited = 0
        while waited < 100 {
            usleep(100_000)
            waited += 1
            if let size = try? FileManager.default.attributesOfItem(atPath: cli.path("medledger.sqlite-wal"))[.size] as? Int,
               size > 600_000 { break }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try cli.ok(["log", "--format", "jsonl"]).split(separator: "\n").count == 10)
        #expect(try cli.ok(["verify"]).contains("north: 10 events, 1 checkpoint,"))
        #expect(try cli.ok(["import", "-"], stdin: CLIHarness.patchLines(5, offset: 10)).contains("appended 5"))
        #expect(try cli.ok(["verify"]).contains("north: 15 events"))
    }

    @Test("two processes appending at once both succeed, one waiting, and seq stays dense")
    func concurrentAppends() throws {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        let a = try cli.write("a.jsonl", CLIHarness.patchLines(2000, offset: 0, device: "A"))
        let b = try cli.write("b.jsonl", CLIHarness.patchLines(2000, offset: 0, device: "B"))
        let processes = [a, b].map { file -> Process in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: cli.tool)
            p.arguments = ["import", "--db", cli.path("medledger.sqlite"), file]
            p.standardOutput = FileHandle.nullDevice
            return p
        }
        try processes.forEach { try $0.run() }
        processes.forEach { $0.waitUntilExit() }
        #expect(processes.map(\.terminationStatus) == [0, 0])
        let seqs = try cli.ok(["log", "--format", "jsonl"]).split(separator: "\n").compactMap { line -> Int? in
            guard let range = line.range(of: #""seq":"#) else { return nil }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
        }
        #expect(seqs.sorted() == Array(1...4000))
        #expect(try cli.ok(["verify"]).contains("north: 4000 events"))
    }

    @Test("a ledger locked by another writer past the timeout gives a clear error, not a hang")
    func lockedLedger() throws {
        let cli = try CLIHarness()
        try cli.ok(["init", "--site", "north"])
        var db: OpaquePointer?
        sqlite3_open(cli.path("medledger.sqlite"), &db)
        defer { sqlite3_close(db) }
        #expect(sqlite3_exec(db, "BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK)
        let result = try cli.run(["record", "patch.applied", "--device", "D", "--at", "2025-01-01", "--actor", "a", "--data", #"{"version":"1"}"#])
        sqlite3_exec(db, "ROLLBACK", nil, nil, nil)
        #expect(result.status == 1)
        #expect(result.stderr.contains("locked by another writer"), "\(result.stderr)")
        // Readers are not blocked by a writer (WAL).
        #expect(sqlite3_exec(db, "BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK)
        #expect(try cli.run(["log"]).status == 0)
        sqlite3_exec(db, "ROLLBACK", nil, nil, nil)
    }
}

import GRDBSQLite

@Suite("medledger: bounded memory (invariant 8)")
struct BoundedMemoryTests {
    /// Peak resident memory of a running child, from /proc (ru_maxrss would report the
    /// test runner's own size: Linux carries a parent's peak into a spawned child).
    static func peakKiB(of process: Process) -> Int {
        var peak = 0
        while process.isRunning {
            if let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
               let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kib = Int(line.split(separator: " ").dropFirst().first ?? "") {
                peak = max(peak, kib)
            }
            usleep(20_000)
        }
        return peak
    }

    @Test("importing ten times more events does not take ten times the memory: import streams")
    func importMemoryIsFlat() throws {
        let cli = try CLIHarness()
        var peaks: [Int] = []
        for (name, count) in [("small", 10_000), ("large", 100_000)] {
            try cli.ok(["init", "--db", "\(name).sqlite", "--site", name])
            let file = try cli.write("\(name).jsonl", CLIHarness.patchLines(count, device: "P"))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: cli.tool)
            process.arguments = ["import", "--db", cli.path("\(name).sqlite"), file]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            peaks.append(Self.peakKiB(of: process))
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        // Holding every event of the large file (about 30 MB of text, several times that as
        // values) would add well over 100 MiB; the SQLite page cache may grow by its cap at most.
        #expect(peaks[1] - peaks[0] < 80 * 1024, "peak RSS \(peaks[0]) KiB for 10,000 events, \(peaks[1]) KiB for 100,000")
        #expect(peaks[1] < 200 * 1024)
    }
}
