/// The settings of one pipeline stage: decoded from the stage's JSON object by their explicit
/// coding keys, then checked for what their types alone do not constrain.
///
/// ```swift
/// struct StripPrefixSettings: StageSettings {
///     var prefix: String
///     enum CodingKeys: String, CodingKey, CaseIterable { case prefix }
///     func validate(_ check: inout SettingsCheck) {
///         check.expect(!prefix.isEmpty, "prefix", "a non-empty string", found: "\"\"")
///     }
/// }
/// ```
///
/// Make `CodingKeys` `CaseIterable` so that a misspelt key gets the nearest known key suggested.
public protocol StageSettings: Codable, Sendable {
    /// Checks ranges and relations between settings. Called only after decoding succeeded.
    func validate(_ check: inout SettingsCheck)
}

extension StageSettings {
    public func validate(_ check: inout SettingsCheck) {}
}

/// Settings for a stage that takes none.
public struct NoSettings: StageSettings, Hashable {
    public init() {}
    public init(from decoder: any Decoder) throws {
        _ = try decoder.container(keyedBy: NoKeys.self)
    }
    public func encode(to encoder: any Encoder) throws {
        _ = encoder.container(keyedBy: NoKeys.self)
    }
    /// No key is one of these: every key of such a stage is unknown.
    private struct NoKeys: CodingKey {
        var stringValue: String { "" }
        var intValue: Int? { nil }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { nil }
    }
}

extension JSONValue: StageSettings {}

/// Where ``StageSettings/validate(_:)`` reports what it finds: each problem is tied to a key of
/// the stage, so that the message names its JSON path, line and column.
public struct SettingsCheck {
    let log: IssueLog
    let path: JSONPath
    let node: JSONNode

    /// Reports `key` (a key of the stage, or a dotted path below it: `filters.pages`) unless
    /// `condition` holds. Nothing is reported for a key whose value already failed to decode.
    public mutating func expect(_ condition: Bool, _ key: String, _ expected: String, found: @autoclosure () -> String) {
        guard !condition else { return }
        report(key, "expected \(expected)", found: found())
    }

    /// Reports `key` unless `value` lies in `range`.
    public mutating func range<T: Comparable>(_ key: String, _ value: T, _ range: ClosedRange<T>) {
        expect(range.contains(value), key, "a value from \(range.lowerBound) to \(range.upperBound)", found: "\(value)")
    }

    /// Whether `key` decoded without a problem: check relations between settings only when
    /// the settings they involve are valid themselves.
    public func isValid(_ key: String) -> Bool { !log.hasFailed(keyPath(key)) }

    /// Reports a problem with `key` that is not a mismatch of expected and found values.
    public mutating func report(_ key: String, _ message: String, found: String? = nil) {
        let target = keyPath(key)
        guard !log.hasFailed(target) else { return }
        log.report(at: target, offset: offset(of: key), message, found: found)
    }

    /// Notes something that will not stop the pipeline but will not work as written.
    public mutating func warn(_ key: String, _ message: String) {
        log.report(.warning, at: keyPath(key), offset: offset(of: key), message)
    }

    private func keyPath(_ key: String) -> JSONPath {
        key.split(separator: ".").reduce(path) { $0.appending(String($1)) }
    }

    private func offset(of key: String) -> Int {
        var current = node
        for part in key.split(separator: ".") {
            guard let next = current.member(String(part)) else { break }
            current = next
        }
        return current.offset
    }
}
