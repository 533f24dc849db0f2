internal import CLlamaKernels

/// The float loops of one attention head, in CLlamaKernels (attention.c) so that they run on
/// the CPU's widest vectors (Swift SIMD without a target CPU stays on SSE), with reference
/// twins that sum in double.
package enum AttentionKernels {
    /// `out[j] = scale · Σ_d query[d] · keys[d * count + j]` for j < count: one query against
    /// `count` keys stored transposed, `[dimension][count]`.
    package static func scores(
        _ query: UnsafePointer<Float>, keys: UnsafePointer<Float>, dimension: Int, count: Int,
        scale: Float, into out: UnsafeMutablePointer<Float>, kernels: KernelSet = .best
    ) {
        llk_attn_scores(kernels.rawValue, query, keys, Int64(dimension), Int64(count), scale, out)
    }

    /// `out[c] = Σ_j weights[j] · values[j * stride + c]` for c < width.
    package static func weightedSum(
        _ weights: UnsafePointer<Float>, count: Int, values: UnsafePointer<Float>, stride: Int,
        width: Int, into out: UnsafeMutablePointer<Float>, kernels: KernelSet = .best
    ) {
        llk_attn_weighted_sum(
            kernels.rawValue, weights, Int64(count), values, Int64(stride), Int64(width), out)
    }

    /// Reference twin of `scores`.
    package static func scoresReference(
        _ query: UnsafePointer<Float>, keys: UnsafePointer<Float>, dimension: Int, count: Int,
        scale: Float, into out: UnsafeMutablePointer<Float>
    ) {
        llk_attn_scores_ref(query, keys, Int64(dimension), Int64(count), scale, out)
    }

    /// Reference twin of `weightedSum`.
    package static func weightedSumReference(
        _ weights: UnsafePointer<Float>, count: Int, values: UnsafePointer<Float>, stride: Int,
        width: Int, into out: UnsafeMutablePointer<Float>
    ) {
        llk_attn_weighted_sum_ref(weights, Int64(count), values, Int64(stride), Int64(width), out)
    }
}
