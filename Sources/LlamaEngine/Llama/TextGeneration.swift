/// What to generate and when to stop.
public struct GenerationOptions: Sendable {
    public var maxTokens: Int
    public var sampling: SamplingParameters
    /// Generation ends before any of these strings, which are not returned.
    public var stopStrings: [String]
    /// End at the model's end-of-generation tokens (EOS, EOT...).
    public var stopAtEndOfGeneration: Bool

    public init(
        maxTokens: Int = 256, sampling: SamplingParameters = SamplingParameters(), stopStrings: [String] = [],
        stopAtEndOfGeneration: Bool = true
    ) {
        self.maxTokens = maxTokens
        self.sampling = sampling
        self.stopStrings = stopStrings
        self.stopAtEndOfGeneration = stopAtEndOfGeneration
    }
}

/// One step of a generation: the token sampled and the text it completes (possibly empty
/// while a character or a possible stop string is incomplete).
public struct GeneratedChunk: Sendable, Equatable {
    public var token: Int32?
    public var text: String
}

extension LlamaSession {
    /// Streams the continuation of `prompt` (appended to what the session holds already).
    ///
    /// ```swift
    /// let session = model.makeSession(contextLength: 2048)
    /// let prompt = model.tokenizer.encode("Once upon a time", addSpecialTokens: true)
    /// for try await chunk in session.generate(prompt: prompt, options: GenerationOptions(maxTokens: 64)) {
    ///     print(chunk.text, terminator: "")
    /// }
    /// ```
    public func generate(prompt: [Int32], options: GenerationOptions) -> AsyncThrowingStream<GeneratedChunk, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task.detached { [self] in
                do {
                    try self.runGeneration(prompt: prompt, options: options) { chunk in
                        continuation.yield(chunk)
                        return !Task.isCancelled
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The generation loop; `emit` returns false to stop early.
    func runGeneration(prompt: [Int32], options: GenerationOptions, emit: (GeneratedChunk) -> Bool) throws {
        let tokenizer = model.tokenizer
        let endTokens = options.stopAtEndOfGeneration ? tokenizer.vocabulary.endOfGenerationTokens : []
        var sampler = Sampler(options.sampling)
        var decoder = StreamingTextDecoder(tokenizer: tokenizer)
        var stops = StopSequenceMatcher(options.stopStrings)
        var history = tokens + prompt
        var logits = try evaluate(prompt)
        for step in 0..<options.maxTokens {
            let token = sampler.sample(logits, history: history)
            if endTokens.contains(token) { break }
            history.append(token)
            let (text, stopped) = stops.append(decoder.append(token))
            if !emit(GeneratedChunk(token: token, text: text)) || stopped { return }
            if step + 1 < options.maxTokens { logits = try evaluate([token]) }
        }
        let (tail, _) = stops.append(decoder.finish())
        let rest = tail + stops.finish()
        if !rest.isEmpty { _ = emit(GeneratedChunk(token: nil, text: rest)) }
    }
}
