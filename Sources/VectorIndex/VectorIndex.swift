#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An HNSW index of float vectors stored in a directory: a mapped snapshot plus an append-only
/// change log. Thread-safe: searches run concurrently, changes take turns.
///
/// ```swift
/// let index = try VectorIndex.create(at: "/tmp/idx", dimension: 384, metric: .cosine)
/// try index.upsert(id: 42, vector: embedding)
/// let hits = try index.search(query, k: 10)          // [SearchResult(id:, distance:)]
/// try index.checkpoint()                               // fold the log into a new snapshot
/// let reader = try VectorIndex.open(at: "/tmp/idx", mode: .readOnly)
/// ```
///
/// One process writes at a time (it holds `writer.lock` with flock); any number of processes
/// may open the same directory read-only and call `refresh()` to pick up committed changes.
/// A change is committed when its log record is complete in the file (`sync()` makes it
/// durable across a power cut too). See docs/vector-index.md.
public final class VectorIndex: @unchecked Sendable {
    public enum Mode: Sendable {
        case readWrite
        case readOnly
    }

    /// How much of the snapshot opening checks.
    public enum Verification: Sendable {
        /// Every checksum, the vectors included (reads the whole file).
        case full
        /// Every checksum but those of the vectors and int8 codes: header, table, ids, links and
        /// id table, which is all a search relies on for staying in bounds. A damaged vector then
        /// goes unnoticed until `verify()`; it can only make distances wrong.
        case structure
    }

    /// Log size past which a change triggers a checkpoint, so that replay on open stays short.
    public static let autoCheckpointLogBytes = 8 << 20
    /// Batches of at least this many vectors skip the log and end with a checkpoint instead.
    public static let directBatchThreshold = 1024

    public let path: String
    public let mode: Mode
    public let dimension: Int
    public let metric: Metric
    public let parameters: IndexParameters

    let files: IndexFiles
    private let lock = ReadWriteLock()
    private var graph: HNSWGraph
    private var generation: UInt64
    private var log: SystemFile?
    private var logLength: Int
    private var writerLock: SystemFile?
    private var snapshotIdentity: (UInt64, UInt64)?

    private init(path: String, mode: Mode, loaded: SnapshotReader.Loaded, writerLock: SystemFile?) {
        self.path = path
        self.mode = mode
        files = IndexFiles(directory: path)
        dimension = loaded.graph.dimension
        metric = loaded.graph.metric
        parameters = loaded.parameters
        graph = loaded.graph
        generation = loaded.generation
        logLength = ChangeLog.headerSize
        self.writerLock = writerLock
    }

    /// Creates a new, empty index in `directory` (created if missing) and opens it for writing.
    public static func create(
        at directory: String, dimension: Int, metric: Metric, parameters: IndexParameters = IndexParameters()
    ) throws -> VectorIndex {
        guard (2...8192).contains(dimension) else {
            throw VectorIndexError(.invalidArgument, "dimension must be in 2...8192, got \(dimension)")
        }
        try parameters.validate()
        try SystemFile.makeDirectory(directory)
        let files = IndexFiles(directory: directory)
        let writerLock = try files.lockWriter()
        guard !SystemFile.exists(files.snapshot) else {
            throw VectorIndexError(.invalidArgument, "an index already exists here", file: files.snapshot)
        }
        let empty = HNSWGraph(dimension: dimension, metric: metric, parameters: parameters)
        try files.publishSnapshot(empty, parameters: parameters, generation: 1)
        try ChangeLog.create(at: files.log, dimension: dimension, generation: 1, directory: directory)
        _ = writerLock
        return try open(at: directory, mode: .readWrite, heldLock: writerLock, verification: .full)
    }

    /// Opens an existing index. `.readWrite` takes the writer lock (failing with `.locked` when
    /// another process holds it), cuts a torn log tail and removes leftover temporary files.
    /// `verification` defaults to `.full` for writers (whose checkpoints would otherwise carry a
    /// damaged vector forward under a fresh checksum) and `.structure` for readers (fast opens).
    public static func open(at directory: String, mode: Mode = .readWrite, verification: Verification? = nil) throws -> VectorIndex {
        try open(at: directory, mode: mode, heldLock: nil, verification: verification ?? (mode == .readWrite ? .full : .structure))
    }

