import Foundation
import LlamaEngine
import Testing

/// Parity of the embedder with independent references on the committed sentence set
/// (Fixtures/): the float numpy BERT (`bert_ref.py`) and llama.cpp on the same GGUF file.
@Suite("BERT embedder", .serialized)
struct BertEmbedderTests {
    static let dimension = 384

    /// Worst cosine between our embeddings of the sentences at `indices` and `expected` rows.
    static func worstCosine(
        _ embedder: BertEmbedder, _ sentences: [String], indices: [Int], expected: [[Float]]
    ) throws -> (cosine: Float, sentence: String) {
        let vectors = try embedder.embed(indices.map { sentences[$0] })
        var worst: (Float, String) = (1, "")
        for (vector, (index, reference)) in zip(vectors, zip(indices, expected)) {
            let cosine = BERTFixtures.cosine(vector, reference)
            if cosine < worst.0 { worst = (cosine, sentences[index]) }
        }
        return worst
    }

    @Test("the default Q8_0 model agrees with the float reference on every sentence (cosine ≥ 0.999)")
    func defaultModelMatchesReference() throws {
        let embedder = try BertEmbedder(model: BERTFixtures.defaultModel())
        #expect(embedder.dimension == Self.dimension)
        #expect(embedder.pooling == .mean)
        let sentences = try BERTFixtures.sentences()
        let reference = try BERTFixtures.embeddings("reference-embeddings.f32", dimension: Self.dimension)
        let worst = try Self.worstCosine(
            embedder, sentences, indices: Array(sentences.indices), expected: reference)
        #expect(worst.cosine >= 0.999, "\(worst.cosine) on \(worst.sentence.prefix(60))")
    }

    /// One converted file per type, checked on every fifth sentence (short, long, CJK and
    /// code all appear) against two oracles: the float reference (`bert_ref.py`, what the
    /// weights should give) and llama.cpp's embeddings of the very same file
    /// (`make_llama_cpp_goldens.py`, what another engine makes of our bytes). Both are fed
    /// Hugging Face's token ids, so the tokenizer is not under test here.
    ///
    /// Measured worst cosines (44 sentences, 2026-11-22), against the reference / llama.cpp:
    /// F32 1.000000 / 0.999998, F16 1.000000 / 0.999998, Q8_0 0.99971 / 0.99943,
    /// Q4_0 0.92954 / 0.99941. Against llama.cpp the file is the same, so only arithmetic
    /// differs (its GELU is the tanh approximation, ours erf; it rounds activations to Q8_0
    /// for quantized weights where we expand weights to F32): 0.9999 for float files, 0.999
    /// for quantized ones. Against the reference, issue 4's bounds, except Q4_0: its loss is
    /// the format's, not ours. llama.cpp on the same Q4_0 file measures 0.92975, and a numpy
    /// BERT with every matrix round-tripped through gguf-py's Q4_0 quantiser 0.9295; 0.92
    /// keeps a regression visible (see docs/embedder.md, "Q4_0").
    @Test(
        "each conversion agrees with the float reference and with llama.cpp on the same file",
        arguments: [
            ConversionCase(.f32, reference: 0.9999, llamaCpp: 0.9999),
            ConversionCase(.f16, reference: 0.999, llamaCpp: 0.9999),
            ConversionCase(.q8_0, reference: 0.999, llamaCpp: 0.999),
            ConversionCase(.q4_0, reference: 0.92, llamaCpp: 0.999),
        ])
    func conversionsMatchReferences(_ check: ConversionCase) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("bert-\(check.type.rawValue)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("model.gguf")
        try BertConverter.convert(directory: BERTFixtures.huggingFaceDirectory(), to: file, type: check.type)
        let embedder = try BertEmbedder(model: file)

        let ids = try BERTFixtures.tokenIDs().tokenIds
        let indices = Array(stride(from: 0, to: ids.count, by: BERTFixtures.conversionStep))
        let vectors = try embedder.embed(tokens: indices.map { ids[$0] })
        let reference = try BERTFixtures.embeddings("reference-embeddings.f32", dimension: Self.dimension)
        let llamaCpp = try BERTFixtures.halfEmbeddings(
            "llama-cpp-\(check.type.rawValue).f16", dimension: Self.dimension)
        try #require(llamaCpp.count == indices.count)

        let worstReference = zip(vectors, indices).map { BERTFixtures.cosine($0, reference[$1]) }.min()!
        let worstLlamaCpp = zip(vectors, llamaCpp).map { BERTFixtures.cosine($0, $1) }.min()!
        #expect(worstReference >= check.reference, "\(check.type) against the float reference")
        #expect(worstLlamaCpp >= check.llamaCpp, "\(check.type) against llama.cpp")
    }

    @Test("a sentence gets the same vector alone as in a batch of different lengths")
    func batchingIsInvisible() throws {
        let embedder = try BertEmbedder(model: BERTFixtures.defaultModel(), threads: 2)
        let texts = ["short", String(repeating: "a longer sentence with more words ", count: 20), "東京 café 42"]
        let together = try embedder.embed(texts)
        for (text, vector) in zip(texts, together) {
            let alone = try embedder.embed([text])[0]
            #expect(BERTFixtures.cosine(alone, vector) >= 0.99999)
            let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-4)
        }
        #expect(try embedder.embed([]).isEmpty)
    }

    @Test("truncates texts at the model's context")
    func truncates() throws {
        let embedder = try BertEmbedder(model: BERTFixtures.defaultModel())
        let long = String(repeating: "word ", count: 2000)
        #expect(embedder.tokenCount(long) == embedder.maxTokens)
        #expect(try embedder.embed([long])[0].count == Self.dimension)
    }
}

/// A converted type and its minimum cosines against the two oracles.
struct ConversionCase: Sendable, CustomTestStringConvertible {
    var type: BertConverter.OutputType
    var reference: Float
    var llamaCpp: Float

    init(_ type: BertConverter.OutputType, reference: Float, llamaCpp: Float) {
        self.type = type
        self.reference = reference
        self.llamaCpp = llamaCpp
    }

    var testDescription: String { type.rawValue }
}
