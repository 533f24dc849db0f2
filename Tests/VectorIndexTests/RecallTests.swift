import Testing
import VectorIndex

@Suite("Recall against brute force")
struct RecallTests {
    @Test("recall@10 is at least 0.95 on clustered data for every metric", arguments: Metric.allCases)
    func recallPerMetric(metric: Metric) throws {
        let dir = TemporaryDirectory()
        var data = TestData(seed: 11)
        let (base, queries) = data.clustered(count: 3000, queries: 60, dimension: 48)
        let vectors = metric == .innerProduct ? TestData.unitLength(base) : base
        let items = vectors.enumerated().map { (UInt64($0.offset) * 7 + 3, $0.element) }
        let index = try VectorIndex.create(at: dir.path, dimension: 48, metric: metric)
        try index.upsert(items.map { (id: $0.0, vector: $0.1) })
        let recall = try TestData.recall(index, queries, items, k: 10, ef: 64)
        #expect(recall >= 0.95, "recall \(recall)")
        #expect(index.count == 3000)
    }

    @Test("a build on two threads reaches the same recall and a sound graph")
    func parallelBuild() throws {
        let dir = TemporaryDirectory()
        var data = TestData(seed: 12)
        let (vectors, queries) = data.clustered(count: 4000, queries: 50, dimension: 32)
        let items = vectors.enumerated().map { (UInt64($0.offset), $0.element) }
        let index = try VectorIndex.create(at: dir.path, dimension: 32, metric: .cosine)
        try index.upsert(items.map { (id: $0.0, vector: $0.1) }, threads: 2)
        #expect(index.integrityProblems() == [])
        let recall = try TestData.recall(index, queries, items, k: 10, ef: 64)
        #expect(recall >= 0.95, "recall \(recall)")
    }

    @Test("the same seed and order build the same graph")
    func deterministicBuild() throws {
        var data = TestData(seed: 13)
        let items = data.clustered(count: 1500, dimension: 16).enumerated().map { (id: UInt64($0.offset), vector: $0.element) }
        let queries = data.clustered(count: 20, dimension: 16)
        var answers: [[[SearchResult]]] = []
        for _ in 0..<2 {
            let dir = TemporaryDirectory()
            let index = try VectorIndex.create(at: dir.path, dimension: 16, metric: .l2)
            try index.upsert(items)
            answers.append(try queries.map { try index.search($0, k: 10, ef: 32) })
        }
        #expect(answers[0] == answers[1])
    }

    @Test("a query returns min(k, count) results, closest first, and odd dimensions work", arguments: [2, 3, 17, 385])
    func resultShape(dimension: Int) throws {
        let dir = TemporaryDirectory()
        var data = TestData(seed: UInt64(dimension))
        let index = try VectorIndex.create(at: dir.path, dimension: dimension, metric: .l2)
        #expect(try index.search([Float](repeating: 0, count: dimension), k: 5) == [])
        let items = data.clustered(count: 7, dimension: dimension).enumerated().map { (id: UInt64($0.offset), vector: $0.element) }
        for item in items { try index.upsert(id: item.id, vector: item.vector) }
        let hits = try index.search(items[3].vector, k: 10)
        #expect(hits.count == 7)
        #expect(hits.first?.id == 3)
        #expect(hits.map(\.distance) == hits.map(\.distance).sorted())
    }

    @Test("wrong dimensions and non-finite values are rejected with invalidArgument")
    func rejectsBadVectors() throws {
        let dir = TemporaryDirectory()
        let index = try VectorIndex.create(at: dir.path, dimension: 4, metric: .cosine)
        #expect(throws: VectorIndexError.self) { try index.upsert(id: 1, vector: [1, 2, 3]) }
        #expect(throws: VectorIndexError.self) { try index.upsert(id: 1, vector: [1, .nan, 3, 4]) }
        #expect(throws: VectorIndexError.self) { try index.search([1, 2, 3, 4], k: 0) }
        #expect(throws: VectorIndexError.self) { try VectorIndex.create(at: dir.sub("x"), dimension: 1, metric: .l2) }
    }
}
