/// Typed metadata accessors. Each returns nil when the key is absent and throws `.mismatch`
/// naming the key when it is present with another type; the `required*` forms also throw
/// `.missing` when it is absent.
extension GGUFFile {
    /// The raw value for `key`, or nil.
    public func value(_ key: GGUFKey) -> GGUFValue? { metadata[key.name] }

    /// An integer of any GGUF integer type.
    public func int(_ key: GGUFKey) throws -> Int? {
        try typed(key, "an integer") { $0.intValue }
    }

    /// A float (f32 or f64; integers are accepted and converted).
    public func float(_ key: GGUFKey) throws -> Float? {
        try typed(key, "a float") { $0.floatValue }
    }

    public func string(_ key: GGUFKey) throws -> String? {
        try typed(key, "a string") { if case .string(let s) = $0 { s } else { nil } }
    }

    public func bool(_ key: GGUFKey) throws -> Bool? {
        try typed(key, "a bool") { if case .bool(let b) = $0 { b } else { nil } }
    }

    /// An array of strings (e.g. `tokenizer.ggml.tokens`, `.merges`).
    public func strings(_ key: GGUFKey) throws -> [String]? {
        try typed(key, "an array of strings") {
            if case .array(.string(let a)) = $0 { a } else { nil }
        }
    }

    /// An array of floats (e.g. `tokenizer.ggml.scores`).
    public func floats(_ key: GGUFKey) throws -> [Float]? {
        try typed(key, "an array of floats") {
            if case .array(let a) = $0 { a.floatValues } else { nil }
        }
    }

    /// An array of integers of any integer type (e.g. `tokenizer.ggml.token_type`).
    public func ints(_ key: GGUFKey) throws -> [Int]? {
        try typed(key, "an array of integers") {
            if case .array(let a) = $0 { a.intValues } else { nil }
        }
    }

    public func requiredInt(_ key: GGUFKey) throws -> Int { try required(key, int(key)) }
    public func requiredFloat(_ key: GGUFKey) throws -> Float { try required(key, float(key)) }
    public func requiredString(_ key: GGUFKey) throws -> String {
        try required(key, string(key))
    }
    public func requiredStrings(_ key: GGUFKey) throws -> [String] {
        try required(key, strings(key))
    }

    private func typed<T>(_ key: GGUFKey, _ expected: String, _ convert: (GGUFValue) -> T?)
        throws -> T?
    {
        guard let value = metadata[key.name] else { return nil }
        guard let converted = convert(value) else {
            throw LlamaEngineError(
                .mismatch, "expected \(expected), found \(value.type)", path: path,
                key: key.name)
        }
        return converted
    }

    private func required<T>(_ key: GGUFKey, _ value: T?) throws -> T {
        guard let value else {
            throw LlamaEngineError(.missing, "metadata key not found", path: path, key: key.name)
        }
        return value
    }
}
