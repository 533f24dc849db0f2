import Foundation
import Testing
import VectorIndex

@Suite("int8 quantization")
struct QuantizationTests {
    static func items(_ vectors: [[Float]]) -> [(UInt64, [Float])] {
        vectors.enumerated().map { (UInt64($0.offset) * 3 + 1, $0.element) }
    }

    static func emptyInt8(_ dir: String, dimension: Int, efConstruction: Int) throws -> VectorIndex {
        try VectorIndex.create(
            at: dir, dimension: dimension, metric: .cosine, parameters: IndexParameters(m: 8, efConstruction: efConstruction, quantization: .int8))
    }

    static func build(_ dir: String, _ items: [(UInt64, [Float])], dimension: Int, metric: Metric, _ q: Quantization) throws -> VectorIndex {
        let index = try VectorIndex.create(
            at: dir, dimension: dimension, metric: metric, parameters: IndexParameters(m: 12, efConstruction: 100, quantization: q))
        try index.upsert(items.map { (id: $0.0, vector: $0.1) })
        return index
    }

    @Test("recall against brute force stays within 0.02 of the float index for every metric", arguments: Metric.allCases)
    func recallCloseToFloat(metric: Metric) throws {
        var data = TestData(seed: 71)
        let (base, queries) = data.clustered(count: 2500, queries: 60, dimension: 64)
        let vectors = metric == .innerProduct ? TestData.unitLength(base) : base
        let items = Self.items(vectors)
        let floatDir = TemporaryDirectory(), int8Dir = TemporaryDirectory()
        let float = try Self.build(floatDir.path, items, dimension: 64, metric: metric, .none)
        let int8 = try Self.build(int8Dir.path, items, dimension: 64, metric: metric, .int8)
        #expect(int8.parameters.quantization == .int8)
        let floatRecall = try TestData.recall(float, queries, items, k: 10, ef: 48)
        let int8Recall = try TestData.recall(int8, queries, items, k: 10, ef: 48)
        #expect(int8Recall >= floatRecall - 0.02, "int8 \(int8Recall), float \(floatRecall)")
        #expect(int8Recall >= 0.93, "int8 \(int8Recall)")
        #expect(int8.integrityProblems() == [])
    }

    @Test("returned distances are the exact float distances, closest first")
    func distancesAreRescored() throws {
        var data = TestData(seed: 72)
        let items = Self.items(data.clustered(count: 400, dimension: 33))
        let dir = TemporaryDirectory()
        let index = try Self.build(dir.path, items, dimension: 33, metric: .l2, .int8)
        let vectors = Dictionary(uniqueKeysWithValues: items)
        for q in data.clustered(count: 10, dimension: 33) {
            let hits = try index.search(q, k: 5)
            #expect(hits.map(\.distance) == hits.map(\.distance).sorted())
            for hit in hits {
                let exact = TestData.distance(q, vectors[hit.id]!, .l2)
                #expect(abs(hit.distance - exact) <= 1e-4 * max(1, exact), "\(hit.distance) vs \(exact)")
            }
        }
    }

    @Test("a checkpoint or a log replay reopens an int8 index with identical results")
    func roundTrip() throws {
        var data = TestData(seed: 73)
        let dir = TemporaryDirectory()
        let writer = try Self.emptyInt8(dir.path, dimension: 20, efConstruction: 48)
        for (i, v) in data.clustered(count: 600, dimension: 20).enumerated() { try writer.upsert(id: UInt64(i), vector: v) }
        for i in stride(from: 0, to: 600, by: 7) { try writer.remove(id: UInt64(i)) }
        let queries = data.clustered(count: 20, dimension: 20)
        let before = try queries.map { try writer.search($0, k: 10, ef: 40) }
        let replayed = try VectorIndex.open(at: dir.path, mode: .readOnly)
        #expect(replayed.parameters.quantization == .int8)
        #expect(try queries.map { try replayed.search($0, k: 10, ef: 40) } == before)
        try writer.checkpoint()
        let reopened = try VectorIndex.open(at: dir.path, mode: .readOnly, verification: .full)
        #expect(reopened.parameters.quantization == .int8)
        #expect(try queries.map { try reopened.search($0, k: 10, ef: 40) } == before)
        #expect(reopened.allIDs == writer.allIDs)
        #expect(reopened.integrityProblems() == [])
    }

