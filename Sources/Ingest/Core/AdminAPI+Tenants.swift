import Foundation
import Shared

/// Tenant settings, setup guide and employee-sync trigger of the admin API.
extension AdminAPI {
    struct TenantRow: Encodable { let tenant: String; let version: Int; let updatedAt: Int64 }
    struct Stored: Encodable { let tenant: String; let version: Int }

    func listTenants() async throws -> HTTPResponse {
        let store = TenantDocumentStore(redis: redis)
        var rows: [TenantRow] = []
        for tenant in try await store.list() {
            guard let stored = try await store.get(tenant) else { continue }
            rows.append(TenantRow(tenant: tenant, version: stored.version, updatedAt: stored.updatedAt))
        }
        return Self.ok(rows)
    }

    func showTenant(_ tenant: String) async throws -> HTTPResponse {
        let (version, text) = try await TenantOperations(redis: redis).document(tenant: tenant, withSecrets: false)
        return HTTPResponse(status: 200, headers: [("Content-Type", "application/json"), ("ETag", "\"\(version)\"")], body: Array(text.utf8))
    }

    func putTenant(_ tenant: String, _ request: HTTPRequest) async throws -> HTTPResponse {
        guard TenantKeys.isValidTenantID(tenant) else { throw AdminError(400, "invalid tenant id") }
        var expected: Int?
        if let match = request.headers["If-Match"] {
            guard let n = Int(match.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))), n >= 0 else {
                throw AdminError(400, "If-Match takes a settings version number")
            }
            expected = n
        }
        let version = try await TenantOperations(redis: redis).importDocument(tenant: tenant, bytes: request.body, expectedVersion: expected)
        logger.info("admin.tenant_stored", "settings stored through the admin API", ["tenant": tenant, "version": String(version)])
        return Self.ok(Stored(tenant: tenant, version: version))
    }

    func deleteTenant(_ tenant: String) async throws -> HTTPResponse {
        guard try await TenantDocumentStore(redis: redis).delete(tenant) else { throw QueueError.notFound("no settings for tenant \(tenant)") }
        logger.info("admin.tenant_deleted", "settings deleted through the admin API", ["tenant": tenant])
        return Self.ok(["deleted": tenant])
    }

    func setupGuide(_ tenant: String, _ request: HTTPRequest) async throws -> HTTPResponse {
        let guide: SetupGuide
        do {
            guide = try await TenantOperations(redis: redis).setupGuide(tenant: tenant, baseURL: request.queryValue("base_url") ?? configuration.publicURL,
                                                                        withSecrets: request.queryValue("with_secrets") == "true")
        } catch let error as QueueError where error.isInvalid {
            throw AdminError(409, error.message)  // a stored document this ingest cannot read
        }
        if request.queryValue("format") == "text" { return .text(guide.text) }
        return Self.ok(guide)
    }

    func employees(_ tenant: String) async throws -> HTTPResponse {
        Self.ok(try await EmployeeDirectory(redis: redis).view(tenant: tenant))
    }

    func employeeSync(_ tenant: String, _ request: HTTPRequest) async throws -> HTTPResponse {
        struct Body: Decodable { var planfix_user_ids: [Int]? }
        var ids: [Int] = []
        if !request.body.isEmpty {
            guard let body = try? JSONDecoder().decode(Body.self, from: Data(request.body)) else {
                throw AdminError(400, "the body is {\"planfix_user_ids\": [1, 2]} or {} for all employees")
            }
            ids = body.planfix_user_ids ?? []
        }
        let receipt = try await EmployeeSyncRequests(redis: redis).request(tenant: tenant, planfixUserIds: ids, requestedBy: "admin-api")
        return Self.ok(receipt, status: 202)
    }

    /// What the stored settings (or a proposed document in the body) would have done with the tenant's recent events.
    func dryRun(_ tenant: String, _ request: HTTPRequest) async throws -> HTTPResponse {
        var since: Duration?
        if let text = request.queryValue("since_seconds") {
            guard let n = Int(text), n > 0 else { throw AdminError(400, "since_seconds takes a positive number") }
            since = .seconds(n)
        }
        return Self.ok(try await TenantOperations(redis: redis).dryRun(tenant: tenant, proposed: request.body.isEmpty ? nil : request.body, since: since))
    }

    func preview(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let name = request.queryValue("slot"), let slot = TemplateSlot(rawValue: name) else {
            throw AdminError(400, "slot is one of: \(TemplateSlot.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let result = try await TemplatePreview(redis: redis).render(slot: slot, tenant: request.queryValue("tenant"),
                                                                     text: request.queryValue("text"), recent: request.queryValue("recent") == "true")
        return Self.ok(result)
    }
}
