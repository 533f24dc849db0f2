/// A GGUF metadata key. Every key the engine reads or writes is named once, here, exactly as
/// llama.cpp spells it (gguf-py `constants.py`, `llama-arch.cpp`). Keys that depend on the
/// architecture are functions of it: `GGUFKey.contextLength("llama")` is
/// `llama.context_length`.
///
/// ```swift
/// let layers = try file.requiredInt(.blockCount(arch))
/// let tokens = try file.strings(.tokens) ?? []
/// ```
public struct GGUFKey: Hashable, Sendable, CustomStringConvertible {
    /// The key as it appears in the file.
    public let name: String

    public init(_ name: String) { self.name = name }

    public var description: String { name }

    private static func arch(_ arch: String, _ suffix: String) -> GGUFKey {
        GGUFKey("\(arch).\(suffix)")
    }

    // MARK: general

    public static let architecture = GGUFKey("general.architecture")
    public static let modelName = GGUFKey("general.name")
    /// `model` for model files (gguf-py's `GGUFType.MODEL`).
    public static let fileKind = GGUFKey("general.type")
    public static let alignment = GGUFKey("general.alignment")
    public static let fileType = GGUFKey("general.file_type")
    public static let quantizationVersion = GGUFKey("general.quantization_version")

    // MARK: {arch}.*

    public static func vocabSize(_ a: String) -> GGUFKey { arch(a, "vocab_size") }
    public static func contextLength(_ a: String) -> GGUFKey { arch(a, "context_length") }
    public static func embeddingLength(_ a: String) -> GGUFKey { arch(a, "embedding_length") }
    public static func blockCount(_ a: String) -> GGUFKey { arch(a, "block_count") }
    public static func feedForwardLength(_ a: String) -> GGUFKey {
        arch(a, "feed_forward_length")
    }
    public static func poolingType(_ a: String) -> GGUFKey { arch(a, "pooling_type") }
    public static func headCount(_ a: String) -> GGUFKey { arch(a, "attention.head_count") }
    public static func headCountKV(_ a: String) -> GGUFKey { arch(a, "attention.head_count_kv") }
    public static func keyLength(_ a: String) -> GGUFKey { arch(a, "attention.key_length") }
    public static func valueLength(_ a: String) -> GGUFKey { arch(a, "attention.value_length") }
    public static func layerNormEpsilon(_ a: String) -> GGUFKey {
        arch(a, "attention.layer_norm_epsilon")
    }
    public static func layerNormRMSEpsilon(_ a: String) -> GGUFKey {
        arch(a, "attention.layer_norm_rms_epsilon")
    }
    public static func causal(_ a: String) -> GGUFKey { arch(a, "attention.causal") }
    public static func ropeDimensionCount(_ a: String) -> GGUFKey {
        arch(a, "rope.dimension_count")
    }
    public static func ropeFreqBase(_ a: String) -> GGUFKey { arch(a, "rope.freq_base") }
    /// `none`, `linear`, `yarn` or `longrope`. Llama 3.1/3.2 frequency scaling is not a key:
    /// llama.cpp's converter stores it as the `rope_freqs.weight` tensor.
    public static func ropeScalingType(_ a: String) -> GGUFKey { arch(a, "rope.scaling.type") }
    public static func ropeScalingFactor(_ a: String) -> GGUFKey {
        arch(a, "rope.scaling.factor")
    }
    public static func ropeScalingAttnFactor(_ a: String) -> GGUFKey {
        arch(a, "rope.scaling.attn_factor")
    }
    public static func ropeScalingOriginalContextLength(_ a: String) -> GGUFKey {
        arch(a, "rope.scaling.original_context_length")
    }
    public static func ropeScalingFinetuned(_ a: String) -> GGUFKey {
        arch(a, "rope.scaling.finetuned")
    }

    // MARK: tokenizer.*

    /// `llama` (SentencePiece BPE), `gpt2` (byte-level BPE), `bert` (WordPiece), ...
    public static let tokenizerModel = GGUFKey("tokenizer.ggml.model")
    /// The pre-tokenizer name for byte-level BPE (`llama-bpe`, `default`, `smollm`, `qwen2`...).
    public static let tokenizerPre = GGUFKey("tokenizer.ggml.pre")
    public static let tokens = GGUFKey("tokenizer.ggml.tokens")
    public static let tokenScores = GGUFKey("tokenizer.ggml.scores")
    public static let tokenTypes = GGUFKey("tokenizer.ggml.token_type")
    public static let tokenTypeCount = GGUFKey("tokenizer.ggml.token_type_count")
    public static let merges = GGUFKey("tokenizer.ggml.merges")
    public static let bosTokenID = GGUFKey("tokenizer.ggml.bos_token_id")
    public static let eosTokenID = GGUFKey("tokenizer.ggml.eos_token_id")
    public static let eotTokenID = GGUFKey("tokenizer.ggml.eot_token_id")
    public static let eomTokenID = GGUFKey("tokenizer.ggml.eom_token_id")
    public static let unknownTokenID = GGUFKey("tokenizer.ggml.unknown_token_id")
    /// Spelled `seperator` in llama.cpp, and so in every GGUF file.
    public static let separatorTokenID = GGUFKey("tokenizer.ggml.seperator_token_id")
    public static let paddingTokenID = GGUFKey("tokenizer.ggml.padding_token_id")
    public static let maskTokenID = GGUFKey("tokenizer.ggml.mask_token_id")
    public static let addBOSToken = GGUFKey("tokenizer.ggml.add_bos_token")
    public static let addEOSToken = GGUFKey("tokenizer.ggml.add_eos_token")
    public static let addSEPToken = GGUFKey("tokenizer.ggml.add_sep_token")
    public static let addSpacePrefix = GGUFKey("tokenizer.ggml.add_space_prefix")
    public static let removeExtraWhitespaces = GGUFKey("tokenizer.ggml.remove_extra_whitespaces")
    public static let chatTemplate = GGUFKey("tokenizer.chat_template")
    /// BERT normaliser flags; strip_accents follows lowercase when absent.
    public static let normalizerLowercase = GGUFKey("tokenizer.ggml.normalizer.lowercase")
    public static let normalizerStripAccents = GGUFKey("tokenizer.ggml.normalizer.strip_accents")
}
