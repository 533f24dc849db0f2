import Foundation
import RAGFlow
import Testing

@Suite("StoreLock")
struct StoreLockTests {
    @Test("a second lock is refused while the first is held, naming its holder, and granted after")
    func lockIsExclusive() throws {
        let corpus = try TemporaryCorpus()
        try FileManager.default.createDirectory(at: corpus.store, withIntermediateDirectories: true)
        do {
            let held = try StoreLock(directory: corpus.store)
            #expect {
                try StoreLock(directory: corpus.store)
            } throws: { error in
                guard let error = error as? RAGFlowError else { return false }
                return error.kind == .busy && error.message.contains("pid \(getpid()), started")
            }
            withExtendedLifetime(held) {}
        }
        _ = try StoreLock(directory: corpus.store)
    }

}
