/// Restricts a search to some ids (for metadata filters). Small allowed sets are answered by an
/// exact scan, which is both cheaper and exact; large ones by the graph search, skipping
/// disallowed nodes while still walking through them.
public enum SearchFilter: Sendable {
    /// Only these ids may be returned.
    case allowedIDs(Set<UInt64>)
    /// Only ids for which the predicate returns true may be returned. It is called from the
    /// searching thread, possibly many times per query, while the index is read-locked: it must
    /// not call back into the same index.
    case predicate(@Sendable (UInt64) -> Bool)
}

/// One search hit: the caller's id and its distance to the query (smaller is closer).
public struct SearchResult: Sendable, Equatable, CustomStringConvertible {
    public var id: UInt64
    public var distance: Float

    public init(id: UInt64, distance: Float) {
        self.id = id
        self.distance = distance
    }

    public var description: String { "(\(id), \(distance))" }
}
