extension PipelineSpec {
    /// The keys a stage of `family` and `kind` accepts (`stage` and `kind` included), as the
    /// decoder sees them; for checking the published JSON Schema against the decoder.
    package static func knownKeys(family: StageFamily, kind: String, registry: StageRegistry = .builtIn) -> Set<String> {
        let json = "{\"version\": 1, \"name\": \"keys\", \"stages\": [{\"stage\": \"\(family.rawValue)\", \"kind\": \"\(kind)\"}]}"
        let bytes = Array(json.utf8)
        guard let root = try? JSONParser.parse(bytes) else { return [] }
        let log = IssueLog(source: nil)
        _ = PipelineSpecDecoder(registry: registry, log: log).decode(root)
        let keys = log.knownKeys(at: JSONPath.root.appending("stages").appending(0))
        // The decoder reads these on every retriever to say where they belong.
        return family == .retriever && kind != RetrievalMode.hybrid.rawValue ? keys.subtracting(RetrieverSettings.hybridOnlyKeys) : keys
    }

    /// The keys the pipeline document itself accepts.
    package static var knownRootKeys: Set<String> { ["version", "name", "description", "stages"] }
}
