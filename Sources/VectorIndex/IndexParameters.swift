/// Build parameters of an HNSW graph. They are stored in the file and fixed at creation.
public struct IndexParameters: Sendable, Equatable {
    /// Links per node on layers above 0; layer 0 keeps `2 * m`. Levels are drawn with
    /// multiplier 1/ln(m).
    public var m: Int
    /// Width of the candidate list while linking a new node.
    public var efConstruction: Int
    /// Default search width when a query gives none.
    public var efSearch: Int
    /// Seed of the level generator: the same seed and the same single-threaded order of changes
    /// give the same graph.
    public var seed: UInt64
    /// Fraction of removed nodes (over all nodes) past which the index compacts itself.
    public var compactionThreshold: Double
    /// `.int8` walks the graph on int8 codes and rescores the best candidates with the float
    /// vectors (see `Quantization`).
    public var quantization: Quantization

    public init(
        m: Int = 16, efConstruction: Int = 200, efSearch: Int = 64, seed: UInt64 = 0x5EED,
        compactionThreshold: Double = 0.1, quantization: Quantization = .none
    ) {
        self.m = m
        self.efConstruction = efConstruction
        self.efSearch = efSearch
        self.seed = seed
        self.compactionThreshold = compactionThreshold
        self.quantization = quantization
    }

    func validate() throws {
        guard (2...256).contains(m) else {
            throw VectorIndexError(.invalidArgument, "M must be in 2...256, got \(m)")
        }
        guard efConstruction >= 1, efSearch >= 1 else {
            throw VectorIndexError(.invalidArgument, "efConstruction and efSearch must be positive")
        }
        guard compactionThreshold > 0, compactionThreshold < 1 else {
            throw VectorIndexError(
                .invalidArgument, "compactionThreshold must be in (0, 1), got \(compactionThreshold)")
        }
    }
}
