/// What the graph walks on: the float vectors themselves, or a compact int8 code of each one.
/// Chosen at creation and kept in the file.
public enum Quantization: UInt32, Sendable, CaseIterable, CustomStringConvertible {
    /// Searches and builds read the float32 vectors (4 bytes per dimension).
    case none = 0
    /// Every vector also gets an int8 code with one scale per vector (1 byte per dimension plus
    /// 8). Building and graph search compare codes; the `max(ef, k)` best candidates of a query
    /// are then rescored with the float vectors, so returned distances are exact. Costs 25%
    /// more disk; see docs/vector-index.md for when it pays.
    case int8 = 1

    public var description: String {
        switch self {
        case .none: "none"
        case .int8: "int8"
        }
    }

    /// Parses "none" (or "float32") and "int8".
    public init?(name: String) {
        switch name.lowercased() {
        case "none", "float32", "f32": self = .none
        case "int8", "i8": self = .int8
        default: return nil
        }
    }
}
