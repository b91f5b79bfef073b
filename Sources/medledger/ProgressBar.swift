import Foundation
import LedgerSync

/// The progress line of `sync` on a terminal's standard error: from one second into the
/// session, redrawn in place at most ten times a second, finished with a newline. Never made for a pipe or a file, so scripts and
/// tests see exactly the summary line.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let started = DispatchTime.now().uptimeNanoseconds
    private var lastDrawn: UInt64 = 0
    private var latest: SyncProgress?
    private var drawn = false

    /// A bar when standard error is a terminal, else nil.
    static func onStandardError() -> ProgressBar? {
        isatty(STDERR_FILENO) == 1 ? ProgressBar() : nil
    }

    /// Called after each batch, from the session's queue.
    func update(_ progress: SyncProgress) {
        lock.lock()
        defer { lock.unlock() }
        latest = progress
        let now = DispatchTime.now().uptimeNanoseconds
        // Only for long catch-ups: nothing in the first second, then ten times a second.
        guard now - started >= 1_000_000_000, now - lastDrawn >= 100_000_000 else { return }
        lastDrawn = now
        draw(progress, now: now)
    }

    /// Draws the last counts once more and ends the line (nothing if nothing was drawn).
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        guard drawn, let latest else { return }
        draw(latest, now: DispatchTime.now().uptimeNanoseconds)
        FileHandle.standardError.write(Data("\n".utf8))
        drawn = false
    }

    private func draw(_ progress: SyncProgress, now: UInt64) {
        let seconds = Double(now - started) / 1e9
        let line = SyncProgressLine.render(progress, eventsPerSecond: Double(progress.received + progress.sent) / seconds,
                                           width: Self.width())
        FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
        drawn = true
    }

    private static func width() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
