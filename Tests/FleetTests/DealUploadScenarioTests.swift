import Foundation
import Glibc
import Testing
import TestSupport
@testable import Shared

/// The deals flow's batched upload as real processes (ingest, deals worker, sandbox as Planfix and UIS, a private
/// redis-server; `DealScenarioTests.Fleet`): a burst goes to UIS in few calls, a deal UIS refuses fails alone,
/// staged records survive a SIGKILLed worker and a UIS outage with each deal's stages in order, and a deal
/// contact changed in Planfix is sent again. Assertions are on what the sandbox (as UIS) stored and its ledger.
@Suite(.serialized) struct DealUploadScenarioTests {
    typealias Fleet = DealScenarioTests.Fleet
    /// Only the end of a burst sends the staged records, whatever the machine's speed.
    static let noMaxWait = ["DEALS_UPLOAD_MAX_WAIT_SECONDS": "3600"]

    /// Every deal's `modified_stage_date_time`s, in upload order, never go back.
    static func stageTimesNeverGoBack(_ f: Fleet, _ tasks: [Int]) async throws -> Bool {
        for task in tasks {
            let times = try await f.uploads(task).map { $0["modified_stage_date_time"] as? String ?? "" }
            if times != times.sorted() { return false }
        }
        return true
    }

    @Test func fiftyDealsPostedInABurstGoToUISInFewCallsOfManyRecords() async throws {
        // Posted before the worker starts, so the whole burst waits in the tenant's lane when its first job runs.
        let f = try await Fleet(startDeals: false, dealsEnvironment: Self.noMaxWait)
        var expected: [Int: String] = [:]
        let kinds: [(status: Int, amount: String?, stage: String)] = [(1, nil, "status-1"), (2, "500", "status-2 500"), (3, "1000", "success 1000"), (5, nil, "failed")]
        for i in 0..<50 {
            let k = kinds[i % kinds.count]
            expected[try await f.createTask(status: k.status, amount: k.amount, name: "Сделка \(i)", counterparty: false)] = k.stage
        }
        for task in expected.keys.sorted() { try await f.post(task) }
        try f.startDealsWorker()
        #expect(try await eventually(timeout: .seconds(240), every: .milliseconds(500)) { try await f.uploadCalls().joined().count >= 50 })
        #expect(try await eventually(timeout: .seconds(10)) { try await f.idle() })
        let calls = try await f.uploadCalls()
        #expect(calls.count <= 5 && calls.allSatisfy { $0.count > 1 }, "few calls of many records: \(calls.map(\.count))")
        let uploaded = calls.joined()
        #expect(uploaded.count == 50 && Set(uploaded) == Set(expected.keys.map(String.init)), "each deal once: \(uploaded.count)")
        #expect(try await f.uisRequests("upload.deals_history") == calls.count, "no call was refused or repeated")
        for (task, stage) in expected { #expect(try await f.stages(task) == [stage], "task \(task)") }
        #expect(try await f.deadLetters().isEmpty)
        #expect(try await f.pending().isEmpty)
    }

    @Test func aDealUISRefusesIsADeadLetterWithTheReasonAndTheOthersOfItsBatchAreUploaded() async throws {
        let f = try await Fleet(startDeals: false, dealsEnvironment: Self.noMaxWait)
        var tasks: [Int] = []
        for i in 0..<6 { tasks.append(try await f.createTask(status: 2, amount: String(100 * (i + 1)), name: "Сделка \(i)", counterparty: false)) }
        let bad = tasks[3]
        _ = try await f.sandbox.admin("POST", "/_admin/uis/refused_deals", json: #"{"tenant":"acme","ext_ids":["\#(bad)"]}"#)
        for task in tasks { try await f.post(task) }
        try f.startDealsWorker()
        #expect(try await eventually(timeout: .seconds(60)) { try await f.deadLetters().count == 1 })
        #expect(try await eventually(timeout: .seconds(30)) { try await f.idle() })
        let letter = try #require(try await f.deadLetters().first)
        #expect(letter.errorClass == "deal-refused" && letter.kind == FleetJobs.Kind.dealChanged, "\(letter.errorClass) \(letter.kind ?? "")")
        #expect(letter.reason.contains("task \(bad)") && letter.reason.contains("invalid_parameter_value")
                && letter.reason.contains("The deal is refused (sandbox: refused_deals)"), "UIS's reason: \(letter.reason)")
        for (i, task) in tasks.enumerated() where task != bad { #expect(try await f.stages(task) == ["status-2 \(100 * (i + 1))"]) }
        #expect(try await f.uploads(bad).isEmpty)
        let calls = try await f.uploadCalls()
        #expect(calls.count == 1 && Set(calls[0]) == Set(tasks.filter { $0 != bad }.map(String.init)), "\(calls)")
        #expect(try await f.uisRequests("upload.deals_history") == 3, "the batch, the deal UIS named alone, the other five")
        #expect(try await f.pending().isEmpty, "the refused deal's record is not retried on its own")
        // Once UIS takes the deal (here: the refusal lifted), retrying the letter reads the task again and uploads it.
        _ = try await f.sandbox.admin("POST", "/_admin/uis/refused_deals", json: #"{"tenant":"acme","ext_ids":[]}"#)
        #expect(try await JobQueue(name: FleetJobs.Queue.deals, redis: f.redis).retryDeadLetter(letter))
        #expect(try await eventually(timeout: .seconds(30)) { try await f.stages(bad) == ["status-2 400"] })
    }

    @Test func recordsStagedWhenTheWorkerAndRedisAreKilledAreUploadedAfterARestartAndStageTimesNeverGoBack() async throws {
        // Many kills below: a job held by several dying workers must not be taken for poison.
        let f = try await Fleet(dealsEnvironment: ["FLEET_MAX_DELIVERIES": "50"])
        let first = try await f.createTask(status: 1, counterparty: false)
        try await f.post(first)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.stages(first) == ["status-1"] })
        // From here deal jobs need UIS only for the upload (the funnel and the employee exist). UIS fails: the
        // records are staged, the upload run fails and waits to retry; then the worker is SIGKILLed.
        _ = try await f.sandbox.admin("POST", "/_admin/faults", json: #"{"tenant":"acme","api":"uis-data","errorRate":1.0,"errorStatus":503}"#)
        var final: [Int: String] = [first: "success 700"]
        try await f.updateTask(first, status: 3, amount: "700")
        try await f.post(first)
        for i in 1...4 {
            let task = try await f.createTask(status: 2, amount: String(10 * i), name: "Сделка \(i)", counterparty: false)
            final[task] = "status-2 \(10 * i)"
            try await f.post(task)
        }
        #expect(try await eventually(timeout: .seconds(60)) {
            let staged = try await f.pending().count
            let tried = try await f.uisRequests("upload.deals_history", status: 503)
            return staged == 5 && tried > 0
        })
        await f.killDealsWorker()
        // Redis crashes too (appendonly, as in production): the staged records are still there when it is back.
        f.redisServer.kill()
        try f.redisServer.start()
        #expect(try await eventually(timeout: .seconds(10)) { (try? await f.pending().count) == 5 }, "staged records outlive the worker and Redis")
        _ = try await f.sandbox.admin("DELETE", "/_admin/faults?tenant=acme")
        try f.startDealsWorker()
        #expect(try await eventually(timeout: .seconds(180), every: .milliseconds(250)) {
            for (task, stage) in final where try await f.stages(task).last != stage { return false }
            return true
        })

        // Kills at random points of a burst of changes: whatever a kill interrupts is done again, nothing is lost.
        let tasks = final.keys.sorted()
        for round in 0..<3 {
            for (i, task) in tasks.enumerated() {
                try await f.updateTask(task, status: [1, 2, 4][(round + i) % 3], amount: String(1000 * round + i))
                try await f.postUntilAccepted(task)
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...2000)))
            await f.killDealsWorker()
            try f.startDealsWorker()
        }
        for (i, task) in tasks.enumerated() {
            try await f.updateTask(task, status: 3, amount: String(5000 + i))
            try await f.postUntilAccepted(task)
            final[task] = "success \(5000 + i)"
        }
        #expect(try await eventually(timeout: .seconds(180), every: .milliseconds(250)) {
            for (task, stage) in final where try await f.stages(task).last != stage { return false }
            return true
        }, "every deal's final state is in UIS")
        #expect(try await eventually(timeout: .seconds(30)) { try await f.idle() })
        #expect(try await f.pending().isEmpty)
        #expect(try await Self.stageTimesNeverGoBack(f, tasks))
        let letters = try await f.deadLetters()
        #expect(letters.isEmpty, "nothing lost: \(letters.map(\.reason))")
    }

    @Test func aUISOutageKeepsEveryStageStagedAndUploadsEachDealsStagesInOrderAfterwards() async throws {
        let f = try await Fleet()
        let a = try await f.createTask(status: 1, amount: "100", counterparty: false)
        try await f.post(a)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.stages(a) == ["status-1 100"] })
        _ = try await f.sandbox.admin("POST", "/_admin/faults", json: #"{"tenant":"acme","api":"uis-data","errorRate":1.0,"errorStatus":503}"#)
        let b = try await f.createTask(status: 2, amount: "200", counterparty: false)
        try await f.post(b)
        for (n, change) in [(2, "100"), (4, "150"), (3, "300")].enumerated() {
            try await f.updateTask(a, status: change.0, amount: change.1)
            try await f.post(a)
            #expect(try await eventually(timeout: .seconds(30)) { try await f.pending()[a] == n + 1 }, "each stage waits in order")
        }
        #expect(try await eventually(timeout: .seconds(30)) { try await f.pending()[b] == 1 })
        #expect(try await f.uploadCalls().count == 1, "UIS is down")
        #expect(try await eventually(timeout: .seconds(30)) { try await f.uisRequests("upload.deals_history", status: 503) > 0 }, "the fleet did try UIS")
        _ = try await f.sandbox.admin("DELETE", "/_admin/faults?tenant=acme")
        #expect(try await eventually(timeout: .seconds(180), every: .milliseconds(250)) {
            let stagesOfA = try await f.stages(a), stagesOfB = try await f.stages(b)
            return stagesOfA == ["status-1 100", "status-2 100", "status-4 150", "success 300"] && stagesOfB == ["status-2 200"]
        }, "every stage of each deal, in order")
        #expect(try await eventually(timeout: .seconds(10)) { try await f.idle() })
        let calls = try await f.uploadCalls()
        // One call, or two when a run had taken its batch just before the last record was staged.
        #expect(calls.count <= 3 && calls.dropFirst().joined().count == 4, "what waited out the outage went together, once: \(calls)")
        #expect(try await Self.stageTimesNeverGoBack(f, [a, b]))
        #expect(try await f.pending().isEmpty)
        #expect(try await f.deadLetters().isEmpty, "nothing lost")
    }

    @Test func aContactWhosePhoneChangedInPlanfixIsSentAgainAndAnUnchangedOneIsNot() async throws {
        let f = try await Fleet()
        let deal = try await f.createTask(status: 1)
        try await f.post(deal)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.stages(deal) == ["status-1"] })
        #expect(try await f.effects("deal_contacts.created").count == 1)
        try await f.updateTask(deal, status: 2)
        try await f.post(deal)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.stages(deal) == ["status-1", "status-2"] })
        #expect(try await f.effects("deal_contacts.created").count == 1)
        #expect(try await f.effects("deal_contact.updated").isEmpty, "unchanged: not sent again")

        // The client's phone changes in Planfix; the deal's next change sends the contact again.
        try await f.planfix("POST", "contact/500", #"{"phones":[{"number":"+7 (901) 000-00-07","type":1}]}"#)
        try await f.updateTask(deal, status: 4)
        try await f.post(deal)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.stages(deal).last == "status-4" })
        let updates = try await f.effects("deal_contact.updated")
        #expect(updates.count == 1 && updates.first?["phone_numbers"] as? [String] == ["79010000007"], "\(updates)")
        let contact = try #require((try await f.uisState()["dealContacts"] as? [[String: Any]])?.first)
        #expect(contact["phone_numbers"] as? [String] == ["79010000007"] && contact["emails"] as? [String] == ["olga@client.ru"])

        // Another deal of the same client: UIS has the contact as Planfix has it, nothing more is sent.
        let second = try await f.createTask(status: 1, name: "Второй заказ")
        try await f.post(second)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.stages(second) == ["status-1"] })
        #expect(try await f.effects("deal_contact.updated").count == 1)
        #expect(try await f.effects("deal_contacts.created").count == 1)
        #expect(try await f.uploads(second).first?["contact_ext_ids"] as? [String] == ["planfix-contact-500"])
    }
}
