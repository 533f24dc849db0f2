import Foundation
import LlamaEngine
import Testing

/// The converter writes what llama.cpp's convert_hf_to_gguf.py writes for BertModel.
@Suite("BERT converter", .serialized)
struct BertConverterTests {
    static func convert(_ type: BertConverter.OutputType, from source: URL? = nil) throws -> (GGUFFile, URL) {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("convert-\(type.rawValue)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent("model.gguf")
        try BertConverter.convert(
            directory: source ?? BERTFixtures.huggingFaceDirectory(), to: url, type: type,
            name: "all-MiniLM-L6-v2")
        return (try GGUFFile(contentsOf: url), directory)
    }

    static let layerTensors = [
        "attn_q", "attn_k", "attn_v", "attn_output", "attn_output_norm", "ffn_up", "ffn_down",
        "layer_output_norm",
    ]

    @Test("writes llama.cpp's BERT tensor names, shapes and Q8_0 type choices")
    func tensorNamesAndTypes() throws {
        let (file, directory) = try Self.convert(.q8_0)
        defer { try? FileManager.default.removeItem(at: directory) }
        var expected: Set<String> = [
            "token_embd.weight", "token_types.weight", "position_embd.weight",
            "token_embd_norm.weight", "token_embd_norm.bias",
        ]
        for layer in 0..<6 {
            for name in Self.layerTensors {
                expected.insert("blk.\(layer).\(name).weight")
                expected.insert("blk.\(layer).\(name).bias")
            }
        }
        #expect(Set(file.tensorInfos.map(\.name)) == expected)
        for info in file.tensorInfos {
            let stays32 = info.shape.count == 1 || info.name.hasSuffix("_norm.weight")
                || info.name == "position_embd.weight" || info.name == "token_types.weight"
            #expect(info.type == (stays32 ? .f32 : .q8_0), "\(info.name)")
        }
        #expect(file.tensor("token_embd.weight")?.shape == [384, 30522])
        #expect(file.tensor("blk.0.ffn_up.weight")?.shape == [384, 1536])
        #expect(file.tensor("blk.0.ffn_down.weight")?.shape == [1536, 384])
        #expect(file.tensor("token_types.weight")?.shape == [384, 2])
    }

    @Test("writes llama.cpp's BERT metadata keys and values")
    func metadata() throws {
        let (file, directory) = try Self.convert(.f16)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try file.string(.architecture) == "bert")
        #expect(try file.string(.modelName) == "all-MiniLM-L6-v2")
        #expect(try file.int(.fileType) == 1)
        #expect(try file.int(.blockCount("bert")) == 6)
        #expect(try file.int(.contextLength("bert")) == 512)
        #expect(try file.int(.embeddingLength("bert")) == 384)
        #expect(try file.int(.feedForwardLength("bert")) == 1536)
        #expect(try file.int(.headCount("bert")) == 12)
        #expect(try file.float(.layerNormEpsilon("bert")) == 1e-12)
        #expect(try file.bool(.causal("bert")) == false)
        #expect(try file.int(.poolingType("bert")) == 1)
        #expect(try file.string(.tokenizerModel) == "bert")
        #expect(try file.int(.tokenTypeCount) == 2)
        #expect(try file.int(.bosTokenID) == 101)
        #expect(try file.int(.eosTokenID) == 102)
        #expect(try file.int(.separatorTokenID) == 102)
        #expect(try file.int(.unknownTokenID) == 100)
        #expect(try file.int(.paddingTokenID) == 0)
        #expect(try file.int(.maskTokenID) == 103)
        #expect(try file.bool(.normalizerLowercase) == true)
        let tokens = try file.requiredStrings(.tokens)
        #expect(tokens.count == 30522)
        #expect(Array(tokens[100...103]) == ["[UNK]", "[CLS]", "[SEP]", "[MASK]"])
        #expect(tokens[1996] == "▁the")
        #expect(tokens.contains("ing"))  // "##ing" loses its prefix
        #expect(try file.ints(.tokenTypes)?[101] == 3)
        #expect(file.tensor("blk.0.attn_q.weight")?.type == .f16)
        #expect(file.tensor("token_embd.weight")?.type == .f16)
    }

    @Test("Q4_0 keeps token embeddings in Q8_0 and quantises the matrices")
    func q4Types() throws {
        let (file, directory) = try Self.convert(.q4_0)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try file.int(.fileType) == 2)
        #expect(file.tensor("token_embd.weight")?.type == .q8_0)
        #expect(file.tensor("blk.3.ffn_down.weight")?.type == .q4_0)
        #expect(file.tensor("blk.3.ffn_down.bias")?.type == .f32)
    }

    @Test("a vocab.txt directory converts to the same vocabulary as tokenizer.json")
    func vocabTxtOnly() throws {
        let source = try BERTFixtures.huggingFaceDirectory()
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("vocab-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: copy) }
        for name in ["config.json", "vocab.txt", "tokenizer_config.json"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: copy.appendingPathComponent(name))
        }
        let fromText = try HuggingFaceVocabulary(directory: copy, vocabularySize: 30522)
        let fromJSON = try HuggingFaceVocabulary(directory: source, vocabularySize: 30522)
        #expect(fromText.tokens == fromJSON.tokens)
        #expect(fromText.tokenTypes == fromJSON.tokenTypes)
        #expect(fromText.classifier == 101 && fromText.separator == 102 && fromText.unknown == 100)
        #expect(fromText.lowercase)
    }

    @Test("a directory without a BERT config fails with the file named")
    func rejectsNonBERT() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("notbert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(#"{"architectures": ["LlamaForCausalLM"], "hidden_size": 8, "num_hidden_layers": 1, "num_attention_heads": 2, "intermediate_size": 16, "max_position_embeddings": 8}"#.utf8)
            .write(to: directory.appendingPathComponent("config.json"))
        let error = #expect(throws: LlamaEngineError.self) {
            try BertConverter.convert(directory: directory, to: directory.appendingPathComponent("x.gguf"), type: .f32)
        }
        #expect(error?.kind == .unsupported)
        #expect(error?.path?.hasSuffix("config.json") == true)
    }
}
