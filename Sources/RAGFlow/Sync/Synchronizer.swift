import Foundation

/// Brings a store in line with the files under one or more roots, doing only the work that
/// changed files need.
///
/// - A file whose size and modification time match the store is not read.
/// - A file whose time changed but whose bytes did not is hashed, and only its time recorded.
/// - A new or changed file is parsed, and its document and chunks replaced in one transaction.
/// - A file gone from its root is removed with its chunks; a rename is a removal and an addition.
/// - Documents built by a pipeline with another fingerprint are rebuilt, and the report says so.
/// - A file the pipeline fails on is recorded with its error, and the run goes on.
///
/// Only one synchronizer writes to a store at a time (``StoreLock``); a second is refused at
/// once with ``RAGFlowError/Kind/busy``. Because every file is its own transaction, a process
/// killed at any point leaves a consistent store, and the next run finishes the job.
///
/// ```swift
/// let store = try Store(directory: URL(fileURLWithPath: ".ragflow"))
/// let report = try Synchronizer(store: store, processor: pipeline).ingest([docs])
/// print(report.added, report.failed)
/// ```
public struct Synchronizer: Sendable {
    public let store: Store
    public let processor: any DocumentProcessor
    public var options: IngestOptions

    public init(store: Store, processor: any DocumentProcessor, options: IngestOptions = IngestOptions()) {
        self.store = store
        self.processor = processor
        self.options = options
    }

    /// Ingests `roots` (directories or single files). Stops early, leaving a consistent store,
    /// when the surrounding task is cancelled.
    public func ingest(
        _ roots: [URL], progress: (@Sendable (IngestProgress) -> Void)? = nil
    ) throws -> IngestReport {
        let rootPaths = try canonicalRoots(roots)
        let lock = try StoreLock(directory: store.directory)
        defer { withExtendedLifetime(lock) {} }
        return try ingest(rootPaths: rootPaths, progress: progress)
    }

    /// Ingests `roots` while the caller holds the store's writer lock (`lock`), then runs
    /// `laterStages` (embedding) under the same lock before the run is recorded as completed:
    /// a run whose embedding fails or is cancelled is `failed` or `interrupted`, and its
    /// recorded end is when its last stage ended.
    package func ingest(
        _ roots: [URL], holding lock: StoreLock, progress: (@Sendable (IngestProgress) -> Void)? = nil,
        laterStages: ((inout IngestReport) throws -> Void)? = nil
    ) throws -> IngestReport {
        try withExtendedLifetime(lock) {
            try ingest(rootPaths: try canonicalRoots(roots), progress: progress, laterStages: laterStages)
        }
    }

    private func ingest(
        rootPaths: [String], progress: (@Sendable (IngestProgress) -> Void)?,
        laterStages: ((inout IngestReport) throws -> Void)? = nil
    ) throws -> IngestReport {
        let clock = ContinuousClock.now
        let fingerprint = processor.fingerprint
        let runID = try store.beginRun(roots: rootPaths, fingerprint: fingerprint)
        var report = IngestReport()
        do {
            let plan = try plan(rootPaths: rootPaths, fingerprint: fingerprint)
            report.notes = plan.notes
            for removal in plan.removals {
                try store.removeDocument(id: removal.id, path: removal.path, runID: runID)
                report.removed.append(removal.path)
            }
            let work = plan.work
            let examine: @Sendable (Int) -> Decision = { [self] in self.examine(work[$0], fingerprint: fingerprint) }
            // The current file is the next one to be written: the one the run is waiting for.
            func reportProgress(done: Int) {
                let current = done < work.count ? work[done].file.source.relativePath : nil
                progress?(
                    IngestProgress(
                        done: done, total: work.count, currentPath: current, elapsedSeconds: (ContinuousClock.now - clock).seconds))
            }
            reportProgress(done: 0)
            try OrderedParallelMap.run(
                count: work.count, workers: options.concurrency, window: 2 * options.concurrency, transform: examine
            ) { index, decision in
                if Task.isCancelled { throw RAGFlowError(.cancelled, "the ingest was cancelled") }
                try apply(decision, to: work[index], fingerprint: fingerprint, runID: runID, report: &report)
                reportProgress(done: index + 1)
            }
            for root in rootPaths where SourceWalker.canonicalPath(root) == nil {
                try store.forgetRoot(path: root)
                report.notes.append("\(root) no longer exists: its documents were removed")
            }
            (report.documents, report.chunks) = try store.totals()
            report.elapsedSeconds = (ContinuousClock.now - clock).seconds
            // BM25 ranks with statistics of the new chunks from here on, also while later stages run.
            try store.refreshSearchStatistics()
            try laterStages?(&report)
            try store.finishRun(
                id: runID, report: report, fingerprint: fingerprint, pipelineSource: options.pipelineSource,
                pipelineJSON: options.pipelineJSON)
        } catch {
            let cancelled = (error as? RAGFlowError)?.kind == .cancelled
            // The error that stopped the run is the one to report; if even recording it fails,
            // the next run marks this one interrupted.
            try? store.failRun(id: runID, error: "\(error)", interrupted: cancelled)
            throw error
        }
        return report
    }

    /// One file to look at, with what the store knows of it.
    private struct WorkItem: Sendable {
        var rootID: Int64
        var file: FoundFile
        var stored: StoredDocument?
    }

    private struct Plan {
        var removals: [StoredDocument] = []
        var work: [WorkItem] = []
        var notes: [String] = []
    }

