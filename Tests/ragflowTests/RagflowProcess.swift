import Foundation

/// Runs the built `ragflow` binary, as a user would, and collects what it printed.
enum RagflowProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `ragflow` executable beside the test bundle in the build folder.
    static var executable: URL {
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("ragflow")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ragflow")
    }

    static func run(
        _ arguments: [String], stdin: String? = nil, currentDirectory: URL? = nil,
        environment: [String: String]? = nil
    ) throws -> Result {
        let child = try Running(arguments, stdin: stdin, currentDirectory: currentDirectory, environment: environment)
        return try child.wait()
    }

    /// A `ragflow` process started in the background, which a test can wait for or kill.
    ///
    /// Output goes to temporary files rather than pipes, so that a chatty child never blocks
    /// on a full pipe and nothing needs reading while it runs.
    final class Running {
        let process = Process()
        private let outURL: URL
        private let errURL: URL
        private let outHandle: FileHandle
        private let errHandle: FileHandle

        init(
            _ arguments: [String], stdin: String? = nil, currentDirectory: URL? = nil,
            environment: [String: String]? = nil
        ) throws {
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("ragflow-run-\(UUID().uuidString)")
            outURL = base.appendingPathExtension("out")
            errURL = base.appendingPathExtension("err")
            _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
            _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
            process.executableURL = RagflowProcess.executable
            process.arguments = arguments
            if let currentDirectory { process.currentDirectoryURL = currentDirectory }
            if let environment { process.environment = environment }
            outHandle = try FileHandle(forWritingTo: outURL)
            errHandle = try FileHandle(forWritingTo: errURL)
            process.standardOutput = outHandle
            process.standardError = errHandle
            let input = Pipe()
            process.standardInput = input
            try process.run()
            if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
            try input.fileHandleForWriting.close()
        }

        deinit {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }

        var pid: Int32 { process.processIdentifier }

        /// Sends SIGKILL: the process gets no chance to clean up.
        func kill() { _ = Foundation.kill(process.processIdentifier, SIGKILL) }

        func wait() throws -> Result {
            process.waitUntilExit()
            try? outHandle.close()
            try? errHandle.close()
            return Result(
                status: process.terminationStatus,
                stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
        }
    }
}
