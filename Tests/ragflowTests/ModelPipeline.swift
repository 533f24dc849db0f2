import Foundation

/// The default pipeline with the real MiniLM model (`make models` writes it) named by absolute
/// path, so that `ragflow` embeds whatever its working folder is.
enum ModelPipeline {
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var model: String { repository.appendingPathComponent("models/all-MiniLM-L6-v2.Q8_0.gguf").path }

    static var modelExists: Bool { FileManager.default.fileExists(atPath: model) }

    /// Writes `pipelines/default.json` with `model` (the real one unless given) to `url`.
    static func write(to url: URL, model: String = ModelPipeline.model) throws {
        let json = String(decoding: try Data(contentsOf: repository.appendingPathComponent("pipelines/default.json")), as: UTF8.self)
            .replacingOccurrences(of: "models/all-MiniLM-L6-v2.Q8_0.gguf", with: model)
        try Data(json.utf8).write(to: url)
    }
}
