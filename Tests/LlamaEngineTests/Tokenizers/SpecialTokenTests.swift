import LlamaEngine
import Testing

/// A hand-made SentencePiece vocabulary: every needed piece is a token, so ids are predictable.
private func vocabulary() -> TokenVocabulary {
    let tokens = ["<unk>", "<s>", "</s>", "<|im_end|>", "[TOOL]", "\u{2581}", "a", "b", "\u{2581}a", "\u{2581}b"]
    let kinds: [TokenKind] = [.unknown, .control, .control, .control, .userDefined, .normal, .normal, .normal, .normal, .normal]
    return TokenVocabulary(
        model: .sentencePiece, tokens: tokens, scores: [0, 0, 0, 0, 0, -3, -3, -3, -1, -1], kinds: kinds, bos: 1, eos: 2,
        unknown: 0)
}

@Test("user-defined tokens are always split out; control tokens only with parseSpecial")
func specialTokenPartition() throws {
    let tokenizer = try vocabulary().makeTokenizer()
    // "[TOOL]" is user-defined: recognised even without parseSpecial, and the text after it
    // starts a new piece with its own space prefix, as in llama.cpp.
    #expect(tokenizer.encode("a[TOOL]b", addSpecialTokens: false, parseSpecial: false) == [8, 4, 9])
    #expect(tokenizer.encode("a<|im_end|>b", addSpecialTokens: true, parseSpecial: true) == [1, 8, 3, 9])
    #expect(!tokenizer.encode("a<|im_end|>", addSpecialTokens: false, parseSpecial: false).contains(3))
    #expect(tokenizer.vocabulary.endOfGenerationTokens == [2, 3])
    #expect(tokenizer.decode([1, 8, 3, 9]) == "a b")
    #expect(tokenizer.decode([1, 8, 3, 9], renderSpecial: true) == "<s> a<|im_end|> b")
}

@Test("a vocabulary whose arrays disagree is rejected")
func mismatchedVocabularyIsRejected() {
    var v = vocabulary()
    v.scores.removeLast()
    #expect(throws: LlamaEngineError.self) { try v.makeTokenizer() }
}
