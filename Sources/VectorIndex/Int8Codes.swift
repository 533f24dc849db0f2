/// The int8 code of a vector, one row of `stride(dimension:)` bytes in the `codes` section:
///
/// ```
/// 0  f32  scale s = max|x| / 127 (0 for the zero vector)
/// 4  f32  squared norm of the decoded vector, s² Σ c² (used by L2)
/// 8  i8   c[dimension], c = round(x / s), then zero padding to a multiple of 8
/// ```
///
/// One scale per vector rather than one per dimension: the index grows one vector at a time
/// from empty, so there is no sample to fit per-dimension ranges to (and a later vector outside
/// them would be clipped), while a per-vector scale needs nothing global and survives any
/// update. It also keeps the distance an exact integer dot product of two rows times two
/// scalars, which the SIMD kernel computes without converting to float.
package enum Int8Codes {
    package static let headerBytes = 8

    package static func stride(dimension: Int) -> Int { headerBytes + (dimension + 7) / 8 * 8 }

    /// Writes the code row of `v` (already normalised for cosine) into `row`.
    package static func encode(_ v: UnsafePointer<Float>, _ n: Int, into row: UnsafeMutableRawPointer) {
        var maxAbs: Float = 0
        for i in 0..<n { maxAbs = max(maxAbs, abs(v[i])) }
        let scale = maxAbs / 127
        let inverse = maxAbs > 0 ? 127 / maxAbs : 0
        let codes = (row + headerBytes).assumingMemoryBound(to: Int8.self)
        var sumOfSquares = 0
        for i in 0..<n {
            let c = Int8(clamping: Int((v[i] * inverse).rounded()))
            codes[i] = c
            sumOfSquares += Int(c) * Int(c)
        }
        for i in n..<(stride(dimension: n) - headerBytes) { codes[i] = 0 }
        row.storeBytes(of: scale, as: Float.self)
        row.storeBytes(of: scale * scale * Float(sumOfSquares), toByteOffset: 4, as: Float.self)
    }

    /// Distance between the decoded vectors of two rows, as `Metric.distance` defines it.
    @inline(__always)
    package static func distance(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int, _ metric: Metric) -> Float {
        let dot = Float(
            Kernels.dotInt8(
                (a + headerBytes).assumingMemoryBound(to: Int8.self), (b + headerBytes).assumingMemoryBound(to: Int8.self), n))
        let scales = a.loadUnaligned(as: Float.self) * b.loadUnaligned(as: Float.self)
        switch metric {
        case .l2:
            return a.loadUnaligned(fromByteOffset: 4, as: Float.self) + b.loadUnaligned(fromByteOffset: 4, as: Float.self)
                - 2 * scales * dot
        case .cosine, .innerProduct:
            return 1 - scales * dot
        }
    }

    /// The decoded vector of a row: the plain twin that tests compare `distance` against.
    package static func decode(_ row: UnsafeRawPointer, _ n: Int) -> [Float] {
        let scale = row.loadUnaligned(as: Float.self)
        let codes = (row + headerBytes).assumingMemoryBound(to: Int8.self)
        return (0..<n).map { Float(codes[$0]) * scale }
    }
}
