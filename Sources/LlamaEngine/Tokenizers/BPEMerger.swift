/// The merge loop both BPE flavours share: adjacent symbols are merged best pair first (ties go
/// to the leftmost pair) until no pair can merge. Symbols live in a linked list and candidate
/// pairs in a heap, so a long word costs O(n log n), not O(n²).
struct BPEMerger {
    struct Symbol {
        /// Token id, -1 for a character the vocabulary lacks, `Int32.min` once merged away.
        var token: Int32
        /// Span of the symbol in the caller's units (bytes).
        var start: Int
        var end: Int
        var next: Int
    }

    /// A pair that may merge: lower `priority` first, then lower `left`.
    private struct Candidate: Comparable {
        var priority: Float
        var left: Int
        var right: Int
        var leftToken: Int32
        var rightToken: Int32
        var merged: Int32

        static func < (a: Candidate, b: Candidate) -> Bool {
            a.priority < b.priority || (a.priority == b.priority && a.left < b.left)
        }
    }

    /// Merges `symbols` (in order, `next` is ignored and rebuilt); `pair` names the token two
    /// adjacent symbols merge into and its priority, or nil if they do not merge.
    static func merge(
        _ symbols: [Symbol], pair: (Symbol, Symbol) -> (priority: Float, merged: Int32)?
    ) -> [Symbol] {
        var symbols = symbols
        for i in symbols.indices { symbols[i].next = i + 1 < symbols.count ? i + 1 : -1 }
        var previous = Array(-1..<(symbols.count - 1))
        var heap = MinHeap<Candidate>()
        func consider(_ left: Int, _ right: Int) {
            guard left >= 0, right >= 0, let (priority, merged) = pair(symbols[left], symbols[right]) else { return }
            heap.push(Candidate(
                priority: priority, left: left, right: right, leftToken: symbols[left].token,
                rightToken: symbols[right].token, merged: merged))
        }
        for i in 0..<max(0, symbols.count - 1) { consider(i, i + 1) }
        while let best = heap.pop() {
            let (l, r) = (best.left, best.right)
            // Stale: one side has merged with something else since this pair was seen.
            guard symbols[l].next == r, symbols[l].token == best.leftToken, symbols[r].token == best.rightToken
            else { continue }
            symbols[l].token = best.merged
            symbols[l].end = symbols[r].end
            symbols[l].next = symbols[r].next
            symbols[r].token = .min
            if symbols[l].next >= 0 { previous[symbols[l].next] = l }
            consider(previous[l], l)
            consider(l, symbols[l].next)
        }
        return symbols.filter { $0.token != .min }
    }
}

/// A binary min-heap.
struct MinHeap<Element: Comparable> {
    private var items: [Element] = []

    var isEmpty: Bool { items.isEmpty }

    mutating func push(_ element: Element) {
        items.append(element)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard items[i] < items[parent] else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> Element? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var smallest = i
                if l < items.count, items[l] < items[smallest] { smallest = l }
                if r < items.count, items[r] < items[smallest] { smallest = r }
                if smallest == i { break }
                items.swapAt(i, smallest)
                i = smallest
            }
        }
        return top
    }
}
