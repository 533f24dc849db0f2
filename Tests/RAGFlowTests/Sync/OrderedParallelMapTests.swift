import Foundation
import RAGFlow
import Testing

@Suite("OrderedParallelMap")
struct OrderedParallelMapTests {
    @Test("results arrive in input order whatever order the workers finish in", arguments: [1, 2, 3, 8])
    func inOrder(workers: Int) throws {
        for count in [0, 1, 3, 31, 33, 257] {
            var seen: [Int] = []
            try OrderedParallelMap.run(count: count, workers: workers, window: 2 * workers, transform: { index in
                // Later inputs finish first now and then.
                if index % 7 == 0 { usleep(200) }
                return index * index
            }) { index, square in
                #expect(square == index * index)
                seen.append(index)
            }
            #expect(seen == Array(0..<count))
        }
    }

    @Test("a throwing consumer stops the workers, and none runs after the call returns")
    func stopsOnError() {
        struct Stop: Error {}
        let started = Counter()
        #expect(throws: Stop.self) {
            try OrderedParallelMap.run(count: 10_000, workers: 4, window: 8, transform: { index in
                started.increment()
                return index
            }) { index, _ in
                if index == 20 { throw Stop() }
            }
        }
        let afterReturn = started.value
        usleep(20_000)
        #expect(started.value == afterReturn)
        #expect(afterReturn < 100)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func increment() { lock.withLock { count += 1 } }
}
