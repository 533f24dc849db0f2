import Foundation
import Testing
import VectorIndex

@Suite("Damaged files")
struct CorruptFileTests {
    /// A small checkpointed index, its snapshot bytes, and the same index's log with records.
    static func make(_ dir: TemporaryDirectory) throws -> (snapshot: [UInt8], log: [UInt8], ids: [UInt64]) {
        var data = TestData(seed: 61)
        let index = try VectorIndex.create(at: dir.path, dimension: 6, metric: .l2, parameters: IndexParameters(m: 4, efConstruction: 16))
        for (i, v) in data.clustered(count: 120, dimension: 6).enumerated() { try index.upsert(id: UInt64(i), vector: v) }
        try index.checkpoint()
        for (i, v) in data.clustered(count: 10, dimension: 6).enumerated() { try index.upsert(id: UInt64(500 + i), vector: v) }
        try index.remove(id: 3)
        let snapshot = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir.sub("snapshot.vix"))))
        let log = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir.sub("changes.log"))))
        return (snapshot, log, index.allIDs)
    }

    static func install(_ dir: TemporaryDirectory, snapshot: [UInt8], log: [UInt8]) throws -> String {
        let target = dir.sub("copy-\(UInt64.random(in: 0..<UInt64.max))")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        try Data(snapshot).write(to: URL(fileURLWithPath: target + "/snapshot.vix"))
        try Data(log).write(to: URL(fileURLWithPath: target + "/changes.log"))
        return target
    }

    static func expectClearError(_ path: String, _ note: String) {
        do {
            _ = try VectorIndex.open(at: path, mode: .readOnly, verification: .full)
            Issue.record("opened a damaged index (\(note))")
        } catch let error as VectorIndexError {
            #expect(error.section != nil && error.offset != nil && error.file != nil, "\(note): \(error)")
            #expect(error.kind == .corrupt || error.kind == .truncated, "\(note): \(error)")
        } catch {
            Issue.record("\(note): unexpected error \(error)")
        }
    }

    @Test("a truncated snapshot fails with an error naming the section and byte offset")
    func truncatedSnapshot() throws {
        let dir = TemporaryDirectory()
        let (snapshot, log, _) = try Self.make(dir)
        var data = TestData(seed: 62)
        var cuts = [1, 8, 64, 127, 128, 300, 391, 392, 448, snapshot.count - 1]
        for _ in 0..<20 { cuts.append(Int(data.next() % UInt64(snapshot.count))) }
        for cut in cuts {
            Self.expectClearError(try Self.install(dir, snapshot: Array(snapshot.prefix(cut)), log: log), "cut at \(cut)")
        }
        #expect(throws: VectorIndexError.self) { try VectorIndex.open(at: Self.install(dir, snapshot: [], log: log), mode: .readOnly) }
    }

    @Test("a flipped bit anywhere in the snapshot fails with an error naming the section and byte offset")
    func bitFlippedSnapshot() throws {
        let dir = TemporaryDirectory()
        let (snapshot, log, _) = try Self.make(dir)
        var data = TestData(seed: 63)
        var positions = Array(0..<160)
        for _ in 0..<150 { positions.append(Int(data.next() % UInt64(snapshot.count))) }
        for at in positions {
            var damaged = snapshot
            damaged[at] ^= UInt8(1 << (data.next() % 8))
            Self.expectClearError(try Self.install(dir, snapshot: damaged, log: log), "flip at \(at)")
        }
    }

    @Test("a fast read-only open skips only the vectors' checksum, and verify() catches a flip there")
    func structureVerification() throws {
        let dir = TemporaryDirectory()
        let (snapshot, log, _) = try Self.make(dir)
        var damaged = snapshot
        // The vectors section's offset is in entry 3 of the section table (byte 128 + 3·32 + 8).
        var vectorsAt = 0
        for byte in 0..<8 {
            let value = Int(snapshot[128 + 3 * 32 + 8 + byte])
            vectorsAt |= value << (8 * byte)
        }
        damaged[vectorsAt + 5] ^= 0x04
        let path = try Self.install(dir, snapshot: damaged, log: log)
        let index = try VectorIndex.open(at: path, mode: .readOnly)
        #expect { try index.verify() } throws: { ($0 as? VectorIndexError)?.section == "vectors" }
        #expect { try VectorIndex.open(at: path) } throws: { ($0 as? VectorIndexError)?.section == "vectors" }
    }

    @Test("a flipped bit inside an earlier log record is corruption; one in the last record is a torn tail")
    func bitFlippedLog() throws {
        let dir = TemporaryDirectory()
        let (snapshot, log, ids) = try Self.make(dir)
        var early = log
        early[32 + 10] ^= 0x10  // in the id of record 0
        Self.expectClearError(try Self.install(dir, snapshot: snapshot, log: early), "log record 0")
        var last = log
        last[log.count - 3] ^= 0x01  // in the checksum of the final record (the removal of id 3)
        let index = try VectorIndex.open(at: Self.install(dir, snapshot: snapshot, log: last), mode: .readOnly)
        #expect(index.contains(3))
        #expect(index.count == ids.count + 1)
    }

    @Test("a log cut at any byte opens as the last complete record, and the writer cuts the tail off")
    func tornLogTail() throws {
        let dir = TemporaryDirectory()
        let (snapshot, log, _) = try Self.make(dir)
        let recordSize = 24 + 6 * 4
        for cut in stride(from: 32, through: log.count, by: 7) {
            let path = try Self.install(dir, snapshot: snapshot, log: Array(log.prefix(cut)))
            let complete = cut >= log.count ? 11 : (cut - 32) / recordSize
            let reader = try VectorIndex.open(at: path, mode: .readOnly)
            let inserted = min(complete, 10)
            let removed = complete == 11 ? 1 : 0
            #expect(reader.count == 120 + inserted - removed, "cut \(cut)")
            let writer = try VectorIndex.open(at: path)
            #expect(writer.count == reader.count)
            #expect(Int(try FileManager.default.attributesOfItem(atPath: path + "/changes.log")[.size] as! UInt64) == 32 + min(complete, 10) * recordSize + (complete == 11 ? 24 : 0))
        }
    }
}
