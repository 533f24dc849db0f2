/// The families of pipeline stages, in the order a pipeline lists them: files are loaded,
/// cleaned and chunked at ingest; chunks are embedded and indexed; questions are answered by
/// retrieving, building a prompt and generating.
public enum StageFamily: String, SettingChoice, Comparable {
    case loader
    case cleaner
    case chunker
    case embedder
    case vectorIndex = "vector_index"
    case retriever
    case promptBuilder = "prompt_builder"
    case generator

    public static func < (lhs: StageFamily, rhs: StageFamily) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// How many stages of this family a pipeline may have.
    var allowedCount: ClosedRange<Int> {
        switch self {
        case .loader: 1...Int.max
        case .cleaner: 0...Int.max
        case .chunker: 1...1
        default: 0...1
        }
    }

    /// Whether a program can add kinds of this family to a ``StageRegistry``.
    var isExtensible: Bool { self <= .chunker }
}

extension MediaType: SettingChoice {}
