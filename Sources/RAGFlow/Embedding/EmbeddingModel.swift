import Foundation
import LlamaEngine

/// The embedder a store's vectors come from: a function from texts to unit vectors, with the
/// fingerprint that names its vectors and the prefixes the pipeline puts before questions and
/// chunks.
///
/// ```swift
/// let model = try EmbeddingModel(settings: spec.embedder!, fingerprint: try spec.embedderFingerprint()!)
/// let question = try model.embedQuery("how do I undo a commit")
/// ```
public struct EmbeddingModel: Sendable {
    /// Names the vectors: two models (or prefixes) with the same fingerprint make the same vectors.
    public let fingerprint: String
    public let dimension: Int
    public let queryPrefix: String
    public let documentPrefix: String
    /// Texts per call to the embedder.
    public let batchSize: Int
    let embed: TextEmbedding

    /// Loads the GGUF model the settings name with LlamaEngine. Throws ``RAGFlowError`` (`.model`)
    /// when the file is missing or not a BERT embedding model.
    public init(settings: EmbedderSettings, fingerprint: String) throws {
        let url = URL(fileURLWithPath: settings.model)
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw RAGFlowError(.model, "embedding model not found", file: settings.model)
        }
        let embedder: BertEmbedder
        do {
            embedder = try BertEmbedder(model: url, threads: settings.threads > 0 ? settings.threads : nil)
        } catch {
            throw RAGFlowError(.model, "cannot load the embedding model: \(error)", file: settings.model)
        }
        self.init(
            fingerprint: fingerprint, dimension: embedder.dimension, queryPrefix: settings.queryPrefix,
            documentPrefix: settings.documentPrefix, batchSize: settings.batchSize, embed: { try embedder.embed($0) })
    }

    /// An embedding model from any function; `embed` must return unit vectors of `dimension`.
    package init(
        fingerprint: String, dimension: Int, queryPrefix: String = "", documentPrefix: String = "", batchSize: Int = 32,
        embed: @escaping TextEmbedding
    ) {
        self.fingerprint = fingerprint
        self.dimension = dimension
        self.queryPrefix = queryPrefix
        self.documentPrefix = documentPrefix
        self.batchSize = max(1, batchSize)
        self.embed = embed
    }

    /// The embedder of `spec`, or why there is none: no embedder stage, or a model file that is
    /// missing or unreadable. Ingest and queries then go on with BM25 alone and say why.
    public static func load(for spec: PipelineSpec) -> Result<EmbeddingModel, RAGFlowError> {
        guard let settings = spec.embedder else {
            return .failure(RAGFlowError(.model, "the pipeline has no embedder stage"))
        }
        do {
            guard let fingerprint = try spec.embedderFingerprint() else {
                return .failure(RAGFlowError(.model, "the pipeline has no embedder stage"))
            }
            return .success(try EmbeddingModel(settings: settings, fingerprint: fingerprint))
        } catch let error as RAGFlowError {
            return .failure(error)
        } catch {
            return .failure(RAGFlowError(.model, "\(error)", file: settings.model))
        }
    }

    /// The question's embedding, with the query prefix.
    public func embedQuery(_ question: String) throws -> [Float] {
        try embedDocuments([queryPrefix + question], prefix: "")[0]
    }

    /// Embeddings of chunk texts, with the document prefix, checked for count and dimension.
    func embedDocuments(_ texts: [String], prefix: String? = nil) throws -> [[Float]] {
        let prefix = prefix ?? documentPrefix
        let vectors = try embedChecked(prefix.isEmpty ? texts : texts.map { prefix + $0 }, with: embed)
        if let first = vectors.first, first.count != dimension {
            throw RAGFlowError(.model, "the embedder returned vectors of dimension \(first.count), expected \(dimension)")
        }
        return vectors
    }
}
