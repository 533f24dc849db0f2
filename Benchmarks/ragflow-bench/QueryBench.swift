import ArgumentParser
import Foundation
import RAGFlow
import VectorIndex

/// `ragflow-bench query`: latency of retrieval (no generation) in each mode on a large store,
/// p50 and p99 over a question set, with the query embedding and the retriever's parts
/// (FTS5 BM25, HNSW search, chunk fetch) timed on their own.
struct QueryBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Retrieval latency per mode (p50, p99) on a store grown to N chunks from a real embedded store.",
        discussion: """
            The first run builds --store from --source (see SyntheticStore.swift and \
            Benchmarks/README.md); later runs reuse it. Run from the folder where the pipeline's \
            model path resolves (models/all-MiniLM-L6-v2.Q8_0.gguf for the default pipeline).
            """)

    @Option(help: "A store ingested with vectors (ragflow ingest), the source of texts and vectors.") var source: String
    @Option(help: "The large store: built when missing, reused otherwise.") var store: String
    @Option(help: "Chunks in the large store.") var chunks = 100_000
    @Option(help: "The questions (JSON Lines, as for ragflow eval).") var questions = "eval/questions.jsonl"
    @Option(help: "Times each question is asked in each mode.") var rounds = 5
    @Option(name: .customLong("top-k"), help: "Chunks retrieved per question.") var topK = 5
    @Option(help: "A pipeline JSON file (default: the built-in default pipeline).") var pipeline: String?
    @Flag(help: "One JSON object per measure: name, n, p50_ms, p99_ms, p50_cpu_ms, p99_cpu_ms.") var json = false

    func run() throws {
        let spec = try pipeline.map { try PipelineSpec(contentsOf: URL(fileURLWithPath: $0)) } ?? PipelineSpec.builtInDefault()
        let model = try EmbeddingModel.load(for: spec).get()
        let directory = URL(fileURLWithPath: store)
        if !FileManager.default.fileExists(atPath: directory.appendingPathComponent("vectors").path) {
            try? FileManager.default.removeItem(at: directory)
            let sourceStore = try Store(directory: URL(fileURLWithPath: source), create: false)
            let report = try SyntheticStore(chunks: chunks).build(from: sourceStore, into: directory, model: model, spec: spec)
            print(
                "built \(store): \(report.documents) documents, \(report.chunks) chunks (\(report.sourceChunks) real, "
                    + "\(report.pairedChunks) of them with their own vector; the rest perturbed copies), \(report.vectors) vectors; "
                    + String(format: "store %.1f s, index %.1f s", report.writeSeconds, report.indexSeconds))
        }
        let large = try Store(directory: directory, create: false)
        // An ingest run refreshes BM25's statistics as it completes; a store built here or by
        // an older build gets them now.
        let refreshStart = ContinuousClock.now
        try large.refreshSearchStatistics()
        let refresh = ContinuousClock.now - refreshStart
        if refresh > .milliseconds(50), !json { print("search statistics rebuilt in \(refresh)") }
        let settings = spec.retriever ?? RetrieverSettings()
        let retriever = Retriever(store: large, settings: settings, model: .success(model))
        if let problem = retriever.vectorProblem { throw ValidationError("vector search is unavailable: \(problem)") }
        let index = try VectorIndex.open(at: large.vectorDirectory.path, mode: .readOnly)
        let asked = try EvaluationQuestion.load(contentsOf: URL(fileURLWithPath: questions)).map(\.question)
        guard !asked.isEmpty else { throw ValidationError("no questions in \(questions)") }

        let candidates = max(settings.candidates, topK)
        let ef = max(index.parameters.efSearch, candidates)
        var samples = LatencySamples()
        // A warm-up round fills SQLite's page cache and maps the index, as a running service has.
        for question in asked { _ = try retriever.retrieve(question, mode: .hybrid, topK: topK) }
        for _ in 0..<rounds {
            // Modes alternate question by question, so that load on the machine hits all alike.
            for question in asked {
                let embedding = try samples.time("query embedding") { try model.embedQuery(question) }
                let hits = try samples.time("  part: HNSW search") { try index.search(embedding, k: candidates, ef: ef) }
                let bm25 = try samples.time("  part: FTS5 BM25") { try large.bm25Candidates(question, limit: candidates) }
                // The retriever reads the texts of the top_k fused chunks only.
                let fused = RankFusion.reciprocalRank([hits.map { Int64(bitPattern: $0.id) }, bm25.map(\.id)])
                _ = try samples.time("  part: chunk fetch") { try large.retrievedChunks(ids: fused.prefix(topK).map(\.id)) }
                for mode in [RetrievalMode.bm25, .vector, .hybrid] {
                    _ = try samples.time(mode.rawValue) { try retriever.retrieve(question, mode: mode, topK: topK) }
                }
            }
        }
        let count = try large.liveChunkIDs().count
        if !json {
            print("\(count) chunks, \(index.count) vectors; \(asked.count) questions x \(rounds) rounds; top_k \(topK), candidates \(candidates), ef \(ef)")
            print("measure                    n   p50 ms   p99 ms  p50 CPU ms  p99 CPU ms")
        }
        for name in samples.names {
            let wall = samples.wall[name]!, cpu = samples.cpu[name]!
            let percentile = LatencySamples.percentile
            let row = (p50: percentile(wall, 50), p99: percentile(wall, 99), cpu50: percentile(cpu, 50), cpu99: percentile(cpu, 99))
            if json {
                print(
                    #"{"name": "\#(name.trimmingCharacters(in: .whitespaces))", "chunks": \#(count), "n": \#(wall.count), "#
                        + String(format: #""p50_ms": %.3f, "p99_ms": %.3f, "p50_cpu_ms": %.3f, "p99_cpu_ms": %.3f}"#,
                                 row.p50, row.p99, row.cpu50, row.cpu99))
            } else {
                print(
                    name.padding(toLength: 22, withPad: " ", startingAt: 0)
                        + String(format: " %6d %8.2f %8.2f  %10.2f  %10.2f", wall.count, row.p50, row.p99, row.cpu50, row.cpu99))
            }
        }
    }
}

/// Wall-clock and process CPU times (milliseconds) of named measures, in first-seen order.
/// Process CPU time counts every thread of ours (the embedder's workers too) and none of other
/// people's processes, so on a loaded machine it is closer to what an idle one would show.
struct LatencySamples {
    var names: [String] = []
    var wall: [String: [Double]] = [:]
    var cpu: [String: [Double]] = [:]

    mutating func time<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let cpuStart = CPUClock.process()
        let start = ContinuousClock.now
        let result = try body()
        let elapsed = ContinuousClock.now - start
        let cpuSeconds = CPUClock.process() - cpuStart
        if wall[name] == nil { names.append(name) }
        wall[name, default: []].append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15)
        cpu[name, default: []].append(cpuSeconds * 1e3)
        return result
    }

    /// Nearest-rank percentile of `values` (milliseconds).
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count - 1, rank - 1))]
    }
}
