import Foundation
import Testing

/// `serve` and `sync` as real processes over loopback mutual TLS.
@Suite("serve, sync and peers over loopback")
struct SyncServeTests {
    /// A `medledger serve` running in the background on a free port.
    final class Server {
        let process = Process()
        let port: Int
        let errors: String

        init(_ cli: CLIHarness, db: String, extra: [String] = []) throws {
            process.executableURL = URL(fileURLWithPath: cli.tool)
            process.arguments = ["serve", "--db", db, "--listen", "127.0.0.1:0"] + extra
            process.currentDirectoryURL = URL(fileURLWithPath: cli.folder)
            let out = Pipe()
            process.standardOutput = out
            errors = cli.path("serve-\(UUID().uuidString).log")
            _ = FileManager.default.createFile(atPath: errors, contents: nil)
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
            try process.run()
            var line = Data()
            while !line.contains(0x0A) {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line += chunk
            }
            let text = String(decoding: line, as: UTF8.self)
            guard let range = text.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression),
                  let port = Int(text[range].split(separator: ":")[1]) else {
                process.terminate()
                throw CLIHarness.HarnessError(message: "serve did not say where it listens: \(text)")
            }
            self.port = port
        }

        var address: String { "127.0.0.1:\(port)" }

        /// SIGTERM, then the exit status.
        func stop() -> Int32 {
            process.terminate()
            process.waitUntilExit()
            return process.terminationStatus
        }

