import Foundation
import Glibc
import Testing
import TestSupport
@testable import Shared

/// Real worker processes killed with SIGKILL: nothing is lost, poison is caught.
@Suite(.serialized) struct CrashRecoveryTests {
    @Test func jobsOfAKilledWorkerAreDeliveredAgainAndFinished() async throws {
        let h = try FleetHarness()
        let jobs = h.jobs(200, kind: "sleep", payload: ["sleepMs": 100])
        try await h.queue.enqueue(batch: jobs)
        let first = try h.startWorker(["FLEET_CONCURRENCY": "32"])
        #expect(try await eventually { try await h.started().count >= 40 }, "the first worker never got going:\n\(first.output)")
        first.kill(SIGKILL)
        _ = await first.wait(timeout: .seconds(5))
        let finishedBeforeCrash = Set(try await h.done())
        #expect(finishedBeforeCrash.count < 200, "the crash came too late to prove anything")
        let second = try h.startWorker()
        let all = Set(jobs.map(\.id))
        let complete = try await eventually(timeout: .seconds(60)) { Set(try await h.done()).isSuperset(of: all) }
        let lost = all.subtracting(Set(try await h.done())).count
        #expect(complete, "jobs were lost: \(lost) never finished\n\(second.output.suffix(2000))")
        let depths = try await h.queue.depths()
        #expect(depths.dead == 0)
        #expect(depths.ready == 0)
        #expect(second.output.contains("reaper.recovered"))
        second.kill(SIGTERM)
        _ = await second.wait(timeout: .seconds(10))
    }

    @Test func aJobThatKillsEveryWorkerEndsAsPoison() async throws {
        let h = try FleetHarness()
        let poison = h.jobs(1, kind: "crash", payload: ["crash": "always"])[0]
        let good = h.jobs(5, kind: "sleep", payload: ["sleepMs": 1])
        try await h.queue.enqueue(batch: [poison] + good)
        let env = ["FLEET_MAX_DELIVERIES": "3", "FLEET_CONCURRENCY": "1"]
        var crashes = 0
        var last: FleetProcess?
        // Keep replacing the worker as it dies, as a supervisor would, until the poison is dead-lettered.
        let buried = try await eventually(timeout: .seconds(60), every: .milliseconds(100)) {
            if last == nil || !(last!.isRunning) {
                if last != nil { crashes += 1 }
                last = try h.startWorker(env)
            }
            return try await h.queue.deadLetterCount() == 1
        }
        #expect(buried, "the poison job was not dead-lettered after \(crashes) crashes")
        let letter = try #require(try await h.queue.deadLetters().first)
        #expect(letter.id == poison.id)
        #expect(letter.errorClass == "poison")
        #expect(letter.job?.deliveries == 3)
        #expect(crashes >= 3)
        #expect(try await eventually { Set(try await h.done()) == Set(good.map(\.id)) }, "the other jobs did not all finish")
        #expect(try await h.queue.depths().poison == 1)
        last?.kill(SIGTERM)
        _ = await last?.wait(timeout: .seconds(10))
    }
}
