import Foundation

/// The element-wise and per-row operations of the BERT encoder, on `UnsafeBufferPointer`s.
/// `gelu` and `softmax` use vectorisable approximations (no libm call per element, which
/// would cost more than the matrix products); each has a plain `…Reference` twin on libm.
package enum BertMath {
    // MARK: GELU

    /// Exact (erf) GELU in place: `x · ½(1 + erf(x/√2))`, erf by a rational approximation
    /// accurate to a few float ulps (the one Eigen and XLA use).
    package static func gelu(_ values: UnsafeMutableBufferPointer<Float>) {
        guard let base = values.baseAddress else { return }
        let count = values.count
        var i = 0
        let raw = UnsafeMutableRawPointer(base)
        while i + 8 <= count {
            let x = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            let y = x * 0.5 * (1 + erf(x * Float(0.7071067811865476)))
            raw.storeBytes(of: y, toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            let x = SIMD8<Float>(repeating: base[i])
            base[i] = (x * 0.5 * (1 + erf(x * Float(0.7071067811865476))))[0]
            i += 1
        }
    }

    /// Reference twin of `gelu`, on libm's `erf`.
    package static func geluReference(_ values: UnsafeMutableBufferPointer<Float>) {
        for i in values.indices {
            let x = Double(values[i])
            values[i] = Float(0.5 * x * (1 + Foundation.erf(x / 2.0.squareRoot())))
        }
    }

    /// erf for 8 lanes: odd polynomial over even polynomial on x clamped to [-4, 4], beyond
    /// which erf is ±1 in float.
    @inline(__always)
    static func erf(_ input: SIMD8<Float>) -> SIMD8<Float> {
        let limit = SIMD8<Float>(repeating: 4)
        var x = input.replacing(with: limit, where: input .> limit)
        x.replace(with: -limit, where: x .< -limit)
        let x2 = x * x
        var p = x2 * -2.72614225801306e-10 + 2.77068142495902e-08
        p = x2 * p + -2.10102402082508e-06
        p = x2 * p + -5.69250639462346e-05
        p = x2 * p + -7.34990630326855e-04
        p = x2 * p + -2.95459980854025e-03
        p = x2 * p + -1.60960333262415e-02
        p = x * p
        var q = x2 * -1.45660718464996e-05 + -2.13374055278905e-04
        q = x2 * q + -1.68282697438203e-03
        q = x2 * q + -7.37332916720468e-03
        q = x2 * q + -1.42647390514189e-02
        return p / q
    }

    // MARK: softmax

    /// `values = exp(values - max) / Σ` in place.
    package static func softmax(_ values: UnsafeMutableBufferPointer<Float>) {
        guard let base = values.baseAddress, !values.isEmpty else { return }
        let count = values.count
        let raw = UnsafeMutableRawPointer(base)
        var maxima = SIMD8<Float>(repeating: -.infinity)
        var m = 0
        while m + 8 <= count {
            let v = raw.loadUnaligned(fromByteOffset: m * 4, as: SIMD8<Float>.self)
            maxima.replace(with: v, where: v .> maxima)
            m += 8
        }
        var maximum = maxima.max()
        while m < count {
            maximum = max(maximum, base[m])
            m += 1
        }
        var sums = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            let e = exp(raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) - maximum)
            raw.storeBytes(of: e, toByteOffset: i * 4, as: SIMD8<Float>.self)
            sums += e
            i += 8
        }
        var sum = sums.sum()
        while i < count {
            let e = exp(SIMD8<Float>(repeating: base[i] - maximum))[0]
            base[i] = e
            sum += e
            i += 1
        }
        let scale = 1 / sum
        for j in 0..<count { base[j] *= scale }
    }

    /// Reference twin of `softmax`, on libm's `exp` in double.
    package static func softmaxReference(_ values: UnsafeMutableBufferPointer<Float>) {
        guard let maximum = values.max() else { return }
        let e = values.map { Foundation.exp(Double($0 - maximum)) }
        let sum = e.reduce(0, +)
        for i in values.indices { values[i] = Float(e[i] / sum) }
    }

    /// exp for 8 lanes (x ≤ 0 here): 2ⁿ · e^r with r = x − n·ln 2 in [−ln2/2, ln2/2], e^r by
    /// its degree-6 Taylor polynomial (relative error below 2e-7); underflows to 0 below −87.
    /// n is rounded by adding 1.5·2²³, whose float bits then hold n: no per-lane conversion.
    @inline(__always)
    static func exp(_ input: SIMD8<Float>) -> SIMD8<Float> {
        let low = SIMD8<Float>(repeating: -87)
        let x = input.replacing(with: low, where: input .< low)
        let shifter = SIMD8<Float>(repeating: 12_582_912)  // 1.5 · 2²³
        let shifted = x * 1.4426950408889634 + shifter
        let n = shifted - shifter
        let r = x - n * 0.693145751953125 - n * 1.428606765330187e-06
        var p = r * (1.0 / 720) + (1.0 / 120)
        p = r * p + (1.0 / 24)
        p = r * p + (1.0 / 6)
        p = r * p + 0.5
        p = r * p + 1
        p = r * p + 1
        let integer = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        let scale = unsafeBitCast((integer &+ 127) &<< 23, to: SIMD8<Float>.self)
        return p * scale
    }

    // MARK: rows

    /// LayerNorm of each `width`-long row of `x` in place: `(x − mean)/√(var + eps) · w + b`.
    static func layerNorm(
        _ x: UnsafeMutableBufferPointer<Float>, width: Int, weight: [Float], bias: [Float], epsilon: Float
    ) {
        let rows = x.count / width
        weight.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                for r in 0..<rows {
                    let row = UnsafeMutableBufferPointer(rebasing: x[r * width..<(r + 1) * width])
                    var mean: Float = 0
                    for v in row { mean += v }
                    mean /= Float(width)
                    var variance: Float = 0
                    for v in row { variance += (v - mean) * (v - mean) }
                    variance /= Float(width)
                    let inverse = 1 / (variance + epsilon).squareRoot()
                    for i in 0..<width { row[i] = (row[i] - mean) * inverse * w[i] + b[i] }
                }
            }
        }
    }

    /// Adds `bias` to each row of `x`.
    static func addBias(_ x: UnsafeMutableBufferPointer<Float>, _ bias: [Float]) {
        let width = bias.count
        bias.withUnsafeBufferPointer { b in
            for r in 0..<(x.count / width) {
                let base = r * width
                for i in 0..<width { x[base + i] += b[i] }
            }
        }
    }

    /// `x += y` element-wise.
    static func add(_ x: UnsafeMutableBufferPointer<Float>, _ y: UnsafeBufferPointer<Float>) {
        for i in 0..<x.count { x[i] += y[i] }
    }

    /// `x / ‖x‖`, or `x` itself when it is all zeros.
    static func l2Normalized(_ x: [Float]) -> [Float] {
        var sum: Float = 0
        for v in x { sum += v * v }
        guard sum > 0 else { return x }
        let scale = 1 / sum.squareRoot()
        return x.map { $0 * scale }
    }
}
