import Foundation
import LlamaEngine

/// Vocabulary-only GGUF files and Hugging Face token ids written by
/// Fixtures/make_tokenizer_fixtures.py.
enum TokenizerFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func vocabulary(_ name: String) throws -> TokenVocabulary {
        try TokenVocabulary(gguf: GGUFFile(path: directory.appendingPathComponent(name).path))
    }

    static let texts: [String] = {
        let data = try! Data(contentsOf: directory.appendingPathComponent("texts.json"))
        return try! JSONSerialization.jsonObject(with: data) as! [String]
    }()

    private struct Goldens: Decodable {
        var bpe: [String: [[Int32]]]
        var spm: [[Int32]]
    }

    private static let goldens: Goldens = {
        let data = try! Data(contentsOf: directory.appendingPathComponent("goldens.json"))
        return try! JSONDecoder().decode(Goldens.self, from: data)
    }()

    /// Hugging Face's ids for `texts` under the byte-level pre-tokenizer `pre`.
    static func byteLevelIDs(_ pre: String) -> [[Int32]] { goldens.bpe[pre] ?? [] }

    /// Hugging Face's ids for `texts` with the SentencePiece-style vocabulary.
    static var sentencePieceIDs: [[Int32]] { goldens.spm }
}
