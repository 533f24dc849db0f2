/// How llama.cpp classifies a vocabulary entry (`tokenizer.ggml.token_type`).
public enum TokenKind: Int32, Sendable {
    case undefined = 0, normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5, byte = 6
}

/// The tokenizer algorithm a GGUF file names in `tokenizer.ggml.model`.
public enum TokenizerModel: String, Sendable {
    /// SentencePiece-style BPE over scores, with `<0xNN>` byte fallback (Llama 2, Mistral, TinyLlama).
    case sentencePiece = "llama"
    /// Byte-level BPE over ranked merges (Llama 3, SmolLM, Qwen).
    case byteLevelBPE = "gpt2"
}

/// A model's vocabulary as a GGUF file stores it: token texts, scores, kinds, merges and the
/// special ids and flags that say how to wrap a sequence.
///
/// ```swift
/// let vocab = TokenVocabulary(model: .byteLevelBPE, tokens: tokens, kinds: kinds, merges: merges,
///                             preTokenizer: "llama-bpe")
/// let tokenizer = try vocab.makeTokenizer()
/// ```
public struct TokenVocabulary: Sendable {
    public var model: TokenizerModel
    /// Token texts, indexed by id.
    public var tokens: [String]
    /// SentencePiece merge scores (higher merges first); empty for byte-level BPE.
    public var scores: [Float]
    /// Kind of each token; all `.normal` when the file has no `token_type`.
    public var kinds: [TokenKind]
    /// Byte-level BPE merges, `"left right"`, in rank order.
    public var merges: [String]
    /// `tokenizer.ggml.pre`: names the pre-tokenizer regexes of a byte-level BPE.
    public var preTokenizer: String?
    public var bos: Int32?
    public var eos: Int32?
    /// End of turn (`<|eot_id|>`, `<|im_end|>`, `<end_of_turn>`...), where the file names one.
    public var eot: Int32?
    public var unknown: Int32?
    public var addBOS: Bool
    public var addEOS: Bool
    /// SentencePiece: prefix the text with a space (as `▁`) before tokenizing.
    public var addSpacePrefix: Bool

    public init(
        model: TokenizerModel, tokens: [String], scores: [Float] = [], kinds: [TokenKind] = [],
        merges: [String] = [], preTokenizer: String? = nil, bos: Int32? = nil, eos: Int32? = nil,
        eot: Int32? = nil, unknown: Int32? = nil, addBOS: Bool? = nil, addEOS: Bool = false,
        addSpacePrefix: Bool = true
    ) {
        self.model = model
        self.tokens = tokens
        self.scores = scores
        self.kinds = kinds.isEmpty ? Array(repeating: .normal, count: tokens.count) : kinds
        self.merges = merges
        self.preTokenizer = preTokenizer
        self.bos = bos
        self.eos = eos
        self.eot = eot
        self.unknown = unknown
        // llama.cpp's defaults when the file is silent: SentencePiece models add BOS.
        self.addBOS = addBOS ?? (model == .sentencePiece)
        self.addEOS = addEOS
        self.addSpacePrefix = addSpacePrefix
    }

    /// Ids that end a generation: EOS, EOT, and the usual end-of-turn texts present in the
    /// vocabulary as control tokens (llama.cpp does the same when the file names no EOT).
    public var endOfGenerationTokens: Set<Int32> {
        var ids = Set([eos, eot].compactMap { $0 })
        let known: Set<String> = ["<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "</s>", "<|eom_id|>"]
        for (id, text) in tokens.enumerated() where known.contains(text) && kinds[id] == .control {
            ids.insert(Int32(id))
        }
        return ids
    }

    /// The tokenizer this vocabulary describes.
    public func makeTokenizer() throws -> any LanguageModelTokenizer {
        guard kinds.count == tokens.count else {
            throw LlamaEngineError(.mismatch, "\(kinds.count) token types for \(tokens.count) tokens", key: GGUFKey.tokenTypes.name)
        }
        switch model {
        case .sentencePiece:
            guard scores.count == tokens.count else {
                throw LlamaEngineError(.mismatch, "\(scores.count) scores for \(tokens.count) tokens", key: GGUFKey.tokenScores.name)
            }
            return SentencePieceTokenizer(vocabulary: self)
        case .byteLevelBPE:
            return try ByteLevelBPETokenizer(vocabulary: self)
        }
    }
}
