extension WordPieceTokenizer {
    /// The tokenizer of a GGUF file whose `tokenizer.ggml.model` is `bert`, with llama.cpp's
    /// special-token keys (`[CLS]` is BOS; `[SEP]` is the separator, else EOS) and defaults
    /// when absent, truncating at `maxSequenceLength`.
    public init(file: GGUFFile, maxSequenceLength: Int? = nil) throws {
        let model = try file.requiredString(.tokenizerModel)
        guard model == "bert" else {
            throw LlamaEngineError(
                .unsupported, "tokenizer \(model) is not WordPiece (bert)", path: file.path,
                key: GGUFKey.tokenizerModel.name)
        }
        let tokens = try file.requiredStrings(.tokens)
        guard let types = try file.ints(.tokenTypes) else {
            throw LlamaEngineError(
                .missing, "no token types", path: file.path, key: GGUFKey.tokenTypes.name)
        }
        // llama.cpp's defaults for BERT vocabularies.
        let classifier = try file.int(.bosTokenID) ?? 101
        let separator = try file.int(.separatorTokenID) ?? file.int(.eosTokenID) ?? 102
        let unknown = try file.int(.unknownTokenID) ?? 100
        let padding = try file.int(.paddingTokenID) ?? 0
        // Files written before the key existed were uncased: llama.cpp lower-cased every BERT text.
        let lowercase = try file.bool(.normalizerLowercase) ?? true
        let stripAccents = try file.bool(.normalizerStripAccents)
        do {
            try self.init(
                tokens: tokens, tokenTypes: types.map { Int32(truncatingIfNeeded: $0) },
                specialTokens: SpecialTokens(
                    classifier: Int32(classifier), separator: Int32(separator),
                    unknown: Int32(unknown), padding: Int32(padding)),
                configuration: Configuration(
                    lowercase: lowercase, stripAccents: stripAccents,
                    maxSequenceLength: maxSequenceLength))
        } catch let error as LlamaEngineError {
            throw error.inFile(file.path)
        }
    }
}
