import Foundation
import LlamaEngine
import Testing

/// Questions embed on AMX bf16 tiles (few tokens) while ingest batches stay on f32 sgemm:
/// retrieval compares the two, so the tiles must not move a question's vector.
@Suite("BERT embedder on AMX tiles", .serialized, .enabled(if: BF16TileWeights.available, "needs AMX-BF16"))
struct BertEmbedderTilesTests {
    /// The retrieval evaluation's questions (eval/questions.jsonl).
    static func questions() throws -> [String] {
        struct Line: Decodable { var q: String }
        let url = BERTFixtures.repositoryRoot.appendingPathComponent("eval/questions.jsonl")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(Line.self, from: Data($0.utf8)).q
        }
    }

    @Test("every evaluation question embeds within cosine 0.99999 of the f32 FMA kernel")
    func questionsMatchFMAKernel() throws {
        let model = try BERTFixtures.defaultModel()
        let tiled = try BertEmbedder(model: model, threads: 1, tiles: true)
        let plain = try BertEmbedder(model: model, threads: 1, tiles: false)
        let questions = try Self.questions()
        try #require(questions.count >= 60)
        var worst: (Float, String) = (1, "")
        for question in questions {
            let cosine = BERTFixtures.cosine(try tiled.embed([question])[0], try plain.embed([question])[0])
            if cosine < worst.0 { worst = (cosine, question) }
        }
        #expect(worst.0 >= 0.99999, "\(worst.0) on \(worst.1)")
    }
}
