/// Settings of the `vector_index` stage (kind `hnsw`): the store's HNSW graph.
///
/// ```json
/// {"stage": "vector_index", "kind": "hnsw", "metric": "cosine", "m": 16,
///  "ef_construction": 200, "ef_search": 64}
/// ```
public struct VectorIndexSettings: StageSettings, Hashable {
    public enum Metric: String, SettingChoice {
        case cosine
        /// Inner product (for normalised vectors, the same order as cosine).
        case dot
        /// Euclidean distance.
        case l2
    }

    public var metric: Metric
    /// Neighbours kept per node and layer (twice as many on layer 0).
    public var m: Int
    /// Candidate list size while inserting.
    public var efConstruction: Int
    /// Candidate list size while searching; raised to `top_k` when smaller.
    public var efSearch: Int

    public init(metric: Metric = .cosine, m: Int = 16, efConstruction: Int = 200, efSearch: Int = 64) {
        self.metric = metric
        self.m = m
        self.efConstruction = efConstruction
        self.efSearch = efSearch
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case metric, m
        case efConstruction = "ef_construction"
        case efSearch = "ef_search"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = VectorIndexSettings()
        metric = try container.decodeIfPresent(Metric.self, forKey: .metric) ?? defaults.metric
        m = try container.decodeIfPresent(Int.self, forKey: .m) ?? defaults.m
        efConstruction = try container.decodeIfPresent(Int.self, forKey: .efConstruction) ?? defaults.efConstruction
        efSearch = try container.decodeIfPresent(Int.self, forKey: .efSearch) ?? defaults.efSearch
    }

    public func validate(_ check: inout SettingsCheck) {
        check.range("m", m, 2...256)
        check.range("ef_construction", efConstruction, 1...100_000)
        if check.isValid("m") && check.isValid("ef_construction") {
            check.expect(efConstruction >= m, "ef_construction", "a value of at least m (\(m))", found: "\(efConstruction)")
        }
        check.range("ef_search", efSearch, 1...100_000)
    }
}