    /// Checks every checksum of the current snapshot file, the vectors included.
    public func verify() throws {
        _ = try SnapshotReader.open(files.snapshot, verifyVectors: true)
    }

    /// Opens the index in `directory`, creating it with these settings when there is none.
    public static func openOrCreate(
        at directory: String, dimension: Int, metric: Metric, parameters: IndexParameters = IndexParameters()
    ) throws -> VectorIndex {
        if SystemFile.exists(IndexFiles(directory: directory).snapshot) {
            let index = try open(at: directory)
            guard index.dimension == dimension, index.metric == metric else {
                throw VectorIndexError(
                    .invalidArgument,
                    "the index has dimension \(index.dimension) and metric \(index.metric), asked for \(dimension) and \(metric)",
                    file: directory)
            }
            return index
        }
        return try create(at: directory, dimension: dimension, metric: metric, parameters: parameters)
    }

    private static func open(
        at directory: String, mode: Mode, heldLock: SystemFile?, verification: Verification
    ) throws -> VectorIndex {
        let verifyVectors = verification == .full
        let files = IndexFiles(directory: directory)
        if mode == .readOnly {
            // A checkpoint may replace the snapshot and the log between our two opens; the log
            // then names a newer generation than the snapshot we mapped, and we start again.
            for _ in 0..<8 {
                let identity = SystemFile.identity(files.snapshot)
                let loaded = try SnapshotReader.open(files.snapshot, verifyVectors: verifyVectors)
                let index = VectorIndex(path: directory, mode: mode, loaded: loaded, writerLock: nil)
                index.snapshotIdentity = identity
                guard SystemFile.exists(files.log) else { return index }
                let replay = try ChangeLog.read(files.log, dimension: index.dimension)
                if replay.generation > loaded.generation { continue }
                if replay.generation == loaded.generation {
                    index.replay(replay.changes)
                    index.logLength = replay.validLength
                }
                return index
            }
            throw VectorIndexError(.io, "the index kept changing while it was being opened", file: directory)
        }
        let writerLock = try heldLock ?? files.lockWriter()
        files.removeTemporaries()
        let loaded = try SnapshotReader.open(files.snapshot, verifyVectors: verifyVectors)
        let index = VectorIndex(path: directory, mode: mode, loaded: loaded, writerLock: writerLock)
        index.snapshotIdentity = SystemFile.identity(files.snapshot)
        var logIsCurrent = false
        if SystemFile.exists(files.log) {
            let replay = try ChangeLog.read(files.log, dimension: index.dimension)
            if replay.generation > loaded.generation {
                throw VectorIndexError(
                    .corrupt, "log follows generation \(replay.generation) but the snapshot is \(loaded.generation)",
                    file: files.log, section: "log header", offset: 16)
            }
            if replay.generation == loaded.generation {
                logIsCurrent = true
                index.replay(replay.changes)
                index.logLength = replay.validLength
                if replay.tornTail {
                    let file = try SystemFile(path: files.log, flags: O_WRONLY)
                    try file.truncate(to: replay.validLength)
                    try file.sync()
                }
            }
        }
        if !logIsCurrent {
            try ChangeLog.create(at: files.log, dimension: index.dimension, generation: loaded.generation, directory: directory)
            index.logLength = ChangeLog.headerSize
        }
        index.log = try SystemFile(path: files.log, flags: O_WRONLY | O_APPEND)
        return index
    }

    // MARK: reading

    /// Number of live vectors.
    public var count: Int { lock.reading { graph.liveCount } }

    public func contains(_ id: UInt64) -> Bool { lock.reading { graph.idTable.slot(of: id) != nil } }

    /// Every live id, in storage order.
    public var allIDs: [UInt64] { lock.reading { graph.liveIDs } }

