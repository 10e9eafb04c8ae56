import Foundation
import Shared

/// The fleetctl commands, each a thin layer over `Shared` operations (the ingest's admin API calls the same).
struct Commands {
    let redis: RedisClient
    let output: Output

    func run(_ args: inout CommandLineArguments) async throws {
        let words = args.positional
        switch (words.first, words.count > 1 ? words[1] : nil) {
        case ("queues", _):
            try args.rejectUnknown()
            try await queues()
        case ("dlq", "list"):
            let filter = try deadLetterFilter(&args)
            let queue = args.option("queue")
            let limit = try args.option("limit").map { guard let n = Int($0), n > 0 else { throw UsageError("--limit takes a positive number") }; return n } ?? 50
            try args.rejectUnknown()
            try await dlqList(queue: queue, filter: filter, limit: limit)
        case ("dlq", "show"):
            guard words.count == 3 else { throw UsageError("dlq show takes one ID") }
            let queue = args.option("queue")
            try args.rejectUnknown()
            let letter = try await DeadLetterOperations(redis: redis).find(id: words[2], queue: queue)
            output.emit(letter) { describe(letter) }
        case ("dlq", "retry"):
            let (queue, filter) = try selection(&args, ids: Array(words.dropFirst(2)), verb: "retry")
            let rate = try args.option("rate").map(parseRate)
            try args.rejectUnknown()
            let report = try await DeadLetterOperations(redis: redis).retry(queue: queue, filter: filter, perSecond: rate) { done, total in
                output.progress("retrying", done, total)
            }
            try finishBulk(report, verb: "retried", ids: filter.ids)
        case ("dlq", "purge"):
            let (queue, filter) = try selection(&args, ids: Array(words.dropFirst(2)), verb: "purge")
            let confirmed = args.flag("yes")
            try args.rejectUnknown()
            guard confirmed else { throw UsageError("dlq purge deletes dead letters for good: add --yes to confirm") }
            let report = try await DeadLetterOperations(redis: redis).purge(queue: queue, filter: filter)
            try finishBulk(report, verb: "purged", ids: filter.ids)
        case ("dlq", "export"):
            guard words.count == 3 else { throw UsageError("dlq export takes one FILE") }
            let filter = try deadLetterFilter(&args)
            let queue = args.option("queue")
            try args.rejectUnknown()
            let count = try await DeadLetterOperations(redis: redis).export(queue: queue, filter: filter, to: words[2])
            output.emit(["exported": AnyCodable.int(count), "file": .string(words[2])]) { "exported \(count) dead letters to \(words[2])" }
        case ("tenant", _):
            try await TenantCommands(redis: redis, output: output).run(words, &args)
        case ("rules", "dry-run"):
            try await TenantCommands(redis: redis, output: output).dryRun(&args)
        case ("template", "preview"):
            try await TenantCommands(redis: redis, output: output).preview(&args)
        case ("employees", "sync"):
            guard let tenant = args.option("tenant") else { throw UsageError("employees sync needs --tenant T") }
            let all = args.flag("all")
            let ids = try args.option("ids").map { text in
                try text.split(separator: ",").map { part -> Int in
                    guard let id = Int(part.trimmingCharacters(in: .whitespaces)), id > 0 else { throw UsageError("--ids takes Planfix user ids: 1,2,3") }
                    return id
                }
            }
            try args.rejectUnknown()
            guard all != (ids != nil) else { throw UsageError("employees sync needs exactly one of --all or --ids 1,2,3") }
            let receipt = try await EmployeeSyncRequests(redis: redis).request(tenant: tenant, planfixUserIds: ids ?? [], requestedBy: "fleetctl")
            output.emit(receipt) {
                receipt.queued ? "queued a sync of \(receipt.scope) for \(tenant) (job \(receipt.jobId))"
                    : "an identical sync for \(tenant) is already waiting (job \(receipt.jobId))"
            }
        case ("employees", "show"):
            guard let tenant = args.option("tenant") else { throw UsageError("employees show needs --tenant T") }
            try args.rejectUnknown()
            try await employeesShow(tenant)
        case ("job", "show"):
            guard words.count == 3 else { throw UsageError("job show takes one ID") }
            try args.rejectUnknown()
            let location = try await JobLocator(redis: redis).locate(id: words[2])
            output.emit(location) { describe(location) }
        default:
            throw UsageError("unknown command \"\(words.joined(separator: " "))\"")
        }
    }

