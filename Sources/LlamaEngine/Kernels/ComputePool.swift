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
public final class ComputePool: Sendable {
    /// A pool with one thread per active processor, shared by the engine's defaults.
    public static let shared = ComputePool(threads: ProcessInfo.processInfo.activeProcessorCount)

    /// Threads taking part in `run`, the caller included.
    public let threadCount: Int
    private let state: PoolState

    /// Creates `threads - 1` workers (at least 1 thread in all).
    public init(threads: Int) {
        threadCount = max(1, threads)
        state = PoolState()
        for _ in 1..<threadCount {
            let state = state
            state.workerStarted()
            let thread = Thread { state.workerLoop() }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    deinit { state.stopWorkers() }

    /// Runs `body(0) ... body(tasks - 1)` across the pool and returns when all have finished.
    public func run(tasks: Int, _ body: (Int) -> Void) {
        guard tasks > 1, threadCount > 1 else {
            for task in 0..<max(tasks, 0) { body(task) }
            return
        }
        withoutActuallyEscaping(body) { state.run(tasks: tasks, $0) }
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
}

/// The pool's shared state, owned jointly by the pool and its workers so that a worker never
/// refers to a pool being deinitialised. pthread objects live at stable heap addresses and are
/// destroyed when the last owner lets go.
private final class PoolState: @unchecked Sendable {
    // @unchecked: every mutable field is guarded by `mutex`; `callerMutex` serialises `run`.
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

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_mutex_init(callerMutex, nil)
        pthread_cond_init(workReady, nil)
        pthread_cond_init(workDone, nil)
    }

    deinit {
        pthread_cond_destroy(workReady)
        pthread_cond_destroy(workDone)
        pthread_mutex_destroy(mutex)
        pthread_mutex_destroy(callerMutex)
        mutex.deallocate()
        callerMutex.deallocate()
        workReady.deallocate()
        workDone.deallocate()
    }

    func workerStarted() {
        pthread_mutex_lock(mutex)
        workersAlive += 1
        pthread_mutex_unlock(mutex)
    }

    /// Asks every worker to exit and waits until they have.
    func stopWorkers() {
        pthread_mutex_lock(mutex)
        stopping = true
        pthread_cond_broadcast(workReady)
        while workersAlive > 0 { pthread_cond_wait(workDone, mutex) }
        pthread_mutex_unlock(mutex)
    }

    func run(tasks: Int, _ body: @escaping (Int) -> Void) {
        pthread_mutex_lock(callerMutex)
        defer { pthread_mutex_unlock(callerMutex) }
        pthread_mutex_lock(mutex)
        job = Job(body)
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

    func workerLoop() {
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
