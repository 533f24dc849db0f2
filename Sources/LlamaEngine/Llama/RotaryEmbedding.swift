import Foundation

/// Rotary position embedding in llama.cpp's "normal" layout: adjacent pairs (2i, 2i+1) rotate
/// by pos·scale·base^(-2i/d) / factor[i], where the factors are Llama 3.1/3.2's frequency
/// scaling (`rope_freqs.weight`) when the file has them.
struct RotaryEmbedding: Sendable {
    let dimensions: Int
    /// Inverse frequency of each pair, factors applied.
    let inverseFrequencies: [Double]
    let positionScale: Double

    init(configuration c: LlamaConfiguration, frequencyFactors: [Float]?) {
        dimensions = c.ropeDimensions
        positionScale = Double(c.ropePositionScale)
        inverseFrequencies = (0..<(c.ropeDimensions / 2)).map { i in
            let base = pow(Double(c.ropeBase), -2.0 * Double(i) / Double(c.ropeDimensions))
            return base / Double(frequencyFactors?[i] ?? 1)
        }
    }

    /// The (cos, sin) of every pair at `position`.
    func angles(at position: Int) -> [(cos: Float, sin: Float)] {
        inverseFrequencies.map { f in
            let theta = Double(position) * positionScale * f
            return (Float(cos(theta)), Float(sin(theta)))
        }
    }

    /// Rotates `heads` heads of `headDimension` floats at `vector`.
    func apply(_ vector: UnsafeMutablePointer<Float>, heads: Int, headDimension: Int, angles: [(cos: Float, sin: Float)]) {
        for h in 0..<heads {
            let head = vector + h * headDimension
            for (i, a) in angles.enumerated() {
                let x0 = head[2 * i], x1 = head[2 * i + 1]
                head[2 * i] = x0 * a.cos - x1 * a.sin
                head[2 * i + 1] = x0 * a.sin + x1 * a.cos
            }
        }
    }
}
