import Foundation

extension Pipeline {
    /// The chunks that best match `question`, best first, found by the pipeline's retriever:
    /// vector search, BM25 or both fused (hybrid, the default), with the question embedded by
    /// the pipeline's embedder. `mode`, `topK` and `filter` override the retriever's settings
    /// for this call. When vector search is unavailable (no model file, no vectors yet), the
    /// retriever falls back to BM25 and ``Retrieval/notes`` says why.
    ///
    /// ```swift
    /// let result = try flow.retrieve("varroa treatment", topK: 3)
    /// for chunk in result.chunks { print(chunk.source, chunk.score) }
    /// let pdfOnly = try flow.retrieve("varroa treatment", mode: .bm25, filter: try flow.filter(adding: ["type=pdf"]))
    /// ```
    public func retrieve(
        _ question: String, mode: RetrievalMode? = nil, topK: Int? = nil, filter: RetrievalFilter? = nil
    ) throws -> Retrieval {
        try currentRetriever().retrieve(question, mode: mode, topK: topK, filter: filter)
    }

    /// The retriever's filters from the pipeline with `KEY=VALUE` conditions added (`path=GLOB`,
    /// `type=pdf|html|markdown|text`, `modified_after=DATE`, `pages=N` or `N-M`), as
    /// `ragflow query --filter` takes them. Throws ``RAGFlowError/Kind/invalidArgument`` for an
    /// unknown key or a bad value.
    public func filter(adding conditions: [String]) throws -> RetrievalFilter {
        try (spec.retriever ?? RetrieverSettings()).filters.retrievalFilter.adding(conditions)
    }

    /// The generator stage that answers for this pipeline, its citation check comparing
    /// meaning (with the pipeline's embedder) as well as words. `generatorModel` names a LLaMA
    /// GGUF file that answers instead of the pipeline's generator. ``AnswerWriter/generatorName``
    /// and ``AnswerWriter/fallbackReason`` say who will answer before it starts.
    ///
    /// ```swift
    /// let writer = try flow.answerWriter()
    /// let answer = try await writer.answer(question: q, sources: try flow.retrieve(q).chunks)
    /// ```
    public func answerWriter(generatorModel: String? = nil) throws -> AnswerWriter {
        guard let generatorModel else {
            return try writer.withValue { cached in
                if let cached { return cached }
                let made = try makeWriter(generator: spec.generator)
                cached = made
                return made
            }
        }
        var generator = spec.generator
        if case .llama(var settings) = generator {
            settings.model = generatorModel
            generator = .llama(settings)
        } else {
            generator = .llama(LlamaGeneratorSettings(model: generatorModel))
        }
        return try makeWriter(generator: generator)
    }

    /// Answers `question` from the store: retrieves the best chunks (``retrieve(_:mode:topK:filter:)``
    /// with the same overrides), writes the answer with the pipeline's generator (the extractive
    /// one when no model is configured or found) and checks every `[n]` citation against the
    /// source it names, lexically and by embedding similarity. Generated text streams to
    /// `onText`. Honours task cancellation while generating.
    ///
    /// ```swift
    /// let answer = try await flow.query("At what mite count should we treat?")
    /// print(answer.text)
    /// for citation in answer.citations { print(citation) }
    /// ```
    public func query(
        _ question: String, mode: RetrievalMode? = nil, topK: Int? = nil, filter: RetrievalFilter? = nil,
        onText: @Sendable (String) -> Void = { _ in }
    ) async throws -> Answer {
        try Task.checkCancellation()
        let retrieval = try retrieve(question, mode: mode, topK: topK, filter: filter)
        for note in retrieval.notes { logger.notice("\(note)") }
        return try await answerWriter().answer(question: question, sources: retrieval.chunks, onText: onText)
    }

    private func makeWriter(generator: GeneratorSettings?) throws -> AnswerWriter {
        let embedding: TextEmbedding? = if case .success(let model) = embeddingModel() { model.embed } else { nil }
        return try AnswerWriter(generator: generator, promptBuilder: spec.promptBuilder, embedding: embedding, logger: logger)
    }

    /// The retriever over the store as it is now. One whose vector index opened is kept until
    /// the next ingest; one without vectors is not, so that vectors another process writes are
    /// found by the next query.
    private func currentRetriever() -> Retriever {
        retriever.withValue { cached in
            if let cached { return cached }
            let model = embeddingModel() ?? .failure(RAGFlowError(.model, "the pipeline has no embedder stage"))
            let made = Retriever(store: store, settings: spec.retriever ?? RetrieverSettings(), model: model)
            if made.vectorProblem == nil { cached = made }
            return made
        }
    }
}
