import Foundation

/// The HNSW graph (Malkov & Yashunin) over slots 0..<nodeCount. Each slot holds one vector, the
/// caller's id, its level, a removed flag and one link list per level. Removed slots stay in the
/// graph (searches walk through them) until `compact()` drops them and repairs their neighbours.
///
/// Not thread-safe by itself: `VectorIndex` serialises writers and lets readers share.
/// `insertBatch(threads:)` runs its own threads with a lock per node, as hnswlib does.
final class HNSWGraph {
    let dimension: Int
    let metric: Metric
    let m: Int
    /// Links on layer 0 (2M).
    let m0: Int
    let efConstruction: Int
    let levelMultiplier: Double
    let seed: UInt64
    let compactionThreshold: Double
    let quantization: Quantization
    /// Bytes per row of `codes` (int8 only).
    let codeStride: Int

    /// Slots in use, live or removed.
    var nodeCount = 0
    var removedCount = 0
    /// Nodes ever inserted; seeds the level of the next one.
    var insertSequence: UInt64 = 0
    var entryPoint: Int32 = -1
    var maxLevel = -1

    var vectors: Slab<Float>  // [nodeCount][dimension]
    var codes: Slab<UInt8>  // [nodeCount][codeStride] with int8 quantization, else empty
    var ids: Slab<UInt64>  // [nodeCount]
    var levels: Slab<UInt8>  // [nodeCount]
    var flags: Slab<UInt8>  // [nodeCount]; bit 0: removed
    var links0: Slab<Int32>  // [nodeCount][m0 + 1]: count, then slots
    var upperOffsets: Slab<Int64>  // [nodeCount]: start in upperLinks, -1 on level 0
    var upperLinks: Slab<Int32>  // per node of level L > 0: [L][m + 1]
    var upperUsed = 0
    var idTable: IDTable
    /// One lock per slot (`vk_lock`), used only by parallel builds; not stored.
    var nodeLocks: Slab<UInt32>
    let scratchPool: ScratchPool

    static let removedFlag: UInt8 = 1
    static let maxLevelCap = 30

    init(dimension: Int, metric: Metric, parameters p: IndexParameters) {
        self.dimension = dimension
        self.metric = metric
        m = p.m
        m0 = 2 * p.m
        efConstruction = p.efConstruction
        levelMultiplier = 1 / log(Double(p.m))
        seed = p.seed
        compactionThreshold = p.compactionThreshold
        quantization = p.quantization
        codeStride = p.quantization == .int8 ? Int8Codes.stride(dimension: dimension) : 0
        vectors = Slab(capacity: 16 * dimension)
        codes = Slab(capacity: 16 * codeStride)
        ids = Slab(capacity: 16)
        levels = Slab(capacity: 16)
        flags = Slab(capacity: 16)
        links0 = Slab(capacity: 16 * (2 * p.m + 1))
        upperOffsets = Slab(capacity: 16)
        upperLinks = Slab(capacity: 64)
        idTable = IDTable()
        nodeLocks = Slab(capacity: 16)
        scratchPool = ScratchPool(maxLinks: 2 * p.m, codeBytes: codeStride)
    }

    var liveCount: Int { nodeCount - removedCount }

    @inline(__always)
    func vector(_ slot: Int) -> UnsafeMutablePointer<Float> { vectors.base + slot * dimension }

    /// The int8 code row of a slot (int8 quantization only).
    @inline(__always)
    func code(_ slot: Int) -> UnsafeMutableRawPointer { UnsafeMutableRawPointer(codes.base + slot * codeStride) }

    @inline(__always)
    func isRemoved(_ slot: Int) -> Bool { flags[slot] & HNSWGraph.removedFlag != 0 }

    /// The link list of `slot` on `level`: element 0 is the count, then the linked slots.
    @inline(__always)
    func linkList(_ slot: Int, _ level: Int) -> UnsafeMutablePointer<Int32> {
        if level == 0 { return links0.base + slot * (m0 + 1) }
        return upperLinks.base + Int(upperOffsets[slot]) + (level - 1) * (m + 1)
    }

