import Foundation
import Shared

/// The ingest's settings from the environment (see `deploy/env/fleet.env.example`):
///
/// | variable | default | what |
/// |---|---|---|
/// | `INGEST_HOST` / `INGEST_PORT` | `127.0.0.1` / `8080` | where to listen (nginx or a load balancer sits in front) |
/// | `INGEST_PUBLIC_URL` | `http://<host>:<port>` | the address senders use, for the setup guide |
/// | `INGEST_ADMIN_TOKEN` or `INGEST_ADMIN_TOKEN_FILE` | none: admin API off | bearer token of the admin API (16+ characters) |
/// | `INGEST_ROUTING_BUDGET_MS` | `250` | longest the interactive-routing answer waits for Redis before answering the fallback |
///
/// How it fails: `ConfigurationError` with the variable's name (never its value) for a bad port, a short token or
/// an unreadable token file.
public struct IngestConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var publicURL: String
    public var adminToken: String?
    public var routingBudget: Duration = .milliseconds(250)
    /// Largest webhook body read (a UIS notification is well under 4 KiB); the admin API takes settings documents
    /// up to `TenantDocumentStore.maxDocumentBytes`.
    public var maxWebhookBodyBytes = 64 * 1024

    public init(publicURL: String = "http://127.0.0.1:8080", adminToken: String? = nil) {
        self.publicURL = publicURL
        self.adminToken = adminToken
    }

    public static func fromEnvironment(_ env: [String: String]) throws -> IngestConfiguration {
        var c = IngestConfiguration()
        c.host = env["INGEST_HOST"] ?? c.host
        guard let port = Int(env["INGEST_PORT"] ?? "8080"), (0...65535).contains(port) else {
            throw ConfigurationError("INGEST_PORT must be a port number")
        }
        c.port = port
        c.publicURL = env["INGEST_PUBLIC_URL"] ?? "http://\(c.host):\(port)"
        var token = env["INGEST_ADMIN_TOKEN"]
        if token == nil, let file = env["INGEST_ADMIN_TOKEN_FILE"] {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ConfigurationError("INGEST_ADMIN_TOKEN_FILE cannot be read")
            }
            token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let token, !token.isEmpty {
            guard token.count >= 16 else { throw ConfigurationError("the admin token must be at least 16 characters") }
            c.adminToken = token
        }
        if let ms = env["INGEST_ROUTING_BUDGET_MS"] {
            guard let n = Int(ms), (10...5000).contains(n) else { throw ConfigurationError("INGEST_ROUTING_BUDGET_MS must be 10 to 5000") }
            c.routingBudget = .milliseconds(n)
        }
        return c
    }
}
