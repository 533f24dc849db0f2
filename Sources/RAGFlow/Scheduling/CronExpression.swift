import Foundation

/// A standard five-field cron expression: minute, hour, day of month, month, day of week.
///
/// Fields take `*`, numbers, ranges (`1-5`), lists (`1,15`), steps (`*/15`, `0-30/10`, `5/20`)
/// and, for months and days of the week, names (`JAN`, `mon-fri`). Day of week counts from
/// Sunday = 0 (7 is Sunday too). As in Vixie cron, when both the day of month and the day of
/// week are restricted, a day matches if either does. The macros `@yearly`, `@annually`,
/// `@monthly`, `@weekly`, `@daily`, `@midnight` and `@hourly` stand for their usual expressions.
///
/// ```swift
/// let cron = try CronExpression("*/15 9-17 * * mon-fri")
/// let next = cron.nextDate(after: Date()) // the next quarter hour in office hours, UTC
/// ```
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The expression as written.
    public let description: String
    let minutes: Set<Int>
    let hours: Set<Int>
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    let daysOfWeek: Set<Int>
    let dayOfMonthRestricted: Bool
    let dayOfWeekRestricted: Bool

    /// Parses `expression`. Throws ``RAGFlowError`` (`.invalidArgument`) naming the field at fault.
    public init(_ expression: String) throws {
        description = expression
        let trimmed = expression.trimmingCharacters(in: .whitespaces)
        let expanded = CronExpression.macros[trimmed.lowercased()] ?? trimmed
        let fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw RAGFlowError(
                .invalidArgument,
                "cron expression \"\(expression)\" has \(fields.count) fields; expected 5 (minute hour day-of-month month day-of-week)")
        }
        minutes = try CronField.minute.parse(fields[0])
        hours = try CronField.hour.parse(fields[1])
        daysOfMonth = try CronField.dayOfMonth.parse(fields[2])
        months = try CronField.month.parse(fields[3])
        daysOfWeek = Set(try CronField.dayOfWeek.parse(fields[4]).map { $0 % 7 })
        dayOfMonthRestricted = !fields[2].hasPrefix("*")
        dayOfWeekRestricted = !fields[4].hasPrefix("*")
    }

    /// The first time strictly after `date`, to the minute, that the expression names, or `nil`
    /// when it names none in the next eight years (`0 0 30 2 *`).
    public func nextDate(after date: Date, in timeZone: TimeZone = TimeZone(identifier: "UTC")!) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard let start = calendar.date(byAdding: .minute, value: 1, to: date),
            var c = Optional(calendar.dateComponents([.year, .month, .day, .hour, .minute], from: start))
        else { return nil }
        let lastYear = (c.year ?? 0) + 8
        while let year = c.year, year <= lastYear {
            guard let month = c.month, let day = c.day, let hour = c.hour, let minute = c.minute,
                let monthStart = calendar.date(from: CronExpression.components(year: year, month: month))
            else { return nil }
            let daysInMonth = calendar.range(of: .day, in: .month, for: monthStart)?.count ?? 31
            // Each miss moves to the start of the next month, day or hour and looks again.
            let nextMonth = CronExpression.components(year: month == 12 ? year + 1 : year, month: month % 12 + 1)
            let nextDay = day >= daysInMonth ? nextMonth : CronExpression.components(year: year, month: month, day: day + 1)
            if !months.contains(month) {
                c = nextMonth
            } else if !matchesDay(year: year, month: month, day: day, calendar: calendar) {
                c = nextDay
            } else if let nextHour = hours.filter({ $0 >= hour }).min(), nextHour > hour {
                c = CronExpression.components(year: year, month: month, day: day, hour: nextHour)
            } else if !hours.contains(hour) {
                c = nextDay
            } else if let nextMinute = minutes.filter({ $0 >= minute }).min() {
                c.minute = nextMinute
                return calendar.date(from: c)
            } else {
                c = hour == 23 ? nextDay : CronExpression.components(year: year, month: month, day: day, hour: hour + 1)
            }
        }
        return nil
    }

    /// Whether the minute that holds `date` is one the expression names.
    public func matches(_ date: Date, in timeZone: TimeZone = TimeZone(identifier: "UTC")!) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard let year = c.year, let month = c.month, let day = c.day, let hour = c.hour, let minute = c.minute else {
            return false
        }
        return months.contains(month) && hours.contains(hour) && minutes.contains(minute)
            && matchesDay(year: year, month: month, day: day, calendar: calendar)
    }

    private func matchesDay(year: Int, month: Int, day: Int, calendar: Calendar) -> Bool {
        let components = CronExpression.components(year: year, month: month, day: day)
        guard let date = calendar.date(from: components) else { return false }
        let weekday = calendar.component(.weekday, from: date) - 1  // Sunday = 0
        let domMatch = daysOfMonth.contains(day)
        let dowMatch = daysOfWeek.contains(weekday)
        switch (dayOfMonthRestricted, dayOfWeekRestricted) {
        case (true, true): return domMatch || dowMatch
        case (true, false): return domMatch
        case (false, true): return dowMatch
        case (false, false): return true
        }
    }

    private static func components(year: Int, month: Int, day: Int = 1, hour: Int = 0) -> DateComponents {
        DateComponents(year: year, month: month, day: day, hour: hour, minute: 0)
    }

    private static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
        "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]
}
