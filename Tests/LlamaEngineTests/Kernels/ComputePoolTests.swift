import LlamaEngine
import Testing

@Suite("Compute pool")
struct ComputePoolTests {
    @Test("every task runs exactly once, across many reuses of the same threads")
    func tasksRunOnce() {
        let pool = ComputePool(threads: 3)
        for round in 0..<200 {
            let tasks = round % 7
            let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(tasks, 1))
            counts.initialize(repeating: 0)
            pool.run(tasks: tasks) { counts[$0] += 1 }
            #expect(counts.prefix(tasks).allSatisfy { $0 == 1 })
            counts.deallocate()
        }
    }

    @Test("parallel ranges cover 0..<count once, in multiples of the granularity")
    func rangesCover() {
        let pool = ComputePool(threads: 2)
        for count in [0, 1, 15, 16, 17, 100, 4097] {
            let hits = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(count, 1))
            hits.initialize(repeating: 0)
            pool.parallelRanges(count, granularity: 16) { range in
                #expect(range.lowerBound % 16 == 0)
                for i in range { hits[i] += 1 }
            }
            #expect(hits.prefix(count).allSatisfy { $0 == 1 })
            hits.deallocate()
        }
    }
}
