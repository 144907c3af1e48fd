import CECSiteCore
import Foundation

/// A value computed on another thread from the moment it is made; ``value`` waits for it.
package final class Future<Value>: @unchecked Sendable {
    private var result: Value?
    private let group = DispatchGroup()

    package init(_ make: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async(group: group) { self.result = make() }
    }

    package var value: Value {
        group.wait()
        return result!
    }
}
