/// One problem found while validating a pipeline: where it is (JSON path, line and column), what
/// was expected, what was found, and the nearest known name when a name was misspelt.
///
/// ```
/// 14:9: stages[8].chunk_sise: unknown key; did you mean "chunk_size"?
/// ```
public struct PipelineIssue: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        /// The pipeline cannot run.
        case error
        /// The pipeline runs, but something will not work as written (a model file is missing).
        case warning
    }

    public var severity: Severity
    /// JSON path of the offending value, `stages[2].chunk_size`; empty for the whole document.
    public var path: String
    /// What is wrong, in a phrase ("unknown key", "expected an integer from 1 to 8192").
    public var message: String
    /// The value that was found, as written (`"big"`, `0`, `an object`), when there is one.
    public var found: String?
    /// The nearest known name, for a misspelt key, stage family or kind.
    public var suggestion: String?
    /// 1-based line and column (in Unicode scalars) of the value in the pipeline file.
    public var line: Int?
    public var column: Int?

    public init(
        _ severity: Severity = .error, path: String, message: String, found: String? = nil,
        suggestion: String? = nil, line: Int? = nil, column: Int? = nil
    ) {
        self.severity = severity
        self.path = path
        self.message = message
        self.found = found
        self.suggestion = suggestion
        self.line = line
        self.column = column
    }

    public var description: String {
        var text = ""
        if let line, let column { text += "\(line):\(column): " }
        if severity == .warning { text += "warning: " }
        if !path.isEmpty { text += "\(path): " }
        text += message
        if let found { text += ", found \(found)" }
        if let suggestion { text += "; did you mean \"\(suggestion)\"?" }
        return text
    }
}

/// A position in a JSON document: object keys and array indices from the root.
struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    var components: [Component] = []

    static let root = JSONPath()

    func appending(_ key: String) -> JSONPath { JSONPath(components: components + [.key(key)]) }
    func appending(_ index: Int) -> JSONPath { JSONPath(components: components + [.index(index)]) }

    /// `stages[2].chunk_size`; keys that are not identifiers are written `["odd key"]`.
    var description: String {
        var text = ""
        for component in components {
            switch component {
            case .index(let index): text += "[\(index)]"
            case .key(let key):
                let plain = !key.isEmpty && key.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0 == "_" || ("0"..."9").contains($0) }
                if plain { text += text.isEmpty ? key : ".\(key)" } else { text += "[\"\(key)\"]" }
            }
        }
        return text
    }
}

/// The known name closest to a misspelt one, by edit distance on lower-cased names with `-` read
/// as `_`, when it is close enough to be a plausible typo.
func nearestName(to name: String, in candidates: some Sequence<String>) -> String? {
    let normalized = Array(name.lowercased().replacingOccurrences(of: "-", with: "_").unicodeScalars)
    var best: (name: String, distance: Int)?
    for candidate in candidates {
        let distance = editDistance(normalized, Array(candidate.lowercased().unicodeScalars))
        if best == nil || distance < best!.distance { best = (candidate, distance) }
    }
    guard let best else { return nil }
    // Allow about one edit in three characters, and at least two: "chunksize" -> "chunk_size".
    return best.distance <= max(2, normalized.count / 3) ? best.name : nil
}

/// Levenshtein distance, with a transposition of neighbours counting as one edit.
func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var before = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var row = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        row[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { row[j] = min(row[j], before[j - 2] + 1) }
        }
        before = previous
        previous = row
    }
    return previous[b.count]
}