    /// The stored vector of `id` (normalised for the cosine metric).
    public func vector(for id: UInt64) -> [Float]? {
        lock.reading {
            guard let slot = graph.idTable.slot(of: id) else { return nil }
            return Array(UnsafeBufferPointer(start: graph.vector(slot), count: dimension))
        }
    }

    /// Snapshot plus log size in bytes.
    public var bytesOnDisk: Int { files.bytesOnDisk }

    /// The k nearest live vectors to `query`, closest first. `ef` (default
    /// `parameters.efSearch`) is the search width: larger is slower and more exact; it is raised
    /// to k. When at least k live vectors pass the filter, k results come back.
    public func search(_ query: [Float], k: Int, ef: Int? = nil, filter: SearchFilter? = nil) throws -> [SearchResult] {
        try checkVector(query)
        guard k > 0 else { throw VectorIndexError(.invalidArgument, "k must be positive, got \(k)") }
        let width = max(ef ?? parameters.efSearch, k)
        var q = query
        if metric == .cosine { q.withUnsafeMutableBufferPointer { HNSWGraph.normalise($0.baseAddress!, dimension) } }
        return lock.reading {
            let g = graph
            let hits = q.withUnsafeBufferPointer { qp in
                FilteredSearch(graph: g, query: qp.baseAddress!, k: k, ef: width).run(filter)
            }
            return hits.map { SearchResult(id: g.ids[Int($0.slot)], distance: $0.distance) }
        }
    }

    // MARK: changing

    /// Adds `vector` under `id`, replacing the vector `id` had.
    public func upsert(id: UInt64, vector: [Float]) throws {
        try checkVector(vector)
        try lock.writing {
            try appendToLog([.upsert(id: id, vector: vector)])
            vector.withUnsafeBufferPointer { graph.insert(id: id, vector: $0.baseAddress!) }
            try afterChange()
        }
    }

    /// Adds or replaces many vectors at once, linking them with `threads` threads. A batch of
    /// `directBatchThreshold` vectors or more is not logged: it ends with a checkpoint, so it
    /// is committed as a whole or not at all.
    public func upsert(_ items: [(id: UInt64, vector: [Float])], threads: Int = 1) throws {
        guard !items.isEmpty else { return }
        var flat = [Float]()
        flat.reserveCapacity(items.count * dimension)
        for item in items {
            try checkVector(item.vector)
            flat.append(contentsOf: item.vector)
        }
        try upsert(ids: items.map(\.id), vectors: flat, threads: threads)
    }

    /// Batch form over a flat array: `vectors` is [ids.count][dimension].
    public func upsert(ids: [UInt64], vectors: [Float], threads: Int = 1) throws {
        guard vectors.count == ids.count * dimension else {
            throw VectorIndexError(.invalidArgument, "expected \(ids.count) × \(dimension) floats, got \(vectors.count)")
        }
        guard vectors.allSatisfy({ $0.isFinite }) else {
            throw VectorIndexError(.invalidArgument, "vectors must be finite")
        }
        try lock.writing {
            try requireWriter()
            let direct = ids.count >= VectorIndex.directBatchThreshold
            if !direct {
                let changes = ids.indices.map { i in
                    Change.upsert(id: ids[i], vector: Array(vectors[i * dimension..<(i + 1) * dimension]))
                }
                try appendToLog(changes)
            }
            vectors.withUnsafeBufferPointer { graph.insertBatch(ids: ids, vectors: $0.baseAddress!, threads: threads) }
            graph.repairReachability()
            if direct { try checkpointLocked() } else { try afterChange() }
        }
    }

    /// Removes `id`; returns false when it was not there.
    @discardableResult
    public func remove(id: UInt64) throws -> Bool {
        try lock.writing {
            try requireWriter()
            guard graph.idTable.slot(of: id) != nil else { return false }
            try appendToLog([.remove(id: id)])
            graph.markRemoved(id: id)
            try afterChange()
            return true
        }
    }

