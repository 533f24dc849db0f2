/// A replayable stream of upserts and removals drawn from a seed: the crash tests run it in a
/// child process (`ragflow-bench hnsw-crash-writer`) and replay it in the test to know which
/// state each committed prefix must give.
package struct SeededChangeStream {
    package enum Step: Equatable {
        case upsert(id: UInt64, vector: [Float])
        case remove(id: UInt64)
    }

    private var state: UInt64
    private let dimension: Int
    private var live: [UInt64] = []
    private var nextID: UInt64 = 1

    package init(seed: UInt64, dimension: Int) {
        state = seed
        self.dimension = dimension
    }

    private mutating func random() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Mostly inserts, some updates of live ids, some removals.
    package mutating func next() -> Step {
        let roll = random() % 10
        if roll < 2, !live.isEmpty {
            let i = Int(random() % UInt64(live.count))
            let id = live.remove(at: i)
            return .remove(id: id)
        }
        let id: UInt64
        if roll < 4, !live.isEmpty {
            id = live[Int(random() % UInt64(live.count))]
        } else {
            id = nextID
            nextID += 1
            live.append(id)
        }
        let vector = (0..<dimension).map { _ in Float(random() % 2000) / 1000 - 1 }
        return .upsert(id: id, vector: vector)
    }

    /// The id → vector map after the first `count` steps of a stream from `seed`.
    package static func state(seed: UInt64, dimension: Int, after count: Int) -> [UInt64: [Float]] {
        var stream = SeededChangeStream(seed: seed, dimension: dimension)
        var map: [UInt64: [Float]] = [:]
        for _ in 0..<count {
            switch stream.next() {
            case .upsert(let id, let vector): map[id] = vector
            case .remove(let id): map[id] = nil
            }
        }
        return map
    }
}
