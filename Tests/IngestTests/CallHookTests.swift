import Foundation
import Testing
import Shared
import TestSupport
@testable import IngestCore

/// UIS call, chat and lead notifications through the ingest's routes, against a private redis-server.
@Suite(.serialized) struct CallHookTests {
    static let callFinished = """
    {"event":"call_finished","notification_name":"crm-out","virtual_phone_number":"78633109653","notification_time":"2019-12-16 14:40:47.234",
     "external_id":null,"contact_phone_number":"79508418541","employee_full_name":"Анна","employee_id":323409,
     "call_source":"va","direction":"in","call_session_id":998677427,"scenario_name":"Основной",
     "talk_time_duration":"12","total_time_duration":23,"wait_time_duration":11,"tag_names":null,
     "is_transfer":false,"last_talked_employee_id":323409,"brand_new_field":{"x":[1,null]}}
    """

    @Test func aNotificationIsStoredOrderedPerCallAndADuplicateCollapses() async throws {
        let h = try await IngestHarness()
        let first = await h.send("POST", h.hookPath("uis/calls"), body: Self.callFinished)
        #expect(first.status == 200)
        #expect(h.text(first) == #"{"ok":true}"#)
        let again = await h.send("POST", h.hookPath("uis/calls"), body: Self.callFinished)
        #expect(again.status == 200, "a re-delivery is acknowledged")
        #expect(h.json(again)["duplicate"] == .bool(true))

        let jobs = try await h.jobs(in: h.telephony)
        #expect(jobs.count == 1)
        let job = try #require(jobs.first)
        #expect(job.kind == FleetJobs.Kind.callEvent && job.tenant == "acme")
        #expect(job.orderingKey == "acme:call:998677427")
        let notification = try job.payload.decode(CallNotification.self)
        #expect(notification.type == .callFinished && notification.talkDuration == 12 && notification.contactNumber?.e164 == "+79508418541")

        // The dedup key outlives the senders' retry windows (Planfix re-sends for ~3 h).
        let keys = (try await h.redis.send(RedisCommand("KEYS", h.telephony.keys.deduplication("*"))).array ?? []).compactMap(\.string)
        #expect(keys.count == 1)
        let ttl = try #require(try await h.redis.send(RedisCommand("PTTL", keys[0])).int)
        #expect(ttl > 3 * 3600 * 1000)

        // Recent events (dry runs, previews) are the telephony worker's to record, once the call is complete.
        #expect(try await RecentEvents(redis: h.redis).list(tenant: "acme").isEmpty)
    }

    @Test func twoLegsOfOneCallAreTwoEventsAndKeepTheirOrder() async throws {
        let h = try await IngestHarness()
        for leg in [1, 2] {
            let body = """
            {"event":"waiting_for_answer","call_session_id":555,"employee_id":\(leg),"leg_id":\(100 + leg),"contact_phone_number":"79001234567"}
            """
            #expect(await h.send("POST", h.hookPath("uis/calls"), body: body).status == 200)
        }
        let ordered = (try await h.redis.send(RedisCommand("LRANGE", h.telephony.keys.ordered("acme:call:555"), "0", "-1")).array ?? [])
        let legs = try ordered.compactMap(\.bytes).map { try JobEnvelope.decode($0).payload.decode(CallNotification.self).legId }
        #expect(legs == [101, 102])
    }

    @Test func theGetVariantWithNullsAndStringsIsAccepted() async throws {
        let h = try await IngestHarness()
        let query = "event=lost_call&call_session_id=%22777%22&contact_phone_number=8%20900%20123-45-67&employee_ids=1,2&contact_full_name=null"
        let response = await h.send("GET", h.hookPath("uis/calls") + "?" + query)
        #expect(response.status == 200, "\(h.text(response))")
        let job = try #require(try await h.jobs(in: h.telephony).first)
        let n = try job.payload.decode(CallNotification.self)
        #expect(n.callSessionId == 777 && n.type == .lostCall && n.employeeIds == [1, 2] && n.contactName == nil)
    }

    @Test func unknownTenantAndWrongSecretLookTheSame() async throws {
        let h = try await IngestHarness()
        let wrongSecret = await h.send("POST", h.hookPath("uis/calls", secret: "wrong-secret-0123456789"), body: Self.callFinished)
        let unknownTenant = await h.send("POST", h.hookPath("uis/calls", tenant: "nobody"), body: Self.callFinished)
        let shortSecret = await h.send("POST", h.hookPath("uis/calls", secret: "x"), body: Self.callFinished)
        let unknownRoute = await h.send("POST", h.hookPath("uis/faxes"), body: Self.callFinished)
        for r in [wrongSecret, unknownTenant, shortSecret, unknownRoute] {
            #expect(r.status == 404)
            #expect(r.body == wrongSecret.body && r.headers.map(\.0) == wrongSecret.headers.map(\.0))
        }
        #expect(try await h.jobs(in: h.telephony).isEmpty)
        // A tenant without a webhook secret accepts nothing, whatever is presented.
        try await h.storeTenant("nosecret") { $0 = $0.replacingOccurrences(of: "\"webhook_secret\": \"hook-secret-example-0123456789\"", with: "\"webhook_secret\": null") }
        #expect(await h.send("POST", h.hookPath("uis/calls", tenant: "nosecret"), body: Self.callFinished).status == 404)
        let rendered = await h.metrics.render()
        #expect(rendered.contains(#"ingest_rejected_total{reason="unauthenticated",route="uis_calls"} 4"#), "\(rendered)")
        // The secret part of a URL is never logged.
        #expect(!h.logs.lines.joined().contains("wrong-secret-0123456789"))
    }

