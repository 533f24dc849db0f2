import ArgumentParser
import Foundation
import VectorIndex

/// `ragflow-bench hnsw`: builds a VectorIndex from an fvecs file, reopens it from disk and
/// measures recall@k and single-threaded queries per second against exact answers.
struct HNSWBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hnsw",
        abstract: "Build, reopen and query an HNSW index; report recall, QPS, build and open time.")

    @Option(help: "Base vectors (.fvecs).") var base: String
    @Option(help: "Query vectors (.fvecs).") var queries: String
    @Option(help: "Ground truth (.ivecs); computed exactly when absent.") var gt: String?
    @Option(help: "Neighbours per query.") var k: Int = 10
    @Option(name: .customLong("M"), help: "Links per node (2M on layer 0).") var m: Int = 16
    @Option(name: .customLong("ef-construction"), help: "Candidate list width while building.") var efConstruction: Int = 200
    @Option(help: "Search width, or a comma-separated sweep such as 16,32,64,128.") var ef: String = "64"
    @Option(help: "cosine, ip or l2.") var metric: String = "cosine"
    @Option(help: "Build threads (search is single-threaded).") var threads: Int = 1
    @Flag(help: "Walk the graph on int8 codes and rescore the best candidates with the float vectors.") var int8 = false
    @Option(help: "Index directory (a fresh temporary one by default; it is removed afterwards).") var dir: String?
    @Flag(help: "Keep the index directory given by --dir, and reuse an index already there instead of building.") var keep = false
    @Flag(help: "One JSON object per ef value: n, dim, build_s, recall, qps, bytes_on_disk, open_ms.") var json = false

    func run() throws {
        guard let metric = Metric(name: metric) else {
            throw ValidationError("unknown metric \(self.metric); use cosine, ip or l2")
        }
        let efs = ef.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !efs.isEmpty else { throw ValidationError("--ef needs numbers, got \(ef)") }
        let (n, dim, vectors) = try VectorFile.readFvecs(base)
        let (nq, qdim, queryVectors) = try VectorFile.readFvecs(queries)
        guard qdim == dim else { throw ValidationError("queries have dimension \(qdim), base \(dim)") }

        let truth: [[Int32]]
        if let gt {
            truth = try VectorFile.readIvecs(gt).map { Array($0.prefix(k)) }
        } else {
            truth = ExactNeighbours.compute(base: vectors, queries: queryVectors, dim: dim, k: k, metric: metric)
        }

        let directory = dir ?? NSTemporaryDirectory() + "ragflow-hnsw-\(getpid())"
        let reuse = keep && FileManager.default.fileExists(atPath: directory + "/snapshot.vix")
        if !reuse { try? FileManager.default.removeItem(atPath: directory) }
        defer { if !keep { try? FileManager.default.removeItem(atPath: directory) } }
        let parameters = IndexParameters(m: m, efConstruction: efConstruction, quantization: int8 ? .int8 : .none)
        let buildStart = Date()
        let buildCPUStart = CPUClock.process()
        if !reuse {
            let index = try VectorIndex.create(at: directory, dimension: dim, metric: metric, parameters: parameters)
            try index.upsert(ids: (0..<n).map { UInt64($0) }, vectors: vectors, threads: threads)
        }
        let buildSeconds = Date().timeIntervalSince(buildStart)
        let buildCPUSeconds = CPUClock.process() - buildCPUStart

        let residentBefore = ResidentMemory.bytes()
        let openStart = Date()
        let openCPUStart = CPUClock.thread()
        let index = try VectorIndex.open(at: directory, mode: .readOnly)
        let openMs = Date().timeIntervalSince(openStart) * 1000
        let openCPUMs = (CPUClock.thread() - openCPUStart) * 1000

        for width in efs {
            var hits = 0
            var results: [[SearchResult]] = []
            results.reserveCapacity(nq)
            let start = Date()
            let cpuStart = CPUClock.thread()
            for q in 0..<nq {
                results.append(try index.search(Array(queryVectors[q * dim..<(q + 1) * dim]), k: k, ef: width))
            }
            let seconds = Date().timeIntervalSince(start)
            let cpuSeconds = CPUClock.thread() - cpuStart
            for q in 0..<nq {
                let expected = Set(truth[q].prefix(k).map { UInt64($0) })
                hits += results[q].filter { expected.contains($0.id) }.count
            }
            let recall = Double(hits) / Double(nq * k)
            let qps = Double(nq) / seconds
            // Pages of the index (and search scratch) that the open and the queries so far made
            // resident: the memory a search process needs to hold to run at full speed.
            let residentMB = Double(ResidentMemory.bytes() - residentBefore) / 1_048_576
            if json {
                print(
                    "{\"n\": \(n), \"dim\": \(dim), \"ef\": \(width), \"build_s\": \(format(buildSeconds, 3)), \"recall\": \(format(recall, 4)), \"qps\": \(format(qps, 1)), \"bytes_on_disk\": \(index.bytesOnDisk), \"open_ms\": \(format(openMs, 2)), \"open_cpu_ms\": \(format(openCPUMs, 2)), \"build_cpu_s\": \(format(buildCPUSeconds, 3)), \"qps_cpu\": \(format(Double(nq) / cpuSeconds, 1)), \"resident_mb\": \(format(residentMB, 1)), \"quantization\": \"\(index.parameters.quantization)\"}"
                )
            } else {
                print("n=\(n) dim=\(dim) ef=\(width) build=\(format(buildSeconds, 2))s recall@\(k)=\(format(recall, 4)) qps=\(format(qps, 0)) disk=\(index.bytesOnDisk)B open=\(format(openMs, 2))ms")
            }
        }
    }

    private func format(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
}

