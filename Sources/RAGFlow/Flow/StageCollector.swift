import Foundation

/// Gathers decoded stages in pipeline order and checks what no single stage can: the order of
/// families, how many of each there are, extensions claimed twice, and what later stages need
/// from earlier ones.
struct StageCollector {
    let log: IssueLog
    var loaders: [(stage: LoaderStage, path: JSONPath)] = []
    var cleaners: [CleanerStage] = []
    var chunkers: [ChunkerStage] = []
    var embedder: Placed<EmbedderSettings>?
    var vectorIndex: Placed<VectorIndexSettings>?
    var retriever: Placed<RetrieverSettings>?
    var promptBuilder: Placed<PromptBuilderSettings>?
    var generator: Placed<GeneratorSettings>?
    private var counts: [StageFamily: Int] = [:]
    private var latest: StageFamily?

    init(log: IssueLog) { self.log = log }

    mutating func noteOrder(_ family: StageFamily, at path: JSONPath, offset: Int?) {
        counts[family, default: 0] += 1
        if counts[family]! > family.allowedCount.upperBound {
            log.report(at: path.appending("stage"), offset: offset, "a pipeline has at most one \(family.rawValue) stage")
        }
        if let latest, family < latest {
            log.report(
                at: path.appending("stage"), offset: offset,
                "a \(family.rawValue) stage must come before the \(latest.rawValue) stages (order: "
                    + StageFamily.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        } else {
            latest = family
        }
    }

    mutating func addLoader(kind: String, extensions: [String], decoded: DecodedSettings<any DocumentLoader>, at path: JSONPath, node: JSONNode) {
        for (index, ext) in extensions.enumerated() {
            if let earlier = loaders.first(where: { $0.stage.extensions.contains(ext) }) {
                log.report(
                    at: path.appending("extensions").appending(index), offset: node.member("extensions")?.offset ?? node.offset,
                    "extension \"\(ext)\" is already read by \(earlier.path) (\(earlier.stage.kind))")
            }
        }
        let stage = LoaderStage(
            kind: kind, extensions: extensions, settings: decoded.settings, canonical: decoded.canonical,
            make: { try decoded.make(WordTokenCounter()) })
        loaders.append((stage, path))
    }

    func finish(name: String, description: String?, stagesNode: JSONNode) -> PipelineSpec? {
        let stagesPath = JSONPath.root.appending("stages")
        for family in [StageFamily.loader, .chunker] where counts[family, default: 0] == 0 {
            let expected = family == .chunker ? "exactly one chunker stage" : "at least one loader stage"
            log.report(at: stagesPath, offset: stagesNode.offset, "expected \(expected), found none")
        }
        checkNeeds()
        warnAboutMissingModels()
        guard !log.hasErrors, let chunker = chunkers.first else { return nil }
        return PipelineSpec(
            name: name, description: description, loaders: loaders.map(\.stage), cleaners: cleaners, chunker: chunker,
            embedder: embedder?.value, vectorIndex: vectorIndex?.value, retriever: retriever?.value,
            promptBuilder: promptBuilder?.value, generator: generator?.value, warnings: [])
    }

    /// Semantic retrieval needs vectors; a model-written answer needs a prompt.
    private func checkNeeds() {
        if let vectorIndex, embedder == nil {
            log.report(at: vectorIndex.path.appending("stage"), offset: vectorIndex.offset, "a vector_index needs an embedder stage before it")
        }
        if let retriever, let mode = RetrievalMode(rawValue: retriever.kind), mode != .bm25, embedder == nil || vectorIndex == nil {
            log.report(at: retriever.path.appending("kind"), offset: retriever.offset,
                       "a \"\(mode.rawValue)\" retriever needs embedder and vector_index stages; use \"bm25\" without them")
        }
        if let generator, generator.kind == "llama", promptBuilder == nil {
            log.report(at: generator.path.appending("kind"), offset: generator.offset, "a \"llama\" generator needs a prompt_builder stage before it")
        }
    }

    /// A model file that is not there yet (before `make models`) does not stop validation:
    /// ingest still works, and the stages that need the model say so when they run.
    private func warnAboutMissingModels() {
        if let embedder, let settings = embedder.value, !FileManager.default.fileExists(atPath: settings.model) {
            log.report(.warning, at: embedder.path.appending("model"), offset: embedder.offset,
                       "model file \"\(settings.model)\" not found (relative to the current directory); semantic retrieval needs it")
        }
        if let generator, case .llama(let settings)? = generator.value, !FileManager.default.fileExists(atPath: settings.model) {
            log.report(.warning, at: generator.path.appending("model"), offset: generator.offset,
                       "model file \"\(settings.model)\" not found (relative to the current directory); the extractive generator answers instead")
        }
    }
}

/// A stage of a closed family with where it was written; `value` is `nil` when its settings
/// did not validate.
struct Placed<Settings> {
    var value: Settings?
    var kind: String
    var path: JSONPath
    var offset: Int
}
