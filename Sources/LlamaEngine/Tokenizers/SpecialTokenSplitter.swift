/// Cuts text at the special tokens written in it, as llama.cpp's `tokenizer_st_partition`
/// does: longest special text first, each occurrence becoming its id, the rest left as text.
struct SpecialTokenSplitter: Sendable {
    enum Fragment: Equatable {
        case text(Substring)
        case token(Int32)
    }

    /// (text, id, is control/unknown) for every non-normal token, longest text first.
    private let specials: [(text: String, id: Int32, needsParseSpecial: Bool)]

    init(vocabulary: TokenVocabulary) {
        var specials: [(String, Int32, Bool)] = []
        for (id, kind) in vocabulary.kinds.enumerated() {
            let text = vocabulary.tokens[id]
            guard !text.isEmpty else { continue }
            switch kind {
            case .control, .unknown: specials.append((text, Int32(id), true))
            case .userDefined: specials.append((text, Int32(id), false))
            default: break
            }
        }
        self.specials = specials.sorted { $0.0.utf8.count > $1.0.utf8.count }
    }

    func split(_ text: String, parseSpecial: Bool) -> [Fragment] {
        var fragments: [Fragment] = text.isEmpty ? [] : [.text(text[...])]
        for special in specials where parseSpecial || !special.needsParseSpecial {
            var next: [Fragment] = []
            for fragment in fragments {
                guard case .text(var rest) = fragment else {
                    next.append(fragment)
                    continue
                }
                while let range = rest.firstRange(of: special.text) {
                    if range.lowerBound > rest.startIndex { next.append(.text(rest[..<range.lowerBound])) }
                    next.append(.token(special.id))
                    rest = rest[range.upperBound...]
                }
                if !rest.isEmpty { next.append(.text(rest)) }
            }
            fragments = next
        }
        return fragments
    }
}
