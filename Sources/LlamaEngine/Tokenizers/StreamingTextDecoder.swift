/// Turns tokens into text one at a time, holding back the bytes of a character that is not
/// complete yet (an emoji split over byte tokens), so that streamed text is never garbled.
///
/// ```swift
/// var decoder = StreamingTextDecoder(tokenizer: tokenizer)
/// for token in generated { print(decoder.append(token), terminator: "") }
/// print(decoder.finish())
/// ```
public struct StreamingTextDecoder {
    public let tokenizer: any LanguageModelTokenizer
    public var renderSpecial: Bool
    private var pending: [UInt8] = []
    private var isFirst = true

    public init(tokenizer: any LanguageModelTokenizer, renderSpecial: Bool = false) {
        self.tokenizer = tokenizer
        self.renderSpecial = renderSpecial
    }

    /// The text that `token` completes (possibly empty).
    public mutating func append(_ token: Int32) -> String {
        var piece = tokenizer.pieceBytes(token, renderSpecial: renderSpecial)
        if isFirst, !piece.isEmpty {
            if tokenizer.stripsLeadingSpace, piece.first == 0x20 { piece.removeFirst() }
            isFirst = false
        }
        pending += piece
        let complete = Self.completePrefixLength(pending)
        let text = String(decoding: pending[..<complete], as: UTF8.self)
        pending.removeFirst(complete)
        return text
    }

    /// Whatever is still held back, invalid bytes as U+FFFD.
    public mutating func finish() -> String {
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }

    /// Length of `bytes` without a trailing, still incomplete UTF-8 sequence.
    static func completePrefixLength(_ bytes: [UInt8]) -> Int {
        var start = bytes.count
        // Step back over at most three continuation bytes to the lead byte.
        while start > 0, bytes.count - start < 4 {
            start -= 1
            let byte = bytes[start]
            if byte & 0xC0 != 0x80 {
                let needed = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                return bytes.count - start < needed ? start : bytes.count
            }
        }
        return bytes.count
    }
}
