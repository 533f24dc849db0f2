/// How two vectors are compared. Smaller distances are closer for every metric.
public enum Metric: UInt32, Sendable, CaseIterable, CustomStringConvertible {
    /// 1 - cos(a, b). Vectors are normalised once on insert (and queries once per search), so
    /// the distance is one dot product.
    case cosine = 1
    /// 1 - a·b, as in hnswlib's "ip" space. Meaningful for vectors the caller has normalised.
    case innerProduct = 2
    /// Squared Euclidean distance, |a - b|².
    case l2 = 3

    public var description: String {
        switch self {
        case .cosine: "cosine"
        case .innerProduct: "ip"
        case .l2: "l2"
        }
    }

    /// Parses "cosine", "ip" (or "inner-product") and "l2".
    public init?(name: String) {
        switch name.lowercased() {
        case "cosine", "cos": self = .cosine
        case "ip", "inner-product", "innerproduct", "dot": self = .innerProduct
        case "l2", "euclidean": self = .l2
        default: return nil
        }
    }
}
