/// Picks how one query runs: plain graph search, graph search that skips disallowed ids, or an
/// exact scan when few ids are allowed (then the graph would have to walk through most of the
/// index to find k of them, and a scan is both cheaper and exact).
struct FilteredSearch {
    let graph: HNSWGraph
    let query: UnsafePointer<Float>
    let k: Int
    let ef: Int

    /// Allowed sets up to this size are scanned exactly.
    var exactLimit: Int { max(1024, 16 * ef) }

    func run(_ filter: SearchFilter?) -> [Candidate] {
        let g = graph
        let live = AcceptLive(flags: g.flags.base)
        switch filter {
        case nil:
            return g.search(query, k: k, ef: ef, filter: live)
        case .allowedIDs(let allowed):
            if allowed.count <= exactLimit {
                let slots = allowed.compactMap { g.idTable.slot(of: $0) }.sorted()
                return g.exactSearch(query, k: k, slots: slots)
            }
            return filtered(fraction: Double(allowed.count) / Double(max(g.liveCount, 1))) { allowed.contains($0) }
        case .predicate(let predicate):
            // Estimate how many ids pass from an even sample of slots.
            let n = g.nodeCount
            let step = max(1, n / 512)
            var sampled = 0
            var passed = 0
            var s = 0
            while s < n {
                if !g.isRemoved(s) {
                    sampled += 1
                    if predicate(g.ids[s]) { passed += 1 }
                }
                s += step
            }
            let fraction = sampled == 0 ? 0 : Double(passed) / Double(sampled)
            if fraction * Double(g.liveCount) <= Double(exactLimit) {
                return g.exactSearch(query, k: k, filter: AcceptPredicate(flags: g.flags.base, ids: g.ids.base, predicate: predicate))
            }
            return filtered(fraction: fraction, predicate)
        }
    }

    /// Graph search that only accepts ids passing `predicate`, widened by the inverse of the
    /// allowed fraction; falls back to the exact scan when it finds fewer than k.
    private func filtered(fraction: Double, _ predicate: @escaping (UInt64) -> Bool) -> [Candidate] {
        let g = graph
        let accept = AcceptPredicate(flags: g.flags.base, ids: g.ids.base, predicate: predicate)
        let widen = min(1 / max(fraction, 1e-9), 8)
        let width = Int((Double(ef) * widen).rounded(.up))
        let found = g.search(query, k: k, ef: width, filter: accept)
        if found.count >= k { return found }
        return g.exactSearch(query, k: k, filter: accept)
    }
}
