import Foundation
import Shared

/// Queue depths and dead letters of the admin API (the operations behind `fleetctl queues` and `fleetctl dlq`).
extension AdminAPI {
    /// A bulk retry or purge: explicit ids, or filters, or `all`; never an empty selection meaning "everything".
    struct BulkRequest: Decodable {
        var queue: String?
        var ids: [String]?
        var tenant: String?
        var `class`: String?
        var kind: String?
        var older_than_seconds: Double?
        var all: Bool?
        var confirm: Bool?
        /// Retry only: dead letters re-enqueued per second.
        var rate: Double?
    }

    func queues() async throws -> HTTPResponse {
        var all: [QueueDepths] = []
        for name in try await JobQueue.allNames(redis: redis) { all.append(try await JobQueue(name: name, redis: redis).depths()) }
        return Self.ok(all)
    }

    func deadLetters(_ request: HTTPRequest) async throws -> HTTPResponse {
        func seconds(_ name: String) throws -> Duration? {
            guard let text = request.queryValue(name) else { return nil }
            guard let n = Double(text), n >= 0 else { throw AdminError(400, "\(name) takes seconds") }
            return .milliseconds(Int64(n * 1000))
        }
        let filter = DeadLetterFilter(tenant: request.queryValue("tenant"), errorClass: request.queryValue("class"), kind: request.queryValue("kind"),
                                      olderThan: try seconds("older_than"), newerThan: try seconds("newer_than"))
        var limit = 100
        if let text = request.queryValue("limit") {
            guard let n = Int(text), (1...10_000).contains(n) else { throw AdminError(400, "limit takes 1 to 10000") }
            limit = n
        }
        return Self.ok(try await DeadLetterOperations(redis: redis).list(queue: request.queryValue("queue"), filter: filter, limit: limit))
    }

    func deadLetter(_ id: String, _ request: HTTPRequest) async throws -> HTTPResponse {
        Self.ok(try await DeadLetterOperations(redis: redis).find(id: id, queue: request.queryValue("queue")))
    }

    func bulk(_ request: HTTPRequest, purge: Bool) async throws -> HTTPResponse {
        guard let body = try? JSONDecoder().decode(BulkRequest.self, from: Data(request.body)) else {
            throw AdminError(400, "the body is a JSON object: ids, or queue/tenant/class/kind/older_than_seconds filters, or all")
        }
        var filter = DeadLetterFilter(tenant: body.tenant, errorClass: body.class, kind: body.kind,
                                      olderThan: body.older_than_seconds.map { .milliseconds(Int64($0 * 1000)) })
        if let ids = body.ids, !ids.isEmpty { filter.ids = Set(ids) }
        let narrowed = filter.ids != nil || body.queue != nil || filter.tenant != nil || filter.errorClass != nil || filter.kind != nil
            || filter.olderThan != nil
        guard narrowed || body.all == true else { throw AdminError(400, "give ids, filters or \"all\": true") }
        let operations = DeadLetterOperations(redis: redis)
        if purge {
            guard body.confirm == true else { throw AdminError(400, "purge deletes dead letters for good: add \"confirm\": true") }
            let report = try await operations.purge(queue: body.queue, filter: filter)
            logger.info("admin.dlq_purged", "purged \(report.done) dead letters")
            return Self.ok(report)
        }
        if let rate = body.rate, !(rate > 0) { throw AdminError(400, "rate is a positive number per second") }
        let report = try await operations.retry(queue: body.queue, filter: filter, perSecond: body.rate) { _, _ in }
        logger.info("admin.dlq_retried", "retried \(report.done) dead letters")
        return Self.ok(report)
    }
}
