import Foundation
import Testing
import Shared
import TestSupport
@testable import IngestCore

/// The ingest's environment: the deploy example is accepted as is, and bad values are named without their value.
@Suite struct IngestConfigurationTests {
    @Test func deployExampleIsAccepted() throws {
        let env = try DeployEnvironment.example()
        let c = try IngestConfiguration.fromEnvironment(env)
        #expect(c.port == 8080 && c.publicURL == "https://hooks.example.ru" && c.routingBudget == .milliseconds(250))
        #expect(c.adminToken == nil, "the admin API is off unless a token is given")
    }

    @Test func adminTokenFromAFileAndBadValuesNamed() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("token-\(UUID().uuidString.prefix(8))").path
        try "  a-long-admin-token-xyz-123\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try IngestConfiguration.fromEnvironment(["INGEST_ADMIN_TOKEN_FILE": file]).adminToken == "a-long-admin-token-xyz-123")
        for (env, name) in [(["INGEST_PORT": "http"], "INGEST_PORT"), (["INGEST_ROUTING_BUDGET_MS": "0"], "INGEST_ROUTING_BUDGET_MS"),
                            (["INGEST_ADMIN_TOKEN_FILE": "/nonexistent/token"], "INGEST_ADMIN_TOKEN_FILE")] {
            do {
                _ = try IngestConfiguration.fromEnvironment(env)
                Issue.record("accepted \(env)")
            } catch {
                #expect("\(error)".contains(name))
            }
        }
        do {
            _ = try IngestConfiguration.fromEnvironment(["INGEST_ADMIN_TOKEN": "short-secret"])
            Issue.record("accepted a short admin token")
        } catch {
            #expect(!"\(error)".contains("short-secret"), "the value is never echoed")
        }
    }

    @Test func webhookSecretsAreComparedWhole() {
        let secret = "hook-secret-example-0123456789"
        #expect(WebhookSecret.matches(presented: secret, expected: secret))
        #expect(!WebhookSecret.matches(presented: secret + "x", expected: secret))
        #expect(!WebhookSecret.matches(presented: String(secret.dropLast()), expected: secret))
        #expect(!WebhookSecret.matches(presented: secret + String(repeating: "y", count: 256), expected: secret), "a length difference of 256 is still a difference")
        #expect(!WebhookSecret.matches(presented: "", expected: nil))
        #expect(!WebhookSecret.matches(presented: String(repeating: "x", count: 32), expected: nil), "no tenant never matches, even the dummy")
        let generated = WebhookSecret.generate()
        #expect(WebhookSecret.isWellFormed(generated) && generated != WebhookSecret.generate())
        #expect(!WebhookSecret.isWellFormed("short") && !WebhookSecret.isWellFormed(String(repeating: "a", count: 20) + "/"))
    }
}
