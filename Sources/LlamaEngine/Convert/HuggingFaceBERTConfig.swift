import Foundation

/// What the converter reads from a Hugging Face BERT directory besides weights and vocabulary:
/// `config.json` and the sentence-transformers pooling module (`modules.json`, then the
/// pooling module's `config.json`).
package struct HuggingFaceBERTConfig: Sendable {
    package var hiddenSize: Int
    package var layerCount: Int
    package var headCount: Int
    package var intermediateSize: Int
    package var maxPositions: Int
    package var typeVocabularySize: Int
    package var layerNormEpsilon: Float
    package var vocabularySize: Int?
    /// From the sentence-transformers pooling config; nil when the directory has none.
    package var pooling: BertPooling?

    private struct ConfigJSON: Decodable {
        var architectures: [String]?
        var modelType: String?
        var hiddenSize: Int
        var numHiddenLayers: Int
        var numAttentionHeads: Int
        var intermediateSize: Int
        var maxPositionEmbeddings: Int
        var typeVocabSize: Int?
        var layerNormEps: Double?
        var vocabSize: Int?
        var hiddenAct: String?
        var positionEmbeddingType: String?

        enum CodingKeys: String, CodingKey {
            case architectures
            case modelType = "model_type"
            case hiddenSize = "hidden_size"
            case numHiddenLayers = "num_hidden_layers"
            case numAttentionHeads = "num_attention_heads"
            case intermediateSize = "intermediate_size"
            case maxPositionEmbeddings = "max_position_embeddings"
            case typeVocabSize = "type_vocab_size"
            case layerNormEps = "layer_norm_eps"
            case vocabSize = "vocab_size"
            case hiddenAct = "hidden_act"
            case positionEmbeddingType = "position_embedding_type"
        }
    }

    private struct Module: Decodable {
        var type: String
        var path: String
    }

    private struct PoolingJSON: Decodable {
        var poolingModeClsToken: Bool?
        var poolingModeMeanTokens: Bool?
        var poolingModeLasttoken: Bool?
        var poolingMode: String?

        enum CodingKeys: String, CodingKey {
            case poolingModeClsToken = "pooling_mode_cls_token"
            case poolingModeMeanTokens = "pooling_mode_mean_tokens"
            case poolingModeLasttoken = "pooling_mode_lasttoken"
            case poolingMode = "pooling_mode"
        }
    }

    package init(directory: URL) throws {
        let configURL = directory.appendingPathComponent("config.json")
        let config = try Self.decode(ConfigJSON.self, configURL)
        let supported = ["BertModel", "BertForMaskedLM", "BertForSequenceClassification"]
        if let architectures = config.architectures,
            !architectures.contains(where: supported.contains)
        {
            throw LlamaEngineError(
                .unsupported, "architecture \(architectures) is not BERT", path: configURL.path,
                key: "architectures")
        }
        if let act = config.hiddenAct, act != "gelu" {
            throw LlamaEngineError(
                .unsupported, "activation \(act); only exact (erf) GELU is implemented",
                path: configURL.path, key: "hidden_act")
        }
        if let kind = config.positionEmbeddingType, kind != "absolute" {
            throw LlamaEngineError(
                .unsupported, "position embeddings \(kind); only absolute",
                path: configURL.path, key: "position_embedding_type")
        }
        guard config.numAttentionHeads > 0, config.hiddenSize % config.numAttentionHeads == 0 else {
            throw LlamaEngineError(
                .mismatch, "hidden size \(config.hiddenSize) not divisible by \(config.numAttentionHeads) heads",
                path: configURL.path, key: "num_attention_heads")
        }
        hiddenSize = config.hiddenSize
        layerCount = config.numHiddenLayers
        headCount = config.numAttentionHeads
        intermediateSize = config.intermediateSize
        maxPositions = config.maxPositionEmbeddings
        typeVocabularySize = config.typeVocabSize ?? 1
        layerNormEpsilon = Float(config.layerNormEps ?? 1e-12)
        vocabularySize = config.vocabSize
        pooling = try Self.readPooling(directory)
    }

    /// The pooling llama.cpp's converter picks: the first module whose type ends in `Pooling`.
    private static func readPooling(_ directory: URL) throws -> BertPooling? {
        let modulesURL = directory.appendingPathComponent("modules.json")
        guard FileManager.default.fileExists(atPath: modulesURL.path) else { return nil }
        let modules = try decode([Module].self, modulesURL)
        guard let module = modules.first(where: { $0.type.hasSuffix("Pooling") }) else { return nil }
        let url = directory.appendingPathComponent(module.path).appendingPathComponent("config.json")
        let pooling = try decode(PoolingJSON.self, url)
        if pooling.poolingModeMeanTokens == true { return .mean }
        if pooling.poolingModeClsToken == true { return .cls }
        if pooling.poolingModeLasttoken == true { return .last }
        switch pooling.poolingMode {
        case "mean": return .mean
        case "cls": return .cls
        case "lasttoken": return .last
        default:
            throw LlamaEngineError(
                .unsupported, "pooling mode not mean, cls or last token", path: url.path)
        }
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ url: URL) throws -> T {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw LlamaEngineError(.io, "cannot read: \(error.localizedDescription)", path: url.path)
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw LlamaEngineError(.malformedFile, "\(error)", path: url.path)
        }
    }
}
