import Testing
import VectorIndex

@Suite("Graph integrity")
struct GraphIntegrityTests {
    @Test("links are in range, never to self or twice, and every node is reachable from the entry point")
    func freshGraphIsSound() throws {
        let dir = TemporaryDirectory()
        var data = TestData(seed: 21)
        let index = try VectorIndex.create(at: dir.path, dimension: 24, metric: .cosine, parameters: IndexParameters(m: 8, efConstruction: 64))
        let items = data.clustered(count: 2500, dimension: 24, clusters: 40).enumerated().map { (id: UInt64($0.offset), vector: $0.element) }
        try index.upsert(items)
        #expect(index.integrityProblems() == [])
        // Single inserts too, through the log path.
        for item in data.clustered(count: 300, dimension: 24).enumerated() {
            try index.upsert(id: 10_000 + UInt64(item.offset), vector: item.element)
        }
        try index.compact()
        #expect(index.integrityProblems() == [])
    }

    @Test("duplicate points and an all-equal cluster keep the graph sound")
    func duplicates() throws {
        let dir = TemporaryDirectory()
        let index = try VectorIndex.create(at: dir.path, dimension: 4, metric: .l2, parameters: IndexParameters(m: 4, efConstruction: 16))
        for i in 0..<400 { try index.upsert(id: UInt64(i), vector: [1, 2, 3, Float(i % 3)]) }
        try index.checkpoint()
        #expect(index.integrityProblems() == [])
        #expect(try index.search([1, 2, 3, 0], k: 50).count == 50)
    }
}
