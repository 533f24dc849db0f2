import Foundation
import LlamaEngine
import Testing

/// llama.cpp's own token ids (llama-cpp-python, Fixtures/check_llama_cpp.py) for texts.json and
/// harder texts (code, runs of spaces and newlines, accents, emoji, CJK, numbers) on the
/// vocabulary fixtures.
private struct LlamaCppTokens: Decodable {
    var texts: [String]
    var bpe: [String: [[Int32]]]
    var spm: [[Int32]]

    static let goldens: LlamaCppTokens = {
        let url = TokenizerFixtures.directory.appendingPathComponent("llama_cpp_goldens.json")
        return try! JSONDecoder().decode(LlamaCppTokens.self, from: Data(contentsOf: url))
    }()
}

@Test(
    "byte-level BPE gives llama.cpp's ids for each pre-tokenizer",
    arguments: ["llama-bpe", "qwen2", "smollm", "default", "gpt-2"])
func byteLevelBPEMatchesLlamaCpp(pre: String) throws {
    var vocabulary = try TokenizerFixtures.vocabulary("bpe-vocab.gguf")
    vocabulary.preTokenizer = pre
    let tokenizer = try vocabulary.makeTokenizer()
    let goldens = LlamaCppTokens.goldens
    let expected = try #require(goldens.bpe[pre])
    #expect(expected.count == goldens.texts.count)
    for (text, ids) in zip(goldens.texts, expected) {
        #expect(tokenizer.encode(text, addSpecialTokens: false) == ids, "\(pre): \(text.debugDescription)")
    }
}

@Test("SentencePiece BPE gives llama.cpp's ids")
func sentencePieceMatchesLlamaCpp() throws {
    let tokenizer = try TokenizerFixtures.vocabulary("spm-vocab.gguf").makeTokenizer()
    let goldens = LlamaCppTokens.goldens
    #expect(goldens.spm.count == goldens.texts.count)
    for (text, ids) in zip(goldens.texts, goldens.spm) {
        #expect(tokenizer.encode(text, addSpecialTokens: false) == ids, "\(text.debugDescription)")
    }
}
