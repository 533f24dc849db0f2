import LlamaEngine
import Testing

@Suite("Dot product kernels")
struct DotKernelTests {
    @Test(
        "every kernel set's dot product equals the dequantised reference over awkward sizes",
        arguments: KernelFixtures.dotTypes)
    func dotMatchesReference(type: GGMLType) throws {
        var rng = SeededGenerator(seed: UInt64(type.rawValue) + 1)
        let format = ActivationFormat(for: type)
        for count in KernelFixtures.awkwardCounts(type) {
            let weights = try KernelFixtures.weights(type, count: count, rng: &rng)
            let x = rng.floats(count, scale: 2)
            var activations = [UInt8](repeating: 0, count: format.rowByteCount(count))
            x.withUnsafeBufferPointer { xp in
                activations.withUnsafeMutableBytes {
                    format.convert(xp.baseAddress!, count: count, into: $0.baseAddress!)
                }
            }
            // Bound the rounding by the sum of |w_i * x_i|.
            let w = try weights.withUnsafeBytes { try type.dequantize($0, count: count) }
            let magnitude = zip(w, x).reduce(Float(0)) { $0 + abs($1.0 * $1.1) }
            let tolerance = 2e-5 * magnitude + 1e-6
            try weights.withUnsafeBytes { wp in
                try activations.withUnsafeBytes { ap in
                    let reference = DotKernels.dotReference(
                        type, count: count, weights: wp.baseAddress!, activations: ap.baseAddress!)
                    // The activations were quantised too: the reference must be near float math.
                    let exact = zip(w, x).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
                    #expect(abs(Double(reference) - exact) <= 0.02 * Double(magnitude) + 1e-6)
                    for kernels in KernelSet.supported {
                        let fast = DotKernels.dot(
                            type, count: count, weights: wp.baseAddress!,
                            activations: ap.baseAddress!, kernels: kernels)
                        #expect(
                            abs(fast - reference) <= tolerance,
                            "\(type) n=\(count) \(kernels): \(fast) vs \(reference)")
                    }
                    _ = try #require(Optional(reference))
                }
            }
        }
    }
}
