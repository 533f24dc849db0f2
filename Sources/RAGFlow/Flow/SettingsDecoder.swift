/// A `Decoder` over a parsed pipeline that reports problems to an ``IssueLog`` instead of stopping
/// at the first: a missing or mistyped plain value is reported and replaced by a placeholder so
/// that decoding goes on and finds the next problem. The decoded value is discarded when the log
/// holds an error, so a placeholder never reaches a running pipeline.
struct SettingsDecoder: Decoder {
    let node: JSONNode
    let path: JSONPath
    let log: IssueLog

    var codingPath: [any CodingKey] {
        path.components.map { component in
            switch component {
            case .key(let key): PathKey(stringValue: key)
            case .index(let index): PathKey(intValue: index)
            }
        }
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// The node as a ``JSONValue``; its keys count as known.
    func rawValue() -> JSONValue {
        log.markRaw(path)
        return node.jsonValue
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = node.value else {
            log.report(at: path, offset: node.offset, "expected an object", found: node.summary)
            throw ReportedIssue()
        }
        if let caseIterable = Key.self as? any (CodingKey & CaseIterable).Type {
            log.markKnown(Self.names(of: caseIterable), in: path)
        }
        return KeyedDecodingContainer(ObjectContainer<Key>(members: members, decoder: self))
    }

    private static func names<K: CodingKey & CaseIterable>(of type: K.Type) -> [String] {
        K.allCases.map(\.stringValue)
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = node.value else {
            log.report(at: path, offset: node.offset, "expected an array", found: node.summary)
            throw ReportedIssue()
        }
        return ArrayContainer(items: items, decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { ValueContainer(decoder: self) }

    func child(_ node: JSONNode, _ component: JSONPath.Component) -> SettingsDecoder {
        let childPath = switch component {
        case .key(let key): path.appending(key)
        case .index(let index): path.appending(index)
        }
        return SettingsDecoder(node: node, path: childPath, log: log)
    }

    /// Decodes `T` from this decoder's node, reporting problems; throws ``ReportedIssue`` on any.
    func decodeReporting<T: Decodable>(_ type: T.Type) throws -> T {
        let errorsBefore = log.issues.count
        guard let value = log.decode(type, from: node, at: path) else {
            if log.issues.count == errorsBefore {
                log.report(at: path, offset: node.offset, "invalid value", found: node.summary)
            }
            throw ReportedIssue()
        }
        return value
    }

    /// A stand-in for a required value that is missing or invalid, so that the enclosing type's
    /// decoding can go on to report its other problems.
    static func placeholder<T>(_ type: T.Type) -> T? {
        switch type {
        case is Bool.Type: return false as? T
        case is String.Type: return "" as? T
        case is Int.Type: return 0 as? T
        case is UInt64.Type: return UInt64(0) as? T
        case is Double.Type: return 0.0 as? T
        case is Float.Type: return Float(0) as? T
        default: break
        }
        if let collection = T.self as? any RangeReplaceableCollection.Type { return emptyCollection(collection) as? T }
        if let choice = T.self as? any SettingChoice.Type { return firstCase(choice) as? T }
        return nil
    }

    private static func emptyCollection<C: RangeReplaceableCollection>(_ type: C.Type) -> C { C() }
    private static func firstCase<C: SettingChoice>(_ type: C.Type) -> C? { C.allCases.first }
}

private struct PathKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) { self.stringValue = "\(intValue)"; self.intValue = intValue }
}

private struct ObjectContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [JSONNode.Member]
    let decoder: SettingsDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { members.compactMap { Key(stringValue: $0.key) } }

    private func member(_ key: Key) -> JSONNode? {
        decoder.log.markAccessed(key.stringValue, in: decoder.path)
        return members.first { $0.key == key.stringValue }?.value
    }

    func contains(_ key: Key) -> Bool { member(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let node = member(key) else { return true }
        if case .null = node.value { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        guard let node = member(key) else {
            decoder.log.report(
                at: decoder.path.appending(key.stringValue), offset: decoder.node.offset,
                "missing required setting \"\(key.stringValue)\"")
            if let stand = SettingsDecoder.placeholder(type) { return stand }
            throw ReportedIssue()
        }
        do {
            return try decoder.child(node, .key(key.stringValue)).decodeReporting(type)
        } catch {
            if let stand = SettingsDecoder.placeholder(type) { return stand }
            throw error
        }
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let node = member(key) else { return nil }
        if case .null = node.value { return nil }
        return decoder.log.decode(type, from: node, at: decoder.path.appending(key.stringValue))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        guard let node = member(key) else {
            decoder.log.report(at: decoder.path.appending(key.stringValue), offset: decoder.node.offset, "missing required setting \"\(key.stringValue)\"")
            throw ReportedIssue()
        }
        return try decoder.child(node, .key(key.stringValue)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        guard let node = member(key) else {
            decoder.log.report(at: decoder.path.appending(key.stringValue), offset: decoder.node.offset, "missing required setting \"\(key.stringValue)\"")
            throw ReportedIssue()
        }
        return try decoder.child(node, .key(key.stringValue)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { decoder }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        guard let node = member(key) else { throw ReportedIssue() }
        return decoder.child(node, .key(key.stringValue))
    }
}

private struct ArrayContainer: UnkeyedDecodingContainer {
    let items: [JSONNode]
    let decoder: SettingsDecoder
    var currentIndex = 0

    init(items: [JSONNode], decoder: SettingsDecoder) {
        self.items = items
        self.decoder = decoder
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> SettingsDecoder {
        guard !isAtEnd else { throw ReportedIssue() }
        defer { currentIndex += 1 }
        return decoder.child(items[currentIndex], .index(currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, case .null = items[currentIndex].value else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeReporting(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }

    mutating func superDecoder() throws -> any Decoder { try next() }
}

private struct ValueContainer: SingleValueDecodingContainer {
    let decoder: SettingsDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    private var node: JSONNode { decoder.node }

    private func mismatch(_ expected: String) -> ReportedIssue {
        decoder.log.report(at: decoder.path, offset: node.offset, "expected \(expected)", found: node.summary)
        return ReportedIssue()
    }

    func decodeNil() -> Bool {
        if case .null = node.value { return true }
        return false
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let flag) = node.value else { throw mismatch("true or false") }
        return flag
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let text) = node.value else { throw mismatch("a string") }
        return text
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard case .number(let literal) = node.value, let value = Double(literal), value.isFinite else { throw mismatch("a number") }
        return value
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }

    private func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        guard case .number(let literal) = node.value else { throw mismatch("an integer") }
        if let exact = I(literal) { return exact }
        // 1e3 is an integer too; 2.5 and 1e30 are not.
        if let value = Double(literal), value.rounded() == value, let exact = I(exactly: value) { return exact }
        throw mismatch(Double(literal).map { $0.rounded() == $0 } == true ? "an integer from \(I.min) to \(I.max)" : "an integer")
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeReporting(type) }
}
