import NIOCore
import NIOPosix

/// The SQLite writer's own thread, as a task executor: a task that prefers it runs its
/// nonisolated async code there, so a whole batch of writes — every statement of every write,
/// `BEGIN` to `COMMIT` — runs on this one thread without a hop (decision 59).
///
/// Backed by a one-thread NIO event loop that does nothing else; its jobs may block on SQLite
/// (and on the commit's fsync) because no I/O shares the thread.
final class SQLiteWriterThread: TaskExecutor {
    private let group: MultiThreadedEventLoopGroup
    private let loop: any EventLoop

    init() {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        loop = group.next()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { [self] in
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }

    /// Stops the thread; call after the last task preferring it has finished.
    func shutdown() async throws {
        try await group.shutdownGracefully()
    }
}
