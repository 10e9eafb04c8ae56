import Foundation
import Testing
import Shared
import TestSupport
@testable import IngestCore

extension IngestHarness {
    /// What the HTTP server does with a request: the inline handler first, the async route when it declines.
    /// `inline` tells which one answered.
    func serve(_ method: String, _ target: String, body: String = "") async -> (inline: Bool, response: HTTPResponse) {
        let request = HTTPRequest(method: method, target: target, body: Array(body.utf8))
        let service = service
        return await withCheckedContinuation { continuation in
            let took = service.inlineRoute(request, HTTPResponder { continuation.resume(returning: (true, $0)) })
            if !took {
                Task { continuation.resume(returning: (false, await service.route(request) ?? HTTPResponse(status: -1))) }
            }
        }
    }
}

/// The inline fast path (`IngestService+Inline.swift`) answers exactly as the async route does, and leaves every
/// case it does not handle to it.
@Suite(.serialized) struct InlineHookTests {
    static func call(_ id: Int) -> String {
        CallHookTests.callFinished.replacingOccurrences(of: "998677427", with: "\(id)")
    }

    @Test func aNotificationIsStoredOnceAndADuplicateIsAcknowledged() async throws {
        let h = try await IngestHarness()
        let cold = await h.serve("POST", h.hookPath("uis/calls"), body: Self.call(1))
        #expect(!cold.inline, "nothing cached yet: the async path loads the settings, registers the queue, loads the script")
        #expect(cold.response.status == 200)

        let first = await h.serve("POST", h.hookPath("uis/calls"), body: Self.call(2))
        #expect(first.inline)
        #expect(first.response.status == 200 && h.text(first.response) == #"{"ok":true}"#)
        let again = await h.serve("POST", h.hookPath("uis/calls"), body: Self.call(2))
        #expect(again.inline)
        let asyncAgain = await h.send("POST", h.hookPath("uis/calls"), body: Self.call(2))
        #expect(again.response.status == 200 && again.response.body == asyncAgain.body && again.response.headers.map(\.0) == asyncAgain.headers.map(\.0))
        #expect(h.json(again.response)["duplicate"] == .bool(true))

        let jobs = try await h.jobs(in: h.telephony)
        #expect(jobs.count == 2)
        let job = try #require(jobs.first { $0.orderingKey == "acme:call:2" })
        #expect(job.kind == FleetJobs.Kind.callEvent && job.tenant == "acme")
        #expect(try job.payload.decode(CallNotification.self).talkDuration == 12)
        let keys = (try await h.redis.send(RedisCommand("KEYS", h.telephony.keys.deduplication("*"))).array ?? []).compactMap(\.string)
        #expect(keys.count == 2)

        let metrics = await h.metrics.render()
        #expect(metrics.contains(#"ingest_events_pushed_total{route="uis_calls"} 2"#), "\(metrics)")
        #expect(metrics.contains(#"ingest_duplicates_total{route="uis_calls"} 2"#))
        #expect(metrics.contains(#"ingest_requests_total{route="uis_calls",status="200"} 4"#))
        #expect(metrics.contains(#"ingest_request_seconds_count{route="uis_calls"} 4"#))
    }

