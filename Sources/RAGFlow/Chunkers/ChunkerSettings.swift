/// Settings of the `fixed` and `sentence` chunkers.
///
/// ```json
/// {"stage": "chunker", "kind": "sentence", "chunk_size": 192, "chunk_overlap": 32}
/// ```
public struct ChunkSizeSettings: StageSettings, Hashable {
    /// Most tokens in a chunk (required).
    public var chunkSize: Int
    /// Tokens a chunk repeats from the end of the one before it; less than `chunk_size`.
    public var chunkOverlap: Int

    public init(chunkSize: Int, chunkOverlap: Int = 0) {
        self.chunkSize = chunkSize
        self.chunkOverlap = chunkOverlap
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case chunkSize = "chunk_size"
        case chunkOverlap = "chunk_overlap"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        chunkSize = try container.decode(Int.self, forKey: .chunkSize)
        chunkOverlap = try container.decodeIfPresent(Int.self, forKey: .chunkOverlap) ?? 0
    }

    public func validate(_ check: inout SettingsCheck) {
        check.range("chunk_size", chunkSize, 1...65_536)
        guard check.isValid("chunk_size") else { return }
        check.expect(chunkOverlap >= 0 && chunkOverlap < chunkSize, "chunk_overlap",
                     "a value from 0 to less than chunk_size (\(chunkSize))", found: "\(chunkOverlap)")
    }
}

/// Settings of the `structure` chunker.
///
/// ```json
/// {"stage": "chunker", "kind": "structure", "chunk_size": 192, "chunk_overlap": 32, "min_chunk_size": 48}
/// ```
public struct StructureChunkerSettings: StageSettings, Hashable {
    public var chunkSize: Int
    public var chunkOverlap: Int
    /// A page or section with fewer tokens than this joins its neighbours instead of making a
    /// chunk of its own. Defaults to a quarter of `chunk_size`.
    public var minChunkSize: Int

    public init(chunkSize: Int, chunkOverlap: Int = 0, minChunkSize: Int? = nil) {
        self.chunkSize = chunkSize
        self.chunkOverlap = chunkOverlap
        self.minChunkSize = minChunkSize ?? chunkSize / 4
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case chunkSize = "chunk_size"
        case chunkOverlap = "chunk_overlap"
        case minChunkSize = "min_chunk_size"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let sizes = try ChunkSizeSettings(from: decoder)
        self.init(
            chunkSize: sizes.chunkSize, chunkOverlap: sizes.chunkOverlap,
            minChunkSize: try container.decodeIfPresent(Int.self, forKey: .minChunkSize))
    }

    public func validate(_ check: inout SettingsCheck) {
        ChunkSizeSettings(chunkSize: chunkSize, chunkOverlap: chunkOverlap).validate(&check)
        guard check.isValid("chunk_size") else { return }
        check.expect(minChunkSize >= 0 && minChunkSize <= chunkSize, "min_chunk_size",
                     "a value from 0 to chunk_size (\(chunkSize))", found: "\(minChunkSize)")
    }
}
