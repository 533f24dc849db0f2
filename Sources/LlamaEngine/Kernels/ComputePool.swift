#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A small, reusable pool of worker threads for data-parallel kernels. `run(tasks:)` splits
/// work into `tasks` pieces run by the workers and the calling thread together; threads are
/// created once, never per call.
///
/// ```swift
/// let pool = ComputePool(threads: 2)
/// pool.run(tasks: pool.threadCount) { task in /* rows task*n/2 ..< (task+1)*n/2 */ }
/// ```
///
/// One `run` at a time: concurrent callers are serialised, and a task must not call `run`
/// on the same pool.
public final class ComputePool: @unchecked Sendable {
    // @unchecked: every mutable field is guarded by `mutex` (or by `callerMutex` for
    // callers); the pthread objects live at stable heap addresses owned by this instance.

    /// A pool with one thread per active processor, shared by the engine's defaults.
    public static let shared = ComputePool(threads: ProcessInfo.processInfo.activeProcessorCount)

    /// Threads taking part in `run`, the caller included.
    public let threadCount: Int

    private final class Job: @unchecked Sendable {
        let body: (Int) -> Void
        init(_ body: @escaping (Int) -> Void) { self.body = body }
    }

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let callerMutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let workReady = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let workDone = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var generation = 0
    private var job: Job?
    private var taskCount = 0
    private var nextTask = 0
    private var pending = 0
    private var stopping = false
    private var workersAlive = 0

    /// Creates `threads - 1` workers (at least 1 thread in all).
    public init(threads: Int) {
        threadCount = max(1, threads)
        pthread_mutex_init(mutex, nil)
        pthread_mutex_init(callerMutex, nil)
        pthread_cond_init(workReady, nil)
        pthread_cond_init(workDone, nil)
        for _ in 1..<threadCount {
            workersAlive += 1
            let thread = Thread { [unowned(unsafe) self] in self.workerLoop() }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    deinit {
        pthread_mutex_lock(mutex)
        stopping = true
        pthread_cond_broadcast(workReady)
        while workersAlive > 0 { pthread_cond_wait(workDone, mutex) }
        pthread_mutex_unlock(mutex)
        pthread_cond_destroy(workReady)
        pthread_cond_destroy(workDone)
        pthread_mutex_destroy(mutex)
        pthread_mutex_destroy(callerMutex)
        for p in [mutex, callerMutex] { p.deallocate() }
        for c in [workReady, workDone] { c.deallocate() }
    }

    /// Runs `body(0) ... body(tasks - 1)` across the pool and returns when all have finished.
    public func run(tasks: Int, _ body: (Int) -> Void) {
        guard tasks > 1, threadCount > 1 else {
            for task in 0..<max(tasks, 0) { body(task) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            pthread_mutex_lock(callerMutex)
            defer { pthread_mutex_unlock(callerMutex) }
            pthread_mutex_lock(mutex)
            job = Job(escapable)
            taskCount = tasks
            nextTask = 0
            pending = tasks
            generation &+= 1
            pthread_cond_broadcast(workReady)
            drainTasks()
            while pending > 0 { pthread_cond_wait(workDone, mutex) }
            job = nil
            pthread_mutex_unlock(mutex)
        }
    }

    /// Splits `0..<count` into about `threadCount` contiguous ranges, each a multiple of
    /// `granularity` long (but the last), and runs `body` on each range in parallel.
    public func parallelRanges(_ count: Int, granularity: Int = 1, _ body: (Range<Int>) -> Void) {
        let units = (count + granularity - 1) / granularity
        let parts = min(threadCount, units)
        run(tasks: parts) { part in
            let start = min(count, units * part / parts * granularity)
            let end = min(count, units * (part + 1) / parts * granularity)
            if start < end { body(start..<end) }
        }
    }

    /// With `mutex` held: takes and runs tasks until none are left.
    private func drainTasks() {
        while nextTask < taskCount, let job {
            let task = nextTask
            nextTask += 1
            pthread_mutex_unlock(mutex)
            job.body(task)
            pthread_mutex_lock(mutex)
            pending -= 1
            if pending == 0 { pthread_cond_broadcast(workDone) }
        }
    }

    private func workerLoop() {
        pthread_mutex_lock(mutex)
        var seen = generation
        while true {
            while generation == seen && !stopping { pthread_cond_wait(workReady, mutex) }
            if stopping { break }
            seen = generation
            drainTasks()
        }
        workersAlive -= 1
        pthread_cond_broadcast(workDone)
        pthread_mutex_unlock(mutex)
    }
}
