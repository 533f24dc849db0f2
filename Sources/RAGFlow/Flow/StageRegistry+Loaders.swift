extension StageRegistry {
    mutating func registerBuiltInLoaders() {
        registerLoader("text", settings: LoaderSettings.self, extensions: Self.extensions(of: [.plainText, .markdown, .restructuredText])) {
            TextLoader(maxFileBytes: $0.maxFileBytes)
        }
        registerLoader("html", settings: LoaderSettings.self, extensions: Self.extensions(of: [.html])) {
            HTMLLoader(maxFileBytes: $0.maxFileBytes)
        }
        registerLoader("pdf", settings: LoaderSettings.self, extensions: Self.extensions(of: [.pdf])) {
            PDFLoader(maxFileBytes: $0.maxFileBytes)
        }
    }

    mutating func registerBuiltInCleaners() {
        registerCleaner("unicode", settings: UnicodeCleanerSettings.self) { UnicodeNormalizer(form: $0.form) }
        registerCleaner("control_characters") { ControlCharacterRemover() }
        registerCleaner("running_headers", settings: RunningHeaderSettings.self) {
            RunningHeaderRemover(minimumFraction: $0.minimumFraction)
        }
        registerCleaner("hyphenation") { HyphenationJoiner() }
        registerCleaner("whitespace") { WhitespaceNormalizer() }
    }
}

extension UnicodeNormalizer.Form: SettingChoice {}
