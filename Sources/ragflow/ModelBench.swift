import ArgumentParser
import Foundation
import LlamaEngine

/// `ragflow model bench`: prompt processing and generation speed, measured as llama-bench does
/// (pp: one batch of random tokens into an empty cache; tg: tokens decoded one at a time).
struct ModelBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Prompt processing and generation tokens per second of a GGUF llama model.")

    @Option(help: "The GGUF model file.") var model: String
    @Option(name: .customShort("p"), help: "Prompt tokens.") var promptTokens = 512
    @Option(name: .customShort("n"), help: "Generated tokens.") var generatedTokens = 128
    @Option(help: "Threads (default: all cores).") var threads: Int?
    @Option(help: "Repetitions (the best is kept).") var repetitions = 1
    @Flag(help: "Print {\"pp_tok_s\": X, \"tg_tok_s\": Y, ...} (also per CPU-second: pp_tok_cpu_s, tg_tok_cpu_s).") var json = false
    @Flag(help: "Also measure memory read bandwidth and the share of it generation uses.") var bandwidth = false

    func run() async throws {
        let llama = try LlamaModel(path: model)
        let pool = threads.map { ComputePool(threads: $0) } ?? .shared
        let vocabulary = Int32(llama.configuration.vocabularySize)
        var generator = SeededGenerator(seed: 1)
        func randomTokens(_ n: Int) -> [Int32] { (0..<n).map { _ in Int32.random(in: 0..<vocabulary, using: &generator) } }
        let session = llama.makeSession(contextLength: max(promptTokens, generatedTokens) + 1, pool: pool)
        // Warm-up: touch every weight once so page faults do not count.
        _ = try session.evaluate(randomTokens(1))
        // Rates per wall-clock second, and per CPU-second of the whole process (all threads),
        // which a busy shared machine disturbs far less.
        var pp = 0.0, tg = 0.0, ppCPU = 0.0, tgCPU = 0.0
        for _ in 0..<max(1, repetitions) {
            if promptTokens > 0 {
                session.reset()
                let tokens = randomTokens(promptTokens)
                let start = Date(), cpu = processCPUSeconds()
                _ = try session.evaluate(tokens)
                pp = max(pp, Double(promptTokens) / Date().timeIntervalSince(start))
                ppCPU = max(ppCPU, Double(promptTokens) / (processCPUSeconds() - cpu))
            }
            if generatedTokens > 0 {
                session.reset()
                let start = Date(), cpu = processCPUSeconds()
                for token in randomTokens(generatedTokens) { _ = try session.evaluate([token]) }
                tg = max(tg, Double(generatedTokens) / Date().timeIntervalSince(start))
                tgCPU = max(tgCPU, Double(generatedTokens) / (processCPUSeconds() - cpu))
            }
        }
        if json {
            let fields = [("pp_tok_s", pp), ("tg_tok_s", tg), ("pp_tok_cpu_s", ppCPU), ("tg_tok_cpu_s", tgCPU)]
            print("{" + fields.map { "\"\($0.0)\": \(String(format: "%.2f", $0.1))" }.joined(separator: ", ") + "}")
            return
        }
        let gb = Double(llama.weightBytesPerToken) / 1e9
        print(String(format: "pp%d: %.2f tok/s   tg%d: %.2f tok/s   (%.3f GB of weights per token, %.1f GB/s in generation)",
                     promptTokens, pp, generatedTokens, tg, gb, gb * tg))
        if bandwidth {
            let measured = readBandwidth(pool: pool)
            print(String(format: "memory read bandwidth: %.1f GB/s; generation ceiling %.1f tok/s; tg uses %.0f%% of it",
                         measured, measured / gb, 100 * gb * tg / measured))
        }
    }

    /// CPU time used by this process so far, all threads.
    private func processCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// GB/s of the best of five streaming reads of 1 GB, split across the pool.
    private func readBandwidth(pool: ComputePool) -> Double {
        let size = 1 << 30, page = 1 << 16
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 1)
        let sums = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: size / page)
        defer { sums.deallocate() }
        var best = Double.infinity
        for _ in 0..<5 {
            let start = Date()
            pool.parallelRanges(size / page) { pages in
                for p in pages {
                    sums[p] = MemoryProbe.read(UnsafeRawBufferPointer(rebasing: buffer[(p * page)..<((p + 1) * page)]))
                }
            }
            best = min(best, Date().timeIntervalSince(start))
        }
        return Double(size) / best / 1e9
    }
}
