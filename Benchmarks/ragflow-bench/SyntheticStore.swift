import ArgumentParser
import Foundation
import LlamaEngine
import RAGFlow
import VectorIndex

/// Grows a real, fully embedded store into a larger one for latency measurements, without
/// running the embedder on the new chunks (embedding 100,000 chunks takes hours on 2 cores).
///
/// Copy 0 is the source store's chunks as they are: their texts, pages, headings and vectors
/// (from the store's embedding cache; a chunk not embedded yet borrows the perturbed vector of
/// one that is, and the report says how many kept their own).
/// Each further copy of a document holds the same chunks, each perturbed with a seeded
/// generator: every word is dropped with probability `dropRate` and replaced by a word drawn
/// from the whole corpus (so with corpus frequencies) with probability `replaceRate`; its vector
/// is the original plus Gaussian noise of `noise` per dimension, renormalised (0.025 over 384
/// dimensions puts the copy at cosine about 0.9 from its original). Copies live under
/// `copyN/` with the source's relative paths. The last copy stops when `chunks` is reached.
///
/// Everything is written through the code paths of an ingest: documents and chunks with
/// `Store.replaceDocument` (so FTS5 is filled by the store's triggers), vectors into the
/// store's embedding cache under the pipeline's embedder fingerprint, then the real
/// ``EmbeddingIndexer`` builds the HNSW index with the pipeline's settings (all from the cache).
struct SyntheticStore {
    var chunks: Int
    var dropRate = 0.1
    var replaceRate = 0.1
    var noise: Float = 0.025
    var seed: UInt64 = 7

    struct Report {
        var documents = 0
        var chunks = 0
        var sourceChunks = 0
        /// Source chunks with their own vector (the rest borrowed one).
        var pairedChunks = 0
        var vectors = 0
        var writeSeconds = 0.0
        var indexSeconds = 0.0
    }

    /// One chunk of the source store with its vector.
    private struct SourceChunk {
        var chunk: RetrievedChunk
        var vector: [Float]
    }

    /// Builds the store at `directory` (which must not hold a store yet) from `source` and the
    /// vectors `model` made of its chunks; `spec` gives the vector index settings.
    func build(from source: Store, into directory: URL, model: EmbeddingModel, spec: PipelineSpec) throws -> Report {
        var random = SeededGenerator(seed: seed)
        var report = Report()
        let documents = try sourceDocuments(source, model: model, paired: &report.pairedChunks, using: &random)
        let sourceCount = documents.reduce(0) { $0 + $1.chunks.count }
        guard sourceCount > 0 else { throw ValidationError("the source store holds no chunks") }
        let vocabulary = documents.flatMap { $0.chunks.flatMap { $0.chunk.text.split(separator: " ") } }

        report.sourceChunks = sourceCount
        let start = Date()
        let store = try Store(directory: directory)
        let processor = try PipelineProcessor(spec: spec)
        let root = "/synthetic"
        let rootID = try store.rootID(path: root)
        let runID = try store.beginRun(roots: [root], fingerprint: processor.fingerprint)
        var copy = 0
        while report.chunks < chunks {
            for document in documents where report.chunks < chunks {
                let take = min(document.chunks.count, chunks - report.chunks)
                let path = copy == 0 ? document.path : "copy\(copy)/\(document.path)"
                var written: [Chunk] = []
                var cached: [(textHash: String, vector: [Float])] = []
                var offset = 0
                for (ordinal, item) in document.chunks.prefix(take).enumerated() {
                    let text = copy == 0 ? item.chunk.text : perturbed(item.chunk.text, vocabulary: vocabulary, using: &random)
                    let vector = copy == 0 ? item.vector : perturbed(item.vector, using: &random)
                    let length = text.utf8.count
                    written.append(Chunk(
                        documentPath: path, ordinal: ordinal, text: text, range: offset..<(offset + length),
                        pages: item.chunk.pages, headingPath: item.chunk.headingPath))
                    cached.append((SHA256.hex(of: Data(text.utf8)), vector))
                    offset += length + 2
                }
                let text = written.map(\.text).joined(separator: "\n\n")
                let stored = Document(
                    path: path, sha256: SHA256.hex(of: Data(text.utf8)), size: text.utf8.count, modified: Date(),
                    mediaType: MediaType(fileExtension: (path as NSString).pathExtension) ?? .plainText, text: text, spans: [])
                try store.replaceDocument(
                    rootID: rootID, path: path, mtimeNanoseconds: 0, document: stored, chunks: written,
                    fingerprint: processor.fingerprint, runID: runID, outcome: .added)
                try store.cacheEmbeddings(cached, embedder: model.fingerprint)
                report.documents += 1
                report.chunks += take
            }
            copy += 1
        }
        try store.finishRun(id: runID, report: IngestReport(), fingerprint: processor.fingerprint, pipelineSource: nil)
        report.writeSeconds = Date().timeIntervalSince(start)

        let indexStart = Date()
        let indexer = EmbeddingIndexer(store: store, model: model, settings: spec.vectorIndex ?? VectorIndexSettings())
        let embedding = try indexer.run()
        guard embedding.embedded == 0 else {
            throw ValidationError("\(embedding.embedded) chunks missed the embedding cache and went through the model")
        }
        report.vectors = embedding.vectors
        report.indexSeconds = Date().timeIntervalSince(indexStart)
        return report
    }

