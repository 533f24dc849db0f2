import ArgumentParser
internal import CMimalloc

/// `ragflow-bench`: measurements that compare RAGFlow's parts with peers.
@main
struct RAGFlowBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ragflow-bench",
        abstract: "Benchmarks for RAGFlow's parts.",
        // Naming the allocator calls into it: the benchmarks run with ragflow's allocator.
        version: "ragflow-bench (mimalloc \(mi_version()))",
        subcommands: [
            PDFBench.self,
            HNSWBench.self,
            HNSWCrashWriter.self,
            KernelsBench.self,
            EmbedBench.self,
            QueryBench.self,
        ])
}
