/// A shell-style pattern over `/`-separated relative paths, for `--filter path=GLOB`.
///
/// `*` matches within one path segment, `**` across segments, `?` one character, `[abc]` and
/// `[a-z]` a set (`[!a]` its complement).
///
/// ```swift
/// PathGlob("man/*.pdf").matches("man/tar.pdf")              // true
/// PathGlob("python/**/json.html").matches("python/library/json.html") // true
/// ```
public struct PathGlob: Sendable, Hashable {
    public let pattern: String
    private let characters: [Character]

    public init(_ pattern: String) {
        self.pattern = pattern
        characters = Array(pattern)
    }

    public func matches(_ path: String) -> Bool {
        let text = Array(path)
        var memo = [Int: Bool]()
        return match(0, 0, text, &memo)
    }

    private func match(_ p: Int, _ t: Int, _ text: [Character], _ memo: inout [Int: Bool]) -> Bool {
        let key = p * (text.count + 1) + t
        if let known = memo[key] { return known }
        let result: Bool
        if p == characters.count {
            result = t == text.count
        } else if characters[p] == "*" {
            let crossesSegments = p + 1 < characters.count && characters[p + 1] == "*"
            let next = crossesSegments ? p + 2 : p + 1
            // "**/" also matches no directory at all.
            if crossesSegments, next < characters.count, characters[next] == "/", match(next + 1, t, text, &memo) {
                memo[key] = true
                return true
            }
            var end = t
            var found = match(next, end, text, &memo)
            while !found, end < text.count, crossesSegments || text[end] != "/" {
                end += 1
                found = match(next, end, text, &memo)
            }
            result = found
        } else if t == text.count {
            result = false
        } else if characters[p] == "?" {
            result = text[t] != "/" && match(p + 1, t + 1, text, &memo)
        } else if characters[p] == "[", let close = characters[(p + 1)...].firstIndex(of: "]"), close > p + 1 {
            var set = Array(characters[(p + 1)..<close])
            let negated = set.first == "!" || set.first == "^"
            if negated { set.removeFirst() }
            var inSet = false
            var i = 0
            while i < set.count {
                if i + 2 < set.count, set[i + 1] == "-" {
                    if set[i] <= text[t] && text[t] <= set[i + 2] { inSet = true }
                    i += 3
                } else {
                    if set[i] == text[t] { inSet = true }
                    i += 1
                }
            }
            result = inSet != negated && text[t] != "/" && match(close + 1, t + 1, text, &memo)
        } else {
            result = characters[p] == text[t] && match(p + 1, t + 1, text, &memo)
        }
        memo[key] = result
        return result
    }
}
