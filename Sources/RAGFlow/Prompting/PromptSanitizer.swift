import Foundation

/// Makes document text safe to place inside a prompt's data block: nothing in it can close the
/// block or speak as a chat role.
///
/// - Invisible format characters (zero-width spaces, bidirectional overrides, soft hyphens) and
///   control characters other than newline and tab are removed, so they cannot hide a sequence
///   from the rules below.
/// - Full-width look-alikes of `<`, `>`, `[`, `]` and `|` become ASCII first, for the same reason.
/// - A `<` that opens a tag named like a prompt delimiter or chat role (`</source>`,
///   `<sources>`, `<system>`, `<s>`, `<<SYS>>`...) becomes `‹`.
/// - Chat special tokens written as text lose their shape: `<|eot_id|>` becomes `‹|eot_id|›`,
///   `[INST]` becomes `⁅INST⁆`, and any of the model's own special tokens given to the
///   sanitizer has its first character replaced or a space inserted after it.
///
/// The words stay readable, so the model can still quote them.
package struct PromptSanitizer: Sendable {
    /// The model's special token texts (`<|eot_id|>`, `</s>`), neutralised wherever they occur.
    package var specialTokens: [String]

    package init(specialTokens: [String] = []) {
        self.specialTokens = specialTokens.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    /// Names that, after `<` or `</`, would read as one of our delimiters or as a chat role.
    static let reservedTagNames: Set<String> = [
        "source", "sources", "question", "system", "user", "assistant", "instructions", "instruction",
        "document", "documents", "context", "data", "s", "sys", "im_start", "im_end",
        // Special tokens some vocabularies write as plain tags (Gemma, T5, BERT-likes).
        "start_of_turn", "end_of_turn", "bos", "eos", "pad", "unk", "mask", "cls", "sep",
    ]

    package func neutralize(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if let ascii = Self.lookAlikes[scalar] {
                scalars.append(ascii)
            } else if scalar == "\n" || scalar == "\t" {
                scalars.append(scalar)
            } else if scalar == "\r" {
                continue
            } else if scalar.properties.generalCategory == .format || scalar.properties.generalCategory == .control {
                continue
            } else {
                scalars.append(scalar)
            }
        }
        var result = neutralizeTags(String(scalars))
        result = result.replacingOccurrences(of: "<|", with: "\u{2039}|").replacingOccurrences(of: "|>", with: "|\u{203A}")
        result = neutralizeInstructionMarkers(result)
        for token in specialTokens where result.contains(token) {
            result = result.replacingOccurrences(of: token, with: Self.defused(token))
        }
        return result
    }

    private static let lookAlikes: [Unicode.Scalar: Unicode.Scalar] = [
        "\u{FF1C}": "<", "\u{FE64}": "<", "\u{FF1E}": ">", "\u{FE65}": ">",
        "\u{FF3B}": "[", "\u{FF3D}": "]", "\u{FF5C}": "|",
    ]

    /// `token` changed so that a tokenizer no longer matches it and a reader still can.
    static func defused(_ token: String) -> String {
        let replacements: [Character: String] = ["<": "\u{2039}", "[": "\u{2045}", "{": "\u{2774}"]
        guard let first = token.first else { return token }
        if let replacement = replacements[first] { return replacement + token.dropFirst() }
        return String(first) + " " + token.dropFirst()
    }

    /// Replaces the `<` of every tag-like sequence whose name is reserved.
    private func neutralizeTags(_ text: String) -> String {
        guard text.contains("<") else { return text }
        var result = ""
        var index = text.startIndex
        while let open = text[index...].firstIndex(of: "<") {
            result += text[index..<open]
            var cursor = text.index(after: open)
            while cursor < text.endIndex, text[cursor] == " " || text[cursor] == "/" || text[cursor] == "\t" {
                cursor = text.index(after: cursor)
            }
            let nameEnd = text[cursor...].firstIndex(where: { !($0.isLetter || $0 == "_") }) ?? text.endIndex
            let name = text[cursor..<nameEnd].lowercased()
            result += Self.reservedTagNames.contains(name) ? "\u{2039}" : "<"
            index = text.index(after: open)
        }
        result += text[index...]
        return result
    }

    /// `[INST]` and `[/INST]`, in any case and spacing, become `⁅INST⁆` and `⁅/INST⁆`.
    private func neutralizeInstructionMarkers(_ text: String) -> String {
        guard text.contains("[") else { return text }
        var result = ""
        var index = text.startIndex
        while let open = text[index...].firstIndex(of: "[") {
            result += text[index..<open]
            let inner = text[text.index(after: open)...].prefix(while: { $0 != "]" && $0 != "[" && !$0.isNewline })
            let closeIndex = inner.endIndex
            let word = inner.filter { !$0.isWhitespace && $0 != "/" }.lowercased()
            if closeIndex < text.endIndex, text[closeIndex] == "]", word == "inst" {
                result += "\u{2045}" + inner + "\u{2046}"
                index = text.index(after: closeIndex)
            } else {
                result += "["
                index = text.index(after: open)
            }
        }
        result += text[index...]
        return result
    }
}
