import Foundation
import Shared

/// The test worker's view of the sandbox's tenants (`TEST_SANDBOX_URL` + `TEST_SANDBOX_TENANTS`, the sandbox's
/// own tenants file): enough to build a Planfix client per tenant. Real workers get this from tenant settings.
struct SandboxTenants: Sendable {
    private struct File: Decodable {
        struct Tenant: Decodable {
            struct Planfix: Decodable { let account: String; let token: String }
            let id: String
            let planfix: Planfix
        }
        let tenants: [Tenant]
    }

    private let clients: [String: PlanfixClient]

    init(sandboxURL: String, tenantsFile: String, callGuard: RemoteCallGuard, budget: RateBudget) throws {
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: URL(fileURLWithPath: tenantsFile)))
        var clients: [String: PlanfixClient] = [:]
        for t in file.tenants {
            guard let base = URL(string: "\(sandboxURL)/planfix/\(t.planfix.account)/rest/") else {
                throw ConfigurationError("TEST_SANDBOX_URL is not a URL")
            }
            clients[t.id] = PlanfixClient(tenant: t.id, baseURL: base, token: t.planfix.token, budget: budget, callGuard: callGuard)
        }
        self.clients = clients
    }

    func planfix(_ tenant: String) throws -> PlanfixClient {
        guard let client = clients[tenant] else { throw JobFailure.permanent("unknown tenant \(tenant)", errorClass: "unknown-tenant") }
        return client
    }
}
