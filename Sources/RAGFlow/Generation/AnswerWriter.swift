import Foundation
import LlamaEngine
import Logging

/// The generator stage: writes the answer to a question from the retrieved chunks and checks
/// its citations.
///
/// With a `llama` generator whose model file exists, the answer comes from that model: the
/// prompt builder fits the sources into its context, the model's chat template renders the
/// messages, and the text streams to `onText` as it is generated. Otherwise (an `extractive`
/// generator, or a model file that is missing) the ``ExtractiveGenerator`` answers and says so.
/// Either way every `[n]` is checked against the source it names.
///
/// ```swift
/// let writer = AnswerWriter(generator: spec.generator, promptBuilder: spec.promptBuilder, logger: logger)
/// let answer = try await writer.answer(question: q, sources: retrieved) { print($0, terminator: "") }
/// print(answer.generator, answer.citations)
/// ```
public final class AnswerWriter: Sendable {
    public let generator: GeneratorSettings
    public let promptBuilder: PromptBuilderSettings
    /// Embeds texts for the citation check and the extractive generator; `nil` checks words only.
    public let embedding: TextEmbedding?
    let logger: Logger
    private let model: LlamaModel?
    /// Why the configured model is not used, when it is not.
    public let fallbackReason: String?

    /// Prepares the stage: maps the generator model when one is configured and present.
    /// A model that exists but cannot be loaded is an error; a missing one falls back.
    public init(
        generator: GeneratorSettings?, promptBuilder: PromptBuilderSettings?, embedding: TextEmbedding? = nil,
        logger: Logger = Logger(label: "ragflow.answer")
    ) throws {
        self.generator = generator ?? .extractive(ExtractiveGeneratorSettings())
        self.promptBuilder = promptBuilder ?? PromptBuilderSettings()
        self.embedding = embedding
        self.logger = logger
        guard case .llama(let settings) = self.generator else {
            model = nil
            fallbackReason = nil
            return
        }
        guard FileManager.default.fileExists(atPath: settings.model) else {
            model = nil
            fallbackReason = "generator model \(settings.model) not found; the extractive generator answers"
            logger.warning("\(fallbackReason!)")
            return
        }
        let loaded: LlamaModel
        do {
            loaded = try LlamaModel(path: settings.model)
        } catch {
            throw RAGFlowError(.model, "cannot load the generator model: \(error)", file: settings.model)
        }
        let vocabularySize = loaded.tokenizer.vocabulary.tokens.count
        if let token = settings.logitBias.keys.sorted().first(where: { $0 >= vocabularySize }) {
            throw RAGFlowError(
                .invalidPipeline, "logit_bias names token \(token), beyond the model's \(vocabularySize) tokens",
                file: settings.model)
        }
        model = loaded
        fallbackReason = nil
    }

    /// The name the output gives the generator: `extractive` or the model's name.
    public var generatorName: String {
        guard let model else { return ExtractiveGenerator.name }
        return (try? model.file.string(.modelName)) ?? URL(fileURLWithPath: model.file.path).lastPathComponent
    }

    /// Answers `question` from `sources` (best first), streaming generated text to `onText`.
    public func answer(
        question: String, sources: [RetrievedChunk], onText: @Sendable (String) -> Void = { _ in }
    ) async throws -> Answer {
        let sources = Array(sources.prefix(promptBuilder.maxSources))
        guard let model, case .llama(let settings) = generator else {
            var options = ExtractiveGenerator.Options()
            if case .extractive(let extractive) = generator { options.maximumSentences = extractive.maxSentences }
            let answer = try ExtractiveGenerator(options: options, embedding: embedding).answer(question: question, sources: sources)
            onText(answer.text)
            return answer
        }
        return try await generate(question: question, sources: sources, model: model, settings: settings, onText: onText)
    }

