import ArgumentParser

/// `ragflow-bench`: measurements that compare RAGFlow's parts with peers.
@main
struct RAGFlowBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ragflow-bench",
        abstract: "Benchmarks for RAGFlow's parts.",
        subcommands: [
            PDFBench.self,
            HNSWBench.self,
            HNSWCrashWriter.self,
            KernelsBench.self,
            QueryBench.self,
        ])
}
