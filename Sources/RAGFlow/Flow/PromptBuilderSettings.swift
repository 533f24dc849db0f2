/// Settings of the `prompt_builder` stage (kind `template`): how the question and the retrieved
/// chunks become the generator's prompt.
///
/// ```json
/// {"stage": "prompt_builder", "kind": "template", "max_sources": 6, "answer_token_reserve": 512}
/// ```
public struct PromptBuilderSettings: StageSettings, Hashable {
    /// Placeholders a template must contain.
    public static let questionPlaceholder = "{{question}}"
    public static let sourcesPlaceholder = "{{sources}}"

    /// The prompt text with ``questionPlaceholder`` and ``sourcesPlaceholder``; `nil` uses the
    /// built-in template.
    public var template: String?
    /// Most sources put into a prompt; the lowest-ranked go first when they do not fit.
    public var maxSources: Int
    /// Tokens of the model's context kept free for the answer.
    public var answerTokenReserve: Int

    public init(template: String? = nil, maxSources: Int = 6, answerTokenReserve: Int = 512) {
        self.template = template
        self.maxSources = maxSources
        self.answerTokenReserve = answerTokenReserve
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case template
        case maxSources = "max_sources"
        case answerTokenReserve = "answer_token_reserve"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = PromptBuilderSettings()
        template = try container.decodeIfPresent(String.self, forKey: .template)
        maxSources = try container.decodeIfPresent(Int.self, forKey: .maxSources) ?? defaults.maxSources
        answerTokenReserve = try container.decodeIfPresent(Int.self, forKey: .answerTokenReserve) ?? defaults.answerTokenReserve
    }

    public func validate(_ check: inout SettingsCheck) {
        if let template {
            for placeholder in [Self.questionPlaceholder, Self.sourcesPlaceholder] {
                check.expect(template.contains(placeholder), "template", "a template containing \(placeholder)", found: "none")
            }
        }
        check.range("max_sources", maxSources, 1...100)
        check.range("answer_token_reserve", answerTokenReserve, 1...1_000_000)
    }
}
