import Foundation
import Testing
@testable import Shared

/// Thread names reach the kernel, where `top -H`, `perf` and `bench/ingest.sh`'s per-thread CPU read them.
@Suite struct NamedThreadTests {
    /// The name the kernel holds for the calling thread.
    static func kernelName() -> String {
        (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8))?
            .trimmingCharacters(in: .newlines) ?? "unreadable"
    }

    static func nameSeen(starting name: String) async -> String {
        await withCheckedContinuation { c in NamedThread.start(name) { c.resume(returning: kernelName()) } }
    }

    @Test func aStartedThreadCarriesItsName() async {
        #expect(await Self.nameSeen(starting: "redis-queue") == "redis-queue")
    }

    @Test func longNamesAreCutToWhatLinuxKeepsAtACharacterBoundary() async {
        #expect(await Self.nameSeen(starting: "fetch-telephony-extra") == "fetch-telephony")
        // "очередь" is 14 bytes; with "x-" it is 16, so the last two-byte letter does not fit.
        #expect(await Self.nameSeen(starting: "x-очередь") == "x-очеред")
    }
}
