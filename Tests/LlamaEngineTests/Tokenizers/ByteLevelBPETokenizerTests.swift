import LlamaEngine
import Testing

@Test(
    "byte-level BPE matches Hugging Face tokenizers for each pre-tokenizer",
    arguments: ["llama-bpe", "qwen2", "smollm", "default", "gpt-2"])
func byteLevelBPEMatchesHuggingFace(pre: String) throws {
    var vocabulary = try TokenizerFixtures.vocabulary("bpe-vocab.gguf")
    vocabulary.preTokenizer = pre
    let tokenizer = try vocabulary.makeTokenizer()
    let expected = TokenizerFixtures.byteLevelIDs(pre)
    #expect(expected.count == TokenizerFixtures.texts.count)
    for (text, ids) in zip(TokenizerFixtures.texts, expected) {
        #expect(tokenizer.encode(text, addSpecialTokens: false) == ids, "\(pre): \(text.debugDescription)")
    }
}

@Test("byte-level BPE decodes every text back exactly")
func byteLevelBPERoundTrips() throws {
    let tokenizer = try TokenizerFixtures.vocabulary("bpe-vocab.gguf").makeTokenizer()
    for text in TokenizerFixtures.texts {
        #expect(tokenizer.decode(tokenizer.encode(text, addSpecialTokens: false)) == text)
    }
}

@Test("special tokens are recognised only when asked, and BOS follows the file")
func byteLevelBPESpecialTokens() throws {
    let vocabulary = try TokenizerFixtures.vocabulary("bpe-vocab.gguf")
    let tokenizer = try vocabulary.makeTokenizer()
    let bos = try #require(vocabulary.bos), eot = try #require(vocabulary.eot)
    let parsed = tokenizer.encode("<|begin_of_text|>hi<|eot_id|>", addSpecialTokens: true, parseSpecial: true)
    #expect(parsed.first == bos && parsed[1] == bos && parsed.last == eot)
    let plain = tokenizer.encode("<|eot_id|>", addSpecialTokens: false, parseSpecial: false)
    #expect(!plain.contains(eot) && plain.count > 1)
    #expect(tokenizer.decode(parsed) == "hi")
    #expect(tokenizer.decode(parsed, renderSpecial: true) == "<|begin_of_text|><|begin_of_text|>hi<|eot_id|>")
    #expect(vocabulary.endOfGenerationTokens.contains(eot))
}

@Test("the streaming decoder holds back a character split across byte tokens")
func streamingDecoderHoldsPartialCharacters() throws {
    let tokenizer = try TokenizerFixtures.vocabulary("bpe-vocab.gguf").makeTokenizer()
    let text = "Emoji 👨‍👩‍👧 and 日本語 and é"
    let ids = tokenizer.encode(text, addSpecialTokens: false)
    var decoder = StreamingTextDecoder(tokenizer: tokenizer)
    var streamed = ""
    for id in ids {
        let piece = decoder.append(id)
        #expect(!piece.contains("\u{FFFD}"))
        streamed += piece
    }
    streamed += decoder.finish()
    #expect(streamed == text)
}

@Test("the pre-tokenizer splits like the Llama 3 regex")
func llama3PreTokenizerSplits() throws {
    let tokenizer = try TokenizerFixtures.vocabulary("bpe-vocab.gguf").makeTokenizer()
    // Every piece of a word split by the regex decodes to a contiguous part of the text.
    for text in ["I'M here 12345  \n\n x", "  (foo)bar\r\n\r\n"] {
        let ids = tokenizer.encode(text, addSpecialTokens: false)
        #expect(ids.map { tokenizer.decode([$0]) }.joined() == text)
    }
}
