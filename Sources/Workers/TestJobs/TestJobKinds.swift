import Foundation
import Glibc
import Shared

/// Job kinds for the process tests and the benchmark. Each records what happened in Redis under
/// `TestJobKeys`, so a test can check order, overlap, attempts and delays from outside the process.
///
/// Payload fields (all optional): `sleepMs` (work time), `failTimes` (fail the first n attempts),
/// `retryAfterMs` (ask for that delay), `deferTimes`, `crash` ("always" or "once").
enum TestJobKinds {
    struct Payload: Codable, Sendable {
        var sleepMs: Int?
        var failTimes: Int?
        var retryAfterMs: Int?
        var deferTimes: Int?
        var crash: String?
        var seq: Int?
    }

    static func all(redis: RedisClient, http: BenchmarkHTTPPoster?) -> [JobKind] {
        let testPolicy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(200), maxDelay: .seconds(2), jitter: false)
        return [
            JobKind("noop") { _ in },
            JobKind("http-post") { context in
                guard let http else { throw JobFailure.permanent("TEST_HTTP_URL is not set") }
                try await http.post(id: context.job.id)
            },
            // Records start and end with the ordering key and sequence number; optionally sleeps.
            JobKind("record", payload: Payload.self) { payload, context in
                let job = context.job
                let tag = "\(job.orderingKey ?? "-")|\(payload.seq ?? 0)|\(job.id)"
                try await redis.send(RedisCommand("RPUSH", TestJobKeys.events, "start|\(tag)|\(WallClock.epochMillis())"))
                if let ms = payload.sleepMs { try await Task.sleep(for: .milliseconds(ms)) }
                try await redis.send(RedisCommand("RPUSH", TestJobKeys.events, "end|\(tag)|\(WallClock.epochMillis())"))
            },
            // Fails its first `failTimes` runs ever (counted in Redis, so across dead-letter retries too), transient
            // with an optional Retry-After, recording each run's time.
            JobKind("flaky", payload: Payload.self, retryPolicy: testPolicy) { payload, context in
                let run = try await redis.send(RedisCommand("RPUSH", TestJobKeys.attempts(context.job.id), "\(WallClock.epochMillis())")).int ?? 0
                if run <= payload.failTimes ?? 0 {
                    throw JobFailure.transient("planned failure \(run)",
                                               retryAfter: payload.retryAfterMs.map { .milliseconds($0) })
                }
                try await redis.send(RedisCommand("RPUSH", TestJobKeys.done, context.job.id))
            },
            JobKind("permanent") { _ in throw JobFailure.permanent("planned permanent failure", errorClass: "test-permanent") },
            // Defers `deferTimes` times without spending attempts.
            JobKind("deferring", payload: Payload.self) { payload, context in
                let n = try await redis.send(RedisCommand("INCR", TestJobKeys.defers(context.job.id))).int ?? 0
                if n <= payload.deferTimes ?? 0 { throw JobFailure.deferred("planned deferral \(n)", by: .milliseconds(100)) }
                try await redis.send(RedisCommand("RPUSH", TestJobKeys.done, context.job.id))
            },
            // Sleeps, then records completion: the job tests kill workers in the middle of.
            JobKind("sleep", payload: Payload.self) { payload, context in
                try await redis.send(RedisCommand("RPUSH", TestJobKeys.started, context.job.id))
                if let ms = payload.sleepMs { try await Task.sleep(for: .milliseconds(ms)) }
                try await redis.send(RedisCommand("RPUSH", TestJobKeys.done, context.job.id))
            },
            // Kills its own process with SIGKILL: every time ("always", a poison job) or on first delivery ("once").
            JobKind("crash", payload: Payload.self) { payload, context in
                let n = try await redis.send(RedisCommand("INCR", TestJobKeys.crashes(context.job.id))).int ?? 0
                if payload.crash == "always" || n == 1 { kill(getpid(), SIGKILL) }
                try await redis.send(RedisCommand("RPUSH", TestJobKeys.done, context.job.id))
            },
        ]
    }
}

/// Keys the test job kinds write; only tests and the benchmark read them.
enum TestJobKeys {
    static let base = "\(QueueKeys.prefix):test"
    static let events = "\(base):events"
    static let done = "\(base):done"
    static let started = "\(base):started"
    static func attempts(_ id: String) -> String { "\(base):attempts:\(id)" }
    static func defers(_ id: String) -> String { "\(base):defers:\(id)" }
    static func crashes(_ id: String) -> String { "\(base):crashes:\(id)" }
}