    /// The source store's documents in path order, each with its chunks (in id order) and their
    /// vectors from the store's embedding cache. Chunks the cache lacks (a store whose embedding
    /// run is still going) borrow the vector of an embedded chunk, perturbed; `paired` counts
    /// the chunks that keep their own.
    private func sourceDocuments(_ source: Store, model: EmbeddingModel, paired: inout Int, using random: inout SeededGenerator) throws -> [(path: String, chunks: [SourceChunk])] {
        let ids = try source.liveChunkIDs().sorted()
        let chunks = try source.retrievedChunks(ids: ids)
        let hashes = try source.chunkTexts(ids: ids).reduce(into: [Int64: String]()) { $0[$1.id] = $1.sha256 }
        let cached = try source.cachedEmbeddings(textHashes: Array(Set(hashes.values)), embedder: model.fingerprint)
        let embedded = hashes.values.sorted().compactMap { cached[$0] }
        guard !embedded.isEmpty else { throw ValidationError("the source store holds no vectors of the pipeline's embedder") }
        var byPath: [String: [SourceChunk]] = [:]
        var borrowed = 0
        for id in ids {
            guard let chunk = chunks[id], let hash = hashes[id] else { continue }
            let vector: [Float]
            if let own = cached[hash] {
                vector = own
                paired += 1
            } else {
                vector = perturbed(embedded[borrowed % embedded.count], using: &random)
                borrowed += 1
            }
            byPath[chunk.source, default: []].append(SourceChunk(chunk: chunk, vector: vector))
        }
        return byPath.keys.sorted().map { ($0, byPath[$0]!) }
    }

    private func perturbed(_ text: String, vocabulary: [Substring], using random: inout SeededGenerator) -> String {
        var words: [Substring] = []
        for word in text.split(separator: " ") {
            let draw = Double.random(in: 0..<1, using: &random)
            if draw < dropRate { continue }
            words.append(draw < dropRate + replaceRate ? vocabulary.randomElement(using: &random)! : word)
        }
        return words.joined(separator: " ")
    }

    private func perturbed(_ vector: [Float], using random: inout SeededGenerator) -> [Float] {
        var result = vector.map { $0 + noise * gaussian(using: &random) }
        let norm = result.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 { for i in result.indices { result[i] /= norm } }
        return result
    }

    /// A standard normal draw (Box-Muller).
    private func gaussian(using random: inout SeededGenerator) -> Float {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &random)
        let v = Double.random(in: 0..<1, using: &random)
        return Float((-2 * log(u)).squareRoot() * cos(2 * Double.pi * v))
    }
}
