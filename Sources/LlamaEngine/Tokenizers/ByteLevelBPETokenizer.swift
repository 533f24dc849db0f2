/// Byte-level BPE (`tokenizer.ggml.model = gpt2`): the text is cut into words by the
/// pre-tokenizer regexes, each word's UTF-8 bytes are spelled with GPT-2's byte characters and
/// merged by rank. Every byte has a token, so any text encodes and decodes back exactly.
public struct ByteLevelBPETokenizer: LanguageModelTokenizer {
    public let vocabulary: TokenVocabulary
    private let tokenIDs: [String: Int32]
    /// (left id << 32 | right id) -> (rank, merged id)
    private let merges: [UInt64: (rank: Int32, merged: Int32)]
    /// The token of each single byte, -1 if missing.
    private let byteTokens: [Int32]
    /// The bytes each token decodes to.
    private let pieces: [[UInt8]]
    private let specials: SpecialTokenSplitter
    private let preTokenizer: PreTokenizer

    public init(vocabulary: TokenVocabulary) throws {
        self.vocabulary = vocabulary
        preTokenizer = try PreTokenizer(name: vocabulary.preTokenizer)
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(vocabulary.tokens.count)
        for (id, text) in vocabulary.tokens.enumerated() where ids[text] == nil { ids[text] = Int32(id) }
        tokenIDs = ids
        var merges: [UInt64: (Int32, Int32)] = [:]
        merges.reserveCapacity(vocabulary.merges.count)
        for (rank, merge) in vocabulary.merges.enumerated() {
            // The separator is the first space after the first character (a token may be " ").
            guard let space = merge.dropFirst().firstIndex(of: " ") else {
                throw LlamaEngineError(.malformedFile, "merge \(rank) '\(merge)' has no space", key: GGUFKey.merges.name)
            }
            let left = String(merge[..<space]), right = String(merge[merge.index(after: space)...])
            // A merge whose parts or result are not tokens can never apply to token ids.
            guard let l = ids[left], let r = ids[right], let m = ids[left + right] else { continue }
            let key = UInt64(UInt32(bitPattern: l)) << 32 | UInt64(UInt32(bitPattern: r))
            if merges[key] == nil { merges[key] = (Int32(rank), m) }
        }
        self.merges = merges
        byteTokens = ByteUnicodeMap.characters.map { ids[String($0)] ?? -1 }
        pieces = zip(vocabulary.tokens, vocabulary.kinds).map { text, kind in
            switch kind {
            case .normal, .byte, .undefined, .unused: ByteUnicodeMap.decode(text) ?? Array(text.utf8)
            default: Array(text.utf8)
            }
        }
        specials = SpecialTokenSplitter(vocabulary: vocabulary)
    }

    public func encode(_ text: String, addSpecialTokens: Bool, parseSpecial: Bool) -> [Int32] {
        var out: [Int32] = []
        if addSpecialTokens, vocabulary.addBOS, let bos = vocabulary.bos { out.append(bos) }
        for fragment in specials.split(text, parseSpecial: parseSpecial) {
            switch fragment {
            case .token(let id): out.append(id)
            case .text(let text): encodePlain(text, into: &out)
            }
        }
        if addSpecialTokens, vocabulary.addEOS, let eos = vocabulary.eos { out.append(eos) }
        return out
    }

    public func pieceBytes(_ token: Int32, renderSpecial: Bool) -> [UInt8] {
        guard token >= 0, Int(token) < pieces.count else { return [] }
        switch vocabulary.kinds[Int(token)] {
        case .control, .unknown: return renderSpecial ? pieces[Int(token)] : []
        default: return pieces[Int(token)]
        }
    }

    private func encodePlain(_ text: Substring, into out: inout [Int32]) {
        let scalars = Array(text.unicodeScalars)
        var word: [UInt8] = []
        for range in preTokenizer.split(scalars) {
            word.removeAll(keepingCapacity: true)
            for scalar in scalars[range] { UTF8.encode(scalar) { word.append($0) } }
            encodeWord(word, into: &out)
        }
    }

    private func encodeWord(_ word: [UInt8], into out: inout [Int32]) {
        if preTokenizer.ignoresMerges, let id = tokenIDs[ByteUnicodeMap.encode(word)] {
            out.append(id)
            return
        }
        let symbols = word.enumerated().map { i, byte in
            BPEMerger.Symbol(token: byteTokens[Int(byte)], start: i, end: i + 1, next: 0)
        }
        let merged = BPEMerger.merge(symbols) { left, right in
            guard left.token >= 0, right.token >= 0 else { return nil }
            let key = UInt64(UInt32(bitPattern: left.token)) << 32 | UInt64(UInt32(bitPattern: right.token))
            return merges[key].map { (Float($0.rank), $0.merged) }
        }
        for symbol in merged {
            if symbol.token >= 0 {
                out.append(symbol.token)
            } else if let unknown = vocabulary.unknown {
                out.append(unknown)
            }
        }
    }
}
