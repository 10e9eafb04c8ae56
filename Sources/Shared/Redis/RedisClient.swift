import Foundation
import Synchronization

/// The async face of Redis for everything except blocking commands (plus a callback face for callers that
/// cannot await, such as the HTTP server's inline handlers).
///
/// Why a thread: hiredis blocks, and Swift's cooperative pool must never block. Each client owns one
/// connection and one OS thread; callers enqueue commands and await them, and the thread sends everything
/// queued so far as one pipeline, so a busy process gets batching for free (ten acks, one round trip).
///
/// How it fails: when the connection breaks, the commands of that round trip fail with a
/// `.connection`/`.timeout` error (they may or may not have run) and the thread reconnects on the next batch,
/// with an exponential backoff (50 ms to 2 s) during which calls fail fast rather than pile up. Nothing is
/// re-sent behind the caller's back: queue transitions are idempotent and the runtime repeats them itself.
public final class RedisClient: Sendable {
    /// Who is told when a request's replies are in: an awaiting task, or a callback run on the client's thread.
    enum Completion {
        case continuation(CheckedContinuation<[RedisReply], any Error>)
        case callback(@Sendable (Result<[RedisReply], any Error>) -> Void)

        func finish(_ result: Result<[RedisReply], any Error>) {
            switch self {
            case let .continuation(c): c.resume(with: result)
            case let .callback(f): f(result)
            }
        }
    }
    /// What a caller queued: commands, or one item of a batch script (merged with its peers by the thread).
    enum Pending {
        case commands([RedisCommand], Completion)
        case item(RedisBatchScript, RedisBatchItem, @Sendable (Result<RedisReply, any Error>) -> Void)

        func fail(_ error: any Error) {
            switch self {
            case let .commands(_, completion): completion.finish(.failure(error))
            case let .item(_, _, completion): completion(.failure(error))
            }
        }
    }
    private struct State {
        var pending: [Pending] = []
        var closed = false
    }
    private let state = Mutex(State())
    private let wakeUp = DispatchSemaphore(value: 0)
    private let thread: RedisClientThread
    public let name: String

    /// When the Redis server this client is connected to started (wall-clock epoch ms, from `INFO server`'s
    /// uptime, read at each connect; 0 before the first and for an empty server): the rate limiter grants no slot
    /// within one interval of it, as a Redis that just restarted may have lost its schedule's last writes (AOF
    /// `everysec`).
    public var serverStartedMillis: Int64 { thread.serverStarted.load(ordering: .acquiring) }

    /// - Parameters:
    ///   - name: shown in errors and thread names, e.g. "queue" or "metrics".
    public init(resolver: RedisEndpointResolver, name: String = "redis", connectTimeout: Duration = .seconds(2),
                commandTimeout: Duration = .seconds(5)) {
        self.name = name
        let connection = RedisConnection(resolver: resolver, connectTimeout: connectTimeout, commandTimeout: commandTimeout)
        thread = RedisClientThread(connection: connection)
        NamedThread.start("redis-\(name)") { [self] in self.loop() }
    }

    /// Runs one command; a server error reply is thrown as `RedisError`.
    @discardableResult
    public func send(_ command: RedisCommand) async throws -> RedisReply {
        try await pipeline([command])[0].orThrow()
    }

    /// Runs the commands in one round trip; error replies come back in place, not thrown.
    public func pipeline(_ commands: [RedisCommand]) async throws -> [RedisReply] {
        if commands.isEmpty { return [] }
        return try await withCheckedThrowingContinuation { continuation in
            enqueue(.commands(commands, .continuation(continuation)))
        }
    }

    /// The same without a task: `completion` runs on the client's thread (or at once on the caller's when the
    /// client is closed), so it must be quick and must not block. It shares the queue with the async calls, so
    /// both ride in the same round trips.
    public func pipeline(_ commands: [RedisCommand], completion: @escaping @Sendable (Result<[RedisReply], any Error>) -> Void) {
        if commands.isEmpty { return completion(.success([])) }
        enqueue(.commands(commands, .callback(completion)))
    }

    /// Runs one item of a batch script (group commit): its reply (an error reply in place, not thrown) reaches
    /// `completion` on the client's thread, like `pipeline(_:completion:)`'s. Items queued while the thread was busy
    /// share one script call. The script is loaded first when this process does not know its SHA, and again when
    /// the server lost it (`NOSCRIPT`: nothing ran, so the call is simply repeated).
    public func run(_ item: RedisBatchItem, in script: RedisBatchScript,
                    completion: @escaping @Sendable (Result<RedisReply, any Error>) -> Void) {
        enqueue(.item(script, item, completion))
    }

