/// A graph node and its distance to the query.
struct Candidate {
    var distance: Float
    var slot: Int32
}

/// A binary max-heap of candidates by distance, on memory it owns and reuses across searches
/// (one per search scratch) so that the hot loop never allocates. Min-heap use stores negated
/// distances, as hnswlib does.
struct CandidateHeap {
    private(set) var storage: UnsafeMutablePointer<Candidate>
    private(set) var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        storage = .allocate(capacity: self.capacity)
    }

    func free() { storage.deallocate() }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    var top: Candidate { storage[0] }

    @inline(__always)
    mutating func removeAll() { count = 0 }

    @inline(__always)
    mutating func push(_ c: Candidate) {
        if count == capacity { grow() }
        var i = count
        count += 1
        while i > 0 {
            let parent = (i - 1) >> 1
            if storage[parent].distance >= c.distance { break }
            storage[i] = storage[parent]
            i = parent
        }
        storage[i] = c
    }

    @inline(__always)
    @discardableResult
    mutating func pop() -> Candidate {
        let result = storage[0]
        count -= 1
        if count > 0 {
            let last = storage[count]
            var i = 0
            while true {
                var child = 2 * i + 1
                if child >= count { break }
                if child + 1 < count && storage[child + 1].distance > storage[child].distance {
                    child += 1
                }
                if storage[child].distance <= last.distance { break }
                storage[i] = storage[child]
                i = child
            }
            storage[i] = last
        }
        return result
    }

    private mutating func grow() {
        let fresh = UnsafeMutablePointer<Candidate>.allocate(capacity: capacity * 2)
        fresh.update(from: storage, count: count)
        storage.deallocate()
        storage = fresh
        capacity *= 2
    }

    /// Empties the heap into `out` (replacing its contents), sorted by ascending distance.
    mutating func drainAscending(into out: inout [Candidate]) {
        let n = count
        out.removeAll(keepingCapacity: true)
        out.append(contentsOf: repeatElement(Candidate(distance: 0, slot: 0), count: n))
        out.withUnsafeMutableBufferPointer { buffer in
            var i = n - 1
            while count > 0 {
                buffer[i] = pop()
                i -= 1
            }
        }
    }

    /// Empties the heap into an array sorted by ascending distance.
    mutating func drainAscending() -> [Candidate] {
        var out = [Candidate](repeating: Candidate(distance: 0, slot: 0), count: count)
        var i = count - 1
        while count > 0 {
            out[i] = pop()
            i -= 1
        }
        return out
    }
}
