import Foundation

/// Maps `count` inputs on several threads and hands the results to a consumer one at a time,
/// in input order, keeping at most `window` results waiting.
///
/// The ingest uses it to parse files on every core while writing them to the store in a fixed
/// order from one thread. If `consume` throws, workers stop taking new inputs and the call
/// returns only after every worker has finished, so nothing runs once it has returned.
package enum OrderedParallelMap {
    package static func run<Result>(
        count: Int, workers: Int, window: Int,
        transform: @escaping @Sendable (Int) -> Result,
        consume: (Int, Result) throws -> Void
    ) throws {
        let workers = max(1, min(workers, count))
        let state = SharedState<Result>()
        // A worker takes a window slot before it takes an input, so the worker holding the
        // oldest unconsumed input always has a slot and the consumer can never wait forever.
        // Created empty and then signalled: libdispatch traps when a semaphore is freed holding
        // fewer permits than it was created with, which a stopped run may leave.
        let slots = DispatchSemaphore(value: 0)
        for _ in 0..<max(window, workers) { slots.signal() }
        let group = DispatchGroup()
        for _ in 0..<workers {
            DispatchQueue.global().async(group: group) {
                while true {
                    slots.wait()
                    guard let index = state.takeIndex(below: count) else {
                        slots.signal()
                        return
                    }
                    state.store(transform(index), at: index)
                }
            }
        }
        defer {
            state.stop()
            slots.signal()
            group.wait()
        }
        for index in 0..<count {
            try consume(index, state.waitForResult(at: index))
            slots.signal()
        }
    }

    private final class SharedState<Result>: @unchecked Sendable {
        private let condition = NSCondition()
        private var results: [Int: Result] = [:]
        private var nextIndex = 0
        private var stopped = false

        func takeIndex(below count: Int) -> Int? {
            condition.lock()
            defer { condition.unlock() }
            guard !stopped, nextIndex < count else { return nil }
            nextIndex += 1
            return nextIndex - 1
        }

        func store(_ result: Result, at index: Int) {
            condition.lock()
            results[index] = result
            condition.broadcast()
            condition.unlock()
        }

        func waitForResult(at index: Int) -> Result {
            condition.lock()
            defer { condition.unlock() }
            while true {
                if let result = results.removeValue(forKey: index) { return result }
                condition.wait()
            }
        }

        func stop() {
            condition.lock()
            stopped = true
            condition.unlock()
        }
    }
}
