extension HNSWGraph {
    /// True when removed nodes pass the compaction threshold.
    var needsCompaction: Bool {
        removedCount >= 16 && Double(removedCount) > compactionThreshold * Double(nodeCount)
    }

    /// Drops removed nodes: every live node that linked to one gets a new list chosen by the
    /// heuristic among its live links and the live links of the removed ones, the slots are
    /// renumbered densely (order kept), and nodes that lost every path from the entry point are
    /// linked back. Deterministic.
    func compact() {
        guard removedCount > 0 else { return }
        repairLinksAroundRemoved()
        renumberLiveSlots()
        repairReachability()
    }

    private func repairLinksAroundRemoved() {
        scratchPool.with(nodes: nodeCount) { scratch in
            var pool: [Candidate] = []
            var chosen: [Candidate] = []
            for s in 0..<nodeCount where !isRemoved(s) {
                for l in 0...Int(levels[s]) {
                    let list = linkList(s, l)
                    let n = Int(list[0])
                    var touched = false
                    for i in stride(from: 1, through: n, by: 1) where isRemoved(Int(list[i])) {
                        touched = true
                        break
                    }
                    guard touched else { continue }
                    let tag = scratch.begin(nodes: nodeCount)
                    let seen = scratch.visited
                    seen[s] = tag
                    pool.removeAll(keepingCapacity: true)
                    func consider(_ x: Int) {
                        guard seen[x] != tag else { return }
                        seen[x] = tag
                        if !isRemoved(x) { pool.append(Candidate(distance: distance(s, x), slot: Int32(x))) }
                    }
                    for i in stride(from: 1, through: n, by: 1) {
                        let x = Int(list[i])
                        if isRemoved(x) {
                            let second = linkList(x, l)
                            for j in stride(from: 1, through: Int(second[0]), by: 1) { consider(Int(second[j])) }
                        } else {
                            consider(x)
                        }
                    }
                    pool.sort { ($0.distance, $0.slot) < ($1.distance, $1.slot) }
                    selectNeighbours(pool, maxCount: maxLinks(l), into: &chosen)
                    list[0] = Int32(chosen.count)
                    for (i, c) in chosen.enumerated() { list[i + 1] = c.slot }
                }
            }
        }
    }

    private func renumberLiveSlots() {
        let oldCount = nodeCount
        var newSlot = [Int32](repeating: -1, count: oldCount)
        var live = 0
        for s in 0..<oldCount where !isRemoved(s) {
            newSlot[s] = Int32(live)
            live += 1
        }
        let newVectors = UnsafeMutablePointer<Float>.allocate(capacity: max(live * dimension, 1))
        let newCodes = UnsafeMutablePointer<UInt8>.allocate(capacity: max(live * codeStride, 1))
        let newIDs = UnsafeMutablePointer<UInt64>.allocate(capacity: max(live, 1))
        let newLevels = UnsafeMutablePointer<UInt8>.allocate(capacity: max(live, 1))
        let newLinks0 = UnsafeMutablePointer<Int32>.allocate(capacity: max(live * (m0 + 1), 1))
        let newOffsets = UnsafeMutablePointer<Int64>.allocate(capacity: max(live, 1))
        var newUpper: [Int32] = []
        defer {
            for p in [UnsafeMutableRawPointer(newVectors), UnsafeMutableRawPointer(newCodes), UnsafeMutableRawPointer(newIDs),
                      UnsafeMutableRawPointer(newLevels), UnsafeMutableRawPointer(newLinks0),
                      UnsafeMutableRawPointer(newOffsets)] { p.deallocate() }
        }
        var table = IDTable(capacity: live * 2)
        var bestEntry = -1
        var bestLevel = -1
        for s in 0..<oldCount where newSlot[s] >= 0 {
            let t = Int(newSlot[s])
            (newVectors + t * dimension).update(from: vector(s), count: dimension)
            (newCodes + t * codeStride).update(from: codes.base + s * codeStride, count: codeStride)
            newIDs[t] = ids[s]
            let level = Int(levels[s])
            newLevels[t] = UInt8(level)
            table.set(ids[s], slot: t)
            if level > bestLevel {
                bestLevel = level
                bestEntry = t
            }
            func copyList(_ src: UnsafeMutablePointer<Int32>, _ dst: UnsafeMutablePointer<Int32>) {
                var k = 0
                for i in stride(from: 1, through: Int(src[0]), by: 1) {
                    let x = newSlot[Int(src[i])]
                    if x >= 0 {
                        k += 1
                        dst[k] = x
                    }
                }
                dst[0] = Int32(k)
            }
            copyList(linkList(s, 0), newLinks0 + t * (m0 + 1))
            if level > 0 {
                newOffsets[t] = Int64(newUpper.count)
                let base = newUpper.count
                newUpper.append(contentsOf: repeatElement(0, count: level * (m + 1)))
                newUpper.withUnsafeMutableBufferPointer { up in
                    for l in 1...level {
                        copyList(linkList(s, l), up.baseAddress! + base + (l - 1) * (m + 1))
                    }
                }
            } else {
                newOffsets[t] = -1
            }
        }
        let oldEntry = entryPoint
        vectors.replace(with: UnsafeBufferPointer(start: newVectors, count: live * dimension))
        codes.replace(with: UnsafeBufferPointer(start: newCodes, count: live * codeStride))
        ids.replace(with: UnsafeBufferPointer(start: newIDs, count: live))
        levels.replace(with: UnsafeBufferPointer(start: newLevels, count: live))
        links0.replace(with: UnsafeBufferPointer(start: newLinks0, count: live * (m0 + 1)))
        upperOffsets.replace(with: UnsafeBufferPointer(start: newOffsets, count: live))
        newUpper.withUnsafeBufferPointer { upperLinks.replace(with: $0) }
        upperUsed = newUpper.count
        [UInt8](repeating: 0, count: live).withUnsafeBufferPointer { flags.replace(with: $0) }
        [UInt32](repeating: 0, count: live).withUnsafeBufferPointer { nodeLocks.replace(with: $0) }
        idTable = table
        nodeCount = live
        removedCount = 0
        if oldEntry >= 0 && newSlot[Int(oldEntry)] >= 0 {
            entryPoint = newSlot[Int(oldEntry)]
            maxLevel = Int(levels[Int(entryPoint)])
        } else {
            entryPoint = Int32(bestEntry)
            maxLevel = bestLevel
        }
    }

