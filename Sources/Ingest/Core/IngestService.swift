import Foundation
import Shared

/// The ingest's request handling: webhook routes (`/hooks/<tenant>/<secret>/...`), the admin API (`/admin/...`),
/// and the metrics around both. `/healthz` and `/metrics` are served by `StatusServer`, which calls `route` first.
///
/// Contract with senders: a webhook is answered 2xx only after its event is stored in Redis (Redis unreachable
/// → 503, so the sender retries); unknown tenant, wrong secret and unknown route are the same 404; a body over
/// the limit is 413; an unreadable one 400 with a short reason, and what it carried is kept as a `bad-webhook`
/// dead letter. Nothing here calls Planfix or UIS. How it fails: it does not crash on any request; every refusal
/// is counted (`ingest_rejected_total`) and logged without secrets (the URL's secret part is never logged).
public final class IngestService: Sendable {
    let configuration: IngestConfiguration
    let redis: RedisClient
    let logger: Logger
    let metrics: IngestMetrics
    let settings: TenantSettingsCache<TenantSettings>
    let queues: IngestQueues
    let admin: AdminAPI?

    public init(configuration: IngestConfiguration, redis: RedisClient, logger: Logger, metrics: MetricsRegistry = .shared) throws {
        self.configuration = configuration
        self.redis = redis
        self.logger = logger
        self.metrics = IngestMetrics(registry: metrics)
        settings = TenantSettingsCache(store: TenantDocumentStore(redis: redis)) { bytes in
            let parsed = try TenantSettings.parse(Data(bytes)).get()
            // Whatever a tenant's secrets are, they must never reach a log line or an error text.
            for secret in parsed.connection.secrets { SecretRedactor.shared.register(secret) }
            return parsed
        }
        queues = try IngestQueues(redis: redis)
        admin = configuration.adminToken.map { AdminAPI(token: $0, redis: redis, configuration: configuration, logger: logger) }
        if let token = configuration.adminToken { SecretRedactor.shared.register(token) }
    }

    /// Handles `/hooks/...` and `/admin/...`; nil for anything else (the status server answers it).
    @Sendable public func route(_ request: HTTPRequest) async -> HTTPResponse? {
        let started = ContinuousClock.now
        let label: String
        let response: HTTPResponse
        if request.path.hasPrefix("/hooks/") {
            (label, response) = await hook(request)
        } else if request.path == "/admin" || request.path.hasPrefix("/admin/") {
            label = "admin"
            response = await adminRoute(request)
        } else {
            return nil
        }
        metrics.finished(route: label, status: response.status, seconds: started.secondsSince)
        return response
    }

    private func adminRoute(_ request: HTTPRequest) async -> HTTPResponse {
        guard let admin else {
            metrics.rejected(route: "admin", reason: "disabled")
            return HookReply.error(404, "the admin API is off (set INGEST_ADMIN_TOKEN)")
        }
        return await admin.handle(request, metrics: metrics)
    }

    /// Splits `/hooks/<tenant>/<secret>/<route>`, authenticates and dispatches.
    private func hook(_ request: HTTPRequest) async -> (String, HTTPResponse) {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: false)
        // ["", "hooks", tenant, secret, a, b]
        guard parts.count == 6, let route = WebhookRoute(pathSuffix: "\(parts[4])/\(parts[5])") else {
            metrics.rejected(route: "other", reason: "unauthenticated")
            return ("other", HookReply.notFound)
        }
        let tenant = String(parts[2]), secret = String(parts[3])
        var tenantSettings: TenantSettings?
        if TenantKeys.isValidTenantID(tenant) {
            do {
                tenantSettings = try await settings.settings(for: tenant)
            } catch let error as RedisError {
                metrics.rejected(route: route.rawValue, reason: "redis_unavailable")
                logger.warning("hook.redis", "cannot read tenant settings: \(error)", ["route": route.rawValue, "tenant": tenant])
                return (route.rawValue, HookReply.storageUnavailable)
            } catch {
                // A stored document this ingest cannot decode: the tenant is not usable, and says nothing outside.
                logger.error("hook.settings", "tenant settings do not decode: \(error)", ["tenant": tenant])
            }
        }
        guard WebhookSecret.matches(presented: secret, expected: tenantSettings?.connection.webhookSecret), let tenantSettings else {
            metrics.rejected(route: route.rawValue, reason: "unauthenticated")
            logger.info("hook.unauthenticated", "unknown tenant or wrong secret", ["route": route.rawValue, "tenant": TenantKeys.isValidTenantID(tenant) ? tenant : "?"])
            return (route.rawValue, HookReply.notFound)
        }
        guard route.allowedMethods.contains(request.method) else {
            metrics.rejected(route: route.rawValue, reason: "method")
            var response = HookReply.error(405, "method not allowed")
            response.headers.append(("Allow", route.allowedMethods.sorted().joined(separator: ", ")))
            return (route.rawValue, response)
        }
        guard request.body.count <= configuration.maxWebhookBodyBytes else {
            metrics.rejected(route: route.rawValue, reason: "too_large")
            return (route.rawValue, HookReply.error(413, "body over \(configuration.maxWebhookBodyBytes) bytes"))
        }
        let context = HookContext(tenant: tenant, settings: tenantSettings, request: request, route: route, service: self)
        let response: HTTPResponse
        switch route {
        case .uisCalls: response = await CallHook.handle(context)
        case .uisChats, .uisLeads: response = await TextHook.handle(context)
        case .uisRouting: response = await RoutingHook.handle(context)
        case .planfixTelephony: response = await PlanfixTelephonyHook.handle(context)
        case .planfixDeals: response = await DealHook.handle(context)
        }
        return (route.rawValue, response)
    }
}

extension WebhookRoute {
    /// UIS lets the admin pick GET or POST for notifications and interactive processing; Planfix always POSTs
    /// its telephony commands; the deal automation may be set to either.
    var allowedMethods: Set<String> {
        switch self {
        case .planfixTelephony: return ["POST"]
        default: return ["POST", "GET"]
        }
    }
}

extension ConnectionSettings {
    /// Every secret of the connection, for the log redactor.
    var secrets: [String] {
        [planfixRestToken, planfixTelephonyToken, pbxKey, uisDataAPIToken, uisCallAPIToken, webhookSecret].compactMap { $0 }
    }
}
