import Foundation

/// A fixed number of slots that concurrent workers fill, one slot each, by index: the results of
/// `DispatchQueue.concurrentPerform` in input order. Every access takes the lock, so it is safe
/// to share across threads (which is what the `@unchecked` states).
public final class Slots<Value>: @unchecked Sendable {
    private var values: [Value?]
    private let lock = NSLock()

    /// `count` empty slots.
    public init(count: Int) { values = Array(repeating: nil, count: count) }

    /// The value in slot `index`; nil while it is empty.
    public subscript(index: Int) -> Value? {
        get { lock.withLock { values[index] } }
        set { lock.withLock { values[index] = newValue } }
    }

    /// Every slot's value, in order; nil for an empty slot.
    public var all: [Value?] { lock.withLock { values } }
}
