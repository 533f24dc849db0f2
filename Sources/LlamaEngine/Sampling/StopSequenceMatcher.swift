/// Finds stop strings in streamed text even when they straddle tokens: text that could be the
/// start of a stop string is held back until the next piece settles it.
///
/// ```swift
/// var stops = StopSequenceMatcher(["\nUser:"])
/// let (visible, stopped) = stops.append(piece)
/// ```
public struct StopSequenceMatcher: Sendable {
    public let stops: [String]
    private var held = ""

    public init(_ stops: [String]) {
        self.stops = stops.filter { !$0.isEmpty }
    }

    /// The text safe to show after `piece`, and whether a stop string was reached (the stop
    /// string and everything after it are dropped).
    public mutating func append(_ piece: String) -> (text: String, stopped: Bool) {
        held += piece
        if let range = stops.compactMap({ held.firstRange(of: $0) }).min(by: { $0.lowerBound < $1.lowerBound }) {
            let text = String(held[..<range.lowerBound])
            held = ""
            return (text, true)
        }
        // Hold back the longest suffix that is a prefix of some stop string.
        var keep = 0
        for stop in stops {
            for length in stride(from: min(stop.count, held.count), to: keep, by: -1)
            where held.hasSuffix(stop.prefix(length)) {
                keep = length
                break
            }
        }
        let cut = held.index(held.endIndex, offsetBy: -keep)
        let text = String(held[..<cut])
        held = String(held[cut...])
        return (text, false)
    }

    /// Text still held back when generation ends for another reason.
    public mutating func finish() -> String {
        defer { held = "" }
        return held
    }
}
