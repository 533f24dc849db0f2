/// Ways to merge the ranked lists of several retrievers (BM25 and vector search) into one.
public enum RankFusion {
    /// Reciprocal rank fusion: each list adds `weight / (k + rank)` (rank from 1) to the ids it
    /// holds; without weights every list weighs 1. Ties keep the order in which ids first
    /// appeared. `k = 60` is the value of Cormack et al.
    ///
    /// ```swift
    /// RankFusion.reciprocalRank([[3, 1, 2], [1, 4]]) // 1 first: it is high in both lists
    /// RankFusion.reciprocalRank([[3, 1], [1, 4]], weights: [0.7, 0.3]) // 1, then 3
    /// ```
    public static func reciprocalRank<ID: Hashable>(
        _ lists: [[ID]], k: Double = 60, weights: [Double]? = nil
    ) -> [(id: ID, score: Double)] {
        precondition(weights == nil || weights!.count == lists.count, "one weight per list")
        var scores: [ID: Double] = [:]
        var order: [ID] = []
        for (number, list) in lists.enumerated() {
            let weight = weights?[number] ?? 1
            for (index, id) in list.enumerated() {
                if scores[id] == nil { order.append(id) }
                scores[id, default: 0] += weight / (k + Double(index + 1))
            }
        }
        return stableSorted(order.map { ($0, scores[$0]!) })
    }

    /// Weighted sum of scores, each list's scores first scaled to 0...1 (min-max), so that BM25
    /// and cosine scores can be added. An id missing from a list gets 0 from it.
    public static func weightedSum<ID: Hashable>(_ lists: [[(id: ID, score: Double)]], weights: [Double]) -> [(id: ID, score: Double)] {
        precondition(lists.count == weights.count, "one weight per list")
        var scores: [ID: Double] = [:]
        var order: [ID] = []
        for (list, weight) in zip(lists, weights) where !list.isEmpty {
            let low = list.map(\.score).min()!, high = list.map(\.score).max()!
            for item in list {
                let scaled = high > low ? (item.score - low) / (high - low) : 1
                if scores[item.id] == nil { order.append(item.id) }
                scores[item.id, default: 0] += weight * scaled
            }
        }
        return stableSorted(order.map { ($0, scores[$0]!) })
    }

    private static func stableSorted<ID>(_ items: [(ID, Double)]) -> [(id: ID, score: Double)] {
        items.enumerated()
            .sorted { $0.element.1 != $1.element.1 ? $0.element.1 > $1.element.1 : $0.offset < $1.offset }
            .map { (id: $0.element.0, score: $0.element.1) }
    }
}
