import Foundation
import Shared

/// The ingest's admin API (`/admin/...`, `Authorization: Bearer <INGEST_ADMIN_TOKEN>`): the operations of
/// `fleetctl`, through the same `Shared/Operations` code, for a settings screen or an operator's script.
///
/// | method and path | what |
/// |---|---|
/// | `GET /admin/tenants` | tenants with their settings version |
/// | `GET /admin/tenants/T` | the settings document, secrets redacted |
/// | `PUT /admin/tenants/T` | validate and store a document (`If-Match: <version>` optional); 422 lists every problem |
/// | `DELETE /admin/tenants/T` | delete the tenant's settings |
/// | `GET /admin/tenants/T/setup-guide[?base_url=…&with_secrets=true]` | what to paste into UIS and Planfix |
/// | `POST /admin/tenants/T/employees/sync` | body `{"planfix_user_ids":[…]}` or `{}` for all: queue a sync |
/// | `GET /admin/tenants/T/employees` | last employee sync (status, time, unmatched) and the mapping in force |
/// | `POST /admin/tenants/T/dry-run[?since_seconds=N]` | body: a proposed document, or empty for the stored one |
/// | `GET /admin/templates/preview?slot=S[&tenant=T][&text=…][&recent=true]` | render a template |
/// | `GET /admin/queues` | queue depths |
/// | `GET /admin/dlq[?queue=&tenant=&class=&kind=&older_than=&newer_than=&limit=]` | list dead letters |
/// | `GET /admin/dlq/ID[?queue=]` | one dead letter |
/// | `POST /admin/dlq/retry`, `POST /admin/dlq/purge` | body `{"ids":[…]}` or filters, or `"all":true`; purge needs `"confirm":true` |
///
/// How it fails: 401 without the right token (compared in constant time), 404 for unknown things, 400/422 for
/// bad input with the reason, 409 for a settings version conflict, 503 when Redis is unreachable. Secrets never
/// appear in an answer except the setup guide's URLs when `with_secrets=true` is asked for explicitly.
struct AdminAPI: Sendable {
    let token: String
    let redis: RedisClient
    let configuration: IngestConfiguration
    let logger: Logger

    func handle(_ request: HTTPRequest, metrics: IngestMetrics) async -> HTTPResponse {
        guard authorized(request) else {
            metrics.rejected(route: "admin", reason: "unauthenticated")
            var response = HookReply.error(401, "missing or wrong bearer token")
            response.headers.append(("WWW-Authenticate", "Bearer"))
            return response
        }
        let parts = request.path.split(separator: "/").map(String.init)  // ["admin", ...]
        do {
            let p = Array(parts.dropFirst()), method = request.method
            switch (method, p.count, p.first ?? "") {
            case ("GET", 1, "tenants"): return try await listTenants()
            case ("GET", 2, "tenants"): return try await showTenant(p[1])
            case ("PUT", 2, "tenants"): return try await putTenant(p[1], request)
            case ("DELETE", 2, "tenants"): return try await deleteTenant(p[1])
            case ("GET", 3, "tenants") where p[2] == "setup-guide": return try await setupGuide(p[1], request)
            case ("POST", 4, "tenants") where p[2] == "employees" && p[3] == "sync": return try await employeeSync(p[1], request)
            case ("POST", 3, "tenants") where p[2] == "dry-run": return try await dryRun(p[1], request)
            case ("GET", 3, "tenants") where p[2] == "employees": return try await employees(p[1])
            case ("GET", 2, "templates") where p[1] == "preview": return try await preview(request)
            case ("GET", 1, "queues"): return try await queues()
            case ("GET", 1, "dlq"): return try await deadLetters(request)
            case ("POST", 2, "dlq") where p[1] == "retry": return try await bulk(request, purge: false)
            case ("POST", 2, "dlq") where p[1] == "purge": return try await bulk(request, purge: true)
            case ("GET", 2, "dlq"): return try await deadLetter(p[1], request)
            default: return HookReply.error(404, "no such admin route")
            }
        } catch let error as AdminError {
            return HookReply.error(error.status, error.message)
        } catch let error as SettingsDocumentError {
            return .json(HookReply.encode(SettingsProblems(error: "the settings document is not valid (nothing was stored)",
                                                           issues: error.issues.map { "\($0)" })), status: 422)
        } catch let error as QueueError {
            let status = error.isNotFound ? 404 : error.isConflict ? 409 : 400
            return HookReply.error(status, error.message)
        } catch {
            logger.warning("admin.failed", "\(error)", ["path": request.path])
            return HookReply.storageUnavailable
        }
    }

    private func authorized(_ request: HTTPRequest) -> Bool {
        guard let header = request.headers["Authorization"], header.lowercased().hasPrefix("bearer ") else {
            return WebhookSecret.matches(presented: "", expected: nil)  // same work either way
        }
        return WebhookSecret.matches(presented: String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces), expected: token)
    }

    static func ok<T: Encodable>(_ value: T, status: Int = 200) -> HTTPResponse { .json(HookReply.encode(value), status: status) }
}

/// An admin request that cannot be served as asked.
struct AdminError: Error {
    let status: Int
    let message: String
    init(_ status: Int, _ message: String) { self.status = status; self.message = message }
}

struct SettingsProblems: Encodable {
    let error: String
    let issues: [String]
}