    @Test("removes, updates and compaction work on an int8 index as on a float one")
    func changes() throws {
        var data = TestData(seed: 74)
        let dir = TemporaryDirectory()
        let index = try Self.emptyInt8(dir.path, dimension: 24, efConstruction: 64)
        let total = 800
        var current = data.clustered(count: total, dimension: 24, clusters: 15)
        try index.upsert((0..<total).map { (id: UInt64($0), vector: current[$0]) })
        for _ in 0..<1500 {
            let id = Int(data.next() % UInt64(total))
            try index.remove(id: UInt64(id))
            current[id] = current[id].map { $0 + 0.05 * data.gaussian() }
            try index.upsert(id: UInt64(id), vector: current[id])
        }
        #expect(index.count == total)
        #expect(index.slotCounts.nodes <= Int(Double(total) * 1.12) + 16)
        #expect(index.integrityProblems() == [])
        let queries = data.clustered(count: 40, dimension: 24, clusters: 15)
        let items = current.enumerated().map { (UInt64($0.offset), $0.element) }
        let churned = try TestData.recall(index, queries, items, k: 10, ef: 48)
        let freshDir = TemporaryDirectory()
        let fresh = try Self.build(freshDir.path, items, dimension: 24, metric: .cosine, .int8)
        let baseline = try TestData.recall(fresh, queries, items, k: 10, ef: 48)
        #expect(churned >= baseline - 0.02, "churned \(churned), fresh \(baseline)")

        try index.upsert(id: 5, vector: [Float](repeating: 3, count: 24))
        #expect(try index.search([Float](repeating: 1, count: 24), k: 1).first?.id == 5)
        for i in 0..<400 { try index.remove(id: UInt64(i)) }
        #expect(try index.search(current[10], k: 10).allSatisfy { $0.id >= 400 })
        try index.compact()
        #expect(index.slotCounts == (nodes: 400, removed: 0))
        #expect(index.integrityProblems() == [])
    }

    @Test("float indexes are still written as version 1 and int8 ones as version 2")
    func fileVersions() throws {
        for (q, version) in [(Quantization.none, 1), (.int8, 2)] {
            let dir = TemporaryDirectory()
            let index = try VectorIndex.create(at: dir.path, dimension: 4, metric: .l2, parameters: IndexParameters(quantization: q))
            try index.upsert(id: 1, vector: [1, 2, 3, 4])
            try index.checkpoint()
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir.sub("snapshot.vix"))))
            #expect(bytes[8] == UInt8(version) && bytes[9] == 0 && bytes[10] == 0 && bytes[11] == 0)
        }
    }

    @Test("a damaged code row or encoding word of an int8 snapshot fails with a clear error")
    func damagedCodes() throws {
        let dir = TemporaryDirectory()
        let index = try Self.emptyInt8(dir.sub("index"), dimension: 10, efConstruction: 16)
        var data = TestData(seed: 75)
        try index.upsert(data.clustered(count: 50, dimension: 10).enumerated().map { (id: UInt64($0.offset), vector: $0.element) })
        try index.checkpoint()
        let snapshot = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir.sub("index/snapshot.vix"))))
        // The ninth table entry is the codes section: its encoding word, and a byte of its data.
        let entry = 128 + 8 * 32
        let codesAt = Int(snapshot[entry + 8..<entry + 16].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        for (at, section) in [(entry + 4, "section-table"), (codesAt + 20, "codes")] {
            var damaged = snapshot
            damaged[at] ^= 0x10
            let copy = dir.sub("copy-\(at)")
            try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
            try Data(damaged).write(to: URL(fileURLWithPath: copy + "/snapshot.vix"))
            #expect { try VectorIndex.open(at: copy, mode: .readOnly, verification: .full) } throws: { error in
                (error as? VectorIndexError)?.kind == .corrupt && (error as? VectorIndexError)?.section == section
            }
        }
    }

    @Test("a version 1 index written before quantization existed still opens, reads and takes changes")
    func opensVersionOneFixture() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/version1").path
        let dir = TemporaryDirectory()
        for name in ["snapshot.vix", "changes.log"] {
            try FileManager.default.copyItem(atPath: fixture + "/" + name, toPath: dir.sub(name))
        }
        let reader = try VectorIndex.open(at: dir.path, mode: .readOnly, verification: .full)
        #expect(reader.count == 40 && reader.dimension == 6 && reader.metric == .l2)
        #expect(reader.parameters.quantization == .none && reader.parameters.m == 4)
        for id in reader.allIDs {
            let v = try #require(reader.vector(for: id))
            #expect(try reader.search(v, k: 1).first == SearchResult(id: id, distance: 0))
        }
        let writer = try VectorIndex.open(at: dir.path)
        try writer.upsert(id: 99, vector: [1, 1, 1, 1, 1, 1])
        try writer.checkpoint()
        let again = try VectorIndex.open(at: dir.path, mode: .readOnly, verification: .full)
        #expect(again.count == 41 && again.integrityProblems() == [])
    }
}
