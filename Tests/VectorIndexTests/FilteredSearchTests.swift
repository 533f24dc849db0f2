import Testing
import VectorIndex

@Suite("Filtered search")
struct FilteredSearchTests {
    static func setUp(_ dir: TemporaryDirectory) throws -> (VectorIndex, [(UInt64, [Float])], [[Float]]) {
        var data = TestData(seed: 51)
        let (vectors, queries) = data.clustered(count: 3000, queries: 20, dimension: 16)
        let items = vectors.enumerated().map { (UInt64($0.offset), $0.element) }
        let index = try VectorIndex.create(at: dir.path, dimension: 16, metric: .cosine)
        try index.upsert(items.map { (id: $0.0, vector: $0.1) })
        return (index, items, queries)
    }

    @Test("a small allowed set is answered exactly")
    func smallAllowedSetIsExact() throws {
        let dir = TemporaryDirectory()
        let (index, items, queries) = try Self.setUp(dir)
        let allowed = Set(items.map(\.0).filter { $0 % 97 == 3 })
        let subset = items.filter { allowed.contains($0.0) }
        for q in queries {
            let hits = try index.search(q, k: 5, filter: .allowedIDs(allowed)).map(\.id)
            #expect(hits == TestData.exact(q, subset, k: 5, metric: .cosine))
        }
    }

    @Test("a broad predicate keeps recall and only returns allowed ids")
    func broadPredicate() throws {
        let dir = TemporaryDirectory()
        let (index, items, queries) = try Self.setUp(dir)
        let subset = items.filter { $0.0 % 2 == 0 }
        var hits = 0
        for q in queries {
            let found = try index.search(q, k: 10, ef: 64, filter: .predicate { $0 % 2 == 0 })
            #expect(found.count == 10)
            #expect(found.allSatisfy { $0.id % 2 == 0 })
            hits += Set(found.map(\.id)).intersection(TestData.exact(q, subset, k: 10, metric: .cosine)).count
        }
        #expect(Double(hits) / Double(queries.count * 10) >= 0.95)
    }

    @Test("a rare predicate falls back to the exact scan and a large allowed set uses the graph")
    func rarePredicateAndLargeSet() throws {
        let dir = TemporaryDirectory()
        let (index, items, queries) = try Self.setUp(dir)
        let rare = items.filter { $0.0 % 500 == 1 }
        let q = queries[0]
        #expect(try index.search(q, k: 3, filter: .predicate { $0 % 500 == 1 }).map(\.id) == TestData.exact(q, rare, k: 3, metric: .cosine))
        let large = Set(items.map(\.0).filter { $0 % 3 != 0 })
        let found = try index.search(q, k: 10, filter: .allowedIDs(large))
        #expect(found.count == 10 && found.allSatisfy { large.contains($0.id) })
        #expect(try index.search(q, k: 3, filter: .allowedIDs([])) == [])
    }
}
