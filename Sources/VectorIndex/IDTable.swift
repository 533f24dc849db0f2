/// An open-addressing hash table from the caller's 64-bit ids to graph slots, stored as one
/// flat run of (id, slot) pairs so that it can live in the snapshot file and be used straight
/// from the mapping. Linear probing; removed entries leave a tombstone (slot -2).
struct IDTable {
    static let empty: Int64 = -1
    static let tombstone: Int64 = -2

    /// [capacity][2]: id, slot. Capacity is a power of two.
    var entries: Slab<UInt64>
    var capacity: Int
    /// Live entries.
    var count: Int
    /// Live entries plus tombstones; the table grows when this passes 70%.
    var used: Int

    init(capacity requested: Int = 16) {
        var c = 16
        while c < requested { c <<= 1 }
        capacity = c
        entries = Slab(capacity: 2 * c)
        count = 0
        used = 0
        for i in 0..<c {
            entries[2 * i] = 0
            entries[2 * i + 1] = UInt64(bitPattern: IDTable.empty)
        }
    }

    init(mapped entries: Slab<UInt64>, capacity: Int, count: Int, used: Int) {
        self.entries = entries
        self.capacity = capacity
        self.count = count
        self.used = used
    }

    @inline(__always)
    static func hash(_ id: UInt64) -> UInt64 {
        // splitmix64's finaliser: ids are often sequential, so they need mixing.
        var z = id &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    func slot(of id: UInt64) -> Int? {
        let mask = capacity - 1
        var i = Int(truncatingIfNeeded: IDTable.hash(id)) & mask
        while true {
            let s = Int64(bitPattern: entries[2 * i + 1])
            if s == IDTable.empty { return nil }
            if s >= 0 && entries[2 * i] == id { return Int(s) }
            i = (i + 1) & mask
        }
    }

    /// Sets the slot of `id`, adding it if absent.
    mutating func set(_ id: UInt64, slot: Int) {
        if (used + 1) * 10 > capacity * 7 { rehash(to: count * 2 + 16) }
        let mask = capacity - 1
        var i = Int(truncatingIfNeeded: IDTable.hash(id)) & mask
        var firstFree = -1
        while true {
            let s = Int64(bitPattern: entries[2 * i + 1])
            if s == IDTable.empty { break }
            if s == IDTable.tombstone {
                if firstFree < 0 { firstFree = i }
            } else if entries[2 * i] == id {
                entries[2 * i + 1] = UInt64(bitPattern: Int64(slot))
                return
            }
            i = (i + 1) & mask
        }
        if firstFree >= 0 {
            i = firstFree
        } else {
            used += 1
        }
        entries[2 * i] = id
        entries[2 * i + 1] = UInt64(bitPattern: Int64(slot))
        count += 1
    }

    /// Removes `id`; returns its slot if it was present.
    @discardableResult
    mutating func remove(_ id: UInt64) -> Int? {
        let mask = capacity - 1
        var i = Int(truncatingIfNeeded: IDTable.hash(id)) & mask
        while true {
            let s = Int64(bitPattern: entries[2 * i + 1])
            if s == IDTable.empty { return nil }
            if s >= 0 && entries[2 * i] == id {
                entries[2 * i + 1] = UInt64(bitPattern: IDTable.tombstone)
                count -= 1
                return Int(s)
            }
            i = (i + 1) & mask
        }
    }

    private mutating func rehash(to requested: Int) {
        let old = entries
        let oldCapacity = capacity
        self = IDTable(capacity: requested * 10 / 7 + 1)
        for i in 0..<oldCapacity {
            let s = Int64(bitPattern: old[2 * i + 1])
            if s >= 0 { set(old[2 * i], slot: Int(s)) }
        }
    }
}
