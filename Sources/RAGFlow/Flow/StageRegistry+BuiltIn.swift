extension StageRegistry {
    /// RAGFlow's own loaders, cleaners and chunkers: the kinds the default pipeline uses.
    ///
    /// | family  | kinds |
    /// |---------|-------|
    /// | loader  | `text` (txt, text, md, markdown, rst), `html` (html, htm, xhtml), `pdf` |
    /// | cleaner | `unicode`, `control_characters`, `running_headers`, `hyphenation`, `whitespace` |
    /// | chunker | `fixed`, `sentence`, `structure` |
    public static let builtIn: StageRegistry = {
        var registry = StageRegistry()
        registry.registerBuiltInLoaders()
        registry.registerBuiltInCleaners()
        registry.registerChunker("fixed", settings: ChunkSizeSettings.self) { settings, counter in
            FixedChunker(settings: settings, tokenCounter: counter)
        }
        registry.registerChunker("sentence", settings: ChunkSizeSettings.self) { settings, counter in
            SentenceChunker(settings: settings, tokenCounter: counter)
        }
        registry.registerChunker("structure", settings: StructureChunkerSettings.self) { settings, counter in
            StructureChunker(settings: settings, tokenCounter: counter)
        }
        return registry
    }()

    /// Default extensions of each built-in loader, from the media types it reads.
    static func extensions(of mediaTypes: [MediaType]) -> [String] {
        let all = ["txt", "text", "md", "markdown", "rst", "html", "htm", "xhtml", "pdf"]
        return all.filter { MediaType(fileExtension: $0).map(mediaTypes.contains) ?? false }
    }
}
