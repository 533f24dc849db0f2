/// Settings every built-in loader takes.
///
/// ```json
/// {"stage": "loader", "kind": "pdf", "max_file_bytes": 268435456}
/// ```
public struct LoaderSettings: StageSettings, Hashable {
    public static let defaultMaxFileBytes = 256 << 20

    /// Larger files fail with a clear error instead of being read.
    public var maxFileBytes: Int

    public init(maxFileBytes: Int = LoaderSettings.defaultMaxFileBytes) { self.maxFileBytes = maxFileBytes }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case maxFileBytes = "max_file_bytes"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        maxFileBytes = try container.decodeIfPresent(Int.self, forKey: .maxFileBytes) ?? Self.defaultMaxFileBytes
    }

    public func validate(_ check: inout SettingsCheck) {
        check.range("max_file_bytes", maxFileBytes, 1...(1 << 40))
    }
}

/// Keys every loader stage may carry besides its kind's own settings.
struct LoaderCommonSettings: Codable {
    /// File extensions (without the dot) this loader reads instead of its kind's defaults.
    var extensions: [String]?

    enum CodingKeys: String, CodingKey, CaseIterable { case extensions }
}

/// Keys every cleaner stage may carry besides its kind's own settings.
struct CleanerCommonSettings: Codable {
    /// Media types the cleaner applies to; all when absent.
    var mediaTypes: [MediaType]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case mediaTypes = "media_types"
    }
}
