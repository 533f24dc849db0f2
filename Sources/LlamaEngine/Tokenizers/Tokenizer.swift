/// Turns text into a model's token ids and back. WordPiece (BERT), SentencePiece-style BPE and
/// byte-level BPE tokenizers conform; each is built from a GGUF file's vocabulary.
public protocol Tokenizer: Sendable {
    /// Number of tokens in the vocabulary.
    var vocabularySize: Int { get }

    /// Token ids for `text`. With `addSpecialTokens`, adds what the model expects around a
    /// sequence (`[CLS] ... [SEP]` for BERT, BOS for LLaMA when the file says so).
    func encode(_ text: String, addSpecialTokens: Bool) -> [Int32]

    /// Text for `tokens`, exactly as the model would produce it.
    func decode(_ tokens: [Int32]) -> String
}
