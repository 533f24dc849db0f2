import LlamaEngine
import Testing

@Test("SentencePiece BPE with byte fallback matches Hugging Face tokenizers")
func sentencePieceMatchesHuggingFace() throws {
    let tokenizer = try TokenizerFixtures.vocabulary("spm-vocab.gguf").makeTokenizer()
    let expected = TokenizerFixtures.sentencePieceIDs
    #expect(expected.count == TokenizerFixtures.texts.count)
    for (text, ids) in zip(TokenizerFixtures.texts, expected) {
        #expect(tokenizer.encode(text, addSpecialTokens: false) == ids, "\(text.debugDescription)")
    }
}

@Test("SentencePiece decodes every text back exactly, leading space included")
func sentencePieceRoundTrips() throws {
    let tokenizer = try TokenizerFixtures.vocabulary("spm-vocab.gguf").makeTokenizer()
    for text in TokenizerFixtures.texts {
        #expect(tokenizer.decode(tokenizer.encode(text, addSpecialTokens: true)) == text, "\(text.debugDescription)")
    }
}

@Test("SentencePiece adds BOS as the file says and falls back to byte tokens")
func sentencePieceBOSAndByteFallback() throws {
    let vocabulary = try TokenizerFixtures.vocabulary("spm-vocab.gguf")
    let tokenizer = try vocabulary.makeTokenizer()
    let ids = tokenizer.encode("🤖", addSpecialTokens: true)
    #expect(ids.first == vocabulary.bos)
    // The robot is not in a 3000-token vocabulary: its four UTF-8 bytes become <0xNN> tokens.
    let bytes = ids.dropFirst().map { vocabulary.tokens[Int($0)] }.filter { $0.hasPrefix("<0x") }
    #expect(bytes == ["<0xF0>", "<0x9F>", "<0xA4>", "<0x96>"])
    #expect(tokenizer.encode("", addSpecialTokens: false).isEmpty)
}
