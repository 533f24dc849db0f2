import Foundation
import RAGFlow
import Testing

@Suite("Pipeline JSON syntax")
struct JSONParserTests {
    @Test("invalid JSON is reported with its line and column")
    func invalidJSONHasLineAndColumn() throws {
        let json = "{\n  \"version\": 1,\n  \"name\": \"x\"\n  \"stages\": []\n}\n"
        let result = PipelineFixtures.validate(json)
        #expect(result.spec == nil)
        let issue = try #require(result.errors.first)
        #expect(result.errors.count == 1)
        #expect(issue.line == 4)
        #expect(issue.column == 3)
        #expect(issue.message.contains("expected ',' or '}'"))
    }

    @Test("a trailing comma points at the closing bracket")
    func trailingComma() throws {
        let result = PipelineFixtures.validate("{\"version\": 1, \"stages\": [1,]}")
        let issue = try #require(result.errors.first)
        #expect(issue.line == 1)
        #expect(issue.column == 29)
        #expect(issue.message.contains("expected a value"))
    }

    @Test("columns count Unicode scalars, not bytes")
    func columnsCountScalars() throws {
        let result = PipelineFixtures.validate("{\"name\": \"héllo\" x}")
        let issue = try #require(result.errors.first)
        #expect(issue.column == 18)
    }

    @Test("an unterminated string, a bad escape and a duplicate key are syntax errors")
    func otherSyntaxErrors() {
        for (json, fragment) in [
            ("{\"name\": \"abc", "unterminated string"),
            ("{\"name\": \"a\\qb\"}", "invalid escape"),
            ("{\"name\": \"a\", \"name\": \"b\"}", "duplicate key"),
            ("{\"version\": tru}", "'tru'"),
            ("", "end of file"),
            ("{} {}", "after the end"),
        ] {
            let result = PipelineFixtures.validate(json)
            #expect(result.errors.first?.message.contains(fragment) == true, "\(json)")
        }
    }

    @Test("nesting too deep is refused, not a crash")
    func deepNesting() {
        let json = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(PipelineFixtures.validate(json).errors.first?.message.contains("nesting deeper") == true)
    }

    @Test("strings decode escapes and surrogate pairs")
    func escapes() throws {
        let json = PipelineFixtures.minimal(extra: [#"{"stage": "generator", "kind": "extractive"}"#])
            .replacingOccurrences(of: "\"test\"", with: #""t\u00e9st \ud83d\ude00 \"q\" \n""#)
        let spec = try #require(PipelineFixtures.validate(json).spec)
        #expect(spec.name == "tést 😀 \"q\" \n")
    }
}
