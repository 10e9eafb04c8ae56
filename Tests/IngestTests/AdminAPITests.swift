import Foundation
import Testing
import Shared
import TestSupport
@testable import IngestCore

/// The admin API: the fleetctl operations over HTTP, behind a bearer token.
@Suite(.serialized) struct AdminAPITests {
    @Test func everyAdminRouteNeedsTheToken() async throws {
        let h = try await IngestHarness()
        for (method, path) in [("GET", "/admin/tenants"), ("GET", "/admin/tenants/acme"), ("GET", "/admin/queues"), ("POST", "/admin/dlq/purge")] {
            let none = await h.send(method, path)
            #expect(none.status == 401 && none.headers.contains { $0 == ("WWW-Authenticate", "Bearer") }, "\(path)")
            let wrong = await h.send(method, path, headers: [("Authorization", "Bearer admin-token-0123456789abcdeX")])
            #expect(wrong.status == 401)
        }
        #expect(await h.admin("GET", "/admin/nothing").status == 404)
    }

    @Test func tenantSettingsAreReadRedactedAndWrittenWithValidation() async throws {
        let h = try await IngestHarness()
        let list = await h.admin("GET", "/admin/tenants")
        #expect(list.status == 200 && h.text(list).contains(#""tenant":"acme""#))

        let shown = await h.admin("GET", "/admin/tenants/acme")
        #expect(shown.status == 200 && shown.headers.contains { $0 == ("ETag", "\"1\"") })
        for secret in [IngestHarness.secret, IngestHarness.pbxKey, "pf-rest-token-example", "uis-call-token-example"] {
            #expect(!h.text(shown).contains(secret), "no secret in the answer")
        }

        let document = try String(contentsOf: IngestHarness.example, encoding: .utf8)
        let stored = await h.admin("PUT", "/admin/tenants/beta", body: document)
        #expect(stored.status == 200 && h.json(stored)["version"] == .number(1))

        let broken = document.replacingOccurrences(of: "\"field\": \"site\"", with: "\"field\": \"sitee\"")
        let refused = await h.admin("PUT", "/admin/tenants/beta", body: broken)
        #expect(refused.status == 422)
        #expect(h.text(refused).contains("unknown field") && h.text(refused).contains("sitee"), "\(h.text(refused))")
        #expect(try await TenantDocumentStore(redis: h.redis).version("beta") == 1, "nothing stored")

        let stale = await h.send("PUT", "/admin/tenants/beta", body: document,
                                 headers: [("Authorization", "Bearer \(IngestHarness.adminToken)"), ("If-Match", "\"0\"")])
        #expect(stale.status == 409)
        #expect(await h.admin("DELETE", "/admin/tenants/beta").status == 200)
        #expect(await h.admin("GET", "/admin/tenants/beta").status == 404)
        #expect(await h.admin("DELETE", "/admin/tenants/beta").status == 404)
    }

