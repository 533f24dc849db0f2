/// Builds the system and user messages for a question from the retrieved chunks, numbering
/// the chunks as sources and fitting them into the model's context window.
///
/// Sources go in rank order into a `<sources>` block, each as
/// `<source n="1" file="guide.pdf" page="3">text</source>`, after ``PromptSanitizer`` has made
/// its text unable to close the block or to pose as a chat role. Whatever room the template,
/// the question, the chat template's overhead and the answer leave is filled with the best
/// sources; the lowest-ranked go first when room runs out, and a source too long for the room
/// left is cut rather than dropped when at least ``minimumTruncatedTokens`` remain.
///
/// ```swift
/// let builder = PromptBuilder(contextWindow: 4096, answerTokens: 512) { tokenizer.encode($0, addSpecialTokens: false).count }
/// let prompt = try builder.build(question: "How do I stop a script on the first error?", sources: retrieved)
/// // prompt.messages -> chat template; prompt.sources -> CitationChecker
/// ```
public struct PromptBuilder: Sendable {
    public var template: PromptTemplate
    /// Tokens the model attends to: prompt and answer together.
    public var contextWindow: Int
    /// Tokens kept free for the answer.
    public var answerTokens: Int
    /// Tokens a chat template adds around each message (role headers, end-of-turn tokens).
    public var messageOverhead: Int
    /// Fewest tokens worth giving a cut source; with less room left it is dropped instead.
    public var minimumTruncatedTokens: Int
    /// Counts the tokens of a text as the generator's tokenizer would.
    public var countTokens: @Sendable (String) -> Int
    var sanitizer: PromptSanitizer

    /// - Parameter specialTokens: the model's special token texts, neutralised in documents
    ///   on top of the usual chat markers.
    public init(
        template: PromptTemplate = .default, contextWindow: Int, answerTokens: Int, messageOverhead: Int = 8,
        minimumTruncatedTokens: Int = 32, specialTokens: [String] = [], countTokens: @escaping @Sendable (String) -> Int
    ) {
        self.template = template
        self.contextWindow = contextWindow
        self.answerTokens = answerTokens
        self.messageOverhead = messageOverhead
        self.minimumTruncatedTokens = minimumTruncatedTokens
        self.countTokens = countTokens
        self.sanitizer = PromptSanitizer(specialTokens: specialTokens)
    }

    /// The prompt for `question` over `sources` (best first).
    ///
    /// Throws ``RAGFlowError`` (`.invalidArgument`) when the instructions and the question
    /// alone leave no room for the answer.
    public func build(question: String, sources: [RetrievedChunk]) throws -> Prompt {
        let question = sanitizer.neutralize(question)
        let budget = contextWindow - answerTokens - 2 * messageOverhead
        let empty = render(question: question, blocks: [])
        let fixed = countTokens(empty.system) + countTokens(empty.user)
        guard fixed <= budget else {
            throw RAGFlowError(
                .invalidArgument,
                "the prompt's instructions and question take \(fixed) tokens, more than the \(max(budget, 0)) that a context of \(contextWindow) leaves after \(answerTokens) for the answer")
        }
        var included: [RetrievedChunk] = []
        var blocks: [String] = []
        var truncated: [Int] = []
        var used = fixed
        for source in sources {
            let n = included.count + 1
            let block = self.block(source, n: n, text: source.text, truncated: false)
            let cost = countTokens(block + "\n")
            if used + cost <= budget {
                included.append(source)
                blocks.append(block)
                used += cost
                continue
            }
            if budget - used >= minimumTruncatedTokens, let cut = fit(source, n: n, room: budget - used) {
                var shown = source
                shown.text = cut.text
                included.append(shown)
                blocks.append(cut.block)
                truncated.append(n)
            }
            break
        }
        // Counting parts can differ from counting the whole by a token or two at the joins:
        // drop from the end until the whole fits.
        var messages = render(question: question, blocks: blocks)
        var total = countTokens(messages.system) + countTokens(messages.user)
        while total > budget, !blocks.isEmpty {
            blocks.removeLast()
            included.removeLast()
            truncated.removeAll { $0 > blocks.count }
            messages = render(question: question, blocks: blocks)
            total = countTokens(messages.system) + countTokens(messages.user)
        }
        let includedIDs = Set(included.map(\.chunkID))
        return Prompt(
            messages: [PromptMessage(role: .system, content: messages.system), PromptMessage(role: .user, content: messages.user)],
            sources: included, truncated: truncated,
            dropped: sources.filter { !includedIDs.contains($0.chunkID) },
            tokenCount: total + 2 * messageOverhead)
    }

    private func render(question: String, blocks: [String]) -> (system: String, user: String) {
        let sources = (["<sources>"] + blocks + ["</sources>"]).joined(separator: "\n")
        let values: [PromptTemplate.Placeholder: String] = [
            .question: question, .sources: sources, .sourceCount: String(blocks.count),
        ]
        return (template.render(template.system, values: values), template.render(template.user, values: values))
    }

    /// One source as the prompt shows it.
    func block(_ source: RetrievedChunk, n: Int, text: String, truncated: Bool) -> String {
        var attributes = "n=\"\(n)\" file=\"\(Self.attributeValue(sanitizer.neutralize(source.source)))\""
        if let pages = source.pages {
            attributes += pages.count == 1 ? " page=\"\(pages.lowerBound)\"" : " pages=\"\(pages.lowerBound)-\(pages.upperBound)\""
        }
        if truncated { attributes += " truncated=\"true\"" }
        return "<source \(attributes)>\n\(sanitizer.neutralize(text))\n</source>"
    }

    /// The longest prefix of `source`'s text, cut between words, whose block fits in `room`.
    private func fit(_ source: RetrievedChunk, n: Int, room: Int) -> (text: String, block: String)? {
        let text = source.text
        var cuts: [String.Index] = []
        var index = text.startIndex
        while index < text.endIndex {
            if text[index].isWhitespace { cuts.append(index) }
            index = text.index(after: index)
        }
        cuts.append(text.endIndex)
        var low = 0
        var high = cuts.count - 1
        var best: (text: String, block: String)?
        while low <= high {
            let middle = (low + high) / 2
            let prefix = String(text[..<cuts[middle]])
            let block = self.block(source, n: n, text: prefix, truncated: true)
            if countTokens(block + "\n") <= room {
                if !prefix.allSatisfy(\.isWhitespace) { best = (prefix, block) }
                low = middle + 1
            } else {
                high = middle - 1
            }
        }
        return best
    }

    /// `value` safe inside a double-quoted attribute on one line.
    private static func attributeValue(_ value: String) -> String {
        var result = ""
        for character in value {
            switch character {
            case "&": result += "&amp;"
            case "\"": result += "&quot;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case _ where character.isNewline: result += " "
            default: result.append(character)
            }
        }
        return result
    }
}
