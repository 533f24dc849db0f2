internal import CLlamaKernels

/// The CPU kernel variants of CLlamaKernels (see docs/kernels.md). The engine uses the best
/// one the CPU supports; tests run each against the reference.
package enum KernelSet: Int32, Sendable, CaseIterable, CustomStringConvertible {
    case plain = 0
    case avx2 = 1
    case avx512 = 2

    /// The fastest set this CPU supports.
    package static let best = KernelSet(rawValue: llk_best_isa()) ?? .plain

    /// Sets up to `best` (a slower set is always supported).
    package static var supported: [KernelSet] { allCases.filter { $0.rawValue <= best.rawValue } }

    package var description: String {
        switch self {
        case .plain: "plain C"
        case .avx2: "AVX2+FMA+F16C"
        case .avx512: "AVX-512 (F, BW, VL, VNNI)"
        }
    }
}

/// Activation rows: floats converted to the format the dot kernels of a weight type take.
package struct ActivationFormat: Sendable {
    package let weightType: GGMLType

    package init(for weightType: GGMLType) { self.weightType = weightType }

    /// Bytes of one converted row of `count` values.
    package func rowByteCount(_ count: Int) -> Int {
        llk_activation_row_size(weightType.rawValue, Int64(count))
    }

    /// Converts `x` (a multiple of the weight type's block size) into `out`.
    package func convert(_ x: UnsafePointer<Float>, count: Int, into out: UnsafeMutableRawPointer) {
        _ = llk_quantize_activation(weightType.rawValue, x, out, Int64(count))
    }
}

/// Dot products of one weight row with one activation row, per kernel set, and the reference.
package enum DotKernels {
    /// True when `type` has dot kernels (every weight type but q8_K and the integer types).
    package static func supports(_ type: GGMLType) -> Bool {
        llk_supports_dot(type.rawValue) != 0
    }

    /// `weights` is one row of `type`; `activations` one row in `ActivationFormat(for: type)`.
    package static func dot(
        _ type: GGMLType, count: Int, weights: UnsafeRawPointer, activations: UnsafeRawPointer,
        kernels: KernelSet = .best
    ) -> Float {
        llk_vec_dot(kernels.rawValue, type.rawValue, Int64(count), weights, activations)
    }

    /// The reference twin of `dot`: both rows dequantised, summed in double.
    package static func dotReference(
        _ type: GGMLType, count: Int, weights: UnsafeRawPointer, activations: UnsafeRawPointer
    ) -> Float {
        llk_vec_dot_ref(type.rawValue, Int64(count), weights, activations)
    }

    /// y[c * yStride + r] = dot(weight row r, activation row c), r in `rows`, c < `columns`.
    static func mulMat(
        _ type: GGMLType, count: Int, weights: UnsafeRawPointer, weightRowBytes: Int,
        rows: Range<Int>, activations: UnsafeRawPointer, activationRowBytes: Int,
        columns: Int, output: UnsafeMutablePointer<Float>, outputStride: Int,
        kernels: KernelSet = .best
    ) {
        llk_mul_mat(
            kernels.rawValue, type.rawValue, Int64(count), weights, weightRowBytes,
            Int64(rows.lowerBound), Int64(rows.upperBound), activations, activationRowBytes,
            Int64(columns), output, Int64(outputStride))
    }
}

/// A streaming read of memory, the roofline the mat-vec kernels are measured against.
package enum MemoryProbe {
    /// Reads every byte of `bytes`; returns a value that depends on all of them.
    package static func read(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        guard let base = bytes.baseAddress else { return 0 }
        return llk_read_probe(base, bytes.count)
    }
}
