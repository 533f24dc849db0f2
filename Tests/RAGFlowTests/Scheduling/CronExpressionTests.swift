import Foundation
import Testing
import RAGFlow

private let utc = TimeZone(identifier: "UTC")!

private func date(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = utc
    return formatter.date(from: text)!
}

private func next(_ expression: String, after text: String) throws -> String? {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = utc
    return try CronExpression(expression).nextDate(after: date(text)).map { formatter.string(from: $0) }
}

@Test("every minute runs at the next whole minute")
func everyMinute() throws {
    #expect(try next("* * * * *", after: "2026-01-01T10:00:30Z") == "2026-01-01T10:01:00Z")
    #expect(try next("* * * * *", after: "2026-01-01T10:00:00Z") == "2026-01-01T10:01:00Z")
}

@Test("steps, ranges and lists select the right minutes and hours")
func stepsRangesLists() throws {
    #expect(try next("*/15 * * * *", after: "2026-03-04T10:07:00Z") == "2026-03-04T10:15:00Z")
    #expect(try next("*/15 * * * *", after: "2026-03-04T10:45:00Z") == "2026-03-04T11:00:00Z")
    #expect(try next("0 9-17/4 * * *", after: "2026-03-04T13:00:00Z") == "2026-03-04T17:00:00Z")
    #expect(try next("5,35 2 * * *", after: "2026-03-04T02:10:00Z") == "2026-03-04T02:35:00Z")
    #expect(try next("10/20 * * * *", after: "2026-03-04T02:31:00Z") == "2026-03-04T02:50:00Z")
}

@Test("a run at the end of a month rolls into the next month and year")
func monthAndYearEnds() throws {
    #expect(try next("0 0 * * *", after: "2026-01-31T12:00:00Z") == "2026-02-01T00:00:00Z")
    #expect(try next("30 23 31 * *", after: "2026-04-01T00:00:00Z") == "2026-05-31T23:30:00Z")
    #expect(try next("0 0 1 1 *", after: "2026-12-31T23:59:00Z") == "2027-01-01T00:00:00Z")
    #expect(try next("@monthly", after: "2026-12-15T00:00:00Z") == "2027-01-01T00:00:00Z")
}

@Test("the 29th of February comes only in leap years")
func leapYears() throws {
    #expect(try next("0 12 29 2 *", after: "2026-03-01T00:00:00Z") == "2028-02-29T12:00:00Z")
    #expect(try next("0 0 29 feb *", after: "2028-02-28T00:00:00Z") == "2028-02-29T00:00:00Z")
    #expect(try next("0 0 30 2 *", after: "2026-01-01T00:00:00Z") == nil)
}

@Test("month and day names work, and Sunday is both 0 and 7")
func names() throws {
    // 2026-11-21 is a Saturday.
    #expect(try next("0 8 * * mon-fri", after: "2026-11-21T09:00:00Z") == "2026-11-23T08:00:00Z")
    #expect(try next("0 8 * * 7", after: "2026-11-21T09:00:00Z") == "2026-11-22T08:00:00Z")
    #expect(try next("0 8 * * SUN", after: "2026-11-21T09:00:00Z") == "2026-11-22T08:00:00Z")
    #expect(try next("0 0 1 DEC *", after: "2026-11-21T09:00:00Z") == "2026-12-01T00:00:00Z")
}

@Test("restricted day of month and day of week match either, as Vixie cron does")
func dayOfMonthOrDayOfWeek() throws {
    // The 1st of the month or any Monday: after Saturday 2026-11-21, Monday the 23rd comes first.
    #expect(try next("0 0 1 * mon", after: "2026-11-21T00:00:00Z") == "2026-11-23T00:00:00Z")
    #expect(try next("0 0 1 * mon", after: "2026-11-30T00:00:00Z") == "2026-12-01T00:00:00Z")
}

@Test("malformed expressions name the field at fault")
func malformed() {
    for (expression, fragment) in [
        ("* * * *", "5"), ("60 * * * *", "minute"), ("* 24 * * *", "hour"), ("* * 0 * *", "day-of-month"),
        ("* * * 13 *", "month"), ("* * * * 8", "day-of-week"), ("*/0 * * * *", "step"), ("5-1 * * * *", "backwards"),
        ("* * * foo *", "month"), ("1,,2 * * * *", "minute"),
    ] {
        #expect {
            _ = try CronExpression(expression)
        } throws: { error in
            String(describing: error).contains(fragment)
        }
    }
}

@Test("the next date agrees with a minute-by-minute scan on random expressions")
func agreesWithScan() throws {
    var rng = SeededGenerator(seed: 42)
    func field(_ range: ClosedRange<Int>) -> String {
        switch rng.next() % 5 {
        case 0: return "*"
        case 1: return "*/\(1 + Int(rng.next() % 7))"
        case 2:
            let a = range.lowerBound + Int(rng.next() % UInt64(range.count))
            return "\(a)-\(min(range.upperBound, a + Int(rng.next() % 5)))"
        case 3:
            return (0..<3).map { _ in String(range.lowerBound + Int(rng.next() % UInt64(range.count))) }.joined(separator: ",")
        default: return String(range.lowerBound + Int(rng.next() % UInt64(range.count)))
        }
    }
    for _ in 0..<40 {
        let expression = [field(0...59), field(0...23), field(1...28), field(1...12), field(0...6)].joined(separator: " ")
        let cron = try CronExpression(expression)
        let start = Date(timeIntervalSince1970: 1_767_225_600 + Double(rng.next() % 31_536_000))  // some time in 2026
        guard let found = cron.nextDate(after: start) else {
            Issue.record("\(expression) found no date")
            continue
        }
        #expect(found > start && cron.matches(found), "\(expression)")
        // No matching minute between the start and the date found (scan at most two weeks).
        var minute = (start.timeIntervalSince1970 / 60).rounded(.down) * 60 + 60
        while minute < min(found.timeIntervalSince1970, start.timeIntervalSince1970 + 20_000 * 60) {
            #expect(!cron.matches(Date(timeIntervalSince1970: minute)), "\(expression) skipped \(minute)")
            minute += 60
        }
    }
}
