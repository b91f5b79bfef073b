import LedgerSync
import Testing

@Suite("The progress line of sync")
struct SyncProgressLineTests {
    @Test("counts and width give the exact line, one column short of the width")
    func exactLine() {
        let half = SyncProgress(received: 500, toReceive: 1000, sent: 0, toSend: 0)
        let line = SyncProgressLine.render(half, eventsPerSecond: 2499.6, width: 80)
        #expect(line == "[###############...............] 50% received 500/1000, sent 0/0, 2500 events/s")
        #expect(line.count == 79)
    }

    @Test("both directions count toward the bar; nothing to move is a full bar")
    func bothDirectionsAndNothing() {
        let both = SyncProgress(received: 30, toReceive: 40, sent: 10, toSend: 60)
        #expect(SyncProgressLine.render(both, eventsPerSecond: 0, width: 70)
            == "[#########...............] 40% received 30/40, sent 10/60, 0 events/s")
        #expect(SyncProgressLine.render(SyncProgress(), eventsPerSecond: .nan, width: 60)
            == "[#################] 100% received 0/0, sent 0/0, 0 events/s")
    }

    @Test("too narrow for a bar: the counts alone, cut to fit")
    func narrow() {
        let progress = SyncProgress(received: 1, toReceive: 2)
        #expect(SyncProgressLine.render(progress, eventsPerSecond: 1, width: 30) == "50% received 1/2, sent 0/0, 1")
        #expect(SyncProgressLine.render(progress, eventsPerSecond: 1, width: 0) == "")
    }
}
