import Foundation

/// The kinds of loader, cleaner and chunker a pipeline may name, each with its settings type and
/// a factory. ``builtIn`` holds RAGFlow's own; a program adds kinds of its own under new names
/// (or replaces a built-in one) before loading a pipeline that uses them.
///
/// ```swift
/// var registry = StageRegistry.builtIn
/// registry.registerCleaner("strip_prefix", settings: StripPrefixSettings.self) { settings in
///     StripPrefix(prefix: settings.prefix)
/// }
/// let spec = try PipelineSpec(contentsOf: url, registry: registry)
/// ```
public struct StageRegistry: Sendable {
    var loaders: [String: StageFactory<any DocumentLoader>] = [:]
    var cleaners: [String: StageFactory<any DocumentCleaner>] = [:]
    var chunkers: [String: StageFactory<any DocumentChunker>] = [:]

    /// A registry with no kinds at all.
    public init() {}

    /// Registers a loader kind that reads files with the given extensions (lower-case, without
    /// the dot) unless the stage lists its own `extensions`.
    public mutating func registerLoader<Settings: StageSettings>(
        _ kind: String, settings: Settings.Type, extensions: [String],
        make: @escaping @Sendable (Settings) throws -> any DocumentLoader
    ) {
        loaders[kind] = StageFactory(defaultExtensions: extensions) { settings, _ in try make(settings) }
    }

    /// Registers a loader kind that takes no settings.
    public mutating func registerLoader(
        _ kind: String, extensions: [String], make: @escaping @Sendable () throws -> any DocumentLoader
    ) {
        registerLoader(kind, settings: NoSettings.self, extensions: extensions) { _ in try make() }
    }

    /// Registers a cleaner kind.
    public mutating func registerCleaner<Settings: StageSettings>(
        _ kind: String, settings: Settings.Type, make: @escaping @Sendable (Settings) throws -> any DocumentCleaner
    ) {
        cleaners[kind] = StageFactory { settings, _ in try make(settings) }
    }

    /// Registers a cleaner kind that takes no settings.
    public mutating func registerCleaner(_ kind: String, make: @escaping @Sendable () throws -> any DocumentCleaner) {
        registerCleaner(kind, settings: NoSettings.self) { _ in try make() }
    }

    /// Registers a chunker kind. The factory receives the token counter the pipeline runs with.
    public mutating func registerChunker<Settings: StageSettings>(
        _ kind: String, settings: Settings.Type,
        make: @escaping @Sendable (Settings, any TokenCounter) throws -> any DocumentChunker
    ) {
        chunkers[kind] = StageFactory(make: make)
    }

    /// The kind names of `family` this registry knows, sorted; for the closed families, their
    /// built-in kinds.
    public func kinds(of family: StageFamily) -> [String] {
        switch family {
        case .loader: loaders.keys.sorted()
        case .cleaner: cleaners.keys.sorted()
        case .chunker: chunkers.keys.sorted()
        default: ClosedStageKinds.kinds(of: family)
        }
    }
}

/// How one registered kind decodes its settings and builds its stage.
struct StageFactory<Product>: Sendable {
    var defaultExtensions: [String] = []
    /// Decodes and validates the settings at `path`, reporting problems to the log.
    let decode: @Sendable (JSONNode, JSONPath, IssueLog) -> DecodedSettings<Product>?

    init<Settings: StageSettings>(
        defaultExtensions: [String] = [],
        make: @escaping @Sendable (Settings, any TokenCounter) throws -> Product
    ) {
        self.defaultExtensions = defaultExtensions
        decode = { node, path, log in
            // The settings see the stage's own keys only, not "stage" and "kind".
            let own = node.removing(["stage", "kind"])
            guard let settings = log.decode(Settings.self, from: own, at: path, checkUnknownKeys: false) else { return nil }
            var check = SettingsCheck(log: log, path: path, node: node)
            settings.validate(&check)
            guard let canonical = try? CanonicalJSON.value(of: settings) else {
                log.report(at: path, offset: node.offset, "settings cannot be encoded for the pipeline fingerprint")
                return nil
            }
            return DecodedSettings(settings: settings, canonical: canonical) { counter in try make(settings, counter) }
        }
    }
}

/// A stage's settings after decoding: the typed value, its canonical JSON (defaults filled in,
/// for fingerprints) and the factory bound to them.
struct DecodedSettings<Product>: Sendable {
    let settings: any StageSettings
    let canonical: JSONValue
    let make: @Sendable (any TokenCounter) throws -> Product
}

/// Canonical JSON: keys sorted, no insignificant whitespace, defaults filled in by the typed
/// settings. Equal settings give equal bytes.
enum CanonicalJSON {
    static func value(of settings: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: encoder.encode(settings))
    }

    static func string(of value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