    @Test func malformedNotificationsGet400AndAreKeptForAnOperator() async throws {
        let h = try await IngestHarness()
        let cases: [(String, String)] = [
            ("not json", "{\"event\": \"call_finished\", "),
            ("no event", #"{"call_session_id": 1}"#),
            ("unknown event", #"{"event":"fax_received","call_session_id":1}"#),
            ("no call id", #"{"event":"call_finished"}"#),
            ("invalid UTF-8", "{\"event\":\"call_finished\",\"call_session_id\":1,\"scenario_name\":\"\u{FFFD}\"}"),
            ("deeply nested", "{\"event\":\"call_finished\",\"call_session_id\":1,\"x\":" + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "}"),
        ]
        for (name, body) in cases {
            let response = await h.send("POST", h.hookPath("uis/calls"), body: body)
            #expect(response.status == (name == "invalid UTF-8" ? 200 : 400), "\(name): \(h.text(response))")
            if response.status == 400 { #expect(h.json(response)["error"] != nil, "\(name)") }
        }
        // Raw invalid UTF-8 bytes (not the replacement character) are refused too.
        var bytes = Array(#"{"event":"call_finished","call_session_id":2,"scenario_name":""#.utf8)
        bytes += [0xC3, 0x28, 0xFF] + Array("\"}".utf8)
        let invalid = await h.service.route(HTTPRequest(method: "POST", target: h.hookPath("uis/calls"), body: bytes))
        #expect(invalid?.status == 400)

        let kept = try await h.telephony.deadLetters()
        #expect(kept.count == 6)
        #expect(kept.allSatisfy { $0.errorClass == "bad-webhook" && $0.tenant == "acme" && ($0.raw != nil || $0.rawBase64 != nil) })
        #expect(try await h.jobs(in: h.telephony).count == 1, "only the valid (replacement character) one is a job")
    }

    @Test func oversizedBodiesAndWrongMethodsAreRefused() async throws {
        let h = try await IngestHarness()
        let big = "{\"event\":\"call_finished\",\"call_session_id\":1,\"pad\":\"" + String(repeating: "x", count: 70_000) + "\"}"
        #expect(await h.send("POST", h.hookPath("uis/calls"), body: big).status == 413)
        let put = await h.send("PUT", h.hookPath("uis/calls"), body: Self.callFinished)
        #expect(put.status == 405 && put.headers.contains { $0.0 == "Allow" })
        #expect(try await h.jobs(in: h.telephony).isEmpty)
    }

    @Test func chatAndLeadNotificationsBecomeTypedJobs() async throws {
        let h = try await IngestHarness()
        let chat = """
        {"event":"chat_finished","communication_id":"9001","visitor_id":77,"visitor_name":"Иван","visitor_phone_number":"+7 900 111-22-33",
         "chat_channel_name":"Telegram","site_domain_name":"shop.example.ru","campaign_name":null,"extra":1}
        """
        let lead = #"{"event":"lead_received","communication_id":9002,"visitor_name":"Пётр","visitor_email":"p@example.ru","contact_phone_number":"89001112233"}"#
        #expect(await h.send("POST", h.hookPath("uis/chats"), body: chat).status == 200)
        #expect(await h.send("POST", h.hookPath("uis/leads"), body: lead).status == 200)
        #expect(h.json(await h.send("POST", h.hookPath("uis/leads"), body: lead))["duplicate"] == .bool(true))
        let tagged = { (tag: Int) in #"{"event":"chat_tag_set","communication_id":9001,"tag_ids":[\#(tag)]}"# }
        #expect(await h.send("POST", h.hookPath("uis/chats"), body: tagged(1)).status == 200)
        #expect(h.json(await h.send("POST", h.hookPath("uis/chats"), body: tagged(2)))["duplicate"] == nil, "another tag is another event")

        let jobs = try await h.jobs(in: h.chats)
        #expect(jobs.count == 4)
        #expect(jobs.filter { $0.kind == FleetJobs.Kind.chatEvent }.count == 3)
        let leadJob = try #require(jobs.first { $0.kind == FleetJobs.Kind.leadEvent })
        #expect(leadJob.orderingKey == "acme:lead:9002")
        #expect(try leadJob.payload.decode(TextNotification.self).visitorEmail == "p@example.ru")
        #expect(try await eventually { Set(try await RecentEvents(redis: h.redis).list(tenant: "acme").map(\.flow)) == [.chat, .lead] })

        #expect(await h.send("POST", h.hookPath("uis/chats"), body: #"{"event":"chat_started"}"#).status == 400)
        #expect(try await h.chats.deadLetters().count == 1)
    }

    @Test func redisDownMeans503AndTheRetryLandsOnce() async throws {
        let h = try await IngestHarness()
        #expect(await h.send("POST", h.hookPath("uis/calls"), body: Self.callFinished).status == 200)  // warm the settings cache
        h.redisServer.kill()
        let body = Self.callFinished.replacingOccurrences(of: "998677427", with: "998677428")
        let down = await h.send("POST", h.hookPath("uis/calls"), body: body)
        #expect(down.status == 503, "never acknowledge an event that is not stored")
        try h.redisServer.start()
        #expect(try await eventually(timeout: .seconds(15)) {
            await h.send("POST", h.hookPath("uis/calls"), body: body).status == 200
        })
        let ids = try await h.jobs(in: h.telephony).map { try $0.payload.decode(CallNotification.self).callSessionId }
        #expect(ids.filter { $0 == 998677428 }.count == 1)
        #expect(await h.metrics.render().contains(#"ingest_rejected_total{reason="redis_unavailable",route="uis_calls"}"#))
    }
}
