import Dispatch

/// `body(0) … body(count - 1)` run on every core (`DispatchQueue.concurrentPerform`), their
/// results in index order.
///
/// The one place where parallel iterations write a shared buffer: each iteration initialises
/// its own element and no other, and the buffer is read only after `concurrentPerform` has
/// returned, which is what makes the unchecked `Sendable` below sound. The build's parallel
/// loops over an index range go through it (or ``parallelForEach(_:_:)``), so that they compile
/// in Swift 6 language mode without an unchecked conformance of their own; only the writer's and
/// the auditor's work queues, whose workers take the next task as they finish one, keep theirs.
public func parallelMap<Result>(_ count: Int, _ body: @Sendable (Int) -> Result) -> [Result] {
    guard count > 0 else { return [] }
    return [Result](unsafeUninitializedCapacity: count) { buffer, initialized in
        let slots = DisjointSlots(base: buffer.baseAddress!)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            (slots.base + i).initialize(to: body(i))
        }
        initialized = count
    }
}

/// `body(0) … body(count - 1)` run on every core, for their effects.
public func parallelForEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
    guard count > 0 else { return }
    DispatchQueue.concurrentPerform(iterations: count, execute: body)
}

/// The start of a buffer whose elements parallel iterations initialise, one each.
private struct DisjointSlots<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
}
