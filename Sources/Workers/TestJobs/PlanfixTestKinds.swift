import Foundation
import Glibc
import Shared

/// Job kinds that talk to Planfix (the sandbox) through the real clients, rate budgets, breakers and effect
/// store, for the remote-API process tests.
enum PlanfixTestKinds {
    struct TaskPayload: Codable, Sendable {
        var callId: String
        /// "once": SIGKILL the worker right after Planfix created the task, before the effect is recorded.
        var crashAfterCreate: String?
    }

    /// Generous: these jobs must survive a remote outage (the breaker defers them; retries are for blips).
    static let policy = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(200), maxDelay: .seconds(2), jitter: true)

    static func all(redis: RedisClient, tenants: SandboxTenants) -> [JobKind] {
        let effects = EffectStore(redis: redis)
        return [
            // One Planfix request; records when it completed.
            JobKind("planfix-ping", retryPolicy: policy) { context in
                try await tenants.planfix(context.job.tenant).ping(holder: context.job.id)
                try await redis.send(RedisCommand("RPUSH", TestJobKeys.done, "\(context.job.id)|\(context.job.tenant)|\(WallClock.epochMillis())"))
            },
            // Creates the call's task at most once, whatever crashes.
            JobKind("planfix-task-once", payload: TaskPayload.self, retryPolicy: policy) { payload, context in
                let client = try tenants.planfix(context.job.tenant)
                let marker = EffectMarker.call(payload.callId)
                let holder = context.job.id
                let (id, _) = try await effects.once(tenant: context.job.tenant, key: "call:\(payload.callId):task", since: context.job.firstSeenAt, heartbeat: context.consumerHeartbeat, find: { history in
                    try await client.findTaskByMarker(marker, scope: .after(history, templateOrObject: 1), holder: holder).map { $0.id.number.map(String.init) ?? $0.id.raw }
                }, create: {
                    let draft = TaskDraft(kind: .template(1), name: "Входящий звонок \(payload.callId)", description: "Звонок из UIS<br>\(marker)")
                    let id = try await client.createTask(draft, holder: holder)
                    if payload.crashAfterCreate == "once",
                       try await redis.send(RedisCommand("INCR", TestJobKeys.crashes(holder))).int == 1 {
                        kill(getpid(), SIGKILL)  // the window the effect store's marker search exists for
                    }
                    return String(id)
                })
                try await redis.send(RedisCommand("RPUSH", TestJobKeys.done, "\(holder)|\(id)"))
            },
        ]
    }
}
