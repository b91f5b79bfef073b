import Dispatch

/// Work split over every core: reports are a pure function of the folded fleet, so devices
/// (or rows) can be judged or rendered in chunks at once and their results joined in order.
enum Parallel {
    /// The results of `body(0..<count)`, in index order, computed on every core.
    static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 1 else { return count == 1 ? [body(0)] : [] }
        // Each iteration writes its own slot, and only once.
        var slots = [T?](repeating: nil, count: count)
        slots.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            DispatchQueue.concurrentPerform(iterations: count) { i in buffer[i] = body(i) }
        }
        return slots.map { $0! }
    }

    /// `0..<count` cut into ranges of about `size` (at least one element each).
    static func chunks(_ count: Int, size: Int) -> [Range<Int>] {
        stride(from: 0, to: count, by: max(1, size)).map { $0..<min($0 + max(1, size), count) }
    }
}
