/// Settings of the `unicode` cleaner.
///
/// ```json
/// {"stage": "cleaner", "kind": "unicode", "form": "nfkc"}
/// ```
public struct UnicodeCleanerSettings: StageSettings, Hashable {
    public typealias Form = UnicodeNormalizer.Form

    public var form: Form

    public init(form: Form = .nfkc) { self.form = form }

    enum CodingKeys: String, CodingKey, CaseIterable { case form }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        form = try container.decodeIfPresent(Form.self, forKey: .form) ?? .nfkc
    }
}

/// Settings of the `running_headers` cleaner.
///
/// ```json
/// {"stage": "cleaner", "kind": "running_headers", "minimum_fraction": 0.5}
/// ```
public struct RunningHeaderSettings: StageSettings, Hashable {
    /// A line repeated at the top or bottom of at least this fraction of pages is removed.
    public var minimumFraction: Double

    public init(minimumFraction: Double = 0.5) { self.minimumFraction = minimumFraction }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case minimumFraction = "minimum_fraction"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        minimumFraction = try container.decodeIfPresent(Double.self, forKey: .minimumFraction) ?? 0.5
    }

    public func validate(_ check: inout SettingsCheck) {
        check.expect(minimumFraction > 0 && minimumFraction <= 1, "minimum_fraction",
                     "a fraction above 0 and at most 1", found: "\(minimumFraction)")
    }
}
