import Foundation
import LlamaEngine
import Testing

@Suite("WordPiece tokenizer")
struct WordPieceTokenizerTests {
    /// A tiny vocabulary in GGUF form: `▁` marks word-initial pieces.
    static func tiny(maxSequenceLength: Int? = nil) throws -> WordPieceTokenizer {
        let tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "▁play", "ing", "▁un", "aff", "able", "▁,", "▁!", "▁cafe", "▁東", "▁a"]
        let types: [Int32] = [3, 3, 3, 3, 3] + Array(repeating: 1, count: tokens.count - 5)
        return try WordPieceTokenizer(
            tokens: tokens, tokenTypes: types,
            specialTokens: .init(classifier: 2, separator: 3, unknown: 1, padding: 0),
            configuration: .init(maxSequenceLength: maxSequenceLength))
    }

    @Test("splits words into the longest pieces first")
    func longestMatchFirst() throws {
        let tokenizer = try Self.tiny()
        #expect(tokenizer.encode("Playing unaffable!", addSpecialTokens: true) == [2, 5, 6, 7, 8, 9, 11, 3])
    }

    @Test("lower-cases, strips accents and isolates CJK characters")
    func normalises() throws {
        let tokenizer = try Self.tiny()
        #expect(tokenizer.encode("CAFÉ東a", addSpecialTokens: false) == [12, 13, 14])
    }

    @Test("turns a word with no matching piece into one [UNK]")
    func unknownWord() throws {
        let tokenizer = try Self.tiny()
        #expect(tokenizer.encode("playx, play", addSpecialTokens: false) == [1, 10, 5])
    }

    /// `ing` after `[MASK]` starts a word, and `[mask]` is not a control token: `[`, `mask`, `]`.
    @Test("recognises control tokens written in the text")
    func controlTokensInText() throws {
        let tokenizer = try Self.tiny()
        #expect(tokenizer.encode("play[MASK]ing [mask]", addSpecialTokens: false) == [5, 4, 1, 1, 1, 1])
    }

    @Test("truncates to the maximum length, keeping [CLS] and [SEP]")
    func truncates() throws {
        let tokenizer = try Self.tiny(maxSequenceLength: 4)
        #expect(tokenizer.encode("play play play play", addSpecialTokens: true) == [2, 5, 5, 3])
        #expect(tokenizer.tokenCount("play play play play") == 4)
    }

    @Test("decodes pieces back into words")
    func decodes() throws {
        let tokenizer = try Self.tiny()
        #expect(tokenizer.decode([2, 5, 6, 7, 8, 9, 11, 3]) == "playing unaffable!")
    }

    @Test("gives Hugging Face's ids on every parity sentence")
    func matchesHuggingFace() throws {
        let vocabulary = try HuggingFaceVocabulary(directory: BERTFixtures.huggingFaceDirectory(), vocabularySize: 30522)
        let golden = try BERTFixtures.tokenIDs()
        let tokenizer = try vocabulary.tokenizer(maxSequenceLength: golden.maxLength)
        let sentences = try BERTFixtures.sentences()
        #expect(sentences.count == golden.tokenIds.count)
        #expect(sentences.count >= 200)
        for (sentence, expected) in zip(sentences, golden.tokenIds) {
            #expect(tokenizer.encode(sentence, addSpecialTokens: true) == expected, "\(sentence.prefix(80))")
        }
    }
}
