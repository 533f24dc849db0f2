import LlamaEngine
import Testing

@Suite("Attention kernels")
struct AttentionKernelTests {
    static let counts = [1, 3, 31, 33, 255, 257]

    @Test("every kernel set's scores equal the double-precision reference over awkward sizes")
    func scoresMatchReference() {
        var rng = SeededGenerator(seed: 41)
        for dimension in [1, 3, 32, 33] {
            for count in Self.counts {
                let query = rng.floats(dimension, scale: 2)
                let keys = rng.floats(dimension * count, scale: 2)
                var expected = [Float](repeating: 0, count: count)
                AttentionKernels.scoresReference(
                    query, keys: keys, dimension: dimension, count: count, scale: 0.25, into: &expected)
                for kernels in KernelSet.supported {
                    var out = [Float](repeating: .nan, count: count)
                    AttentionKernels.scores(
                        query, keys: keys, dimension: dimension, count: count, scale: 0.25,
                        into: &out, kernels: kernels)
                    let worst = zip(out, expected).map { abs($0 - $1) }.max()!
                    // |q·k| ≤ 4·dimension; float sums of that many products err well under 1e-5 of it.
                    #expect(worst <= 1e-5 * Float(dimension), "d=\(dimension) n=\(count) \(kernels)")
                }
            }
        }
    }

    @Test("every kernel set's weighted sums equal the double-precision reference over awkward sizes")
    func weightedSumsMatchReference() {
        var rng = SeededGenerator(seed: 43)
        for width in [1, 31, 32, 33, 65] {
            for count in Self.counts {
                let stride = width + 3  // rows of a wider matrix, as one head of [tokens][hidden]
                let weights = rng.floats(count).map { abs($0) }
                let values = rng.floats(count * stride, scale: 2)
                var expected = [Float](repeating: 0, count: width)
                AttentionKernels.weightedSumReference(
                    weights, count: count, values: values, stride: stride, width: width, into: &expected)
                for kernels in KernelSet.supported {
                    var out = [Float](repeating: .nan, count: width)
                    AttentionKernels.weightedSum(
                        weights, count: count, values: values, stride: stride, width: width,
                        into: &out, kernels: kernels)
                    let worst = zip(out, expected).map { abs($0 - $1) }.max()!
                    #expect(worst <= 1e-5 * Float(count), "w=\(width) n=\(count) \(kernels)")
                }
            }
        }
    }
}
