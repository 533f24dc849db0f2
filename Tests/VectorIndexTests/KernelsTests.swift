import Testing
import VectorIndex

@Suite("Distance kernels")
struct KernelsTests {
    static let sizes = [1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 63, 65, 255, 257, 384, 1000, 8192]

    @Test("dot and squared L2 match the plain twins for awkward sizes", arguments: sizes)
    func kernelsMatchReference(n: Int) {
        var data = TestData(seed: UInt64(n))
        let a = (0..<n).map { _ in data.gaussian() }
        let b = (0..<n).map { _ in data.gaussian() }
        let dot = a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { Kernels.dot(pa.baseAddress!, $0.baseAddress!, n) } }
        let l2 = a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { Kernels.l2Squared(pa.baseAddress!, $0.baseAddress!, n) } }
        let tolerance = 1e-4 * Float(n).squareRoot() + 1e-5
        #expect(abs(dot - Kernels.dotReference(a, b)) <= tolerance * max(1, abs(Kernels.dotReference(a, b))))
        #expect(abs(l2 - Kernels.l2SquaredReference(a, b)) <= tolerance * max(1, Kernels.l2SquaredReference(a, b)))
    }

    @Test("a kernel variant is picked for this CPU")
    func variantIsKnown() {
        #expect(["avx512", "avx2", "portable"].contains(Kernels.variant))
    }

    @Test("the checksum changes when any single bit flips", arguments: [1, 5, 63, 64, 65, 200])
    func checksumSeesBitFlips(length: Int) {
        var data = TestData(seed: 99)
        let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: data.next()) }
        let original = Kernels.checksum(bytes)
        for byte in 0..<length {
            for bit in 0..<8 {
                var flipped = bytes
                flipped[byte] ^= UInt8(1 << bit)
                #expect(Kernels.checksum(flipped) != original, "byte \(byte) bit \(bit)")
            }
        }
        #expect(Kernels.checksum(bytes + [0]) != original, "an appended zero byte changes it")
    }
}

@Suite("int8 kernels and codes")
struct Int8KernelsTests {
    @Test("the int8 dot product equals the plain twin exactly for awkward sizes", arguments: KernelsTests.sizes)
    func dotInt8MatchesReference(n: Int) {
        var data = TestData(seed: UInt64(n) + 500)
        // Full range, -128 included, so that the widening and the pairwise sums are exercised.
        let a = (0..<n).map { _ in Int8(truncatingIfNeeded: data.next()) }
        let b = (0..<n).map { _ in Int8(truncatingIfNeeded: data.next()) }
        let dot = a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { Kernels.dotInt8(pa.baseAddress!, $0.baseAddress!, n) } }
        #expect(dot == Kernels.dotInt8Reference(a, b))
        let extreme = [Int8](repeating: -128, count: n)
        let square = extreme.withUnsafeBufferPointer { Kernels.dotInt8($0.baseAddress!, $0.baseAddress!, n) }
        #expect(square == Int32(n) * 16384)
    }

    @Test("the distance of two codes is the distance of their decoded vectors", arguments: Metric.allCases)
    func codeDistanceMatchesDecoded(metric: Metric) {
        var data = TestData(seed: 81)
        for n in [2, 3, 17, 64, 385] {
            let stride = Int8Codes.stride(dimension: n)
            let a = (0..<n).map { _ in data.gaussian() }, b = (0..<n).map { _ in 0.1 * data.gaussian() }
            let rows = UnsafeMutableRawPointer.allocate(byteCount: 2 * stride, alignment: 8)
            defer { rows.deallocate() }
            a.withUnsafeBufferPointer { Int8Codes.encode($0.baseAddress!, n, into: rows) }
            b.withUnsafeBufferPointer { Int8Codes.encode($0.baseAddress!, n, into: rows + stride) }
            let da = Int8Codes.decode(rows, n), db = Int8Codes.decode(rows + stride, n)
            let expected: Float = metric == .l2 ? Kernels.l2SquaredReference(da, db) : 1 - Kernels.dotReference(da, db)
            let got = Int8Codes.distance(rows, rows + stride, n, metric)
            #expect(abs(got - expected) <= 1e-4 * max(1, abs(expected)), "n \(n): \(got) vs \(expected)")
            // The decoded vector is within half a step of the original in every component.
            let step = a.map(abs).max()! / 127
            #expect(zip(a, da).allSatisfy { abs($0 - $1) <= step / 2 + 1e-6 })
        }
    }
}
