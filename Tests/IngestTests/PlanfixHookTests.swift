import Foundation
import Testing
import Shared
import TestSupport
@testable import IngestCore

/// Planfix's «Адрес АТС» commands and the deal automation, against a private redis-server.
@Suite(.serialized) struct PlanfixHookTests {
    let form = [("Content-Type", "application/x-www-form-urlencoded")]

    @Test func makeCallIsQueuedAsRealTimeWorkAndADoubleClickRingsOnce() async throws {
        let h = try await IngestHarness()
        let body = "cmd=makeCall&from=101&to=%2B7%20(910)%20123-45-67&token=\(IngestHarness.pbxKey)"
        let response = await h.send("POST", h.hookPath("planfix/telephony"), body: body, headers: form)
        #expect(response.status == 200 && response.body.isEmpty)
        #expect(await h.send("POST", h.hookPath("planfix/telephony"), body: body, headers: form).status == 200)
        let jobs = try await h.jobs(in: h.telephony)
        #expect(jobs.count == 1, "the same click within the repeat window rings once")
        let job = try #require(jobs.first)
        let call = try job.payload.decode(MakeCallJob.self)
        #expect(job.kind == FleetJobs.Kind.makeCall && call.fromExtension == "101" && call.toE164 == "+79101234567")
        let deadline = try #require(job.deadline)
        #expect(deadline > job.enqueuedAt && deadline <= job.enqueuedAt + FleetJobs.makeCallDeadline.milliseconds)
    }

    @Test func wrongTokenIs401AndMissingFieldsAre400() async throws {
        let h = try await IngestHarness()
        let wrong = await h.send("POST", h.hookPath("planfix/telephony"), body: "cmd=makeCall&from=101&to=79101234567&token=nope", headers: form)
        #expect(wrong.status == 401 && h.text(wrong) == #"{"error":"Invalid token"}"#)
        let none = await h.send("POST", h.hookPath("planfix/telephony"), body: "cmd=makeCall&from=101&to=79101234567", headers: form)
        #expect(none.status == 401)
        let missing = await h.send("POST", h.hookPath("planfix/telephony"), body: "cmd=makeCall&from=101&token=\(IngestHarness.pbxKey)", headers: form)
        #expect(missing.status == 400 && h.text(missing) == #"{"error":"Invalid parameters"}"#)
        let unknown = await h.send("POST", h.hookPath("planfix/telephony"), body: "cmd=reboot&token=\(IngestHarness.pbxKey)", headers: form)
        #expect(unknown.status == 400)
        #expect(try await h.jobs(in: h.telephony).isEmpty)
        // What the bad requests carried is kept, without the PBX key.
        let kept = try await h.telephony.deadLetters()
        #expect(kept.count == 2)
        #expect(kept.allSatisfy { !($0.raw ?? "").contains(IngestHarness.pbxKey) && ($0.raw ?? "").contains("token=***") })
        #expect(await h.metrics.render().contains(#"ingest_rejected_total{reason="bad_token",route="planfix_telephony"} 2"#))
    }

    @Test func setupStoresPlanfixsURLAndTokenAsANewSettingsVersion() async throws {
        let h = try await IngestHarness()
        let before = try #require(try await TenantDocumentStore(redis: h.redis).get("acme"))
        let body = "cmd=setup&token=\(IngestHarness.pbxKey)&planfix_token=pf-new-token-123456&planfix_url=https%3A%2F%2Facme.planfix.ru%2Ftel%2Fapi"
        let response = await h.send("POST", h.hookPath("planfix/telephony"), body: body, headers: form)
        #expect(response.status == 200, "\(h.text(response))")
        let after = try #require(try await TenantDocumentStore(redis: h.redis).get("acme"))
        #expect(after.version == before.version + 1)
        let settings = try TenantSettings.parse(Data(after.document)).get()
        #expect(settings.connection.planfixTelephonyURL == "https://acme.planfix.ru/tel/api")
        #expect(settings.connection.planfixTelephonyToken == "pf-new-token-123456")
        #expect(settings.connection.pbxKey == IngestHarness.pbxKey, "everything else is kept")

        let bad = await h.send("POST", h.hookPath("planfix/telephony"), body: "cmd=setup&token=\(IngestHarness.pbxKey)&planfix_url=ftp%3A%2F%2Fx", headers: form)
        #expect(bad.status == 400)
        #expect(try await TenantDocumentStore(redis: h.redis).get("acme")?.version == after.version)
        #expect(!h.logs.lines.joined().contains("pf-new-token-123456"), "the new Planfix token never reaches a log")
    }

    @Test func dealPostsAreAnswered200AndCoalescePerTask() async throws {
        let h = try await IngestHarness()
        let json = [("Content-Type", "application/json")]
        let first = await h.send("POST", h.hookPath("planfix/deals"), body: #"{"task_id": "4711"}"#, headers: json)
        #expect(first.status == 200 && h.json(first)["coalesced"] == .bool(false))
        for body in [#"{"task_id": 4711}"#, "task_id=4711"] {
            let again = await h.send("POST", h.hookPath("planfix/deals"), body: body, headers: body.hasPrefix("{") ? json : form)
            #expect(again.status == 200 && h.json(again)["coalesced"] == .bool(true))
        }
        #expect(await h.send("GET", h.hookPath("planfix/deals") + "?task_id=4712").status == 200)
        var jobs = try await h.jobs(in: h.deals)
        #expect(jobs.count == 2)
        #expect(try jobs.map { try $0.payload.decode(DealChangeJob.self).taskId }.sorted() == [4711, 4712])

        // Once the worker starts on the job (and releases the key), a later change needs a new job, ordered behind.
        try await h.deals.releaseDeduplicationKey(FleetJobs.dealCoalescingKey(tenant: "acme", taskId: 4711))
        #expect(h.json(await h.send("POST", h.hookPath("planfix/deals"), body: #"{"task_id":4711}"#, headers: json))["coalesced"] == .bool(false))
        jobs = try await h.jobs(in: h.deals)
        #expect(jobs.filter { $0.orderingKey == FleetJobs.dealOrderingKey(tenant: "acme") }.count == 3, "one lane per tenant, in arrival order")
    }

    @Test func anUnreadableDealPostIsStill200ButKeptForAnOperator() async throws {
        let h = try await IngestHarness()
        for body in [#"{"task_id": "abc"}"#, #"{"id": 5}"#, "{broken", #"{"task_id": -3}"#, ""] {
            let response = await h.send("POST", h.hookPath("planfix/deals"), body: body)
            #expect(response.status == 200, "Planfix must not re-send or pause the account for a body that can never work")
            #expect(h.json(response)["accepted"] == .bool(false))
        }
        #expect(try await h.jobs(in: h.deals).isEmpty)
        #expect(try await h.deals.deadLetters().count == 4, "an empty body carried nothing to keep")
    }
}
