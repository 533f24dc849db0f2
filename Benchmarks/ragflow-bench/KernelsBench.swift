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

    @Flag(help: "Keep q4_0 / q8_0 in their file layout instead of the interleaved one.")
    var noRepack = false

    func run() throws {
        let pool = ComputePool(threads: threads)
        print("kernel set: \(KernelSet.best), threads: \(threads), matrix \(rows)×\(columns)")
        let roofline = readBandwidth(pool: pool)
        print(
            String(
                format: "memory read roofline: %.1f GB/s wall, %.1f GB/s per CPU-second",
                roofline.wall, roofline.cpu))
        let dispatch = best(of: 5) { for _ in 0..<1000 { pool.run(tasks: threads) { _ in } } }
        print(String(format: "pool dispatch (run with empty tasks): %.1f µs", dispatch.wall * 1e3))
        print("wall: best wall-clock of n runs; cpu: per CPU-second (robust on a busy machine)")
        print(
            "type   matvec GB/s wall/cpu  cpu % of roofline  matmul(b=\(batch)) GFLOP/s wall/cpu")
        for name in types.split(separator: ",") {
            guard let type = GGMLType(name: String(name)) else { continue }
            var rng = SplitMix(state: UInt64(type.rawValue))
            let count = rows * columns
            let bytes: [UInt8] =
                type.canQuantize
                ? try type.quantize((0..<count).map { _ in Float.random(in: -1...1, using: &rng) })
                : (0..<(count / type.blockSize * type.bytesPerBlock)).map { i in
                    // Finite block scales: small even bytes keep every f16 field moderate.
                    UInt8(truncatingIfNeeded: (i &* 37) & 0x3E)
                }
            // Enough copies to exceed the last-level cache, so mat-vec reads from memory.
            let copies = max(1, (256 << 20) / max(bytes.count, 1))
            let matrices = try (0..<copies).map { _ in
                try WeightMatrix(
                    type: type, rows: rows, columns: columns, bytes: bytes, kernels: .best,
                    repack: !noRepack, pool: pool)
            }
            var next = 0
            let x = (0..<(columns * batch)).map { _ in Float.random(in: -1...1, using: &rng) }
            var y = [Float](repeating: 0, count: rows * batch)
            let vecTime = x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    best(of: 20) {
                        next = (next + 1) % copies
                        matrices[next].multiply(
                            UnsafeBufferPointer(rebasing: xp[0..<columns]), into: yp, pool: pool)
                    }
                }
            }
            let matTime = x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    best(of: 3) {
                        matrices[0].multiply(batch: xp, count: batch, into: yp, pool: pool)
                    }
                }
            }
            let gbs = Double(bytes.count) / vecTime.wall / 1e9
            let gbsCPU = Double(bytes.count) / vecTime.cpu / 1e9
            let flops = 2 * Double(rows * columns * batch)
            print(
                String(
                    format: "%-6@ %8.1f / %5.1f  %17.0f%%  %14.1f / %6.1f",
                    type.description as NSString, gbs, gbsCPU, 100 * gbsCPU / roofline.cpu,
                    flops / matTime.wall / 1e9, flops / matTime.cpu / 1e9))
        }
    }

    /// CPU seconds used by this process so far (all threads).
    private func processCPUTime() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// The best wall time and the best process CPU time (all threads) of `runs` calls, in
    /// seconds. On a shared machine CPU time shows what the code does when it gets the cores.
    private func best(of runs: Int, _ body: () -> Void) -> (wall: Double, cpu: Double) {
        body()
        var wall = Double.infinity, cpu = Double.infinity
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            let cpuStart = processCPUTime()
            body()
            cpu = min(cpu, processCPUTime() - cpuStart)
            wall = min(wall, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return (wall, cpu)
    }

    /// GB/s of a streaming read of 512 MB split across the pool (wall, and per CPU-second).
    private func readBandwidth(pool: ComputePool) -> (wall: Double, cpu: Double) {
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
        return (Double(size) / time.wall / 1e9, Double(size) / time.cpu / 1e9)
    }
}

/// A fast seeded generator (SplitMix64) for filling large benchmark matrices.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