        var log: String { (try? String(contentsOfFile: errors, encoding: .utf8)) ?? "" }
    }

    /// Ledgers in folders of their own; each trusts the sites named in `trusting` (by their
    /// key lines from `keys`, which gains the new sites' lines).
    func makeSites(_ cli: CLIHarness, _ names: [String], trusting: [String], keys: inout [String: String]) throws {
        for name in names {
            try FileManager.default.createDirectory(atPath: cli.path(name), withIntermediateDirectories: true)
            keys[name] = try cli.ok(["init", "--site", name, "--db", "\(name)/ledger.sqlite"]).split(separator: "\n").last.map(String.init)
        }
        for x in names {
            for y in trusting where x != y {
                let parts = keys[y]!.split(separator: " ").map(String.init)
                try cli.ok(["trust", "--db", "\(x)/ledger.sqlite", parts[0], parts[1]])
            }
        }
    }

    func log(_ cli: CLIHarness, _ name: String) throws -> [String] {
        try cli.ok(["log", "--db", "\(name)/ledger.sqlite", "--format", "jsonl"]).split(separator: "\n").map {
            $0.replacingOccurrences(of: #","receivedAt":"[^"]*""#, with: "", options: .regularExpression)
        }
    }

    @Test("three sites in separate folders converge through a serving site; a stranger is refused while honest peers are served")
    func threeSites() throws {
        let cli = try CLIHarness()
        var keys: [String: String] = [:]
        try makeSites(cli, ["a", "b", "c"], trusting: ["a", "b", "c"], keys: &keys)
        try makeSites(cli, ["stranger"], trusting: ["a", "b", "c"], keys: &keys)
        for (i, name) in ["a", "b", "c", "stranger"].enumerated() {
            _ = try cli.write("\(name).jsonl", CLIHarness.patchLines(5 + i, offset: 100 * i, device: name.uppercased()))
            try cli.ok(["import", "--db", "\(name)/ledger.sqlite", "\(name).jsonl"])
        }
        let server = try Server(cli, db: "b/ledger.sqlite")
        let first = try cli.ok(["sync", "--db", "a/ledger.sqlite", "--peer", server.address])
        #expect(first.contains("synced with b"))
        #expect(first.contains("sent 5 events, received 6"))
        // A site not on b's roster is refused during the handshake; b's ledger is unchanged.
        let before = try log(cli, "b")
        let refused = try cli.run(["sync", "--db", "stranger/ledger.sqlite", "--peer", server.address])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("medledger: sync"))
        #expect(refused.stderr.split(separator: "\n").count == 1)
        #expect(try log(cli, "b") == before)
        // b keeps serving honest peers: c, then a again.
        try cli.ok(["sync", "--db", "c/ledger.sqlite", "--peer", server.address])
        try cli.ok(["sync", "--db", "a/ledger.sqlite", "--peer", server.address, "--pull-only"])
        let union = try log(cli, "b")
        #expect(union.count == 5 + 6 + 7)
        #expect(try log(cli, "a") == union)
        #expect(try log(cli, "c") == union)
        for name in ["a", "b", "c"] {
            #expect(try cli.ok(["verify", "--db", "\(name)/ledger.sqlite"]).contains("intact"))
        }
        // peers: a's last session with b succeeded and b lacks nothing a knows of.
        let peers = try cli.ok(["peers", "--db", "a/ledger.sqlite"])
        #expect(peers.contains("b "))
        #expect(peers.split(separator: "\n").last?.hasSuffix(" 0") == true, "\(peers)")
        #expect(server.stop() == 0)
        #expect(server.log.contains("session: peer a"))
    }

    @Test("a peer that connects and says nothing is dropped at the handshake timeout while others are served")
    func silentPeer() throws {
        let cli = try CLIHarness()
        var keys: [String: String] = [:]
        try makeSites(cli, ["a", "b"], trusting: ["a", "b"], keys: &keys)
        _ = try cli.write("a.jsonl", CLIHarness.patchLines(3))
        try cli.ok(["import", "--db", "a/ledger.sqlite", "a.jsonl"])
        let server = try Server(cli, db: "b/ledger.sqlite", extra: ["--handshake-timeout", "1"])
        let socket = try SilentSocket(port: server.port)
        Thread.sleep(forTimeInterval: 0.2)
        #expect(!socket.isClosedByPeer())  // still open: not refused outright
        try cli.ok(["sync", "--db", "a/ledger.sqlite", "--peer", server.address])
        #expect(try log(cli, "b").count == 3)
        Thread.sleep(forTimeInterval: 2)
        #expect(socket.isClosedByPeer())
        #expect(server.stop() == 0)
    }

    @Test("SIGINT ends a sync at once with a one-line error and exit 1 (what it verified is kept)")
    func interruptedSync() throws {
        let cli = try CLIHarness()
        var keys: [String: String] = [:]
        try makeSites(cli, ["a"], trusting: ["a"], keys: &keys)
        // A peer that accepts the connection and never answers: the sync would wait 60 s.
        let listener = try SilentListener()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: cli.tool)
        process.arguments = ["sync", "--db", "a/ledger.sqlite", "--peer", "127.0.0.1:\(listener.port)", "--handshake-timeout", "60"]
        process.currentDirectoryURL = URL(fileURLWithPath: cli.folder)
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        Thread.sleep(forTimeInterval: 1)
        process.interrupt()
        process.waitUntilExit()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationReason == .exit && process.terminationStatus == 1)
        #expect(stderr.hasPrefix("medledger: sync with 127.0.0.1:\(listener.port): interrupted; 0 events received were stored"), "\(stderr)")
        #expect(stderr.split(separator: "\n").count == 1)
    }
}

/// A TCP listener on a free loopback port that accepts connections (through the backlog) and
/// sends nothing.
final class SilentListener {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound, listen(fd, 4) == 0 else { throw CLIHarness.HarnessError(message: "cannot listen") }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }
}

/// A TCP connection that sends nothing.
final class SilentSocket {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw CLIHarness.HarnessError(message: "connect failed") }
    }

    deinit { close(fd) }

    /// True when the peer closed the connection (a read returns end of file or an error).
    func isClosedByPeer() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var flags = fcntl(fd, F_GETFL)
        flags |= O_NONBLOCK
        _ = fcntl(fd, F_SETFL, flags)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n == 0 { return true }
            if n < 0 { return errno != EAGAIN && errno != EWOULDBLOCK }
        }
    }
}
