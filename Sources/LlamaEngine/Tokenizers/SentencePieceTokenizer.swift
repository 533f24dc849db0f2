/// SentencePiece-style BPE (`tokenizer.ggml.model = llama`), as llama.cpp runs it: spaces become
/// `▁`, the text gets a leading `▁` (`add_space_prefix`), characters merge highest score first
/// whenever their concatenation is a token, and characters the vocabulary lacks fall back to
/// `<0xNN>` byte tokens.
public struct SentencePieceTokenizer: LanguageModelTokenizer {
    public let vocabulary: TokenVocabulary
    private let tokenIDs: [String: Int32]
    /// The `<0xNN>` token of each byte, -1 if missing.
    private let byteTokens: [Int32]
    private let pieces: [[UInt8]]
    private let specials: SpecialTokenSplitter

    /// `▁` (U+2581), SentencePiece's visible space.
    static let space = "\u{2581}"

    public init(vocabulary: TokenVocabulary) {
        self.vocabulary = vocabulary
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(vocabulary.tokens.count)
        var byteTokens = [Int32](repeating: -1, count: 256)
        var pieces: [[UInt8]] = []
        pieces.reserveCapacity(vocabulary.tokens.count)
        for (index, (text, kind)) in zip(vocabulary.tokens, vocabulary.kinds).enumerated() {
            let id = Int32(index)
            if ids[text] == nil { ids[text] = id }
            if kind == .byte, let byte = Self.byteValue(text) {
                byteTokens[Int(byte)] = id
                pieces.append([byte])
            } else if kind == .normal || kind == .userDefined || kind == .undefined {
                pieces.append(Array(text.replacing(Self.space, with: " ").utf8))
            } else {
                pieces.append(Array(text.utf8))
            }
        }
        tokenIDs = ids
        self.byteTokens = byteTokens
        self.pieces = pieces
        specials = SpecialTokenSplitter(vocabulary: vocabulary)
    }

    /// The byte of a `<0xNN>` token text.
    static func byteValue(_ text: String) -> UInt8? {
        guard text.count == 6, text.hasPrefix("<0x"), text.hasSuffix(">") else { return nil }
        return UInt8(text.dropFirst(3).prefix(2), radix: 16)
    }

    public func encode(_ text: String, addSpecialTokens: Bool, parseSpecial: Bool) -> [Int32] {
        var out: [Int32] = []
        if addSpecialTokens, vocabulary.addBOS, let bos = vocabulary.bos { out.append(bos) }
        // The text after a special token starts a new "sentence" and gets the space prefix too.
        var afterSpecial = true
        for fragment in specials.split(text, parseSpecial: parseSpecial) {
            switch fragment {
            case .token(let id):
                out.append(id)
                afterSpecial = true
            case .text(let text):
                let prefixed = vocabulary.addSpacePrefix && afterSpecial ? " " + text : String(text)
                encodePlain(prefixed.replacing(" ", with: Self.space), into: &out)
                afterSpecial = false
            }
        }
        if addSpecialTokens, vocabulary.addEOS, let eos = vocabulary.eos { out.append(eos) }
        return out
    }

    public func pieceBytes(_ token: Int32, renderSpecial: Bool) -> [UInt8] {
        guard token >= 0, Int(token) < pieces.count else { return [] }
        switch vocabulary.kinds[Int(token)] {
        case .control, .unknown, .unused: return renderSpecial ? pieces[Int(token)] : []
        default: return pieces[Int(token)]
        }
    }

    private func encodePlain(_ text: String, into out: inout [Int32]) {
        let bytes = Array(text.utf8)
        var symbols: [BPEMerger.Symbol] = []
        symbols.reserveCapacity(bytes.count)
        var offset = 0
        for scalar in text.unicodeScalars {
            let length = UTF8.width(scalar)
            let id = tokenIDs[String(scalar)] ?? -1
            symbols.append(BPEMerger.Symbol(token: id, start: offset, end: offset + length, next: 0))
            offset += length
        }
        let merged = BPEMerger.merge(symbols) { left, right in
            let joined = String(decoding: bytes[left.start..<right.end], as: UTF8.self)
            guard let id = tokenIDs[joined] else { return nil }
            return (-vocabulary.scores[Int(id)], id)
        }
        for symbol in merged {
            if symbol.token >= 0 {
                out.append(symbol.token)
                continue
            }
            for byte in bytes[symbol.start..<symbol.end] {
                let id = byteTokens[Int(byte)]
                if id >= 0 {
                    out.append(id)
                } else if let unknown = vocabulary.unknown {
                    out.append(unknown)
                }
            }
        }
    }
}
