import Foundation
import Testing
import TestSupport
@testable import Shared

/// Staged records go when a burst is over, when the oldest has waited long enough, or when a call's worth waits.
struct DealUploadTriggerTests {
    static let wait: Duration = .seconds(60)

    @Test func nothingPendingIsNeverDue() {
        #expect(!DealUploadTrigger.isDue(pendingDeals: 0, oldestStagedAt: nil, now: 1_000_000, dealJobsWaiting: 0, maxWait: Self.wait))
    }

    @Test func theEndOfABurstIsDue() {
        #expect(DealUploadTrigger.isDue(pendingDeals: 3, oldestStagedAt: 999_000, now: 1_000_000, dealJobsWaiting: 0, maxWait: Self.wait))
    }

    @Test func duringABurstRecordsWaitUpToTheMaximum() {
        #expect(!DealUploadTrigger.isDue(pendingDeals: 30, oldestStagedAt: 1_000_000 - 59_999, now: 1_000_000, dealJobsWaiting: 20, maxWait: Self.wait))
        #expect(DealUploadTrigger.isDue(pendingDeals: 30, oldestStagedAt: 1_000_000 - 60_000, now: 1_000_000, dealJobsWaiting: 20, maxWait: Self.wait))
    }

    @Test func aFullCallIsDueAtOnce() {
        #expect(DealUploadTrigger.isDue(pendingDeals: 1000, oldestStagedAt: 1_000_000, now: 1_000_000, dealJobsWaiting: 500, maxWait: Self.wait))
        #expect(DealUploadTrigger.isDue(pendingDeals: 4, oldestStagedAt: 1_000_000, now: 1_000_000, dealJobsWaiting: 5, maxWait: Self.wait, batchLimit: 4))
    }

    @Test func theMaximumWaitIsReadFromTheEnvironment() throws {
        #expect(try DealUploadTrigger.maxWait(environment: [:]) == DealUploadTrigger.defaultMaxWait)
        #expect(try DealUploadTrigger.maxWait(environment: ["DEALS_UPLOAD_MAX_WAIT_SECONDS": "5"]) == .seconds(5))
        #expect(try DealUploadTrigger.maxWait(environment: DeployEnvironment.example()) == .seconds(60), "the deploy example")
        #expect(throws: ConfigurationError.self) { try DealUploadTrigger.maxWait(environment: ["DEALS_UPLOAD_MAX_WAIT_SECONDS": "0"]) }
        #expect(throws: ConfigurationError.self) { try DealUploadTrigger.maxWait(environment: ["DEALS_UPLOAD_MAX_WAIT_SECONDS": "1m"]) }
    }
}
