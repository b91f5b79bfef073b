import Foundation

/// A bounded hand-over of batches from one thread to another: the producer waits while the
/// channel is full, so a pipeline holds at most `capacity` batches in flight.
final class BoundedChannel<Batch>: @unchecked Sendable {
    enum Item {
        case items(Batch)
        case failed(Error)
        case finished
    }

    private let condition = NSCondition()
    private var queue: [Item] = []
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Hands over an item, waiting while the channel is full; false once the consumer of the
    /// channel has gone away.
    func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        queue.append(item)
        condition.broadcast()
        return true
    }

    func take() -> Item {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty { condition.wait() }
        let item = queue.removeFirst()
        condition.broadcast()
        return item
    }

    /// Tells the producer to stop.
    func cancel() {
        condition.lock()
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
