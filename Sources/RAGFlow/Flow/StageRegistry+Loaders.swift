extension StageRegistry {
    mutating func registerBuiltInLoaders() {
        registerLoader("text", settings: LoaderSettings.self, extensions: Self.extensions(of: [.plainText, .markdown, .restructuredText])) { _ in
            throw RAGFlowError(.invalidArgument, "the text loader has not landed yet")
        }
        registerLoader("html", settings: LoaderSettings.self, extensions: Self.extensions(of: [.html])) { _ in
            throw RAGFlowError(.invalidArgument, "the HTML loader has not landed yet")
        }
        registerLoader("pdf", settings: LoaderSettings.self, extensions: Self.extensions(of: [.pdf])) { _ in
            throw RAGFlowError(.invalidArgument, "the PDF loader has not landed yet")
        }
    }

    mutating func registerBuiltInCleaners() {
        registerCleaner("unicode", settings: UnicodeCleanerSettings.self) { _ in
            throw RAGFlowError(.invalidArgument, "cleaners have not landed yet")
        }
        for kind in ["control_characters", "hyphenation", "whitespace"] {
            registerCleaner(kind) { throw RAGFlowError(.invalidArgument, "cleaners have not landed yet") }
        }
        registerCleaner("running_headers", settings: RunningHeaderSettings.self) { _ in
            throw RAGFlowError(.invalidArgument, "cleaners have not landed yet")
        }
    }
}
