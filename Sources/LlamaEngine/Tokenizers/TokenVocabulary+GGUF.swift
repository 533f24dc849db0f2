extension TokenVocabulary {
    /// The vocabulary a GGUF file's `tokenizer.ggml.*` keys describe.
    ///
    /// ```swift
    /// let tokenizer = try TokenVocabulary(gguf: GGUFFile(path: "model.gguf")).makeTokenizer()
    /// ```
    public init(gguf file: GGUFFile) throws {
        let modelName = try file.requiredString(.tokenizerModel)
        guard let model = TokenizerModel(rawValue: modelName) else {
            throw LlamaEngineError(
                .unsupported, "tokenizer '\(modelName)' is not a generative tokenizer (llama or gpt2)",
                path: file.path, key: GGUFKey.tokenizerModel.name)
        }
        let tokens = try file.requiredStrings(.tokens)
        let kinds = try (file.ints(.tokenTypes) ?? []).map { TokenKind(rawValue: Int32($0)) ?? .normal }
        func id(_ key: GGUFKey) throws -> Int32? {
            guard let value = try file.int(key), value >= 0, value < tokens.count else { return nil }
            return Int32(value)
        }
        self.init(
            model: model, tokens: tokens, scores: try file.floats(.tokenScores) ?? [], kinds: kinds,
            merges: try file.strings(.merges) ?? [], preTokenizer: try file.string(.tokenizerPre),
            bos: try id(.bosTokenID), eos: try id(.eosTokenID), eot: try id(.eotTokenID),
            unknown: try id(.unknownTokenID), addBOS: try file.bool(.addBOSToken),
            addEOS: try file.bool(.addEOSToken) ?? false,
            addSpacePrefix: try file.bool(.addSpacePrefix) ?? (model == .sentencePiece))
        if self.kinds.count != tokens.count {
            throw LlamaEngineError(
                .mismatch, "\(self.kinds.count) token types for \(tokens.count) tokens", path: file.path,
                key: GGUFKey.tokenTypes.name)
        }
        if model == .sentencePiece, scores.count != tokens.count {
            throw LlamaEngineError(
                .mismatch, "\(scores.count) scores for \(tokens.count) tokens", path: file.path,
                key: GGUFKey.tokenScores.name)
        }
    }
}
