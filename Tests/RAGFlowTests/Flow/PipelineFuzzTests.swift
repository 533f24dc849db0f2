import Foundation
import RAGFlow
import Testing

/// Damaged pipelines (seeded random edits of the default) never crash validation, and every
/// error they produce points somewhere.
@Suite("Damaged pipelines")
struct PipelineFuzzTests {
    private static let fragments = ["", "\"", ",", "{", "}", "[", "]", ":", "0", "-1", "1e999", "null", "true", "\"x\"", "\"kind\"", "\\u12", "é"]

    @Test("random edits of the default pipeline are reported, never crash", arguments: Array(UInt64(1)...60))
    func randomEdits(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        var scalars = Array(PipelineSpec.defaultJSON.unicodeScalars)
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let start = Int.random(in: 0..<scalars.count, using: &generator)
            let end = min(scalars.count, start + Int.random(in: 0...6, using: &generator))
            let fragment = Self.fragments.randomElement(using: &generator)!
            scalars.replaceSubrange(start..<end, with: Array(fragment.unicodeScalars))
        }
        let json = String(String.UnicodeScalarView(scalars))
        let result = PipelineSpec.validate(Data(json.utf8))
        #expect(result.spec != nil || !result.errors.isEmpty, "seed \(seed)")
        for issue in result.errors {
            #expect(issue.line != nil || !issue.path.isEmpty, "seed \(seed): \(issue)")
            if let line = issue.line { #expect(line >= 1 && line <= json.split(separator: "\n", omittingEmptySubsequences: false).count, "seed \(seed)") }
        }
    }
}
