import Foundation
import LlamaEngine
import Testing

/// The vectorised GELU and softmax against their libm reference twins.
@Suite("BERT math")
struct BertMathTests {
    static let sizes = [1, 3, 7, 8, 9, 31, 33, 255, 257]

    /// Seeded values spanning where GELU and softmax bend and saturate.
    static func values(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2_000_000) / 100_000  // [-20, 20)
        }
    }

    @Test("GELU matches the erf reference to 1e-6 at awkward sizes", arguments: sizes)
    func gelu(count: Int) {
        let inputs = Self.values(count, seed: UInt64(count))
        var fast = inputs
        var slow = inputs
        fast.withUnsafeMutableBufferPointer { BertMath.gelu($0) }
        slow.withUnsafeMutableBufferPointer { BertMath.geluReference($0) }
        for (x, (a, b)) in zip(inputs, zip(fast, slow)) {
            #expect(abs(a - b) <= 2e-6 * max(1, abs(x)), "x = \(x)")
        }
    }

    @Test("GELU is exact at 0 and saturates far out")
    func geluEdges() {
        var values: [Float] = [0, -30, 30, 1]
        values.withUnsafeMutableBufferPointer { BertMath.gelu($0) }
        #expect(values[0] == 0)
        #expect(abs(values[1]) < 1e-5)
        #expect(abs(values[2] - 30) < 1e-5)
        #expect(abs(values[3] - 0.8413447) < 1e-6)
    }

    @Test("softmax matches the reference to 1e-6 at awkward sizes", arguments: sizes)
    func softmax(count: Int) {
        var fast = Self.values(count, seed: UInt64(100 + count)).map { $0 * 4 }
        var slow = fast
        fast.withUnsafeMutableBufferPointer { BertMath.softmax($0) }
        slow.withUnsafeMutableBufferPointer { BertMath.softmaxReference($0) }
        for (a, b) in zip(fast, slow) {
            #expect(abs(a - b) <= 1e-6)
        }
        #expect(abs(fast.reduce(0, +) - 1) < 1e-5)
    }
}