    private func plan(rootPaths: [String], fingerprint: String) throws -> Plan {
        let walker = SourceWalker(
            excludedDirectory: SourceWalker.canonicalPath(store.directory.path),
            accepts: { [processor] in processor.accepts(relativePath: $0) })
        var plan = Plan()
        var rebuilt = 0
        var previousFingerprints: Set<String> = []
        for root in rootPaths {
            let rootID = try store.rootID(path: root)
            var stored = try store.documents(rootID: rootID)
            let walk = walker.walk(root: root)
            for file in walk.files {
                let known = stored.removeValue(forKey: file.source.relativePath)
                if let known, known.fingerprint != fingerprint {
                    rebuilt += 1
                    previousFingerprints.insert(known.fingerprint)
                }
                plan.work.append(WorkItem(rootID: rootID, file: file, stored: known))
            }
            for unlistable in walk.unlistable {
                plan.notes.append("could not list \(unlistable.isEmpty ? root : unlistable); its documents were kept")
                stored = stored.filter { !unlistable.isEmpty && !$0.key.hasPrefix(unlistable + "/") }
            }
            plan.removals += stored.values.sorted { $0.path < $1.path }
        }
        if rebuilt > 0 {
            let before = previousFingerprints.sorted().map { String($0.prefix(12)) }.joined(separator: ", ")
            plan.notes.append(
                "the pipeline changed since the last ingest (fingerprint \(before) -> \(fingerprint.prefix(12))): rebuilding \(rebuilt) document\(rebuilt == 1 ? "" : "s")")
        }
        return plan
    }

    /// What a file needs, decided without writing to the store: this runs on several threads.
    private enum Decision: Sendable {
        case unchanged
        /// Same bytes under a new modification time.
        case touched(mtimeNanoseconds: Int64)
        case processed(document: Document, chunks: [Chunk])
        case failed(message: String, sha256: String?)
    }

    private func examine(_ item: WorkItem, fingerprint: String) -> Decision {
        let file = item.file
        if let stored = item.stored, stored.fingerprint == fingerprint {
            if stored.size == file.source.size, stored.mtimeNanoseconds == file.mtimeNanoseconds { return .unchanged }
            if stored.size == file.source.size, stored.sha256 != nil, file.source.size <= options.maxFileSize,
                let sha256 = try? Synchronizer.hash(file.source.url), sha256 == stored.sha256
            {
                return .touched(mtimeNanoseconds: file.mtimeNanoseconds)
            }
        }
        let message: String
        do {
            guard file.source.size <= options.maxFileSize else {
                return .failed(
                    message: "the file has \(file.source.size) bytes, over the limit of \(options.maxFileSize)",
                    sha256: nil)
            }
            let (document, chunks) = try processor.process(file.source)
            return .processed(document: document, chunks: chunks)
        } catch let error as RAGFlowError {
            message = Synchronizer.describe(error)
        } catch {
            message = "\(error)"
        }
        // The hash lets a later run skip the file when only its time changes.
        return .failed(message: message, sha256: try? Synchronizer.hash(file.source.url))
    }

    private func apply(
        _ decision: Decision, to item: WorkItem, fingerprint: String, runID: Int64, report: inout IngestReport
    ) throws {
        let file = item.file
        let path = file.source.relativePath
        switch decision {
        case .unchanged:
            report.unchanged += 1
        case .touched(let mtime):
            if let stored = item.stored { try store.updateModificationTime(documentID: stored.id, mtimeNanoseconds: mtime) }
            report.unchanged += 1
        case .processed(let document, let chunks):
            let outcome: RunOutcome = item.stored == nil ? .added : .updated
            try store.replaceDocument(
                rootID: item.rootID, path: path, mtimeNanoseconds: file.mtimeNanoseconds, document: document,
                chunks: chunks, fingerprint: fingerprint, runID: runID, outcome: outcome)
            if outcome == .added { report.added.append(path) } else { report.updated.append(path) }
        case .failed(let message, let sha256):
            try store.recordFailure(
                rootID: item.rootID, path: path, size: file.source.size, mtimeNanoseconds: file.mtimeNanoseconds,
                sha256: sha256, error: message, fingerprint: fingerprint, runID: runID)
            report.failed.append(IngestReport.Failure(path: path, error: message))
        }
    }

    /// The error as a failure line: what went wrong and where in the file, without repeating
    /// the file's path, which the report already gives.
    private static func describe(_ error: RAGFlowError) -> String {
        guard let page = error.page else { return error.message }
        return "page \(page): \(error.message)"
    }

    /// The roots as canonical paths. A root that no longer exists is an error, unless
    /// ``IngestOptions/removeVanishedRoots`` is set and the store recorded it: it then stays in
    /// the list, its walk finds nothing, and its documents are removed.
    private func canonicalRoots(_ roots: [URL]) throws -> [String] {
        guard !roots.isEmpty else { throw RAGFlowError(.invalidArgument, "no path to ingest") }
        let recorded = options.removeVanishedRoots ? Set(try store.recordedRoots()) : []
        var result: [String] = []
        for root in roots {
            var canonical = SourceWalker.canonicalPath(root.path)
            if canonical == nil, recorded.contains(root.standardizedFileURL.path) {
                canonical = root.standardizedFileURL.path
            }
            guard let canonical else {
                throw RAGFlowError(.invalidArgument, "no such file or directory", file: root.path)
            }
            if !result.contains(canonical) { result.append(canonical) }
        }
        return result
    }

    /// SHA-256 of a file's bytes, read in blocks.
    static func hash(_ url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
            hasher.update(block)
        }
        return hasher.finalize().hex
    }
}
