import Foundation
import RAGFlow

/// Small pipelines for the validation tests, written as users write them.
enum PipelineFixtures {
    /// A minimal valid pipeline with `extra` stage objects appended (as JSON text).
    static func minimal(chunker: String = #"{"stage": "chunker", "kind": "fixed", "chunk_size": 64}"#, extra: [String] = []) -> String {
        """
        {
          "version": 1,
          "name": "test",
          "stages": [
            {"stage": "loader", "kind": "text"},
            \(([chunker] + extra).joined(separator: ",\n    "))
          ]
        }
        """
    }

    static func validate(_ json: String, registry: StageRegistry = .builtIn) -> PipelineValidation {
        PipelineSpec.validate(Data(json.utf8), registry: registry)
    }

    /// The repository root, found from this file's path.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }
}
