import ArgumentParser
import Foundation
import RAGFlow

/// `ragflow`: ingest documents, query them with cited answers, and run the models behind it.
@main
struct RAGFlowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ragflow",
        abstract: "Native document question answering: ingest, retrieve, answer with checked citations.",
        version: "0.1.0",
        subcommands: [
            Validate.self,
            Ingest.self,
            Query.self,
            Status.self,
            Eval.self,
            Reindex.self,
            Schedule.self,
            Embed.self,
            Generate.self,
            Model.self,
        ])

    /// Runs the command and turns errors into the exit statuses the docs promise:
    /// 0 done, 1 the run stopped, 2 usage or pipeline errors (and whatever a command chose).
    static func main() async {
        _ = Allocator.name
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as CommandExit {
            if !exit.message.isEmpty { FileHandle.standardError.write(Data((exit.message + "\n").utf8)) }
            Foundation.exit(exit.status)
        } catch let error as RAGFlowError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            switch error.kind {
            case .invalidPipeline, .invalidArgument: Foundation.exit(2)
            default: Foundation.exit(1)
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Ends the process with a chosen status and message, for commands whose statuses mean
/// something to callers (cron's 75, validation's 2).
struct CommandExit: Error {
    var status: Int32
    var message: String

    init(_ status: Int32, _ message: String = "") {
        self.status = status
        self.message = message
    }
}
