import ArgumentParser

/// `ragflow model ...`: convert, inspect and measure GGUF models.
struct Model: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Convert, inspect and measure GGUF models.",
        subcommands: [
            ModelConvert.self,
            ModelInfo.self,
            ModelTokenize.self,
            ModelPerplexity.self,
            ModelBench.self,
        ])
}
