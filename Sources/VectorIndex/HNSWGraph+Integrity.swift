extension HNSWGraph {
    /// Checks the invariants the tests rely on and returns one line per violation: links point
    /// to slots in range, never to the node itself or twice to the same node, never to a node
    /// whose level is below the layer; lists respect their size limit; the id table and the
    /// slots agree; every node is reachable on layer 0 from the entry point.
    func integrityProblems() -> [String] {
        var problems: [String] = []
        func report(_ s: String) { if problems.count < 50 { problems.append(s) } }
        if nodeCount == 0 {
            if entryPoint != -1 { report("empty graph has entry point \(entryPoint)") }
            return problems
        }
        if entryPoint < 0 || Int(entryPoint) >= nodeCount {
            report("entry point \(entryPoint) out of range")
            return problems
        }
        if Int(levels[Int(entryPoint)]) != maxLevel { report("entry point level is not the top level") }
        var live = 0
        for s in 0..<nodeCount {
            if !isRemoved(s) {
                live += 1
                if idTable.slot(of: ids[s]) != s { report("id \(ids[s]) of slot \(s) is not in the id table") }
            }
            let level = Int(levels[s])
            if level > maxLevel { report("slot \(s) has level \(level) above the top \(maxLevel)") }
            for l in 0...level {
                let list = linkList(s, l)
                let n = Int(list[0])
                if n < 0 || n > maxLinks(l) { report("slot \(s) layer \(l) has \(n) links") ; continue }
                var seen = Set<Int32>()
                for i in stride(from: 1, through: n, by: 1) {
                    let x = list[i]
                    if x < 0 || Int(x) >= nodeCount { report("slot \(s) layer \(l) links to \(x), out of range"); continue }
                    if Int(x) == s { report("slot \(s) layer \(l) links to itself") }
                    if !seen.insert(x).inserted { report("slot \(s) layer \(l) links twice to \(x)") }
                    if Int(levels[Int(x)]) < l { report("slot \(s) layer \(l) links to \(x) of level \(levels[Int(x)])") }
                }
            }
        }
        if live != liveCount { report("\(live) live slots but the count says \(liveCount)") }
        if idTable.count != liveCount { report("id table holds \(idTable.count) ids for \(liveCount) live slots") }
        var reached = [Bool](repeating: false, count: nodeCount)
        var stack: [Int] = [Int(entryPoint)]
        reached[Int(entryPoint)] = true
        while let s = stack.popLast() {
            let list = linkList(s, 0)
            for i in stride(from: 1, through: Int(list[0]), by: 1) {
                let x = Int(list[i])
                if x >= 0 && x < nodeCount && !reached[x] {
                    reached[x] = true
                    stack.append(x)
                }
            }
        }
        let unreached = reached.filter { !$0 }.count
        if unreached > 0 { report("\(unreached) nodes are not reachable from the entry point") }
        return problems
    }
}