    /// Makes every node reachable on layer 0 from the entry point: an unreachable node gets an
    /// in-link from a near reachable node (one with a free place if possible, else replacing its
    /// farthest link whose target keeps another in-link and that this pass did not add), then
    /// everything it reaches counts as reachable. Repeats while a replacement cut something off, a few rounds at most.
    func repairReachability() {
        guard entryPoint >= 0 else { return }
        var attached = Set<Int32>()
        for _ in 0..<8 {
            // In-link counts: a link is only given up when its target has another in-link.
            var inLinks = [Int32](repeating: 0, count: nodeCount)
            for s in 0..<nodeCount {
                let list = linkList(s, 0)
                for i in stride(from: 1, through: Int(list[0]), by: 1) { inLinks[Int(list[i])] += 1 }
            }
            var reached = [Bool](repeating: false, count: nodeCount)
            var stack: [Int32] = []
            func flood(from start: Int32) {
                guard !reached[Int(start)] else { return }
                reached[Int(start)] = true
                stack.append(start)
                while let s = stack.popLast() {
                    let list = linkList(Int(s), 0)
                    for i in stride(from: 1, through: Int(list[0]), by: 1) where !reached[Int(list[i])] {
                        reached[Int(list[i])] = true
                        stack.append(list[i])
                    }
                }
            }
            flood(from: entryPoint)
            var repaired = 0
            for u in 0..<nodeCount where !reached[u] {
                let found = search(vector(u), k: 16, ef: max(efConstruction / 2, 32), filter: AcceptAll())
                    .filter { Int($0.slot) != u && reached[Int($0.slot)] }
                guard attachLink(to: u, fromOneOf: found, inLinks: &inLinks, attached: attached) else { continue }
                inLinks[u] += 1
                attached.insert(Int32(u))
                repaired += 1
                flood(from: Int32(u))
            }
            if repaired == 0 { return }
        }
    }

    /// Gives `u` an in-link from the first candidate with a free place, else from the first
    /// whose farthest replaceable link (target with another in-link, not added by this pass)
    /// can give way. False when none can.
    private func attachLink(to u: Int, fromOneOf found: [Candidate], inLinks: inout [Int32], attached: Set<Int32>) -> Bool {
        if let roomy = found.first(where: { Int(linkList(Int($0.slot), 0)[0]) < m0 }) {
            let list = linkList(Int(roomy.slot), 0)
            let n = Int(list[0])
            list[n + 1] = Int32(u)
            list[0] = Int32(n + 1)
            return true
        }
        for candidate in found {
            let from = Int(candidate.slot)
            let list = linkList(from, 0)
            var worst = 0
            var worstDistance = -Float.infinity
            for i in stride(from: 1, through: Int(list[0]), by: 1) where inLinks[Int(list[i])] > 1 && !attached.contains(list[i]) {
                let d = distance(from, Int(list[i]))
                if d > worstDistance {
                    worstDistance = d
                    worst = i
                }
            }
            if worst > 0 {
                inLinks[Int(list[worst])] -= 1
                list[worst] = Int32(u)
                return true
            }
        }
        return false
    }
}
