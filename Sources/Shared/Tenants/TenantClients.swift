import Foundation

/// The remote clients of a tenant, built from its settings (URLs and tokens) for the workers: Planfix REST,
/// Planfix telephony, UIS Data API and UIS Call API, every call through the shared `RemoteCallGuard`.
///
/// Clients are cheap values; they are built per use from the cached settings, so a new settings version (a
/// rotated token) is used within the settings cache's refresh interval. How it fails: a tenant without
/// settings or without the credentials an API needs gets `JobFailure.permanent` with class `not-configured`
/// (the job is kept as a dead letter, to retry once the operator completed the settings); Redis errors surface.
public struct TenantClients: Sendable {
    public let settings: TenantSettingsCache<TenantSettings>
    public let callGuard: RemoteCallGuard
    public let transport: any RemoteTransport

    public init(settings: TenantSettingsCache<TenantSettings>, callGuard: RemoteCallGuard,
                transport: any RemoteTransport = HTTPClientRemoteTransport()) {
        self.settings = settings
        self.callGuard = callGuard
        self.transport = transport
    }

    /// A settings cache that decodes tenant documents (the one every worker uses).
    public static func settingsCache(redis: RedisClient) -> TenantSettingsCache<TenantSettings> {
        TenantSettingsCache(store: TenantDocumentStore(redis: redis)) { try TenantSettings.parse(Data($0)).get() }
    }

    public func tenantSettings(_ tenant: String) async throws -> TenantSettings {
        guard let s = try await settings.settings(for: tenant) else { throw Self.notConfigured("tenant \(tenant) has no settings") }
        return s
    }

    public func planfix(_ tenant: String) async throws -> PlanfixClient {
        let c = try await tenantSettings(tenant).connection
        guard let url = c.planfixRestURL.flatMap(URL.init(string:)), let token = c.planfixRestToken else {
            throw Self.notConfigured("tenant \(tenant) has no Planfix REST URL and token (connection.planfix_rest_url, planfix_rest_token)")
        }
        return PlanfixClient(tenant: tenant, baseURL: url, token: token, callGuard: callGuard, transport: transport)
    }

    public func planfixTelephony(_ tenant: String) async throws -> PlanfixTelephonyClient {
        let c = try await tenantSettings(tenant).connection
        guard let url = c.planfixTelephonyURL.flatMap(URL.init(string:)), let token = c.planfixTelephonyToken else {
            throw Self.notConfigured("tenant \(tenant) has no Planfix telephony URL and token (switch the integration on in Planfix, or set connection.planfix_telephony_url)")
        }
        return PlanfixTelephonyClient(tenant: tenant, url: url, token: token, callGuard: callGuard, transport: transport)
    }

    public func uisData(_ tenant: String) async throws -> UISDataClient {
        let c = try await tenantSettings(tenant).connection
        guard let token = c.uisDataAPIToken else { throw Self.notConfigured("tenant \(tenant) has no UIS Data API token (connection.uis_data_api_token)") }
        let url = c.uisDataAPIURL.flatMap(URL.init(string:)) ?? UISDataClient.defaultURL
        return UISDataClient(tenant: tenant, token: token, url: url, callGuard: callGuard, transport: transport)
    }

    public func uisCall(_ tenant: String) async throws -> UISCallClient {
        let c = try await tenantSettings(tenant).connection
        guard let token = c.uisCallAPIToken else {  // a separate key (UISAssumptions.separateCallAPIToken)
            throw Self.notConfigured("tenant \(tenant) has no UIS Call API token (connection.uis_call_api_token)")
        }
        let url = c.uisCallAPIURL.flatMap(URL.init(string:)) ?? UISCallClient.defaultURL
        return UISCallClient(tenant: tenant, token: token, url: url, callGuard: callGuard, transport: transport)
    }

    static func notConfigured(_ reason: String) -> JobFailure { JobFailure.permanent(reason, errorClass: "not-configured") }
}
