import Foundation

/// Converts a Hugging Face BERT directory (config.json, model.safetensors, tokenizer.json or
/// vocab.txt, sentence-transformers pooling config) to a GGUF file with the metadata keys,
/// tensor names and vocabulary form llama.cpp's `convert_hf_to_gguf.py` writes for `BertModel`,
/// so that both this engine and llama.cpp load it.
///
/// ```swift
/// let summary = try BertConverter.convert(
///     directory: URL(fileURLWithPath: "all-MiniLM-L6-v2"),
///     to: URL(fileURLWithPath: "minilm.Q8_0.gguf"), type: .q8_0)
/// ```
public enum BertConverter {
    /// The weight type of a converted file; norms, biases, position and token-type embeddings
    /// stay F32 as llama.cpp keeps them.
    public enum OutputType: String, Sendable, CaseIterable {
        case f32, f16, q8_0, q4_0

        /// The type of 2-D weight matrices.
        var matrixType: GGMLType {
            switch self {
            case .f32: .f32
            case .f16: .f16
            case .q8_0: .q8_0
            case .q4_0: .q4_0
            }
        }

        /// `general.file_type` (`enum llama_ftype`).
        var fileType: UInt32 {
            switch self {
            case .f32: 0
            case .f16: 1
            case .q8_0: 7
            case .q4_0: 2
            }
        }
    }

    /// What a conversion wrote.
    public struct Summary: Sendable {
        public var tensorCount: Int
        public var parameterCount: Int
        public var byteCount: Int
        public var vocabularySize: Int
        public var pooling: BertPooling?
    }

    static let architecture = "bert"

    /// Writes `directory`'s model to `output` as GGUF with `type` weights. `name` becomes
    /// `general.name` (default: the directory's name).
    @discardableResult
    public static func convert(
        directory: URL, to output: URL, type: OutputType, name: String? = nil
    ) throws -> Summary {
        let config = try HuggingFaceBERTConfig(directory: directory)
        let vocabulary = try HuggingFaceVocabulary(
            directory: directory, vocabularySize: config.vocabularySize)
        let weights = try SafetensorsFile(
            contentsOf: directory.appendingPathComponent("model.safetensors"))

        var writer = GGUFWriter()
        writeMetadata(
            &writer, config: config, vocabulary: vocabulary, type: type,
            name: name ?? directory.lastPathComponent)
        var parameters = 0
        var written = 0
        for info in weights.tensors {
            guard let ggufName = BertTensorNames.ggufName(forHuggingFace: info.name) else { continue }
            let values = try weights.floats(info.name)
            let shape = Array(info.shape.reversed())  // ggml order: row length first
            let tensorType = storageType(of: ggufName, shape: shape, type: type)
            let bytes: [UInt8]
            do {
                bytes = try tensorType.quantize(values)
            } catch var error as LlamaEngineError {
                error.tensor = ggufName
                throw error
            }
            try writer.addTensor(name: ggufName, type: tensorType, shape: shape, bytes: bytes)
            parameters += values.count
            written += 1
        }
        guard written > 0 else {
            throw LlamaEngineError(.missing, "no BERT tensors found", path: weights.path)
        }
        let image = writer.image()
        do {
            try Data(image).write(to: output, options: .atomic)
        } catch {
            throw LlamaEngineError(.io, "cannot write: \(error.localizedDescription)", path: output.path)
        }
        return Summary(
            tensorCount: written, parameterCount: parameters, byteCount: image.count,
            vocabularySize: vocabulary.tokens.count, pooling: config.pooling)
    }

    /// The storage type llama.cpp's converter (and, for Q4_0, `llama-quantize`) picks.
    /// 1-D tensors, `*_norm.weight`, anything but a `.weight`, position and token-type
    /// embeddings stay F32; rows whose length is not a multiple of the block fall back to F16.
    /// In Q4_0 files the token embeddings are Q8_0: `llama-quantize` gives them Q6_K (BERT
    /// has no output matrix), which costs nothing at run time since only looked-up rows are
    /// read; Q8_0 keeps them as close.
    static func storageType(of name: String, shape: [Int], type: OutputType) -> GGMLType {
        if shape.count <= 1 || name.hasSuffix("_norm.weight") || !name.hasSuffix(".weight")
            || name == BertTensorNames.positionEmbeddings || name == BertTensorNames.tokenTypeEmbeddings
        {
            return .f32
        }
        var matrixType = type.matrixType
        if type == .q4_0 && name == BertTensorNames.tokenEmbeddings { matrixType = .q8_0 }
        if shape[0] % matrixType.blockSize != 0 { return .f16 }
        return matrixType
    }

    /// Keys in the order llama.cpp's converter writes them.
    private static func writeMetadata(
        _ writer: inout GGUFWriter, config: HuggingFaceBERTConfig,
        vocabulary: HuggingFaceVocabulary, type: OutputType, name: String
    ) {
        let arch = architecture
        writer.set(.architecture, .string(arch))
        writer.set(.fileKind, .string("model"))
        writer.set(.modelName, .string(name))
        writer.set(.blockCount(arch), .uint32(UInt32(config.layerCount)))
        writer.set(.contextLength(arch), .uint32(UInt32(config.maxPositions)))
        writer.set(.embeddingLength(arch), .uint32(UInt32(config.hiddenSize)))
        writer.set(.feedForwardLength(arch), .uint32(UInt32(config.intermediateSize)))
        writer.set(.headCount(arch), .uint32(UInt32(config.headCount)))
        writer.set(.layerNormEpsilon(arch), .float32(config.layerNormEpsilon))
        writer.set(.fileType, .uint32(type.fileType))
        writer.set(.causal(arch), .bool(false))
        if let pooling = config.pooling {
            writer.set(.poolingType(arch), .uint32(UInt32(pooling.rawValue)))
        }
        writer.set(.tokenTypeCount, .uint32(UInt32(config.typeVocabularySize)))
        writer.set(.tokenizerModel, .string("bert"))
        // What llama.cpp's converter derives from the tokenizer's fingerprint for BERT
        // uncased vocabularies; llama.cpp's WordPiece ignores it.
        writer.set(.tokenizerPre, .string("jina-v2-en"))
        writer.set(.tokens, .array(.string(vocabulary.tokens)))
        writer.set(.tokenTypes, .array(.int32(vocabulary.tokenTypes.map(\.rawValue))))
        // llama.cpp has no CLS key: [CLS] is BOS and [SEP] is EOS, both added.
        writer.set(.bosTokenID, .uint32(UInt32(vocabulary.classifier)))
        writer.set(.eosTokenID, .uint32(UInt32(vocabulary.separator)))
        writer.set(.unknownTokenID, .uint32(UInt32(vocabulary.unknown)))
        writer.set(.separatorTokenID, .uint32(UInt32(vocabulary.separator)))
        writer.set(.paddingTokenID, .uint32(UInt32(vocabulary.padding)))
        if let mask = vocabulary.mask { writer.set(.maskTokenID, .uint32(UInt32(mask))) }
        writer.set(.addBOSToken, .bool(true))
        writer.set(.addEOSToken, .bool(true))
        writer.set(.addSEPToken, .bool(false))
        writer.set(.normalizerLowercase, .bool(vocabulary.lowercase))
        if let strip = vocabulary.stripAccents {
            writer.set(.normalizerStripAccents, .bool(strip))
        }
        writer.set(.quantizationVersion, .uint32(2))
    }
}
