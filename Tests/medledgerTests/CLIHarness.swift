import Foundation
import Testing

/// Runs the built `medledger` tool as a user would, in a temporary folder of its own.
final class CLIHarness {
    let folder: String
    let tool: String

    init() throws {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("medledger-cli-XXXXXX").utf8CString)
        folder = String(cString: mkdtemp(&template)!)
        tool = try Self.locateTool()
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// The `medledger` executable built beside the tests.
    static func locateTool() throws -> String {
        var candidates: [String] = []
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        var dir = runner.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(dir.appendingPathComponent("medledger").path)
            dir = dir.deletingLastPathComponent()
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/medledger").path)
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        throw HarnessError(message: "medledger executable not found near \(runner.path)")
    }

    struct HarnessError: Error { let message: String }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    /// Runs the tool with `arguments` in the harness folder.
    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "MEDLEDGER_DB")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        // Output goes to files, so a large output can never block the child on a full pipe.
        let outPath = path(".stdout-\(UUID().uuidString)"), errPath = path(".stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        // A child that stops early closes its end: ignore SIGPIPE and the failed write.
        signal(SIGPIPE, SIG_IGN)
        if let stdin { try? input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        try out.close()
        try err.close()
        let outData = try Data(contentsOf: URL(fileURLWithPath: outPath))
        let errData = try Data(contentsOf: URL(fileURLWithPath: errPath))
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs the tool and expects exit 0.
    @discardableResult
    func ok(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
            sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try run(arguments, stdin: stdin, environment: environment)
        #expect(result.status == 0, "medledger \(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// Writes a file in the harness folder.
    func write(_ name: String, _ text: String) throws -> String {
        let file = path(name)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// JSON Lines of `count` distinct patch events over a few devices.
    static func patchLines(_ count: Int, offset: Int = 0, device: String = "PUMP") -> String {
        (0..<count).map { i in
            let n = i + offset
            return #"{"type":"patch.applied","device":"\#(device)-\#(n % 7)","at":"2025-01-01T00:00:00Z","actor":"biomed.jlee","data":{"version":"1.0.\#(n)"}}"#
        }.joined(separator: "\n") + "\n"
    }
}
