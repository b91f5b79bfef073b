/// The limits of Protocol/SYNC.md §8 that bound a session's memory, with their defaults.
public struct SyncLimits: Sendable, Equatable {
    /// Largest frame (its length field: type byte and payload).
    public var maximumFrameBytes: Int
    /// Largest batch body once inflated.
    public var maximumBatchBytes: Int
    /// Most events in one batch.
    public var maximumBatchEvents: Int

    /// A sender closes a batch at the first checkpoint past this many events… (Each batch is
    /// one transaction at the receiver, which writes every index page the batch touched: the
    /// facts and device indexes take events in random order, so at 1,000,000 events batches
    /// of 1,024 wrote about 8 KiB of pages per event and ran at 15,500 events/s.)
    public var targetBatchEvents: Int
    /// …or past this many body bytes (SYNC.md §6.2: a sending policy, not a rule).
    public var targetBatchBytes: Int

    public init(maximumFrameBytes: Int = 8 << 20, maximumBatchBytes: Int = 32 << 20, maximumBatchEvents: Int = 16_384,
                targetBatchEvents: Int = 8192, targetBatchBytes: Int = 4 << 20) {
        self.maximumFrameBytes = maximumFrameBytes
        self.maximumBatchBytes = maximumBatchBytes
        self.maximumBatchEvents = maximumBatchEvents
        self.targetBatchEvents = targetBatchEvents
        self.targetBatchBytes = targetBatchBytes
    }

    public static let `default` = SyncLimits()
}
