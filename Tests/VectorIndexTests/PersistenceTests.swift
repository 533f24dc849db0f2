import Testing
import VectorIndex

@Suite("Saving and opening")
struct PersistenceTests {
    static func build(_ dir: TemporaryDirectory, seed: UInt64) throws -> (VectorIndex, [[Float]]) {
        var data = TestData(seed: seed)
        let index = try VectorIndex.create(at: dir.path, dimension: 20, metric: .cosine, parameters: IndexParameters(m: 8, efConstruction: 48))
        for (i, v) in data.clustered(count: 800, dimension: 20).enumerated() {
            try index.upsert(id: UInt64(i) << 32 | 5, vector: v)
        }
        for i in stride(from: 0, to: 800, by: 9) { try index.remove(id: UInt64(i) << 32 | 5) }
        return (index, data.clustered(count: 25, dimension: 20))
    }

    @Test("a checkpoint then open gives identical results, ids and vectors")
    func checkpointRoundTrip() throws {
        let dir = TemporaryDirectory()
        var index: VectorIndex
        let queries: [[Float]]
        (index, queries) = try Self.build(dir, seed: 31)
        try index.checkpoint()
        let before = try queries.map { try index.search($0, k: 10, ef: 40) }
        let ids = index.allIDs
        let someVector = index.vector(for: ids[17])
        index = try VectorIndex.open(at: dir.path, mode: .readOnly)
        #expect(try queries.map { try index.search($0, k: 10, ef: 40) } == before)
        #expect(index.allIDs == ids)
        #expect(index.vector(for: ids[17]) == someVector)
        #expect(index.integrityProblems() == [])
    }

    @Test("replaying the log on open gives the same results as the writer had")
    func logReplayRoundTrip() throws {
        let dir = TemporaryDirectory()
        let (writer, queries) = try Self.build(dir, seed: 32)
        let before = try queries.map { try writer.search($0, k: 10, ef: 40) }
        let reader = try VectorIndex.open(at: dir.path, mode: .readOnly)
        #expect(try queries.map { try reader.search($0, k: 10, ef: 40) } == before)
        #expect(reader.count == writer.count)
    }

    @Test("a read-only open refuses changes and a second writer is locked out")
    func modes() throws {
        let dir = TemporaryDirectory()
        let writer = try VectorIndex.create(at: dir.path, dimension: 3, metric: .l2)
        try writer.upsert(id: 1, vector: [1, 2, 3])
        let reader = try VectorIndex.open(at: dir.path, mode: .readOnly)
        #expect(throws: VectorIndexError(.readOnly, "the index was opened read-only", file: dir.path)) {
            try reader.upsert(id: 2, vector: [1, 1, 1])
        }
        // flock locks belong to the open file, so a second open in this process conflicts too.
        #expect { try VectorIndex.open(at: dir.path) } throws: { ($0 as? VectorIndexError)?.kind == .locked }
    }

    @Test("a reader picks up committed changes and checkpoints with refresh")
    func readerRefresh() throws {
        let dir = TemporaryDirectory()
        let writer = try VectorIndex.create(at: dir.path, dimension: 3, metric: .l2)
        try writer.upsert(id: 1, vector: [1, 2, 3])
        let reader = try VectorIndex.open(at: dir.path, mode: .readOnly)
        #expect(reader.count == 1)
        try writer.upsert(id: 2, vector: [3, 2, 1])
        try reader.refresh()
        #expect(reader.contains(2))
        try writer.remove(id: 1)
        try writer.checkpoint()
        try writer.upsert(id: 3, vector: [0, 0, 0])
        try reader.refresh()
        #expect(reader.allIDs.sorted() == [2, 3])
    }

    @Test("searches on many threads run while one thread writes")
    func concurrentReadersAndWriter() async throws {
        let dir = TemporaryDirectory()
        var data = TestData(seed: 33)
        let index = try VectorIndex.create(at: dir.path, dimension: 16, metric: .l2)
        let items = data.clustered(count: 600, dimension: 16)
        try index.upsert(items.enumerated().map { (id: UInt64($0.offset), vector: $0.element) })
        let queries = data.clustered(count: 20, dimension: 16)
        try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                for i in 0..<300 { try index.upsert(id: UInt64(1000 + i), vector: items[i]) }
                for i in 0..<200 { try index.remove(id: UInt64(i)) }
                return 0
            }
            for t in 0..<3 {
                group.addTask {
                    var n = 0
                    for r in 0..<40 { n += try index.search(queries[(r + t) % queries.count], k: 5).count }
                    return n
                }
            }
            for try await n in group { #expect(n == 0 || n == 200) }
        }
        #expect(index.count == 700)
        #expect(index.integrityProblems() == [])
    }
}
