/// The one-line progress display of `medledger sync` on a terminal, as a pure function of the
/// counts, so that what a person sees is tested to the character.
public enum SyncProgressLine {
    /// The line for `progress` at `eventsPerSecond`, `width - 1` characters long (the last
    /// column stays free so the terminal never wraps):
    /// `[#####.....] 50% received 500/1000, sent 0/0, 2500 events/s`. Narrower than the
    /// counts and a 10-column bar, the bar is left out and the counts are cut.
    public static func render(_ progress: SyncProgress, eventsPerSecond: Double, width: Int) -> String {
        let total = progress.toReceive + progress.toSend
        let done = min(progress.received + progress.sent, total)
        let percent = total == 0 ? 100 : Int(done * 100 / total)
        let rate = eventsPerSecond.isFinite && eventsPerSecond > 0 ? Int(eventsPerSecond.rounded()) : 0
        let counts = "\(percent)% received \(progress.received)/\(progress.toReceive), sent \(progress.sent)/\(progress.toSend), \(rate) events/s"
        let room = width - 1
        let barWidth = room - counts.count - 3  // "[", "] "
        guard barWidth >= 10 else { return String(counts.prefix(max(room, 0))) }
        let filled = total == 0 ? barWidth : Int(UInt64(barWidth) * done / total)
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled) + "] " + counts
    }
}
