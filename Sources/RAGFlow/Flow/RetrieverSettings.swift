import Foundation

/// How the retriever finds chunks: the stage's kind.
public enum RetrievalMode: String, SettingChoice {
    /// Nearest neighbours of the question's embedding in the HNSW index.
    case vector
    /// BM25 over the store's full-text index.
    case bm25
    /// Both, fused.
    case hybrid
}

/// Settings of the `retriever` stage; its kind is the ``RetrievalMode``.
///
/// ```json
/// {"stage": "retriever", "kind": "hybrid", "top_k": 5, "fusion": "rrf", "rrf_k": 60,
///  "mmr": true, "mmr_lambda": 0.7, "filters": {"path_glob": "manuals/**", "pages": {"from": 1, "to": 40}}}
/// ```
public struct RetrieverSettings: StageSettings, Hashable {
    public enum Fusion: String, SettingChoice {
        /// Reciprocal rank fusion: each list adds 1 / (rrf_k + rank).
        case rrf
        /// `vector_weight` times the vector score plus the rest times the normalised BM25 score.
        case weighted
    }

    /// Keys that only a `hybrid` retriever takes.
    public static let hybridOnlyKeys = ["fusion", "rrf_k", "vector_weight"]

    /// The stage's kind; not a key of its own.
    public var mode: RetrievalMode
    /// Chunks returned.
    public var topK: Int
    /// Chunks scoring below this are dropped (after fusion, in the fused score's scale).
    public var minScore: Double?
    /// Candidates each retriever fetches before fusion and MMR.
    public var candidates: Int
    public var fusion: Fusion
    public var rrfK: Int
    /// Weight of the vector score in `weighted` fusion, from 0 to 1.
    public var vectorWeight: Double
    /// Maximal marginal relevance: trades relevance for diversity among the returned chunks.
    public var mmr: Bool
    /// 1 is pure relevance, 0 pure diversity.
    public var mmrLambda: Double
    public var filters: RetrievalFilters

    public init(
        mode: RetrievalMode = .hybrid, topK: Int = 5, minScore: Double? = nil, candidates: Int = 20,
        fusion: Fusion = .rrf, rrfK: Int = 60, vectorWeight: Double = 0.7, mmr: Bool = false,
        mmrLambda: Double = 0.7, filters: RetrievalFilters = RetrievalFilters()
    ) {
        self.mode = mode
        self.topK = topK
        self.minScore = minScore
        self.candidates = candidates
        self.fusion = fusion
        self.rrfK = rrfK
        self.vectorWeight = vectorWeight
        self.mmr = mmr
        self.mmrLambda = mmrLambda
        self.filters = filters
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case topK = "top_k"
        case minScore = "min_score"
        case candidates, fusion
        case rrfK = "rrf_k"
        case vectorWeight = "vector_weight"
        case mmr
        case mmrLambda = "mmr_lambda"
        case filters
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = RetrieverSettings()
        mode = defaults.mode
        topK = try container.decodeIfPresent(Int.self, forKey: .topK) ?? defaults.topK
        minScore = try container.decodeIfPresent(Double.self, forKey: .minScore)
        candidates = try container.decodeIfPresent(Int.self, forKey: .candidates) ?? defaults.candidates
        fusion = try container.decodeIfPresent(Fusion.self, forKey: .fusion) ?? defaults.fusion
        rrfK = try container.decodeIfPresent(Int.self, forKey: .rrfK) ?? defaults.rrfK
        vectorWeight = try container.decodeIfPresent(Double.self, forKey: .vectorWeight) ?? defaults.vectorWeight
        mmr = try container.decodeIfPresent(Bool.self, forKey: .mmr) ?? defaults.mmr
        mmrLambda = try container.decodeIfPresent(Double.self, forKey: .mmrLambda) ?? defaults.mmrLambda
        filters = try container.decodeIfPresent(RetrievalFilters.self, forKey: .filters) ?? defaults.filters
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(topK, forKey: .topK)
        try container.encodeIfPresent(minScore, forKey: .minScore)
        try container.encode(candidates, forKey: .candidates)
        try container.encode(fusion, forKey: .fusion)
        try container.encode(rrfK, forKey: .rrfK)
        try container.encode(vectorWeight, forKey: .vectorWeight)
        try container.encode(mmr, forKey: .mmr)
        try container.encode(mmrLambda, forKey: .mmrLambda)
        try container.encode(filters, forKey: .filters)
    }

    public func validate(_ check: inout SettingsCheck) {
        check.range("top_k", topK, 1...1000)
        check.range("candidates", candidates, 1...100_000)
        if check.isValid("top_k") && check.isValid("candidates") {
            check.expect(candidates >= topK, "candidates", "a value of at least top_k (\(topK))", found: "\(candidates)")
        }
        check.range("rrf_k", rrfK, 1...100_000)
        check.range("vector_weight", vectorWeight, 0...1)
        check.range("mmr_lambda", mmrLambda, 0...1)
        if let pages = filters.pages {
            check.range("filters.pages.from", pages.from, 1...Int.max)
            check.expect(pages.to >= pages.from, "filters.pages.to", "a page at or after \"from\" (\(pages.from))", found: "\(pages.to)")
        }
        if let date = filters.modifiedAfter {
            check.expect(RetrievalFilter.date(from: date) != nil, "filters.modified_after",
                         "a date as YYYY-MM-DD or an ISO 8601 time", found: "\"\(date)\"")
        }
        if let glob = filters.pathGlob {
            check.expect(!glob.isEmpty, "filters.path_glob", "a non-empty glob", found: "\"\"")
        }
    }
}

/// Metadata filters a retriever applies before ranking.
public struct RetrievalFilters: Codable, Sendable, Hashable {
    /// Pages from `from` to `to`, both included (1-based).
    public struct PageRange: Codable, Sendable, Hashable {
        public var from: Int
        public var to: Int

        public init(from: Int, to: Int) {
            self.from = from
            self.to = to
        }

        enum CodingKeys: String, CodingKey, CaseIterable { case from, to }
    }

    /// Only documents whose path matches this glob (`*` within a folder, `**` across folders).
    public var pathGlob: String?
    public var mediaTypes: [MediaType]?
    /// Only documents modified after this date (`YYYY-MM-DD` or ISO 8601 with time).
    public var modifiedAfter: String?
    /// Only chunks touching these pages.
    public var pages: PageRange?

    public init(pathGlob: String? = nil, mediaTypes: [MediaType]? = nil, modifiedAfter: String? = nil, pages: PageRange? = nil) {
        self.pathGlob = pathGlob
        self.mediaTypes = mediaTypes
        self.modifiedAfter = modifiedAfter
        self.pages = pages
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case pathGlob = "path_glob"
        case mediaTypes = "media_types"
        case modifiedAfter = "modified_after"
        case pages
    }

    /// These filters as the retriever applies them.
    public var retrievalFilter: RetrievalFilter {
        RetrievalFilter(
            path: pathGlob.map { PathGlob($0) }, mediaTypes: mediaTypes.map(Set.init),
            modifiedAfter: modifiedAfter.flatMap(RetrievalFilter.date(from:)), pages: pages.map { $0.from...max($0.from, $0.to) })
    }
}
