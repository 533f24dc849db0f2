import Foundation

extension HNSWGraph {
    /// Inserts (or replaces) one vector and links it into the graph.
    func insert(id: UInt64, vector: UnsafePointer<Float>) {
        markRemoved(id: id)
        reserve(extra: 1)
        let slot = appendNode(id: id, vector: vector)
        scratchPool.with(nodes: nodeCount) { connect(slot, scratch: $0, locking: false, entryLock: nil) }
    }

    /// Inserts (or replaces) a batch, linking with `threads` threads. `vectors` is
    /// [ids.count][dimension]. With one thread the result depends only on the seed and order.
    func insertBatch(ids newIDs: [UInt64], vectors source: UnsafePointer<Float>, threads: Int) {
        guard !newIDs.isEmpty else { return }
        reserve(extra: newIDs.count)
        let first = nodeCount
        for (i, id) in newIDs.enumerated() {
            markRemoved(id: id)
            _ = appendNode(id: id, vector: source + i * dimension)
        }
        let end = nodeCount
        let workers = max(1, min(threads, end - first))
        if workers == 1 {
            scratchPool.with(nodes: nodeCount) { scratch in
                for slot in first..<end { connect(slot, scratch: scratch, locking: false, entryLock: nil) }
            }
            return
        }
        let next = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
        next.initialize(to: Int64(first))
        defer { next.deallocate() }
        let entryLock = NSLock()
        let box = UncheckedBox((self, next, entryLock))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let (graph, next, entryLock) = box.value
            graph.scratchPool.with(nodes: end) { scratch in
                while true {
                    let slot = Int(Kernels.fetchAdd(next, 1))
                    if slot >= end { break }
                    graph.connect(slot, scratch: scratch, locking: true, entryLock: entryLock)
                }
            }
        }
    }

    /// Marks the node holding `id` as removed; returns whether there was one.
    @discardableResult
    func markRemoved(id: UInt64) -> Bool {
        guard let slot = idTable.remove(id) else { return false }
        flags[slot] |= HNSWGraph.removedFlag
        removedCount += 1
        return true
    }

    /// Links an appended node into every layer up to its level (Algorithm 1 of the paper, with
    /// the neighbour-selection heuristic of Algorithm 4 as hnswlib applies it), comparing codes
    /// when the graph is quantized.
    func connect(_ slot: Int, scratch: SearchScratch, locking: Bool, entryLock: NSLock?) {
        switch quantization {
        case .none: connect(slot, floatDistance(to: vector(slot)), scratch: scratch, locking: locking, entryLock: entryLock)
        case .int8: connect(slot, codeDistance(to: code(slot)), scratch: scratch, locking: locking, entryLock: entryLock)
        }
    }

    private func connect<Q: QueryDistance>(_ slot: Int, _ q: Q, scratch: SearchScratch, locking: Bool, entryLock: NSLock?) {
        let level = Int(levels[slot])
        entryLock?.lock()
        if entryPoint < 0 {
            entryPoint = Int32(slot)
            maxLevel = level
            entryLock?.unlock()
            return
        }
        let top = maxLevel
        let start = entryPoint
        // A node that raises the top level keeps the lock while it links, so that no other
        // thread sees it as entry point before it has links (hnswlib does the same).
        let raises = level > top
        if !raises { entryLock?.unlock() }
        defer {
            if raises {
                entryPoint = Int32(slot)
                maxLevel = level
                entryLock?.unlock()
            }
        }
        var (cur, curDistance) = descend(q, from: start, fromLevel: top, downTo: level, locking: locking)
        for l in stride(from: min(level, top), through: 0, by: -1) {
            // Removed nodes are walked through but never chosen as neighbours.
            if removedCount == 0 {
                searchLayer(
                    q, entry: cur, entryDistance: curDistance, level: l, ef: efConstruction,
                    scratch: scratch, filter: AcceptAll(), locking: locking)
            } else {
                searchLayer(
                    q, entry: cur, entryDistance: curDistance, level: l, ef: efConstruction,
                    scratch: scratch, filter: AcceptLive(flags: flags.base), locking: locking)
            }
            scratch.results.drainAscending(into: &scratch.pool)
            scratch.pool.removeAll { Int($0.slot) == slot }
            guard !scratch.pool.isEmpty else { continue }
            selectNeighbours(scratch.pool, maxCount: m, into: &scratch.selection)
            cur = scratch.selection[0].slot
            curDistance = scratch.selection[0].distance
            let own = linkList(slot, l)
            if locking { Kernels.lock(nodeLocks.base + slot) }
            own[0] = Int32(scratch.selection.count)
            for (i, c) in scratch.selection.enumerated() { own[i + 1] = c.slot }
            if locking { Kernels.unlock(nodeLocks.base + slot) }
            for i in scratch.selection.indices {
                let c = scratch.selection[i]
                addLink(from: Int(c.slot), to: slot, distance: c.distance, level: l, scratch: scratch, locking: locking)
            }
        }
    }

    /// Adds `to` to the list of `from`; a full list is re-selected with the heuristic.
    private func addLink(
        from: Int, to: Int, distance d: Float, level: Int, scratch: SearchScratch, locking: Bool
    ) {
        let lock = nodeLocks.base + from
        if locking { Kernels.lock(lock) }
        defer { if locking { Kernels.unlock(lock) } }
        let list = linkList(from, level)
        let n = Int(list[0])
        let limit = maxLinks(level)
        for i in stride(from: 1, through: n, by: 1) where list[i] == Int32(to) { return }
        if n < limit {
            list[n + 1] = Int32(to)
            list[0] = Int32(n + 1)
            return
        }
        // The scratch's lists are free here: connect has copied its selection into the node.
        scratch.pool.removeAll(keepingCapacity: true)
        scratch.pool.append(Candidate(distance: d, slot: Int32(to)))
        for i in 1...n { scratch.pool.append(Candidate(distance: distance(from, Int(list[i])), slot: list[i])) }
        scratch.pool.sort { $0.distance < $1.distance }
        selectNeighbours(scratch.pool, maxCount: limit, into: &scratch.backLinks)
        list[0] = Int32(scratch.backLinks.count)
        for (i, c) in scratch.backLinks.enumerated() { list[i + 1] = c.slot }
    }

    /// The heuristic of the paper (Algorithm 4, no extension, no kept pruned links): walk the
    /// candidates from the closest and keep one only if it is closer to the base than to every
    /// node kept so far. `candidates` must be sorted by ascending distance to the base.
    func selectNeighbours(_ candidates: [Candidate], maxCount: Int, into out: inout [Candidate]) {
        out.removeAll(keepingCapacity: true)
        if candidates.count <= maxCount {
            out.append(contentsOf: candidates)
            return
        }
        for c in candidates {
            if out.count >= maxCount { break }
            var good = true
            for s in out where distance(Int(c.slot), Int(s.slot)) < c.distance {
                good = false
                break
            }
            if good { out.append(c) }
        }
    }
}

/// Carries a non-Sendable reference into worker threads whose access the caller coordinates
/// (here: per-node locks and one entry-point lock).
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
