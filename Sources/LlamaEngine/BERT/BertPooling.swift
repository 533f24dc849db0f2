/// How a BERT encoder's token states become one sentence vector: `bert.pooling_type`, with
/// llama.cpp's numbering (`enum llama_pooling_type`).
public enum BertPooling: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// Average over the sentence's tokens, `[CLS]` and `[SEP]` included (sentence-transformers).
    case mean = 1
    /// The `[CLS]` token's state.
    case cls = 2
    /// The last token's state (`[SEP]` for BERT).
    case last = 3

    public var description: String {
        switch self {
        case .mean: "mean"
        case .cls: "cls"
        case .last: "last"
        }
    }
}
