import Foundation

/// Turns a parsed pipeline document into a ``PipelineSpec``, reporting every problem to the log:
/// the document's own keys, each stage's family, kind and settings, the order and number of
/// stages, and what stages need of each other.
struct PipelineSpecDecoder {
    let registry: StageRegistry
    let log: IssueLog

    private static let rootKeys = ["version", "name", "description", "stages"]
    private static let stagesPath = JSONPath.root.appending("stages")

    func decode(_ root: JSONNode) -> PipelineSpec? {
        guard case .object = root.value else {
            log.report(at: .root, offset: root.offset, "expected an object with \"version\", \"name\" and \"stages\"", found: root.summary)
            return nil
        }
        log.markKnown(Self.rootKeys, in: .root)
        if let version = field(Int.self, "version", in: root, at: .root, required: true), version != PipelineSpec.formatVersion {
            log.report(at: JSONPath.root.appending("version"), offset: root.member("version")?.offset,
                       "expected \(PipelineSpec.formatVersion) (the only pipeline format version)", found: "\(version)")
        }
        let name = field(String.self, "name", in: root, at: .root, required: true)
        if name?.isEmpty == true {
            log.report(at: JSONPath.root.appending("name"), offset: root.member("name")?.offset, "expected a non-empty name", found: "\"\"")
        }
        let description = field(String.self, "description", in: root, at: .root, required: false)
        log.markAccessed("stages", in: .root)
        let stages: [JSONNode]
        switch root.member("stages")?.value {
        case .array(let items)?:
            stages = items
        case nil:
            log.report(at: Self.stagesPath, offset: root.offset, "missing required setting \"stages\"")
            stages = []
        default:
            log.report(at: Self.stagesPath, offset: root.member("stages")?.offset, "expected an array of stages", found: root.member("stages")?.summary)
            stages = []
        }
        log.reportUnknownKeys(in: root, at: .root)

        var builder = StageCollector(log: log)
        for (index, node) in stages.enumerated() {
            decodeStage(node, at: Self.stagesPath.appending(index), into: &builder)
        }
        let spec = builder.finish(name: name ?? "", description: description, stagesNode: root.member("stages") ?? root)
        return log.hasErrors ? nil : spec
    }

    /// Decodes an optional or required plain field of `node`, marking it known.
    private func field<T: Decodable>(_ type: T.Type, _ key: String, in node: JSONNode, at path: JSONPath, required: Bool) -> T? {
        log.markAccessed(key, in: path)
        guard let value = node.member(key) else {
            if required { log.report(at: path.appending(key), offset: node.offset, "missing required setting \"\(key)\"") }
            return nil
        }
        return log.decode(type, from: value, at: path.appending(key))
    }

    private func decodeStage(_ node: JSONNode, at path: JSONPath, into builder: inout StageCollector) {
        guard case .object = node.value else {
            log.report(at: path, offset: node.offset, "expected a stage object with \"stage\" and \"kind\"", found: node.summary)
            return
        }
        log.markKnown(["stage", "kind"], in: path)
        let family = field(StageFamily.self, "stage", in: node, at: path, required: true)
        let kind = field(String.self, "kind", in: node, at: path, required: true)
        guard let family, let kind else { return }
        builder.noteOrder(family, at: path, offset: node.member("stage")?.offset)
        let known = registry.kinds(of: family)
        guard known.contains(kind) else {
            log.report(
                at: path.appending("kind"), offset: node.member("kind")?.offset,
                "unknown \(family.rawValue) kind; expected one of " + known.map { "\"\($0)\"" }.joined(separator: ", "),
                found: "\"\(kind)\"", suggestion: nearestName(to: kind, in: known))
            return
        }
        switch family {
        case .loader:
            let common = log.decode(LoaderCommonSettings.self, from: node, at: path, checkUnknownKeys: false)
            if let factory = registry.loaders[kind], let decoded = factory.decode(node, path, log) {
                let extensions = (common?.extensions ?? factory.defaultExtensions).map { $0.lowercased().trimmingPrefix(".") }.map(String.init)
                builder.addLoader(kind: kind, extensions: extensions, decoded: decoded, at: path, node: node)
            }
        case .cleaner:
            let common = log.decode(CleanerCommonSettings.self, from: node, at: path, checkUnknownKeys: false)
            if let factory = registry.cleaners[kind], let decoded = factory.decode(node, path, log) {
                builder.cleaners.append(CleanerStage(
                    kind: kind, mediaTypes: common?.mediaTypes.map(Set.init), settings: decoded.settings,
                    canonical: decoded.canonical, make: { try decoded.make(WordTokenCounter()) }))
            }
        case .chunker:
            if let factory = registry.chunkers[kind], let decoded = factory.decode(node, path, log) {
                builder.chunkers.append(ChunkerStage(kind: kind, settings: decoded.settings, canonical: decoded.canonical, make: decoded.make))
            }
        case .embedder:
            builder.embedder = Placed(value: settings(EmbedderSettings.self, node, path), kind: kind, path: path, offset: node.offset)
        case .vectorIndex:
            builder.vectorIndex = Placed(value: settings(VectorIndexSettings.self, node, path), kind: kind, path: path, offset: node.offset)
        case .retriever:
            var retriever = settings(RetrieverSettings.self, node, path)
            if let mode = RetrievalMode(rawValue: kind) {
                retriever?.mode = mode
                if mode != .hybrid {
                    for key in RetrieverSettings.hybridOnlyKeys where node.member(key) != nil {
                        log.report(at: path.appending(key), offset: node.member(key)?.offset,
                                   "applies only to the \"hybrid\" retriever, not \"\(kind)\"")
                    }
                }
            }
            builder.retriever = Placed(value: retriever, kind: kind, path: path, offset: node.offset)
        case .promptBuilder:
            builder.promptBuilder = Placed(value: settings(PromptBuilderSettings.self, node, path), kind: kind, path: path, offset: node.offset)
        case .generator:
            let generator: GeneratorSettings? = kind == "llama"
                ? settings(LlamaGeneratorSettings.self, node, path).map(GeneratorSettings.llama)
                : settings(ExtractiveGeneratorSettings.self, node, path).map(GeneratorSettings.extractive)
            builder.generator = Placed(value: generator, kind: kind, path: path, offset: node.offset)
        }
        log.reportUnknownKeys(in: node, at: path)
    }

    /// Decodes and validates the settings of a stage of a closed family.
    private func settings<S: StageSettings>(_ type: S.Type, _ node: JSONNode, _ path: JSONPath) -> S? {
        guard let settings = log.decode(type, from: node, at: path, checkUnknownKeys: false) else { return nil }
        var check = SettingsCheck(log: log, path: path, node: node)
        settings.validate(&check)
        return settings
    }
}

/// The kinds of the families a program cannot extend.
enum ClosedStageKinds {
    static func kinds(of family: StageFamily) -> [String] {
        switch family {
        case .embedder: ["llama"]
        case .vectorIndex: ["hnsw"]
        case .retriever: RetrievalMode.allCases.map(\.rawValue)
        case .promptBuilder: ["template"]
        case .generator: ["extractive", "llama"]
        case .loader, .cleaner, .chunker: []
        }
    }
}
