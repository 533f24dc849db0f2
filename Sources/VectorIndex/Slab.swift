/// A growable run of plain values that lives either in memory we allocated or inside a private
/// (copy-on-write) file mapping. Opening an index points slabs into the mapping, so no section
/// is read or copied until it is touched; growing copies the slab into owned memory.
///
/// Not thread-safe: the graph grows slabs only under its writer lock, and parallel builds
/// reserve capacity before they start.
final class Slab<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var capacity: Int
    private var owned: Bool
    /// Keeps the mapping alive while `base` points into it.
    private var mapping: AnyObject?

    init(capacity: Int = 0) {
        let c = max(capacity, 1)
        base = .allocate(capacity: c)
        self.capacity = c
        owned = true
    }

    /// A slab over `count` elements of a mapping; the mapping must be writable (private).
    init(mapped pointer: UnsafeMutableRawPointer, count: Int, mapping: AnyObject) {
        base = pointer.assumingMemoryBound(to: Element.self)
        capacity = count
        owned = false
        self.mapping = mapping
    }

    deinit {
        if owned { base.deallocate() }
    }

    /// Makes room for at least `needed` elements, keeping the first `used`.
    func reserve(_ needed: Int, used: Int) {
        guard needed > capacity else { return }
        let newCapacity = max(needed, capacity + capacity / 2, 16)
        let fresh = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        fresh.update(from: base, count: used)
        if owned { base.deallocate() }
        base = fresh
        capacity = newCapacity
        owned = true
        mapping = nil
    }

    /// Replaces the contents by a fresh owned buffer of `count` elements from `source`.
    func replace(with source: UnsafeBufferPointer<Element>) {
        let fresh = UnsafeMutablePointer<Element>.allocate(capacity: max(source.count, 1))
        if let s = source.baseAddress { fresh.update(from: s, count: source.count) }
        if owned { base.deallocate() }
        base = fresh
        capacity = max(source.count, 1)
        owned = true
        mapping = nil
    }

    @inline(__always)
    subscript(i: Int) -> Element {
        get { base[i] }
        set { base[i] = newValue }
    }
}
