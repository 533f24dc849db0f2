import Testing
import VectorIndex

@Suite("Changes under churn")
struct ChurnTests {
    @Test("thousands of delete and re-insert cycles keep recall within 0.02 of a fresh build and the size bounded")
    func churnKeepsRecallAndSize() throws {
        let dimension = 24, total = 2000
        var data = TestData(seed: 41)
        let (pool, queries) = data.clustered(count: total, queries: 50, dimension: dimension, clusters: 30)
        let parameters = IndexParameters(m: 12, efConstruction: 100)

        let churnDir = TemporaryDirectory()
        let index = try VectorIndex.create(at: churnDir.path, dimension: dimension, metric: .cosine, parameters: parameters)
        try index.upsert((0..<total).map { (id: UInt64($0), vector: pool[$0]) })
        try index.checkpoint()
        let startBytes = index.bytesOnDisk
        var maxBytes = 0, maxSlots = 0
        // 6000 cycles: each removes a random id and inserts it again with a nearby vector.
        var current = pool
        for cycle in 0..<6000 {
            let id = Int(data.next() % UInt64(total))
            try index.remove(id: UInt64(id))
            current[id] = current[id].map { $0 + 0.05 * data.gaussian() }
            try index.upsert(id: UInt64(id), vector: current[id])
            if cycle % 500 == 0 {
                maxBytes = max(maxBytes, index.bytesOnDisk)
                maxSlots = max(maxSlots, index.slotCounts.nodes)
            }
        }
        #expect(index.count == total)
        #expect(maxSlots <= Int(Double(total) * 1.12) + 16, "slots grew to \(maxSlots)")
        #expect(maxBytes <= startBytes * 2 + (8 << 20), "disk grew to \(maxBytes) from \(startBytes)")
        #expect(index.integrityProblems() == [])

        let items = current.enumerated().map { (UInt64($0.offset), $0.element) }
        let churned = try TestData.recall(index, queries, items, k: 10, ef: 48)
        let freshDir = TemporaryDirectory()
        let fresh = try VectorIndex.create(at: freshDir.path, dimension: dimension, metric: .cosine, parameters: parameters)
        try fresh.upsert(items.map { (id: $0.0, vector: $0.1) })
        let baseline = try TestData.recall(fresh, queries, items, k: 10, ef: 48)
        #expect(churned >= baseline - 0.02, "churned \(churned), fresh \(baseline)")
    }

    @Test("removed vectors never come back and k live results still do")
    func removedAreSkipped() throws {
        let dir = TemporaryDirectory()
        var data = TestData(seed: 42)
        let index = try VectorIndex.create(at: dir.path, dimension: 8, metric: .l2, parameters: IndexParameters(compactionThreshold: 0.9))
        let vectors = data.clustered(count: 500, dimension: 8)
        try index.upsert(vectors.enumerated().map { (id: UInt64($0.offset), vector: $0.element) })
        // Remove 80% (below the compaction threshold, so they stay in the graph as tombstones).
        for i in 0..<500 where i % 5 != 0 { try index.remove(id: UInt64(i)) }
        #expect(index.slotCounts.removed == 400)
        #expect(try index.remove(id: 1) == false)
        for q in vectors.prefix(20) {
            let hits = try index.search(q, k: 10, ef: 10)
            #expect(hits.count == 10)
            #expect(hits.allSatisfy { $0.id % 5 == 0 })
        }
        try index.compact()
        #expect(index.slotCounts == (nodes: 100, removed: 0))
        #expect(index.integrityProblems() == [])
    }

    @Test("an update replaces the vector under the same id")
    func updateReplaces() throws {
        let dir = TemporaryDirectory()
        let index = try VectorIndex.create(at: dir.path, dimension: 3, metric: .l2)
        try index.upsert(id: 9, vector: [0, 0, 0])
        try index.upsert(id: 8, vector: [5, 5, 5])
        try index.upsert(id: 9, vector: [10, 10, 10])
        #expect(index.count == 2)
        #expect(try index.search([10, 10, 10], k: 1).first == SearchResult(id: 9, distance: 0))
        #expect(index.vector(for: 9) == [10, 10, 10])
    }
}
