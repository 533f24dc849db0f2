import ArgumentParser
import Foundation
import VectorIndex

/// Hidden helper for VectorIndex's crash tests: applies a seeded stream of changes to an index
/// and prints "committed N" after each one, until the test kills it.
struct HNSWCrashWriter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hnsw-crash-writer", abstract: "Writes seeded changes until killed (for tests).",
        shouldDisplay: false)

    @Option var dir: String
    @Option var seed: UInt64
    @Option var dimension: Int = 8
    @Option var operations: Int = 100_000
    @Option(help: "Checkpoint after every this many operations.") var checkpointEvery: Int = 50

    func run() throws {
        let index = try VectorIndex.openOrCreate(
            at: dir, dimension: dimension, metric: .l2, parameters: IndexParameters(m: 8, efConstruction: 32))
        var stream = SeededChangeStream(seed: seed, dimension: dimension)
        for i in 0..<operations {
            switch stream.next() {
            case .upsert(let id, let vector): try index.upsert(id: id, vector: vector)
            case .remove(let id): try index.remove(id: id)
            }
            if (i + 1) % checkpointEvery == 0 { try index.checkpoint() }
            // Unbuffered, so that the test sees every acknowledgement made before the kill.
            FileHandle.standardOutput.write(Data("committed \(i + 1)\n".utf8))
        }
    }
}