    @Test func theGetVariantAndChatsAndLeadsTakeTheInlinePathToo() async throws {
        let h = try await IngestHarness()
        #expect(await h.send("POST", h.hookPath("uis/calls"), body: Self.call(1)).status == 200)
        #expect(await h.send("POST", h.hookPath("uis/chats"), body: #"{"event":"chat_tag_set","communication_id":1,"tag_ids":[1]}"#).status == 200)

        let get = await h.serve("GET", h.hookPath("uis/calls") + "?event=lost_call&call_session_id=777&contact_phone_number=89001234567")
        #expect(get.inline && get.response.status == 200)
        let chat = await h.serve("POST", h.hookPath("uis/chats"), body: #"{"event":"chat_finished","communication_id":"9001","visitor_id":77}"#)
        #expect(chat.inline && chat.response.status == 200)
        let lead = await h.serve("POST", h.hookPath("uis/leads"), body: #"{"event":"lead_received","communication_id":9002,"visitor_name":"Пётр"}"#)
        #expect(lead.inline && lead.response.status == 200)
        let leadAgain = await h.serve("POST", h.hookPath("uis/leads"), body: #"{"event":"lead_received","communication_id":9002,"visitor_name":"Пётр"}"#)
        #expect(leadAgain.inline && h.json(leadAgain.response)["duplicate"] == .bool(true))

        #expect(try await h.jobs(in: h.telephony).contains { $0.orderingKey == "acme:call:777" })
        let texts = try await h.jobs(in: h.chats)
        #expect(texts.count == 3)
        #expect(texts.filter { $0.kind == FleetJobs.Kind.leadEvent }.map(\.orderingKey) == ["acme:lead:9002"])
        // Finished chats and received leads still reach the recent events.
        #expect(try await eventually { Set(try await RecentEvents(redis: h.redis).list(tenant: "acme").map(\.flow)) == [.chat, .lead] })
    }

    @Test func redisDownMeans503AndTheRetryLandsOnce() async throws {
        let h = try await IngestHarness()
        #expect(await h.send("POST", h.hookPath("uis/calls"), body: Self.call(1)).status == 200)  // warm
        h.redisServer.kill()
        let down = await h.serve("POST", h.hookPath("uis/calls"), body: Self.call(2))
        #expect(down.inline)
        #expect(down.response.status == 503 && down.response.body == HookReply.storageUnavailable.body,
                "never acknowledge an event that is not stored")
        #expect(await h.metrics.render().contains(#"ingest_rejected_total{reason="redis_unavailable",route="uis_calls"} 1"#))
        #expect(await h.metrics.render().contains(#"ingest_requests_total{route="uis_calls",status="503"} 1"#))

        try h.redisServer.start()   // same data (append-only file), empty script cache
        #expect(try await eventually(timeout: .seconds(15)) {
            await h.serve("POST", h.hookPath("uis/calls"), body: Self.call(2)).response.status == 200
        })
        let again = await h.serve("POST", h.hookPath("uis/calls"), body: Self.call(2))
        #expect(again.response.status == 200 && h.json(again.response)["duplicate"] == .bool(true))
        let ids = try await h.jobs(in: h.telephony).map { try $0.payload.decode(CallNotification.self).callSessionId }
        #expect(ids.filter { $0 == 2 }.count == 1)
    }

    @Test func aFlushedScriptCacheStillStoresTheEvent() async throws {
        let h = try await IngestHarness()
        #expect(await h.send("POST", h.hookPath("uis/calls"), body: Self.call(1)).status == 200)  // warm
        try h.redisServer.command("SCRIPT", "FLUSH")
        let flushed = await h.serve("POST", h.hookPath("uis/calls"), body: Self.call(2))
        #expect(flushed.inline, "Redis answers NOSCRIPT; the Redis client loads the script again and repeats the call")
        #expect(flushed.response.status == 200 && h.text(flushed.response) == #"{"ok":true}"#)
        let again = await h.serve("POST", h.hookPath("uis/calls"), body: Self.call(2))
        #expect(again.inline && h.json(again.response)["duplicate"] == .bool(true))
        let ids = try await h.jobs(in: h.telephony).map { try $0.payload.decode(CallNotification.self).callSessionId }
        #expect(ids.sorted() == [1, 2])
        #expect(await h.metrics.render().contains(#"ingest_requests_total{route="uis_calls",status="200"} 3"#))
    }

    @Test func refusalsAreTheAsyncPathsAnswers() async throws {
        let h = try await IngestHarness()
        #expect(await h.send("POST", h.hookPath("uis/calls"), body: Self.call(1)).status == 200)  // warm
        let wrongSecret = await h.serve("POST", h.hookPath("uis/calls", secret: "wrong-secret-0123456789"), body: Self.call(2))
        let unknownTenant = await h.serve("POST", h.hookPath("uis/calls", tenant: "nobody"), body: Self.call(3))
        for r in [wrongSecret, unknownTenant] {
            #expect(!r.inline && r.response.status == 404 && r.response.body == HookReply.notFound.body)
        }
        let malformed = await h.serve("POST", h.hookPath("uis/calls"), body: #"{"event":"call_finished"}"#)
        #expect(!malformed.inline && malformed.response.status == 400)
        #expect(h.json(malformed.response)["error"] != nil)
        let kept = try await h.telephony.deadLetters()
        #expect(kept.count == 1 && kept.allSatisfy { $0.errorClass == "bad-webhook" && $0.tenant == "acme" })
        let put = await h.serve("PUT", h.hookPath("uis/calls"), body: Self.call(4))
        #expect(!put.inline && put.response.status == 405)
        #expect(try await h.jobs(in: h.telephony).count == 1)
    }
}