    /// `employees show --tenant T`: the last sync's status and the mapping in force.
    private func employeesShow(_ tenant: String) async throws {
        let view = try await EmployeeDirectory(redis: redis).view(tenant: tenant)
        output.emit(view) {
            var lines: [String] = []
            if let s = view.status {
                lines.append("last sync: \(s.state.rawValue) (\(s.scope), asked by \(s.requestedBy)), started \(Output.time(s.startedAt))"
                             + (s.finishedAt.map { ", finished \(Output.time($0))" } ?? ""))
                if let error = s.error { lines.append("error: \(error)") }
                lines.append("last success: " + (s.lastSucceededAt.map(Output.time) ?? "never"))
                lines.append("matched \(s.matched), unmatched \(s.unmatched.count), ambiguous \(s.ambiguous.count)")
                for u in s.unmatched { lines.append("  unmatched \(u.side.rawValue) \(u.id) \(u.name): \(u.reason)") }
                for a in s.ambiguous { lines.append("  ambiguous \(a.side.rawValue) \(a.id) \(a.name): \(a.reason)") }
            } else {
                lines.append("no employee sync has run for \(tenant)")
            }
            if let snap = view.snapshot {
                lines.append("mapping version \(snap.version), synced \(Output.time(snap.syncedAt)), \(snap.mappings.count) employees")
                lines.append(Output.table(["PLANFIX", "UIS", "EXT", "NAME", "MATCHED BY"], snap.mappings.map {
                    ["\($0.planfixUserId)", "\($0.uisEmployeeId)", $0.extension ?? "-", $0.name, $0.matchedBy.rawValue]
                }))
            }
            return lines.joined(separator: "\n")
        }
    }

    private func queues() async throws {
        var all: [QueueDepths] = []
        for name in try await JobQueue.allNames(redis: redis) {
            all.append(try await JobQueue(name: name, redis: redis).depths())
        }
        output.emit(all) {
            if all.isEmpty { return "no queues yet" }
            return Output.table(["QUEUE", "READY", "ORDERED", "PROCESSING", "DELAYED", "DEAD", "OLDEST", "CONSUMERS", "EXPIRED", "POISON"],
                                all.map { d in
                                    [d.queue, "\(d.ready)", "\(d.orderedPending)", "\(d.processing)", "\(d.delayed)", "\(d.dead)",
                                     String(format: "%.1fs", d.oldestAgeSeconds), "\(d.consumers)", "\(d.expired)", "\(d.poison)"]
                                })
        }
    }

    private func dlqList(queue: String?, filter: DeadLetterFilter, limit: Int) async throws {
        let letters = try await DeadLetterOperations(redis: redis).list(queue: queue, filter: filter, limit: limit)
        output.emit(letters) {
            if letters.isEmpty { return "no dead letters match" }
            return Output.table(["ID", "QUEUE", "TENANT", "KIND", "CLASS", "DIED", "ATTEMPTS", "REASON"], letters.map { l in
                [l.id, l.queue, l.tenant ?? "-", l.kind ?? "-", l.errorClass, Output.time(l.diedAt), "\(l.job?.attempts ?? 0)",
                 String(l.reason.prefix(80))]
            })
        }
    }

