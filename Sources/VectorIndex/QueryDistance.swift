/// Distance from one query to stored slots. Layer search and linking are generic over it, so
/// that the float and the int8 variants each compile to their own loop.
protocol QueryDistance {
    func distance(to slot: Int) -> Float
    /// Start of the slot's stored row, for prefetching.
    func row(_ slot: Int) -> UnsafeRawPointer
    /// Bytes of one row.
    var rowBytes: Int { get }
}

/// On the float vectors (normalised for cosine).
struct FloatQueryDistance: QueryDistance {
    let query: UnsafePointer<Float>
    let vectors: UnsafePointer<Float>  // [nodeCount][dimension]
    let dimension: Int
    let metric: Metric

    @inline(__always)
    func distance(to slot: Int) -> Float { metric.distance(query, vectors + slot * dimension, dimension) }

    @inline(__always)
    func row(_ slot: Int) -> UnsafeRawPointer { UnsafeRawPointer(vectors + slot * dimension) }

    var rowBytes: Int { dimension * 4 }
}

/// On the int8 code rows (`Int8Codes`); the query is a code row too.
struct CodeQueryDistance: QueryDistance {
    let query: UnsafeRawPointer
    let codes: UnsafeRawPointer  // [nodeCount][stride] bytes
    let stride: Int
    let dimension: Int
    let metric: Metric

    @inline(__always)
    func distance(to slot: Int) -> Float { Int8Codes.distance(query, codes + slot * stride, dimension, metric) }

    @inline(__always)
    func row(_ slot: Int) -> UnsafeRawPointer { codes + slot * stride }

    var rowBytes: Int { stride }
}