    @inline(__always)
    func maxLinks(_ level: Int) -> Int { level == 0 ? m0 : m }

    /// Distance between two stored slots as the graph sees it: on the codes when quantized.
    @inline(__always)
    func distance(_ a: Int, _ b: Int) -> Float {
        if quantization == .int8 { return Int8Codes.distance(code(a), code(b), dimension, metric) }
        return metric.distance(vector(a), vector(b), dimension)
    }

    /// Distances from a float query (normalised for cosine) to slots' vectors.
    func floatDistance(to query: UnsafePointer<Float>) -> FloatQueryDistance {
        FloatQueryDistance(query: query, vectors: vectors.base, dimension: dimension, metric: metric)
    }

    /// Distances from a code row to slots' codes.
    func codeDistance(to query: UnsafeRawPointer) -> CodeQueryDistance {
        CodeQueryDistance(query: query, codes: UnsafeRawPointer(codes.base), stride: codeStride, dimension: dimension, metric: metric)
    }

    /// Level of the `sequence`-th inserted node: floor(-ln(u) / ln(M)) with u drawn from the
    /// seed and the sequence number, so levels do not depend on thread timing.
    func drawLevel(_ sequence: UInt64) -> Int {
        let bits = IDTable.hash(seed ^ IDTable.hash(sequence))
        let u = (Double(bits >> 11) + 1) / 9_007_199_254_740_992.0  // (0, 1]
        return min(Int(-log(u) * levelMultiplier), HNSWGraph.maxLevelCap)
    }

    /// Makes room for `extra` more slots (and their upper layers, estimated).
    func reserve(extra: Int) {
        let n = nodeCount + extra
        vectors.reserve(n * dimension, used: nodeCount * dimension)
        if quantization == .int8 { codes.reserve(n * codeStride, used: nodeCount * codeStride) }
        ids.reserve(n, used: nodeCount)
        levels.reserve(n, used: nodeCount)
        flags.reserve(n, used: nodeCount)
        links0.reserve(n * (m0 + 1), used: nodeCount * (m0 + 1))
        upperOffsets.reserve(n, used: nodeCount)
        nodeLocks.reserve(n, used: nodeCount)
    }

    /// Copies `source` into the slot (normalised for cosine), and its code when quantized.
    func storeVector(_ source: UnsafePointer<Float>, into slot: Int) {
        let dst = vector(slot)
        dst.update(from: source, count: dimension)
        if metric == .cosine { Self.normalise(dst, dimension) }
        if quantization == .int8 { Int8Codes.encode(dst, dimension, into: code(slot)) }
    }

    static func normalise(_ v: UnsafeMutablePointer<Float>, _ n: Int) {
        let norm = Kernels.dot(v, v, n).squareRoot()
        guard norm > 0 else { return }
        let inv = 1 / norm
        for i in 0..<n { v[i] *= inv }
    }

    /// Appends an unlinked node for `id` and returns its slot. Capacity must be reserved.
    func appendNode(id: UInt64, vector source: UnsafePointer<Float>) -> Int {
        let slot = nodeCount
        let level = drawLevel(insertSequence)
        insertSequence &+= 1
        storeVector(source, into: slot)
        ids[slot] = id
        levels[slot] = UInt8(level)
        flags[slot] = 0
        nodeLocks[slot] = 0
        links0[slot * (m0 + 1)] = 0
        if level > 0 {
            let size = level * (m + 1)
            upperLinks.reserve(upperUsed + size, used: upperUsed)
            upperOffsets[slot] = Int64(upperUsed)
            for l in 1...level { upperLinks[upperUsed + (l - 1) * (m + 1)] = 0 }
            upperUsed += size
        } else {
            upperOffsets[slot] = -1
        }
        idTable.set(id, slot: slot)
        nodeCount += 1
        return slot
    }

    /// Every slot's caller id, live ones only, in slot order.
    var liveIDs: [UInt64] {
        var out: [UInt64] = []
        out.reserveCapacity(liveCount)
        for s in 0..<nodeCount where !isRemoved(s) { out.append(ids[s]) }
        return out
    }
}