    /// IDs on the command line, or filters, or `--all`; never nothing (an empty selection must not mean "all").
    private func selection(_ args: inout CommandLineArguments, ids: [String], verb: String) throws -> (String?, DeadLetterFilter) {
        var filter = try deadLetterFilter(&args)
        let queue = args.option("queue")
        let all = args.flag("all")
        if !ids.isEmpty { filter.ids = Set(ids) }
        let narrowed = !ids.isEmpty || queue != nil || filter.tenant != nil || filter.errorClass != nil || filter.kind != nil
            || filter.olderThan != nil || filter.newerThan != nil
        guard narrowed || all else { throw UsageError("dlq \(verb) needs IDs, filters or --all") }
        return (queue, filter)
    }

    private func deadLetterFilter(_ args: inout CommandLineArguments) throws -> DeadLetterFilter {
        DeadLetterFilter(tenant: args.option("tenant"), errorClass: args.option("class"), kind: args.option("kind"),
                         olderThan: try args.option("older-than").map(parseAge), newerThan: try args.option("newer-than").map(parseAge))
    }

    private func parseRate(_ text: String) throws -> Double {
        let number = text.hasSuffix("/s") ? String(text.dropLast(2)) : text
        guard let rate = Double(number), rate > 0 else { throw UsageError("--rate takes a positive number per second, like 5/s") }
        return rate
    }

    private func finishBulk(_ report: DeadLetterOperations.Report, verb: String, ids: Set<String>?) throws {
        output.emit(report) {
            var text = "\(verb) \(report.done) of \(report.matched) matching dead letters"
            if report.missing > 0 { text += "; \(report.missing) were already gone" }
            for r in report.refused { text += "\nrefused: \(r)" }
            return text
        }
        if let ids, report.matched < ids.count {
            throw QueueError.notFound("\(ids.count - report.matched) of the given ids are not dead letters")
        }
        if !report.refused.isEmpty { throw QueueError.invalid("\(report.refused.count) dead letters could not be \(verb)") }
    }

    private func describe(_ l: DeadLetter) -> String {
        var lines = ["id:        \(l.id)", "queue:     \(l.queue)", "tenant:    \(l.tenant ?? "-")", "kind:      \(l.kind ?? "-")",
                     "class:     \(l.errorClass)", "died:      \(Output.time(l.diedAt))", "reason:    \(l.reason)"]
        if let job = l.job {
            lines.append("attempts:  \(job.attempts)   deliveries: \(job.deliveries)   first seen: \(Output.time(job.firstSeenAt))")
            lines.append("errors:")
            for e in job.errors { lines.append("  \(Output.time(e.at))  \(e.class)  \(e.message)") }
            lines.append("payload:   \(jsonText(job.payload))")
        } else {
            lines.append("raw:       \(l.raw ?? l.rawBase64.map { "base64:" + $0 } ?? "")")
        }
        return lines.joined(separator: "\n")
    }

    private func describe(_ location: JobLocator.Location) -> String {
        var lines = ["queue:  \(location.queue)", "state:  \(location.state)" + (location.detail.map { " (\($0))" } ?? "")]
        if let job = location.job {
            lines += ["id:     \(job.id)", "kind:   \(job.kind)", "tenant: \(job.tenant)", "attempts: \(job.attempts)  deliveries: \(job.deliveries)",
                      "enqueued: \(Output.time(job.enqueuedAt))", "payload: \(jsonText(job.payload))"]
            for e in job.errors { lines.append("  \(Output.time(e.at))  \(e.class)  \(e.message)") }
        }
        return lines.joined(separator: "\n")
    }

    private func jsonText(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
    }
}

/// A value for small ad-hoc JSON objects in `--json` output.
enum AnyCodable: Encodable, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    case int(Int), string(String)
    init(integerLiteral v: Int) { self = .int(v) }
    init(stringLiteral v: String) { self = .string(v) }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self { case let .int(i): try c.encode(i); case let .string(s): try c.encode(s) }
    }
}