    /// The same, awaited.
    public func run(_ item: RedisBatchItem, in script: RedisBatchScript) async throws -> RedisReply {
        try await withCheckedThrowingContinuation { continuation in
            run(item, in: script) { continuation.resume(with: $0) }
        }
    }

    private func enqueue(_ request: Pending) {
        let (accepted, wasIdle) = state.withLock { s -> (Bool, Bool) in
            if s.closed { return (false, false) }
            s.pending.append(request)
            return (true, s.pending.count == 1)
        }
        // The thread takes everything queued whenever it wakes, so only the first request after it took the
        // queue needs to wake it; later ones ride along (a signal per request cost a futex call each).
        if wasIdle { wakeUp.signal() }
        if !accepted { request.fail(RedisError.closed) }
    }

    /// Runs a Lua script by SHA, loading it first (again after a restart flushed the script cache).
    @discardableResult
    public func run(_ script: RedisScript, keys: [String], args: [[UInt8]] = []) async throws -> RedisReply {
        let sha: String
        if let known = script.sha { sha = known } else { sha = try await load(script) }
        let reply = try await pipeline([script.evalsha(sha: sha, keys: keys, args: args)])[0]
        if case let .error(message) = reply, message.hasPrefix("NOSCRIPT") {
            let reloaded = try await load(script)
            return try await pipeline([script.evalsha(sha: reloaded, keys: keys, args: args)])[0].orThrow()
        }
        return try reply.orThrow()
    }

    @discardableResult
    public func run(_ script: RedisScript, keys: [String], args: [String]) async throws -> RedisReply {
        try await run(script, keys: keys, args: args.map { Array($0.utf8) })
    }

    private func load(_ script: RedisScript) async throws -> String {
        guard let sha = try await send(RedisCommand("SCRIPT", "LOAD", script.source)).string else {
            throw RedisError.unexpectedReply("SCRIPT LOAD returned no SHA")
        }
        script.remember(sha: sha)
        return sha
    }

    /// Fails queued commands and stops the thread. Idempotent.
    public func close() {
        let orphans = state.withLock { s -> [Pending] in
            s.closed = true
            defer { s.pending = [] }
            return s.pending
        }
        for p in orphans { p.fail(RedisError.closed) }
        wakeUp.signal()
    }

    deinit { close() }

    private func loop() {
        while true {
            wakeUp.wait()
            let (batch, closed) = state.withLock { s -> ([Pending], Bool) in
                defer { s.pending = [] }
                return (s.pending, s.closed)
            }
            if batch.isEmpty {
                if closed { thread.connection.disconnect(); return }
                continue
            }
            thread.execute(batch)
        }
    }
}

/// The thread-confined part of `RedisClient`: the connection and the reconnect backoff.
private final class RedisClientThread: @unchecked Sendable {  // touched only by the client's own thread (but `serverStarted`)
    let connection: RedisConnection
    let serverStarted = Atomic<Int64>(0)
    private var backoff = ReconnectBackoff()

    init(connection: RedisConnection) { self.connection = connection }

    /// Sends every request's commands in one pipeline (batch-script items merged into one call per script) and
    /// tells each request its replies.
    func execute(_ requests: [RedisClient.Pending]) {
        if !connection.isConnected, let wait = backoff.remainingWait() {
            let error = RedisError.connection("Redis unreachable, next reconnect in \(wait)")
            for r in requests { r.fail(error) }
            return
        }
        var trip = RedisRoundTrip(requests)
        do {
            let wasConnected = connection.isConnected
            try connection.connect()
            if !wasConnected { noteServerStart() }
            try trip.layOut(loadingScriptsOn: connection)
            trip.finish(replies: try connection.pipeline(trip.commands), retrying: connection)
            backoff.succeeded()
        } catch {
            backoff.failed()
            trip.fail(error)
        }
    }

    /// Reads the server's uptime after a connect. Unknown (an error, a proxy without INFO) counts as "just now":
    /// the safe side for the rate limiter. An empty server counts as "long ago": it holds no schedule that could
    /// have lost writes (a new Redis, as in the tests; a restart without any persistence is not covered).
    private func noteServerStart() {
        let now = WallClock.epochMillis()
        if let keys = try? connection.command(RedisCommand("DBSIZE")).int, keys == 0 {
            serverStarted.store(0, ordering: .releasing)
            return
        }
        var uptime: Int64 = 0
        if let info = try? connection.command(RedisCommand("INFO", "server")).string,
           let line = info.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("uptime_in_seconds:") }),
           let seconds = Int64(line.dropFirst("uptime_in_seconds:".count)) {
            uptime = seconds * 1000
        }
        serverStarted.store(now - uptime, ordering: .releasing)
    }
}
