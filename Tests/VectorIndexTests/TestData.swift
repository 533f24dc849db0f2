import Foundation
import VectorIndex

/// Seeded clustered vectors (like embeddings: topics with spread) and the brute-force oracle.
struct TestData {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func uniform() -> Float { Float(next() >> 40) / Float(1 << 24) }

    mutating func gaussian() -> Float {
        let u = max(uniform(), 1e-7), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }

    /// `count` vectors around `clusters` random centres.
    mutating func clustered(count: Int, dimension: Int, clusters: Int = 20, spread: Float = 0.5) -> [[Float]] {
        let centres = (0..<clusters).map { _ in (0..<dimension).map { _ in gaussian() } }
        return (0..<count).map { _ in
            let c = centres[Int(next() % UInt64(clusters))]
            return c.map { $0 + spread * gaussian() }
        }
    }

    static func distance(_ a: [Float], _ b: [Float], _ metric: Metric) -> Float {
        switch metric {
        case .l2:
            return zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        case .innerProduct:
            return 1 - zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
        case .cosine:
            let na = a.reduce(0) { $0 + $1 * $1 }.squareRoot(), nb = b.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return 1 - zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } / (na * nb)
        }
    }

    /// The vectors scaled to unit length (the inner-product metric expects them so).
    static func unitLength(_ vectors: [[Float]]) -> [[Float]] {
        vectors.map { v in
            let n = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return v.map { $0 / n }
        }
    }

    /// Base vectors and queries drawn around the same centres.
    mutating func clustered(count: Int, queries: Int, dimension: Int, clusters: Int = 20, spread: Float = 0.5) -> ([[Float]], [[Float]]) {
        let all = clustered(count: count + queries, dimension: dimension, clusters: clusters, spread: spread)
        return (Array(all.prefix(count)), Array(all.suffix(queries)))
    }

    /// Exact k nearest ids among `items`.
    static func exact(_ query: [Float], _ items: [(UInt64, [Float])], k: Int, metric: Metric) -> [UInt64] {
        items.map { ($0.0, distance(query, $0.1, metric)) }.sorted { $0.1 < $1.1 }.prefix(k).map(\.0)
    }

    /// Mean recall@k of the index over the queries against brute force on `items`.
    static func recall(_ index: VectorIndex, _ queries: [[Float]], _ items: [(UInt64, [Float])], k: Int, ef: Int) throws -> Double {
        var hits = 0
        for q in queries {
            let truth = Set(exact(q, items, k: k, metric: index.metric))
            hits += try index.search(q, k: k, ef: ef).filter { truth.contains($0.id) }.count
        }
        return Double(hits) / Double(queries.count * k)
    }
}

/// A fresh directory under the temporary folder, removed when the test ends.
final class TemporaryDirectory {
    let path: String

    init(_ name: String = #function) {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        path = NSTemporaryDirectory() + "vectorindex-\(safe)-\(getpid())-\(UInt64.random(in: 0..<UInt64.max))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func sub(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