    /// Writes a new snapshot with every change so far (temporary file, fsync, rename, fsync of
    /// the directory) and starts an empty log.
    public func checkpoint() throws {
        try lock.writing { try checkpointLocked() }
    }

    /// Drops removed vectors now (repairing their neighbours' links), then checkpoints.
    public func compact() throws {
        try lock.writing {
            try requireWriter()
            graph.compact()
            try checkpointLocked()
        }
    }

    /// Makes the logged changes durable across a power cut (fsync of the log).
    public func sync() throws {
        try lock.writing {
            try requireWriter()
            try log?.sync()
        }
    }

    /// For read-only opens: applies changes committed by the writer since the last look, or
    /// maps the new snapshot after a checkpoint.
    public func refresh() throws {
        guard mode == .readOnly else { return }
        try lock.writing {
            if let now = SystemFile.identity(files.snapshot), let had = snapshotIdentity, now != had {
                try reload()
                return
            }
            guard SystemFile.exists(files.log) else { return }
            let replay = try ChangeLog.read(files.log, dimension: dimension, from: logLength)
            if replay.generation != generation {
                try reload()
                return
            }
            apply(replay.changes)
            logLength = replay.validLength
        }
    }

    // MARK: internals

    private func reload() throws {
        let fresh = try VectorIndex.open(at: path, mode: .readOnly, verification: .structure)
        graph = fresh.graph
        generation = fresh.generation
        logLength = fresh.logLength
        snapshotIdentity = fresh.snapshotIdentity
    }

    private func replay(_ changes: [Change]) {
        lock.writing { apply(changes) }
    }

    private func apply(_ changes: [Change]) {
        for change in changes {
            switch change {
            case .upsert(let id, let vector):
                vector.withUnsafeBufferPointer { graph.insert(id: id, vector: $0.baseAddress!) }
            case .remove(let id):
                graph.markRemoved(id: id)
            }
            if graph.needsCompaction { graph.compact() }
        }
    }

    private func requireWriter() throws {
        guard mode == .readWrite else {
            throw VectorIndexError(.readOnly, "the index was opened read-only", file: path)
        }
    }

    private func checkVector(_ v: [Float]) throws {
        guard v.count == dimension else {
            throw VectorIndexError(.invalidArgument, "vector has \(v.count) values, the index has dimension \(dimension)")
        }
        guard v.allSatisfy({ $0.isFinite }) else {
            throw VectorIndexError(.invalidArgument, "vector values must be finite")
        }
    }

    private func appendToLog(_ changes: [Change]) throws {
        try requireWriter()
        guard let log else { throw VectorIndexError(.io, "log is not open", file: files.log) }
        let bytes = ChangeLog.encode(changes, dimension: dimension)
        try bytes.withUnsafeBytes { try log.append($0.baseAddress!, count: $0.count) }
        logLength += bytes.count
    }

    private func afterChange() throws {
        if graph.needsCompaction {
            graph.compact()
            try checkpointLocked()
        } else if logLength > VectorIndex.autoCheckpointLogBytes {
            try checkpointLocked()
        }
    }

    private func checkpointLocked() throws {
        try requireWriter()
        let next = generation + 1
        graph.repairReachability()
        try files.publishSnapshot(graph, parameters: parameters, generation: next)
        try ChangeLog.create(at: files.log, dimension: dimension, generation: next, directory: path)
        generation = next
        log = try SystemFile(path: files.log, flags: O_WRONLY | O_APPEND)
        logLength = ChangeLog.headerSize
        snapshotIdentity = SystemFile.identity(files.snapshot)
    }

    /// Graph invariants (see `HNSWGraph.integrityProblems`); empty when all hold.
    package func integrityProblems() -> [String] { lock.reading { graph.integrityProblems() } }

    /// Nodes held, live or removed, and the removed ones: for tests of bounded growth.
    package var slotCounts: (nodes: Int, removed: Int) { lock.reading { (graph.nodeCount, graph.removedCount) } }
}
