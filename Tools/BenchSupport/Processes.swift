// Timing and child processes, shared by the benchmark tools.
import Foundation

/// Times `body`, after flushing every dirty page of the phases before it to disk: otherwise
/// the kernel's write-back of one phase's files (hundreds of MiB) lands in the next phase's time.
public func seconds(_ body: () throws -> Void) rethrows -> Double {
    sync()
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// A child process started by `startProcess`, not yet waited for.
public struct ChildProcess: Sendable {
    public let pid: pid_t
    let start: UInt64
}

/// Starts a child process with its standard output (and, if given, its standard error) sent to
/// files, after flushing dirty pages to disk. With `ownGroup` it leads a process group of its own
/// (`kill(-pid, …)` then reaches it and whatever it starts).
public func startProcess(_ path: String, _ arguments: [String], stdout: String = "/dev/null", stderr: String? = nil,
                         ownGroup: Bool = false) -> ChildProcess {
    var pid: pid_t = 0
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if let stderr { posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    if ownGroup {
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
    }
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    sync()
    let start = DispatchTime.now().uptimeNanoseconds
    guard posix_spawn(&pid, path, &actions, &attributes, argv, environ) == 0 else {
        fatalError("cannot start \(path)")
    }
    return ChildProcess(pid: pid, start: start)
}

/// Waits for a child to exit; returns its wall time since it was started, exit status and peak
/// RSS in KiB. On Linux a child's peak RSS is at least its parent's peak when it was started.
public func waitProcess(_ child: ChildProcess) -> (seconds: Double, status: Int32, maxRSSKiB: Int) {
    var status: Int32 = 0
    var usage = rusage()
    wait4(child.pid, &status, 0, &usage)
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - child.start) / 1e9
    return (elapsed, (status >> 8) & 0xFF, Int(usage.ru_maxrss))
}

/// Runs a child process; returns its wall time, exit status and peak RSS in KiB.
public func runProcess(_ path: String, _ arguments: [String], stdout: String = "/dev/null", stderr: String? = nil) -> (seconds: Double, status: Int32, maxRSSKiB: Int) {
    waitProcess(startProcess(path, arguments, stdout: stdout, stderr: stderr))
}
