/// Which slots may enter a search's result set. Others are still walked through.
protocol SlotFilter {
    /// True when every slot is accepted, so the search may stop as soon as no candidate can
    /// improve the results (no need to keep looking for k acceptable ones).
    static var acceptsAll: Bool { get }
    func accepts(_ slot: Int) -> Bool
}

struct AcceptAll: SlotFilter {
    static var acceptsAll: Bool { true }
    @inline(__always) func accepts(_ slot: Int) -> Bool { true }
}

/// Live (not removed) slots.
struct AcceptLive: SlotFilter {
    let flags: UnsafeMutablePointer<UInt8>
    static var acceptsAll: Bool { false }
    @inline(__always) func accepts(_ slot: Int) -> Bool { flags[slot] & HNSWGraph.removedFlag == 0 }
}

/// Live slots whose caller id passes a predicate.
struct AcceptPredicate: SlotFilter {
    let flags: UnsafeMutablePointer<UInt8>
    let ids: UnsafeMutablePointer<UInt64>
    let predicate: (UInt64) -> Bool
    static var acceptsAll: Bool { false }
    @inline(__always) func accepts(_ slot: Int) -> Bool {
        flags[slot] & HNSWGraph.removedFlag == 0 && predicate(ids[slot])
    }
}

extension HNSWGraph {
    /// Best-first search of one layer from `entry` (Algorithm 2 of the paper). On return
    /// `scratch.results` holds up to `ef` accepted slots (a max-heap by distance). With
    /// `locking`, link lists are read under their node's lock (parallel builds).
    func searchLayer<F: SlotFilter, Q: QueryDistance>(
        _ q: Q, entry: Int32, entryDistance: Float, level: Int, ef: Int,
        scratch: SearchScratch, filter: F, locking: Bool
    ) {
        let tag = scratch.begin(nodes: nodeCount)
        let visited = scratch.visited
        let fresh = scratch.fresh
        let locks = nodeLocks.base
        let links = links0.base
        let linkStride = m0 + 1
        // The heaps live in the scratch (a class); working on local copies keeps the loop free
        // of the runtime's exclusivity checks on class properties. Written back on return.
        var candidates = scratch.candidates
        var results = scratch.results
        defer {
            scratch.candidates = candidates
            scratch.results = results
        }
        visited[Int(entry)] = tag
        var lowerBound = Float.infinity
        if filter.accepts(Int(entry)) {
            results.push(Candidate(distance: entryDistance, slot: entry))
            lowerBound = entryDistance
        }
        candidates.push(Candidate(distance: -entryDistance, slot: entry))
        while !candidates.isEmpty {
            let current = candidates.top
            if -current.distance > lowerBound && (results.count >= ef || F.acceptsAll) {
                break
            }
            candidates.pop()
            // First the unvisited neighbours (marking them), with their rows requested from
            // memory; then the distances, each next row already on its way. This pass is the
            // only read of the list, so parallel builds hold the node's lock for it alone.
            let list = linkList(Int(current.slot), level)
            if locking { Kernels.lock(locks + Int(current.slot)) }
            var count = 0
            for i in stride(from: 1, through: Int(list[0]), by: 1) {
                let s = Int(list[i])
                if visited[s] == tag { continue }
                visited[s] = tag
                Kernels.prefetch(q.row(s), 64)
                fresh[count] = Int32(s)
                count += 1
            }
            if locking { Kernels.unlock(locks + Int(current.slot)) }
            for j in 0..<count {
                let s = Int(fresh[j])
                if j + 1 < count { Kernels.prefetch(q.row(Int(fresh[j + 1])), q.rowBytes) }
                let d = q.distance(to: s)
                if results.count < ef || d < lowerBound {
                    // Links live apart from vectors; fetch this node's list now so that it is
                    // in cache when the node is expanded.
                    if level == 0 { Kernels.prefetch(links + s * linkStride, 64) }
                    candidates.push(Candidate(distance: -d, slot: Int32(s)))
                    if filter.accepts(s) {
                        results.push(Candidate(distance: d, slot: Int32(s)))
                        if results.count > ef { results.pop() }
                        lowerBound = results.top.distance
                    }
                }
            }
        }
    }

