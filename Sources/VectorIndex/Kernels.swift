internal import CVectorKernels

/// The distance kernels of the C target (one variant per CPU family, picked at run time), with
/// plain Swift twins that the tests compare them against.
package enum Kernels {
    /// Name of the kernel variant in use: "avx512", "avx2" or "portable".
    package static var variant: String { String(cString: vk_variant()) }

    @inline(__always)
    package static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        vk_dot(a, b, n)
    }

    @inline(__always)
    package static func l2Squared(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int)
        -> Float
    {
        vk_l2sq(a, b, n)
    }

    /// Exact int8 dot product (see `vk_dot_i8`).
    @inline(__always)
    package static func dotInt8(_ a: UnsafePointer<Int8>, _ b: UnsafePointer<Int8>, _ n: Int) -> Int32 {
        vk_dot_i8(a, b, n)
    }

    package static func dotInt8Reference(_ a: [Int8], _ b: [Int8]) -> Int32 {
        var s: Int32 = 0
        for i in a.indices { s += Int32(a[i]) * Int32(b[i]) }
        return s
    }

    package static func dotReference(_ a: [Float], _ b: [Float]) -> Float {
        var s: Double = 0
        for i in a.indices { s += Double(a[i]) * Double(b[i]) }
        return Float(s)
    }

    package static func l2SquaredReference(_ a: [Float], _ b: [Float]) -> Float {
        var s: Double = 0
        for i in a.indices {
            let d = Double(a[i]) - Double(b[i])
            s += d * d
        }
        return Float(s)
    }

    /// The checksum every section and log record carries (see docs/vector-index-format.md).
    @inline(__always)
    package static func checksum(_ p: UnsafeRawPointer, _ count: Int) -> UInt64 {
        vk_checksum(p, count)
    }

    package static func checksum(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { vk_checksum($0.baseAddress!, $0.count) }
    }

    @inline(__always)
    static func prefetch(_ p: UnsafeRawPointer, _ bytes: Int) {
        vk_prefetch(p, bytes)
    }

    @inline(__always)
    static func lock(_ p: UnsafeMutablePointer<UInt32>) { vk_lock(p) }

    @inline(__always)
    static func unlock(_ p: UnsafeMutablePointer<UInt32>) { vk_unlock(p) }

    @inline(__always)
    static func fetchAdd(_ p: UnsafeMutablePointer<Int64>, _ v: Int64) -> Int64 {
        vk_fetch_add(p, v)
    }

    @inline(__always)
    static func load(_ p: UnsafeMutablePointer<Int64>) -> Int64 { vk_load(p) }

    @inline(__always)
    static func store(_ p: UnsafeMutablePointer<Int64>, _ v: Int64) { vk_store(p, v) }
}

extension Metric {
    /// Distance between two stored (already normalised for cosine) vectors.
    @inline(__always)
    func distance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        switch self {
        case .l2: Kernels.l2Squared(a, b, n)
        case .cosine, .innerProduct: 1 - Kernels.dot(a, b, n)
        }
    }
}
