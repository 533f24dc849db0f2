/// The hyperparameters of a llama-architecture model, as its GGUF file states them.
public struct LlamaConfiguration: Sendable, Equatable {
    public var embeddingLength: Int
    public var blockCount: Int
    public var headCount: Int
    public var headCountKV: Int
    public var headDimension: Int
    public var feedForwardLength: Int
    public var vocabularySize: Int
    public var contextLength: Int
    public var rmsEpsilon: Float
    public var ropeBase: Float
    /// Dimensions of each head that rotate (the rest pass through).
    public var ropeDimensions: Int
    /// Linear rope scaling: positions are multiplied by this (1 / `rope.scaling.factor`).
    public var ropePositionScale: Float

    /// Reads the `{arch}.*` keys of `file`; `arch` must be `llama` (or a llama-shaped arch).
    public init(gguf file: GGUFFile) throws {
        let arch = try file.requiredString(.architecture)
        guard ["llama", "mistral"].contains(arch) else {
            throw LlamaEngineError(.unsupported, "architecture '\(arch)' is not llama", path: file.path,
                                   key: GGUFKey.architecture.name)
        }
        embeddingLength = try file.requiredInt(.embeddingLength(arch))
        blockCount = try file.requiredInt(.blockCount(arch))
        headCount = try file.requiredInt(.headCount(arch))
        headCountKV = try file.int(.headCountKV(arch)) ?? headCount
        headDimension = try file.int(.keyLength(arch)) ?? embeddingLength / headCount
        feedForwardLength = try file.requiredInt(.feedForwardLength(arch))
        let tokens = try file.strings(.tokens)
        vocabularySize = try file.int(.vocabSize(arch)) ?? tokens?.count ?? 0
        contextLength = try file.int(.contextLength(arch)) ?? 2048
        rmsEpsilon = try file.float(.layerNormRMSEpsilon(arch)) ?? 1e-5
        ropeBase = try file.float(.ropeFreqBase(arch)) ?? 10_000
        ropeDimensions = try file.int(.ropeDimensionCount(arch)) ?? headDimension
        let scaling = try file.string(.ropeScalingType(arch)) ?? "none"
        let factor = try file.float(.ropeScalingFactor(arch)) ?? 1
        ropePositionScale = scaling == "linear" && factor > 0 ? 1 / factor : 1
        guard headCount > 0, headCountKV > 0, headCount % headCountKV == 0, ropeDimensions <= headDimension,
            ropeDimensions % 2 == 0
        else {
            throw LlamaEngineError(.mismatch, "inconsistent heads: \(headCount) heads, \(headCountKV) kv heads, "
                + "head dimension \(headDimension), rope dimensions \(ropeDimensions)", path: file.path)
        }
    }

    /// Query heads sharing one key/value head.
    public var groupSize: Int { headCount / headCountKV }
    var keyValueWidth: Int { headCountKV * headDimension }
    var queryWidth: Int { headCount * headDimension }
}
