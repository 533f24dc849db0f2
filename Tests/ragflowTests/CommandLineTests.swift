import Foundation
import Testing

@Test("ragflow --version prints a version")
func versionPrints() throws {
    let result = try RagflowProcess.run(["--version"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("."))
}
