import Foundation

/// Per-search working memory: a visited table with generation tags (cleared by bumping the tag,
/// not by writing the table) and the two heaps. Scratches are pooled so that concurrent
/// searches each get their own without allocating.
final class SearchScratch {
    private(set) var visited: UnsafeMutablePointer<UInt16>
    private(set) var visitedCapacity: Int
    private(set) var tag: UInt16 = 0
    var candidates = CandidateHeap(capacity: 256)
    var results = CandidateHeap(capacity: 256)
    /// The unvisited neighbours of the node being expanded.
    let fresh: UnsafeMutablePointer<Int32>
    /// Working lists for the neighbour heuristic.
    var selection: [Candidate] = []
    var pool: [Candidate] = []
    /// The re-selected list of a neighbour whose list is full.
    var backLinks: [Candidate] = []
    /// The query's int8 code row (int8 quantization only).
    let queryCode: UnsafeMutableRawPointer

    init(nodes: Int, maxLinks: Int, codeBytes: Int) {
        visitedCapacity = max(nodes, 1024)
        visited = .allocate(capacity: visitedCapacity)
        visited.initialize(repeating: 0, count: visitedCapacity)
        fresh = .allocate(capacity: maxLinks + 1)
        queryCode = .allocate(byteCount: max(codeBytes, 8), alignment: 64)
    }

    deinit {
        visited.deallocate()
        fresh.deallocate()
        queryCode.deallocate()
        candidates.free()
        results.free()
    }

    /// Starts a new search over a graph of `nodes` slots; returns the tag that marks "visited".
    func begin(nodes: Int) -> UInt16 {
        if nodes > visitedCapacity {
            visited.deallocate()
            visitedCapacity = max(nodes, visitedCapacity * 2)
            visited = .allocate(capacity: visitedCapacity)
            visited.initialize(repeating: 0, count: visitedCapacity)
            tag = 0
        }
        if tag == UInt16.max {
            visited.update(repeating: 0, count: visitedCapacity)
            tag = 0
        }
        tag += 1
        candidates.removeAll()
        results.removeAll()
        return tag
    }
}

/// A lock-protected stack of scratches shared by concurrent searches.
final class ScratchPool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [SearchScratch] = []
    private let maxLinks: Int
    private let codeBytes: Int

    init(maxLinks: Int, codeBytes: Int) {
        self.maxLinks = maxLinks
        self.codeBytes = codeBytes
    }

    func take(nodes: Int) -> SearchScratch {
        lock.lock()
        let s = free.popLast()
        lock.unlock()
        return s ?? SearchScratch(nodes: nodes, maxLinks: maxLinks, codeBytes: codeBytes)
    }

    func give(_ s: SearchScratch) {
        lock.lock()
        if free.count < 64 { free.append(s) }
        lock.unlock()
    }

    func with<T>(nodes: Int, _ body: (SearchScratch) throws -> T) rethrows -> T {
        let s = take(nodes: nodes)
        defer { give(s) }
        return try body(s)
    }
}