    /// Greedy walk on the layers above `downTo`: returns the closest node found and its
    /// distance.
    func descend<Q: QueryDistance>(
        _ q: Q, from start: Int32, fromLevel: Int, downTo: Int, locking: Bool
    ) -> (Int32, Float) {
        var cur = start
        var curDistance = q.distance(to: Int(cur))
        var level = fromLevel
        while level > downTo {
            var changed = true
            while changed {
                changed = false
                let lock = nodeLocks.base + Int(cur)
                if locking { Kernels.lock(lock) }
                let list = linkList(Int(cur), level)
                let n = Int(list[0])
                for i in stride(from: 1, through: n, by: 1) {
                    let s = list[i]
                    let d = q.distance(to: Int(s))
                    if d < curDistance {
                        curDistance = d
                        cur = s
                        changed = true
                    }
                }
                if locking { Kernels.unlock(lock) }
            }
            level -= 1
        }
        return (cur, curDistance)
    }

    /// The k nearest accepted slots by graph search with width max(ef, k), ascending. With
    /// int8 quantization the walk compares codes and the max(ef, k) candidates it ends with
    /// are rescored with the float vectors, so the distances returned are exact.
    func search<F: SlotFilter>(_ q: UnsafePointer<Float>, k: Int, ef: Int, filter: F) -> [Candidate] {
        guard entryPoint >= 0, k > 0 else { return [] }
        return scratchPool.with(nodes: nodeCount) { scratch in
            let width = max(ef, k)
            switch quantization {
            case .none:
                walk(floatDistance(to: q), width: width, scratch: scratch, filter: filter)
                while scratch.results.count > k { scratch.results.pop() }
                return scratch.results.drainAscending()
            case .int8:
                Int8Codes.encode(q, dimension, into: scratch.queryCode)
                walk(codeDistance(to: scratch.queryCode), width: width, scratch: scratch, filter: filter)
                return rescore(scratch.results.drainAscending(), q, k: k)
            }
        }
    }

    private func walk<F: SlotFilter, Q: QueryDistance>(_ q: Q, width: Int, scratch: SearchScratch, filter: F) {
        let (entry, d) = descend(q, from: entryPoint, fromLevel: maxLevel, downTo: 0, locking: false)
        searchLayer(q, entry: entry, entryDistance: d, level: 0, ef: width, scratch: scratch, filter: filter, locking: false)
    }

    /// The k closest of `found` by float distance; ties by slot, so that results repeat.
    private func rescore(_ found: [Candidate], _ q: UnsafePointer<Float>, k: Int) -> [Candidate] {
        var exact = found
        for i in exact.indices {
            if i + 1 < exact.count { Kernels.prefetch(vector(Int(exact[i + 1].slot)), dimension * 4) }
            exact[i].distance = metric.distance(q, vector(Int(exact[i].slot)), dimension)
        }
        exact.sort { ($0.distance, $0.slot) < ($1.distance, $1.slot) }
        return Array(exact.prefix(k))
    }

    /// The k nearest accepted slots by scanning every slot: the oracle for small allowed sets.
    func exactSearch<F: SlotFilter>(_ q: UnsafePointer<Float>, k: Int, filter: F) -> [Candidate] {
        guard k > 0 else { return [] }
        return scratchPool.with(nodes: nodeCount) { scratch in
            _ = scratch.begin(nodes: nodeCount)
            for s in 0..<nodeCount where filter.accepts(s) {
                let d = metric.distance(q, vector(s), dimension)
                if scratch.results.count < k || d < scratch.results.top.distance {
                    scratch.results.push(Candidate(distance: d, slot: Int32(s)))
                    if scratch.results.count > k { scratch.results.pop() }
                }
            }
            return scratch.results.drainAscending()
        }
    }

    /// Exact search over the given slots only.
    func exactSearch(_ q: UnsafePointer<Float>, k: Int, slots: [Int]) -> [Candidate] {
        guard k > 0 else { return [] }
        return scratchPool.with(nodes: nodeCount) { scratch in
            _ = scratch.begin(nodes: nodeCount)
            for s in slots {
                let d = metric.distance(q, vector(s), dimension)
                if scratch.results.count < k || d < scratch.results.top.distance {
                    scratch.results.push(Candidate(distance: d, slot: Int32(s)))
                    if scratch.results.count > k { scratch.results.pop() }
                }
            }
            return scratch.results.drainAscending()
        }
    }
}
