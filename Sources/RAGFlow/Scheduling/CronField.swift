/// One field of a cron expression: its bounds and the names it accepts.
struct CronField {
    let name: String
    let range: ClosedRange<Int>
    let names: [String: Int]

    static let minute = CronField(name: "minute", range: 0...59, names: [:])
    static let hour = CronField(name: "hour", range: 0...23, names: [:])
    static let dayOfMonth = CronField(name: "day-of-month", range: 1...31, names: [:])
    static let month = CronField(
        name: "month", range: 1...12,
        names: Dictionary(
            uniqueKeysWithValues: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
                .enumerated().map { ($1, $0 + 1) }))
    static let dayOfWeek = CronField(
        name: "day-of-week", range: 0...7,
        names: Dictionary(
            uniqueKeysWithValues: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"].enumerated().map { ($1, $0) }))

    /// The values `text` selects, e.g. `1-10/3,20` → {1, 4, 7, 10, 20}.
    func parse(_ text: String) throws -> Set<Int> {
        var values = Set<Int>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2, let base = parts.first, !base.isEmpty else { throw error(text, "\"\(item)\" is not a value, range or step") }
            var step = 1
            if parts.count == 2 {
                guard let s = Int(parts[1]), s > 0 else { throw error(text, "step \"\(parts[1])\" must be a positive number") }
                step = s
            }
            let bounds: ClosedRange<Int>
            if base == "*" {
                bounds = range
            } else if let dash = base.firstIndex(of: "-") {
                let low = try value(base[..<dash], in: text), high = try value(base[base.index(after: dash)...], in: text)
                guard low <= high else { throw error(text, "range \(base) runs backwards") }
                bounds = low...high
            } else {
                let single = try value(base, in: text)
                // "5/15" means from 5 to the end of the field, every 15.
                bounds = parts.count == 2 ? single...range.upperBound : single...single
            }
            values.formUnion(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
        }
        return values
    }

    private func value(_ token: Substring, in text: String) throws -> Int {
        if let number = Int(token) {
            guard range.contains(number) else {
                throw error(text, "\(number) is outside \(range.lowerBound)-\(range.upperBound)")
            }
            return number
        }
        if let named = names[token.lowercased()] { return named }
        throw error(text, "\"\(token)\" is not a number\(names.isEmpty ? "" : " or a name")")
    }

    private func error(_ text: String, _ why: String) -> RAGFlowError {
        RAGFlowError(.invalidArgument, "cron \(name) field \"\(text)\": \(why)")
    }
}
