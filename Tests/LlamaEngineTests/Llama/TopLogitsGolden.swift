import Foundation

/// A compact golden of another engine's logits (Fixtures/check_llama_cpp.py real-goldens):
/// per position its top `k` tokens with their logits, the log-sum-exp of the whole row and the
/// probability left outside the top `k`. Enough for top-1 agreement and for a lower bound of the
/// KL divergence, in ~100 KB instead of the 8 MB of a full [256][8192] float32 table.
struct TopLogitsGolden {
    /// The evaluated token ids.
    var tokens: [Int32]
    /// [position][k] token ids, by descending logit.
    var ids: [[Int]]
    /// [position][k] the reference's logits of `ids`.
    var logits: [[Float]]
    /// [position] log Σ exp(logit) over the whole vocabulary.
    var logSumExp: [Double]
    /// [position] the reference's probability outside `ids`.
    var tail: [Double]
    var vocabularySize: Int

    /// Little-endian: "RFTK", UInt32 version 1, positions, k, vocabulary, 0; Int32
    /// tokens[positions]; Float64 logSumExp[positions]; Float64 tail[positions]; UInt16
    /// ids[positions][k]; Float32 logits[positions][k].
    init(contentsOf url: URL) throws {
        let data = try Data(contentsOf: url)
        func u32(_ offset: Int) -> Int { Int(UInt32(littleEndian: data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) })) }
        guard data.count >= 24, data.prefix(4) == Data("RFTK".utf8), u32(4) == 1 else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        let positions = u32(8), k = u32(12)
        vocabularySize = u32(16)
        let tokenStart = 24, lseStart = tokenStart + 4 * positions, tailStart = lseStart + 8 * positions
        let idStart = tailStart + 8 * positions, logitStart = idStart + 2 * positions * k
        guard data.count == logitStart + 4 * positions * k else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        (tokens, logSumExp, tail, ids, logits) = data.withUnsafeBytes { raw in
            func load<T>(_ offset: Int, _ type: T.Type) -> T { raw.loadUnaligned(fromByteOffset: offset, as: type) }
            let tokens = (0..<positions).map { Int32(littleEndian: load(tokenStart + 4 * $0, Int32.self)) }
            let lse = (0..<positions).map { Double(bitPattern: UInt64(littleEndian: load(lseStart + 8 * $0, UInt64.self))) }
            let tail = (0..<positions).map { Double(bitPattern: UInt64(littleEndian: load(tailStart + 8 * $0, UInt64.self))) }
            let ids = (0..<positions).map { p in
                (0..<k).map { Int(UInt16(littleEndian: load(idStart + 2 * (p * k + $0), UInt16.self))) }
            }
            let logits = (0..<positions).map { p in
                (0..<k).map { Float(bitPattern: UInt32(littleEndian: load(logitStart + 4 * (p * k + $0), UInt32.self))) }
            }
            return (tokens, lse, tail, ids, logits)
        }
    }

    /// Mean over positions of KL(reference ‖ ours) on the partition {each top-k token, the
    /// rest}, and the share of positions whose top token is the reference's. Merging outcomes
    /// never raises a KL divergence (data-processing inequality), so the mean is a lower bound
    /// of the full-vocabulary KL; with k = 64 it is close to it because the tail carries
    /// little mass (docs/generator.md gives both at development time).
    func compare(_ ours: [Float]) -> (meanKLLowerBound: Double, top1: Double) {
        let vocabulary = vocabularySize
        var kl = 0.0, same = 0
        for (p, top) in ids.enumerated() {
            let row = ours[(p * vocabulary)..<((p + 1) * vocabulary)]
            let m = Double(row.max()!)
            let ourLSE = m + log(row.reduce(0.0) { $0 + exp(Double($1) - m) })
            for (id, theirLogit) in zip(top, logits[p]) {
                let a = Double(theirLogit) - logSumExp[p], b = Double(row[row.startIndex + id]) - ourLSE
                kl += exp(a) * (a - b)
            }
            // Our tail summed directly: 1 - (top k's mass) would cancel when they hold nearly all.
            var inTop = [Bool](repeating: false, count: vocabulary)
            for id in top { inTop[id] = true }
            var ourTail = 0.0
            for (id, logit) in row.enumerated() where !inTop[id] { ourTail += exp(Double(logit) - ourLSE) }
            if tail[p] > 0 { kl += tail[p] * log(tail[p] / max(ourTail, .leastNormalMagnitude)) }
            if row.indices.max(by: { row[$0] < row[$1] })! - row.startIndex == top[0] { same += 1 }
        }
        return (kl / Double(ids.count), Double(same) / Double(ids.count))
    }
}
