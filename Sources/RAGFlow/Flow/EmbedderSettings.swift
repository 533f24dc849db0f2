/// Settings of the `embedder` stage (kind `llama`): a GGUF embedding model run by LlamaEngine.
///
/// ```json
/// {"stage": "embedder", "kind": "llama", "model": "models/all-MiniLM-L6-v2.Q8_0.gguf",
///  "batch_size": 32, "query_prefix": "", "document_prefix": "", "threads": 0}
/// ```
public struct EmbedderSettings: StageSettings, Hashable {
    public static let defaultModel = "models/all-MiniLM-L6-v2.Q8_0.gguf"

    /// Path of the GGUF file; a relative path resolves against the current directory.
    public var model: String
    /// Chunks embedded per batch.
    public var batchSize: Int
    /// Text put before a question before it is embedded (an instruction, for models trained with one).
    public var queryPrefix: String
    /// Text put before each chunk before it is embedded.
    public var documentPrefix: String
    /// Worker threads; 0 uses every core.
    public var threads: Int

    public init(
        model: String = EmbedderSettings.defaultModel, batchSize: Int = 32, queryPrefix: String = "",
        documentPrefix: String = "", threads: Int = 0
    ) {
        self.model = model
        self.batchSize = batchSize
        self.queryPrefix = queryPrefix
        self.documentPrefix = documentPrefix
        self.threads = threads
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case model
        case batchSize = "batch_size"
        case queryPrefix = "query_prefix"
        case documentPrefix = "document_prefix"
        case threads
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = EmbedderSettings()
        model = try container.decodeIfPresent(String.self, forKey: .model) ?? defaults.model
        batchSize = try container.decodeIfPresent(Int.self, forKey: .batchSize) ?? defaults.batchSize
        queryPrefix = try container.decodeIfPresent(String.self, forKey: .queryPrefix) ?? defaults.queryPrefix
        documentPrefix = try container.decodeIfPresent(String.self, forKey: .documentPrefix) ?? defaults.documentPrefix
        threads = try container.decodeIfPresent(Int.self, forKey: .threads) ?? defaults.threads
    }

    public func validate(_ check: inout SettingsCheck) {
        check.expect(!model.isEmpty, "model", "a path to a GGUF file", found: "\"\"")
        check.range("batch_size", batchSize, 1...4096)
        check.range("threads", threads, 0...1024)
    }
}