    @Test func setupGuideListsEveryURLAndTemplateAndHidesSecretsUnlessAsked() async throws {
        let h = try await IngestHarness()
        let guide = await h.admin("GET", "/admin/tenants/acme/setup-guide")
        #expect(guide.status == 200)
        let text = h.text(guide)
        #expect(!text.contains(IngestHarness.secret) && !text.contains(IngestHarness.pbxKey))
        #expect(text.contains("https://hooks.example.ru/hooks/acme/<webhook_secret>/uis/calls"))
        for type in UISCallEventType.allCases { #expect(text.contains(type.lkName)) }
        for type in UISTextEventType.allCases { #expect(text.contains(type.lkName)) }
        #expect(text.contains("planfix/telephony") && text.contains("planfix/deals") && text.contains("uis/routing"))

        let revealed = h.text(await h.admin("GET", "/admin/tenants/acme/setup-guide?with_secrets=true&base_url=https://x.example&format=text"))
        #expect(revealed.contains("https://x.example/hooks/acme/\(IngestHarness.secret)/uis/calls"))
        #expect(revealed.contains(IngestHarness.pbxKey))
    }

    @Test func previewQueuesDeadLettersAndEmployeeSync() async throws {
        let h = try await IngestHarness()
        let preview = await h.admin("GET", "/admin/templates/preview?slot=incomingCallTitle&tenant=acme")
        #expect(preview.status == 200, "\(h.text(preview))")
        #expect(h.json(preview)["preview"] != nil)
        #expect(await h.admin("GET", "/admin/templates/preview?slot=nope").status == 400)
        let badTemplate = await h.admin("GET", "/admin/templates/preview?slot=incomingCallTitle&text=%7B%7Bnope%7D%7D")
        #expect(badTemplate.status == 400)

        // Two rejected webhooks become dead letters; list, show, refuse to purge without confirm, purge.
        _ = await h.send("POST", h.hookPath("uis/calls"), body: "{}")
        _ = await h.send("POST", h.hookPath("uis/calls"), body: "[]")
        let queues = await h.admin("GET", "/admin/queues")
        #expect(queues.status == 200 && h.text(queues).contains(#""queue":"telephony""#))
        let listed = await h.admin("GET", "/admin/dlq?queue=telephony&class=bad-webhook")
        let letters = try JSONDecoder().decode([DeadLetter].self, from: Data(listed.body))
        #expect(letters.count == 2)
        #expect(await h.admin("GET", "/admin/dlq/\(letters[0].id)").status == 200)
        #expect(await h.admin("GET", "/admin/dlq/no-such-id").status == 404)
        #expect(await h.admin("POST", "/admin/dlq/purge", body: #"{"queue":"telephony"}"#).status == 400, "purge needs confirm")
        #expect(await h.admin("POST", "/admin/dlq/retry", body: "{}").status == 400, "an empty selection is not 'all'")
        let retried = await h.admin("POST", "/admin/dlq/retry", body: #"{"ids":["\#(letters[0].id)"]}"#)
        #expect(retried.status == 200 && h.text(retried).contains("refused"), "a rejected webhook holds no job to retry")
        let purged = await h.admin("POST", "/admin/dlq/purge", body: #"{"queue":"telephony","confirm":true}"#)
        #expect(purged.status == 200 && h.json(purged)["done"] == .number(2))

        let sync = await h.admin("POST", "/admin/tenants/acme/employees/sync", body: #"{"planfix_user_ids":[3,5]}"#)
        #expect(sync.status == 202 && h.json(sync)["queued"] == .bool(true) && h.json(sync)["scope"] == .string("3,5"))
        #expect(h.json(await h.admin("POST", "/admin/tenants/acme/employees/sync", body: #"{"planfix_user_ids":[5,3]}"#))["queued"] == .bool(false))
        #expect(h.json(await h.admin("POST", "/admin/tenants/acme/employees/sync"))["scope"] == .string("all"))
        #expect(await h.admin("POST", "/admin/tenants/nobody/employees/sync").status == 404)
        // Dry run over the recorded events (the telephony worker records finished calls), with the stored settings
        // and with a proposed document.
        let finished = try UISCallNotification.parse(body: Data(#"{"event":"call_finished","call_session_id":42,"contact_phone_number":"79001234567","virtual_phone_number":"74951234567","direction":"in"}"#.utf8))
        try await RecentEvents(redis: h.redis).record(tenant: "acme", event: finished.ruleEvent)
        let dry = await h.admin("POST", "/admin/tenants/acme/dry-run?since_seconds=3600")
        #expect(dry.status == 200 && h.json(dry)["events"] == .number(1), "\(h.text(dry))")
        #expect(await h.admin("POST", "/admin/tenants/acme/dry-run", body: #"{"version": 1, "surprise": 1}"#).status == 422)

        let employees = try JobQueue(name: FleetJobs.Queue.employees, redis: h.redis)
        #expect(try await h.jobs(in: employees).count == 2)
    }
}
