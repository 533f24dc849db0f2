import Foundation
import Testing
import VectorIndex

/// Kills a writer process at seeded moments and checks that opening gives a committed state.
@Suite("Crashes while writing")
struct CrashTests {
    /// `ragflow-bench` beside the test bundle in the build folder (it carries the hidden
    /// `hnsw-crash-writer` subcommand).
    static var writer: URL? {
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("ragflow-bench")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ragflow-bench")
        return FileManager.default.isExecutableFile(atPath: beside.path) ? beside : nil
    }

    @Test("a writer killed at random points leaves the last committed state", arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func killedWriter(seed: UInt64) throws {
        let executable = try #require(Self.writer, "build ragflow-bench first (swift build)")
        let dir = TemporaryDirectory()
        let path = dir.sub("index")
        let dimension = 8
        var random = TestData(seed: seed * 7919)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["hnsw-crash-writer", "--dir", path, "--seed", "\(seed)", "--dimension", "\(dimension)",
                             "--checkpoint-every", "\(20 + random.next() % 60)"]
        // Acknowledgements go to a file: a pipe nobody reads would fill and stall the writer.
        let ackPath = dir.sub("acknowledged")
        _ = FileManager.default.createFile(atPath: ackPath, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: ackPath))
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Let it get going, then kill it without warning at a seeded moment.
        let delay = 0.15 + Double(random.next() % 1000) / 1000 * 0.6
        Thread.sleep(forTimeInterval: delay)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let printed = try String(contentsOfFile: ackPath, encoding: .utf8)
        let acknowledged = printed.split(separator: "\n").compactMap { line in
            line.hasPrefix("committed ") ? Int(line.dropFirst("committed ".count)) : nil
        }.last ?? 0

        guard FileManager.default.fileExists(atPath: path + "/snapshot.vix") else {
            #expect(acknowledged == 0, "no snapshot after \(acknowledged) acknowledged changes")
            return
        }
        let index = try VectorIndex.open(at: path)
        #expect(index.integrityProblems() == [])
        let ids = Set(index.allIDs)
        // The change in flight when the kill came may or may not have made it.
        let matches = [acknowledged, acknowledged + 1].contains { count in
            let expected = SeededChangeStream.state(seed: seed, dimension: dimension, after: count)
            return Set(expected.keys) == ids && expected.allSatisfy { index.vector(for: $0.key) == $0.value }
        }
        #expect(matches, "state after kill at \(delay)s matches neither \(acknowledged) nor \(acknowledged + 1) changes (holds \(ids.count) ids)")
        // And the reopened index keeps working.
        try index.upsert(id: 999_999, vector: [Float](repeating: 0.5, count: dimension))
        #expect(try index.search([Float](repeating: 0.5, count: dimension), k: 1).first?.id == 999_999)
    }
}
