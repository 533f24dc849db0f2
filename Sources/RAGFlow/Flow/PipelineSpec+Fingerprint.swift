import Foundation

extension PipelineSpec {
    /// Bumped when loading, cleaning or chunking code changes what it produces for the same
    /// settings, so that stores built by the old code are rebuilt.
    static let ingestAlgorithmVersion = 1

    /// SHA-256 (hex) of the canonical JSON of everything that shapes documents and chunks: the
    /// loaders, cleaners and chunker with all their settings (defaults filled in), and the token
    /// counter (by default the one ingest uses, ``chunkTokenCounter()``). The pipeline's name,
    /// description and later stages do not count.
    public func ingestFingerprint(tokenCounter: (any TokenCounter)? = nil) -> String {
        let tokenCounter = tokenCounter ?? chunkTokenCounter()
        let loaders = loaders.map { stage -> JSONValue in
            .object(["kind": .string(stage.kind), "extensions": .array(stage.extensions.map(JSONValue.string)), "settings": stage.canonical])
        }
        let cleaners = cleaners.map { stage -> JSONValue in
            var members: [String: JSONValue] = ["kind": .string(stage.kind), "settings": stage.canonical]
            if let types = stage.mediaTypes { members["media_types"] = .array(types.map(\.rawValue).sorted().map(JSONValue.string)) }
            return .object(members)
        }
        let document: JSONValue = .object([
            "algorithm": .integer(Self.ingestAlgorithmVersion),
            "loaders": .array(loaders),
            "cleaners": .array(cleaners),
            "chunker": .object(["kind": .string(chunker.kind), "settings": chunker.canonical]),
            "token_counter": .string(tokenCounter.identifier),
        ])
        return SHA256.hex(of: Data(((try? CanonicalJSON.string(of: document)) ?? "").utf8))
    }

    /// SHA-256 (hex) identifying the embeddings this pipeline makes: the model path as written,
    /// the model file's identity (size and a digest of its first and last MiB, so that a copy
    /// or a touched file is the same model) and the query and document prefixes. `nil` without
    /// an embedder stage. Throws ``RAGFlowError`` (`.model`) when the model file cannot be read.
    public func embedderFingerprint() throws -> String? {
        guard let embedder else { return nil }
        let identity = try ModelFileIdentity(path: embedder.model)
        let document: JSONValue = .object([
            "model": .string(embedder.model),
            "model_size": .integer(identity.size),
            "model_digest": .string(identity.digest),
            "query_prefix": .string(embedder.queryPrefix),
            "document_prefix": .string(embedder.documentPrefix),
        ])
        return SHA256.hex(of: Data(try CanonicalJSON.string(of: document).utf8))
    }
}

/// Names a model file by its content without reading all of it: multi-gigabyte GGUF files
/// differ in their header (metadata, tensor table) and in their last tensors.
struct ModelFileIdentity {
    static let sampleBytes = 1 << 20

    var size: Int
    var digest: String

    init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw RAGFlowError(.model, "model file not found or not readable", file: path)
        }
        defer { try? handle.close() }
        do {
            let end = try handle.seekToEnd()
            size = Int(end)
            try handle.seek(toOffset: 0)
            var hasher = SHA256()
            hasher.update(try handle.read(upToCount: Self.sampleBytes) ?? Data())
            if end > UInt64(Self.sampleBytes) {
                try handle.seek(toOffset: max(UInt64(Self.sampleBytes), end - UInt64(Self.sampleBytes)))
                hasher.update(try handle.read(upToCount: Self.sampleBytes) ?? Data())
            }
            digest = hasher.finalize().hex
        } catch {
            throw RAGFlowError(.model, "cannot read the model file: \(error.localizedDescription)", file: path)
        }
    }
}