/// Resident set size of this process, from /proc/self/statm (0 where there is none).
enum ResidentMemory {
    static func bytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}

/// CPU time, which on a shared machine measures the work done more steadily than wall time.
enum CPUClock {
    static func process() -> Double { read(CLOCK_PROCESS_CPUTIME_ID) }
    static func thread() -> Double { read(CLOCK_THREAD_CPUTIME_ID) }

    private static func read(_ clock: clockid_t) -> Double {
        var t = timespec()
        clock_gettime(clock, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}

/// Readers for the SIFT benchmark formats: each vector is a little-endian int32 dimension
/// followed by that many float32 (fvecs) or int32 (ivecs) values.
enum VectorFile {
    static func readFvecs(_ path: String) throws -> (count: Int, dim: Int, values: [Float]) {
        let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        return try data.withUnsafeBytes { raw -> (Int, Int, [Float]) in
            guard raw.count >= 4 else { throw ValidationError("\(path) is empty") }
            let dim = Int(Int32(littleEndian: raw.loadUnaligned(as: Int32.self)))
            let stride = 4 + 4 * dim
            guard dim > 0, raw.count % stride == 0 else { throw ValidationError("\(path) is not an fvecs file of dimension \(dim)") }
            let n = raw.count / stride
            var values = [Float](repeating: 0, count: n * dim)
            values.withUnsafeMutableBytes { out in
                for i in 0..<n {
                    out.baseAddress!.advanced(by: i * dim * 4).copyMemory(from: raw.baseAddress!.advanced(by: i * stride + 4), byteCount: dim * 4)
                }
            }
            return (n, dim, values)
        }
    }

    static func readIvecs(_ path: String) throws -> [[Int32]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try data.withUnsafeBytes { raw in
            var rows: [[Int32]] = []
            var at = 0
            while at + 4 <= raw.count {
                let d = Int(raw.loadUnaligned(fromByteOffset: at, as: Int32.self))
                guard d >= 0, at + 4 + 4 * d <= raw.count else { throw ValidationError("\(path) is not an ivecs file") }
                rows.append((0..<d).map { raw.loadUnaligned(fromByteOffset: at + 4 + 4 * $0, as: Int32.self) })
                at += 4 + 4 * d
            }
            return rows
        }
    }
}

/// Exact k nearest neighbours by brute force, with the index's distance definitions.
enum ExactNeighbours {
    static func compute(base: [Float], queries: [Float], dim: Int, k: Int, metric: Metric) -> [[Int32]] {
        let n = base.count / dim
        let nq = queries.count / dim
        func prepared(_ v: [Float], _ count: Int) -> [Float] {
            guard metric == .cosine else { return v }
            var out = v
            for i in 0..<count {
                var s: Float = 0
                for j in 0..<dim { s += out[i * dim + j] * out[i * dim + j] }
                let inv = s > 0 ? 1 / s.squareRoot() : 0
                for j in 0..<dim { out[i * dim + j] *= inv }
            }
            return out
        }
        let b = prepared(base, n)
        let q = prepared(queries, nq)
        var result = [[Int32]](repeating: [], count: nq)
        for qi in 0..<nq {
            var best: [(Float, Int32)] = []
            for i in 0..<n {
                var d: Float = 0
                if metric == .l2 {
                    for j in 0..<dim { let x = b[i * dim + j] - q[qi * dim + j]; d += x * x }
                } else {
                    var dot: Float = 0
                    for j in 0..<dim { dot += b[i * dim + j] * q[qi * dim + j] }
                    d = 1 - dot
                }
                if best.count < k || d < best[best.count - 1].0 {
                    best.append((d, Int32(i)))
                    best.sort { $0.0 < $1.0 }
                    if best.count > k { best.removeLast() }
                }
            }
            result[qi] = best.map(\.1)
        }
        return result
    }
}
