import ArgumentParser
import Foundation
import LlamaEngine

/// `ragflow generate`: stream a continuation (or a chat answer) from a GGUF llama model.
struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate text with a GGUF llama model, streamed, then tokens per second on stderr.")

    @Option(help: "The GGUF model file.") var model: String
    @Argument(help: "The prompt (the user message with --chat).") var prompt: String
    @Flag(help: "Wrap the prompt in the model's chat template.") var chat = false
    @Option(help: "System message for --chat.") var system: String?
    @Option(help: "Chat template override: a Jinja file, or a built-in name (chatml, llama3, llama2, gemma, phi3, mistral).")
    var template: String?
    @Option(help: "Most tokens to generate.") var maxTokens = 256
    @Option(help: "Sampling temperature; 0 is greedy.") var temperature: Float = 0.8
    @Option(help: "Top-k (0: off).") var topK = 40
    @Option(help: "Top-p (1: off).") var topP: Float = 0.95
    @Option(help: "Min-p (0: off).") var minP: Float = 0.05
    @Option(help: "Repetition penalty (1: off).") var repeatPenalty: Float = 1.0
    @Option(help: "How many recent tokens the penalties look at (-1: all).") var repeatLastN = 64
    @Option(help: "Presence penalty (0: off).") var presencePenalty: Float = 0
    @Option(help: "Frequency penalty (0: off).") var frequencyPenalty: Float = 0
    @Option(help: ArgumentHelp(
        "Add BIAS to the logit of TOKEN_ID (repeatable), as llama.cpp: 15043+1.5, 15043-1, 2-inf bans token 2.",
        valueName: "TOKEN_ID(+/-)BIAS"))
    var logitBias: [String] = []
    @Option(help: "Random seed.") var seed: UInt64 = 0
    @Option(help: "Stop before this string (repeatable).") var stop: [String] = []
    @Option(help: "Context length (default: the model's, at most 4096).") var ctx: Int?
    @Option(help: "Threads (default: all cores).") var threads: Int?

    func validate() throws {
        for text in logitBias where SamplingParameters.logitBias(parsing: text) == nil {
            throw ValidationError("--logit-bias \(text): expected TOKEN_ID+BIAS or TOKEN_ID-BIAS, e.g. 15043+1.5 or 2-inf")
        }
    }

    func run() async throws {
        let llama = try LlamaModel(path: model)
        var biases: [Int32: Float] = [:]
        for (token, bias) in logitBias.compactMap(SamplingParameters.logitBias(parsing:)) {
            guard Int(token) < llama.tokenizer.vocabulary.tokens.count else {
                throw ValidationError("--logit-bias: token \(token) is beyond the model's \(llama.tokenizer.vocabulary.tokens.count) tokens")
            }
            biases[token, default: 0] += bias
        }
        let tokenizer = llama.tokenizer
        let vocabulary = tokenizer.vocabulary
        var text = prompt
        var addSpecial = true
        if chat {
            let chatTemplate = try resolveTemplate(llama)
            let bos = vocabulary.bos.map { vocabulary.tokens[Int($0)] } ?? ""
            let eos = vocabulary.eos.map { vocabulary.tokens[Int($0)] } ?? ""
            var messages: [ChatMessage] = []
            if let system { messages.append(.system(system)) }
            messages.append(.user(prompt))
            text = try chatTemplate.render(messages, addGenerationPrompt: true, bosToken: bos, eosToken: eos)
            // Templates usually write BOS themselves.
            addSpecial = bos.isEmpty || !text.hasPrefix(bos)
        }
        let tokens = tokenizer.encode(text, addSpecialTokens: addSpecial, parseSpecial: chat)
        let pool = threads.map { ComputePool(threads: $0) } ?? .shared
        let session = llama.makeSession(contextLength: ctx ?? min(4096, llama.configuration.contextLength), pool: pool)
        let options = GenerationOptions(
            maxTokens: maxTokens,
            sampling: SamplingParameters(
                temperature: temperature, topK: topK, topP: topP, minP: minP, repetitionPenalty: repeatPenalty,
                frequencyPenalty: frequencyPenalty, presencePenalty: presencePenalty, penaltyLastN: repeatLastN,
                seed: seed, logitBias: biases),
            stopStrings: stop)
        let start = Date()
        var firstTokenAt: Date?
        var count = 0
        let out = FileHandle.standardOutput
        for try await chunk in session.generate(prompt: tokens, options: options) {
            if chunk.token != nil {
                count += 1
                if firstTokenAt == nil { firstTokenAt = Date() }
            }
            out.write(Data(chunk.text.utf8))
        }
        let end = Date()
        let decodeSeconds = firstTokenAt.map { end.timeIntervalSince($0) } ?? 0
        let speed = count > 1 && decodeSeconds > 0 ? Double(count - 1) / decodeSeconds : 0
        let promptSeconds = (firstTokenAt ?? end).timeIntervalSince(start)
        FileHandle.standardError.write(Data(String(
            format: "\n[prompt %d tokens in %.2f s; generated %d tokens, %.1f tokens/s]\n", tokens.count, promptSeconds,
            count, speed).utf8))
    }

    private func resolveTemplate(_ llama: LlamaModel) throws -> ChatTemplate {
        if let template {
            if let builtIn = ChatTemplate(builtIn: template) { return builtIn }
            return try ChatTemplate(source: String(contentsOfFile: template, encoding: .utf8))
        }
        if let source = llama.chatTemplate { return try ChatTemplate(source: source) }
        return ChatTemplate(builtIn: "chatml")!
    }
}