    private func generate(
        question: String, sources: [RetrievedChunk], model: LlamaModel, settings: LlamaGeneratorSettings,
        onText: @Sendable (String) -> Void
    ) async throws -> Answer {
        let rendered = try renderPrompt(question: question, sources: sources, model: model, settings: settings)
        let tokens = rendered.tokens
        let contextLength = rendered.contextLength
        let room = contextLength - tokens.count
        guard room > 0 else {
            throw RAGFlowError(.model, "the prompt takes \(tokens.count) tokens, the whole context of \(contextLength)")
        }
        let pool = settings.threads > 0 ? ComputePool(threads: settings.threads) : ComputePool.shared
        let session = model.makeSession(contextLength: contextLength, pool: pool)
        let options = GenerationOptions(
            maxTokens: min(settings.maxTokens, room),
            sampling: SamplingParameters(
                temperature: Float(settings.temperature), topK: settings.topK, topP: Float(settings.topP),
                minP: Float(settings.minP), repetitionPenalty: Float(settings.repeatPenalty),
                frequencyPenalty: Float(settings.frequencyPenalty), presencePenalty: Float(settings.presencePenalty),
                penaltyLastN: settings.repeatLastN, seed: settings.seed ?? UInt64.random(in: 0...UInt64.max),
                logitBias: Dictionary(uniqueKeysWithValues: settings.logitBias.map { (Int32($0.key), Float($0.value)) })),
            stopStrings: settings.stop)
        var answerText = ""
        for try await chunk in session.generate(prompt: tokens, options: options) {
            try Task.checkCancellation()
            answerText += chunk.text
            if !chunk.text.isEmpty { onText(chunk.text) }
        }
        // Citations are checked against what the prompt actually numbered, not all retrieved.
        let report = try CitationChecker(embedding: embedding).check(answer: answerText, sources: rendered.prompt.sources)
        return Answer(text: answerText, generator: generatorName, report: report, sources: rendered.prompt.sources)
    }

    /// The prompt the generator model would be given for `question`: the built prompt, its text
    /// rendered through the chat template, and its tokens. `nil` without a generator model.
    package func renderedPrompt(question: String, sources: [RetrievedChunk]) throws -> RenderedPrompt? {
        guard let model, case .llama(let settings) = generator else { return nil }
        return try renderPrompt(
            question: question, sources: Array(sources.prefix(promptBuilder.maxSources)), model: model, settings: settings)
    }

    private func renderPrompt(
        question: String, sources: [RetrievedChunk], model: LlamaModel, settings: LlamaGeneratorSettings
    ) throws -> RenderedPrompt {
        let tokenizer = model.tokenizer
        let vocabulary = tokenizer.vocabulary
        let contextLength = min(settings.contextLength ?? model.configuration.contextLength, model.configuration.contextLength)
        let specialTokens = zip(vocabulary.tokens, vocabulary.kinds).filter { $0.1 == .control }.map(\.0)
        let answerTokens = min(settings.maxTokens, promptBuilder.answerTokenReserve)
        let chatTemplate = try model.chatTemplate.map { try ChatTemplate(source: $0) } ?? ChatTemplate(builtIn: "chatml")!
        let bos = vocabulary.bos.map { vocabulary.tokens[Int($0)] } ?? ""
        let eos = vocabulary.eos.map { vocabulary.tokens[Int($0)] } ?? ""
        func render(_ messages: [PromptMessage]) throws -> (text: String, tokens: [Int32]) {
            let text = try chatTemplate.render(
                messages.map { ChatMessage(role: $0.role.rawValue, content: $0.content) }, addGenerationPrompt: true,
                bosToken: bos, eosToken: eos)
            // Templates usually write BOS themselves; special tokens are parsed only in the
            // template's own text, since the sources were neutralised by the prompt builder.
            return (text, tokenizer.encode(text, addSpecialTokens: bos.isEmpty || !text.hasPrefix(bos), parseSpecial: true))
        }
        var builder = PromptBuilder(
            template: try promptTemplate(), contextWindow: contextLength, answerTokens: answerTokens,
            specialTokens: specialTokens, countTokens: { tokenizer.encode($0, addSpecialTokens: false).count })
        // The chat template's own text (role headers, BOS, the generation prompt) is what the
        // builder's per-message overhead stands for: measure it on empty messages.
        let empty = try render([PromptMessage(role: .system, content: ""), PromptMessage(role: .user, content: "")])
        builder.messageOverhead = (empty.tokens.count + 1) / 2
        var prompt = try builder.build(question: question, sources: sources)
        var (text, tokens) = try render(prompt.messages)
        // Tokens merge differently across the joins; when that overflows, shrink and rebuild.
        for _ in 0..<3 where tokens.count + answerTokens > contextLength {
            builder.contextWindow -= tokens.count + answerTokens - contextLength
            prompt = try builder.build(question: question, sources: sources)
            (text, tokens) = try render(prompt.messages)
        }
        return RenderedPrompt(prompt: prompt, text: text, tokens: tokens, contextLength: contextLength)
    }

    private func promptTemplate() throws -> PromptTemplate {
        guard let user = promptBuilder.template else { return .default }
        return try PromptTemplate(system: PromptTemplate.default.system, user: user)
    }
}

/// A prompt as the generator model reads it.
package struct RenderedPrompt: Sendable {
    /// The messages and the sources they number.
    package var prompt: Prompt
    /// The messages rendered through the model's chat template.
    package var text: String
    package var tokens: [Int32]
    /// The context the model runs with: the pipeline's `context_length` capped by the model's.
    package var contextLength: Int
}
