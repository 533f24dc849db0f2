import ArgumentParser
import Foundation
import LlamaEngine

/// `ragflow-bench kernels`: mat-vec GB/s against the memory read roofline, and mat-mat
/// GFLOP/s, for each weight type on Llama-3.2-1B-sized matrices.
struct KernelsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernels",
        abstract: "Mat-vec bandwidth and mat-mat GFLOP/s of LlamaEngine's kernels.")

    @Option(help: "Threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Weight types to measure.")
    var types: String = "f32,f16,bf16,q8_0,q4_0,q4_1,q5_0,q5_1,q2_K,q3_K,q4_K,q5_K,q6_K"

    @Option(help: "Rows (outputs) of the matrix.")
    var rows: Int = 8192

    @Option(help: "Columns (inputs) of the matrix.")
    var columns: Int = 2048

    @Option(help: "Batch size for mat-mat.")
    var batch: Int = 128

    func run() throws {
        let pool = ComputePool(threads: threads)
        print("kernel set: \(KernelSet.best), threads: \(threads), matrix \(rows)×\(columns)")
        let roofline = readBandwidth(pool: pool)
        print(String(format: "memory read roofline: %.1f GB/s", roofline))
        print("type   matvec GB/s  % roofline  matvec µs  matmul(b=\(batch)) GFLOP/s")
        for name in types.split(separator: ",") {
            guard let type = GGMLType(name: String(name)) else { continue }
            var rng = SystemRandomNumberGenerator()
            let count = rows * columns
            let bytes: [UInt8] =
                type.canQuantize
                ? try type.quantize((0..<count).map { _ in Float.random(in: -1...1, using: &rng) })
                : (0..<(count / type.blockSize * type.bytesPerBlock)).map { i in
                    // Finite block scales: small even bytes keep every f16 field moderate.
                    UInt8(truncatingIfNeeded: (i &* 37) & 0x3E)
                }
            let w = try WeightMatrix(type: type, rows: rows, columns: columns, bytes: bytes)
            let x = (0..<(columns * batch)).map { _ in Float.random(in: -1...1, using: &rng) }
            var y = [Float](repeating: 0, count: rows * batch)
            let vecTime = x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    best(of: 20) {
                        w.multiply(UnsafeBufferPointer(rebasing: xp[0..<columns]), into: yp, pool: pool)
                    }
                }
            }
            let matTime = x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    best(of: 3) { w.multiply(batch: xp, count: batch, into: yp, pool: pool) }
                }
            }
            let gbs = Double(bytes.count) / vecTime / 1e9
            let gflops = 2 * Double(rows * columns * batch) / matTime / 1e9
            print(
                String(
                    format: "%-6@ %11.1f  %9.0f%%  %9.0f  %10.1f", type.description as NSString,
                    gbs, 100 * gbs / roofline, vecTime * 1e6, gflops))
        }
    }

    /// The best wall time of `runs` calls, in seconds.
    private func best(of runs: Int, _ body: () -> Void) -> Double {
        body()
        var fastest = Double.infinity
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            fastest = min(fastest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return fastest
    }

    /// GB/s of a streaming read of 512 MB split across the pool.
    private func readBandwidth(pool: ComputePool) -> Double {
        let size = 512 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 1)
        let sink = UnsafeMutablePointer<UInt64>.allocate(capacity: 64)
        defer { sink.deallocate() }
        let time = best(of: 5) {
            pool.parallelRanges(size / 4096, granularity: 1) { pages in
                let part = UnsafeRawBufferPointer(
                    rebasing: buffer[pages.lowerBound * 4096..<pages.upperBound * 4096])
                sink[pages.lowerBound % 64] = MemoryProbe.read(part)
            }
        }
        return Double(size) / time / 1e9
    }
}
