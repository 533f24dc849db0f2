/// Everything one validation run found, and what it needs to report more than the first error:
/// which keys each object's decoding asked for (the rest are unknown), which paths already
/// failed (so that a range check does not repeat a type error), and where each value was written.
final class IssueLog {
    private(set) var issues: [PipelineIssue] = []
    private let source: JSONSourceMap?
    private var failedPaths: Set<JSONPath> = []
    private var accessedKeys: [JSONPath: Set<String>] = [:]
    private var knownKeys: [JSONPath: Set<String>] = [:]
    private var rawPaths: Set<JSONPath> = []

    init(source: JSONSourceMap?) { self.source = source }

    var hasErrors: Bool { issues.contains { $0.severity == .error } }

    func hasFailed(_ path: JSONPath) -> Bool { failedPaths.contains(path) }

    func report(
        _ severity: PipelineIssue.Severity = .error, at path: JSONPath, offset: Int?, _ message: String,
        found: String? = nil, suggestion: String? = nil
    ) {
        let location = offset.flatMap { source?.location(of: $0) }
        let issue = PipelineIssue(
            severity, path: path.description, message: message, found: found, suggestion: suggestion,
            line: location?.line, column: location?.column)
        // A type that decodes through a single-value container meets the same value twice.
        if !issues.contains(issue) { issues.append(issue) }
        if severity == .error { failedPaths.insert(path) }
    }

    func report(_ issue: PipelineIssue) { issues.append(issue) }

    func markAccessed(_ key: String, in path: JSONPath) { accessedKeys[path, default: []].insert(key) }

    func markKnown(_ keys: some Sequence<String>, in path: JSONPath) { knownKeys[path, default: []].formUnion(keys) }

    /// Every key decoding asked for or declared at `path`.
    func knownKeys(at path: JSONPath) -> Set<String> {
        accessedKeys[path, default: []].union(knownKeys[path, default: []])
    }

    /// The object at `path` was taken whole (as a ``JSONValue``): none of its keys is unknown.
    func markRaw(_ path: JSONPath) { rawPaths.insert(path) }

    /// Reports every key of the object at `path` that decoding did not ask for, with the nearest
    /// known key as a suggestion.
    func reportUnknownKeys(in node: JSONNode, at path: JSONPath, alsoKnown: Set<String> = []) {
        guard case .object(let members) = node.value, !rawPaths.contains(path) else { return }
        let accepted = accessedKeys[path, default: []].union(alsoKnown)
        let candidates = accepted.union(knownKeys[path, default: []]).sorted()
        for member in members where !accepted.contains(member.key) {
            report(
                at: path.appending(member.key), offset: member.keyOffset, "unknown key",
                suggestion: nearestName(to: member.key, in: candidates))
        }
    }

    /// Decodes `T` from `node`, reporting every problem found inside it; `nil` when any was.
    ///
    /// With `checkUnknownKeys` false the caller checks the object's keys itself (a stage object
    /// holds keys of several decoded types).
    func decode<T: Decodable>(_ type: T.Type, from node: JSONNode, at path: JSONPath, checkUnknownKeys: Bool = true) -> T? {
        if let choice = T.self as? any SettingChoice.Type {
            return decodeChoice(choice, from: node, at: path) as? T
        }
        let before = issues.count
        defer { if checkUnknownKeys { reportUnknownKeys(in: node, at: path) } }
        do {
            let value = try T(from: SettingsDecoder(node: node, path: path, log: self))
            return issues[before...].contains { $0.severity == .error } ? nil : value
        } catch is ReportedIssue {
            return nil
        } catch let error as DecodingError {
            report(at: path, offset: node.offset, Self.message(for: error), found: node.summary)
            return nil
        } catch {
            report(at: path, offset: node.offset, "\(error)", found: node.summary)
            return nil
        }
    }

    private func decodeChoice<C: SettingChoice>(_ type: C.Type, from node: JSONNode, at path: JSONPath) -> C? {
        let names = C.allCases.map(\.rawValue)
        let expected = "expected one of " + names.map { "\"\($0)\"" }.joined(separator: ", ")
        guard case .string(let text) = node.value else {
            report(at: path, offset: node.offset, expected, found: node.summary)
            return nil
        }
        if let value = C(rawValue: text) { return value }
        report(at: path, offset: node.offset, expected, found: node.summary, suggestion: nearestName(to: text, in: names))
        return nil
    }

    private static func message(for error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context): context.debugDescription
        case .typeMismatch(_, let context): context.debugDescription
        case .valueNotFound(_, let context): context.debugDescription
        case .keyNotFound(let key, _): "missing required key \"\(key.stringValue)\""
        @unknown default: "\(error)"
        }
    }
}

/// Thrown inside decoding once the problem is in the ``IssueLog``, to stop decoding that value.
struct ReportedIssue: Error {}

/// A closed set of names a setting may take, decoded with a suggestion for a misspelt one.
///
/// ```swift
/// enum Metric: String, SettingChoice { case cosine, dot, l2 }
/// ```
public protocol SettingChoice: RawRepresentable, CaseIterable, Codable, Sendable where RawValue == String {}
