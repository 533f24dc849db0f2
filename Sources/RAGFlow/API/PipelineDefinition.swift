import Foundation

/// A pipeline with where it came from: its file and its JSON text, which an ingest records in
/// the store so that `ragflow reindex` can run the same pipeline again.
package struct PipelineDefinition: Sendable {
    package var spec: PipelineSpec
    /// The pipeline file (absolute path), or `nil` for the built-in default.
    package var source: String?
    /// The file's JSON text, or `nil` for the built-in default.
    package var json: String?

    /// Reads and validates the pipeline file at `url`, keeping its text.
    package init(contentsOf url: URL, registry: StageRegistry) throws {
        let url = url.standardizedFileURL
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw RAGFlowError(.invalidPipeline, "cannot read the pipeline file: \(error.localizedDescription)", file: url.path)
        }
        spec = try PipelineSpec(json: data, source: url.path, registry: registry)
        source = url.path
        json = String(decoding: data, as: UTF8.self)
    }

    /// The built-in default pipeline, which the store records by its absence.
    package static func builtInDefault(registry: StageRegistry) throws -> PipelineDefinition {
        PipelineDefinition(spec: try PipelineSpec.builtInDefault(registry: registry), source: nil, json: nil)
    }

    private init(spec: PipelineSpec, source: String?, json: String?) {
        self.spec = spec
        self.source = source
        self.json = json
    }

    /// The pipeline the last completed ingest of `store` ran: its file read again when it still
    /// exists (so that edits take effect), else the copy of its text stored with that ingest, in
    /// which case `warning` is told. Without a recorded file, the built-in default.
    ///
    /// Throws ``RAGFlowError/Kind/invalidPipeline`` when the file is gone and the store holds
    /// no copy (stores written before schema version 3), or when the pipeline does not validate.
    package init(recordedIn store: Store, registry: StageRegistry, warning: (String) -> Void) throws {
        guard let source = try store.recordedPipelineSource() else {
            self = try .builtInDefault(registry: registry)
            return
        }
        if FileManager.default.fileExists(atPath: source) {
            try self.init(contentsOf: URL(fileURLWithPath: source), registry: registry)
            return
        }
        guard let json = try store.recordedPipelineJSON() else {
            throw RAGFlowError(
                .invalidPipeline,
                "the pipeline file of the last ingest is gone, and the store keeps no copy of it: ingest again with --pipeline",
                file: source)
        }
        warning("the pipeline file \(source) is gone; using the copy the store kept from the last ingest")
        self.init(
            spec: try PipelineSpec(json: Data(json.utf8), source: "\(source) (copy kept in \(store.directory.path))", registry: registry),
            source: source, json: json)
    }
}
