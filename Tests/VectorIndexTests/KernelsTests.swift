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
