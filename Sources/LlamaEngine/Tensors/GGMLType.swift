/// A tensor element type as ggml numbers it in GGUF files (`enum ggml_type` in ggml.h).
///
/// Quantized types store `blockSize` consecutive values of a row in `bytesPerBlock` bytes;
/// a row's length must be a multiple of `blockSize`. Layouts are bit for bit llama.cpp's
/// (ggml-common.h); see `BlockLayouts.swift`.
///
/// ```swift
/// let t = GGMLType.q4_0
/// t.rowByteCount(4096)  // 4096 / 32 * 18 = 2304
/// ```
public enum GGMLType: UInt32, Sendable, CaseIterable, CustomStringConvertible {
    case f32 = 0
    case f16 = 1
    case q4_0 = 2
    case q4_1 = 3
    case q5_0 = 6
    case q5_1 = 7
    case q8_0 = 8
    case q2_K = 10
    case q3_K = 11
    case q4_K = 12
    case q5_K = 13
    case q6_K = 14
    case q8_K = 15
    case i8 = 24
    case i16 = 25
    case i32 = 26
    case i64 = 27
    case f64 = 28
    case bf16 = 30

    /// Values per block (1 for plain types, 32 for Q*_0/Q*_1, 256 for K-quants).
    public var blockSize: Int {
        switch self {
        case .f32, .f16, .bf16, .i8, .i16, .i32, .i64, .f64: 1
        case .q4_0, .q4_1, .q5_0, .q5_1, .q8_0: 32
        case .q2_K, .q3_K, .q4_K, .q5_K, .q6_K, .q8_K: 256
        }
    }

    /// Bytes per block (`ggml_type_size`).
    public var bytesPerBlock: Int {
        switch self {
        case .f32, .i32: 4
        case .f16, .bf16, .i16: 2
        case .i8: 1
        case .i64, .f64: 8
        case .q4_0: 18
        case .q4_1: 20
        case .q5_0: 22
        case .q5_1: 24
        case .q8_0: 34
        case .q2_K: 84
        case .q3_K: 110
        case .q4_K: 144
        case .q5_K: 176
        case .q6_K: 210
        case .q8_K: 292
        }
    }

    /// True for the block-quantized types.
    public var isQuantized: Bool { blockSize > 1 }

    /// Bytes taken by a row of `count` values; `count` must be a multiple of `blockSize`.
    public func rowByteCount(_ count: Int) -> Int {
        count / blockSize * bytesPerBlock
    }

    /// The name llama.cpp prints (`ggml_type_name`), e.g. `q4_K`, `f16`.
    public var description: String {
        switch self {
        case .f32: "f32"
        case .f16: "f16"
        case .bf16: "bf16"
        case .q4_0: "q4_0"
        case .q4_1: "q4_1"
        case .q5_0: "q5_0"
        case .q5_1: "q5_1"
        case .q8_0: "q8_0"
        case .q2_K: "q2_K"
        case .q3_K: "q3_K"
        case .q4_K: "q4_K"
        case .q5_K: "q5_K"
        case .q6_K: "q6_K"
        case .q8_K: "q8_K"
        case .i8: "i8"
        case .i16: "i16"
        case .i32: "i32"
        case .i64: "i64"
        case .f64: "f64"
        }
    }

    /// Parses a name as `description` prints it, case-insensitively (`Q8_0`, `q4_k`, `F16`).
    public init?(name: String) {
        let lower = name.lowercased()
        guard let match = GGMLType.allCases.first(where: { $0.description.lowercased() == lower })
        else { return nil }
        self = match
    }

    /// Names of ggml types this engine knows to exist but cannot read, for error messages.
    static func unsupportedName(_ raw: UInt32) -> String? {
        switch raw {
        case 4, 5: "q4_2/q4_3 (removed from ggml)"
        case 9: "q8_1"
        case 16: "iq2_xxs"
        case 17: "iq2_xs"
        case 18: "iq3_xxs"
        case 19: "iq1_s"
        case 20: "iq4_nl"
        case 21: "iq3_s"
        case 22: "iq2_s"
        case 23: "iq4_xs"
        case 29: "iq1_m"
        case 34: "tq1_0"
        case 35: "tq2_0"
        case 39: "mxfp4"
        default: nil
        }
    }
}
