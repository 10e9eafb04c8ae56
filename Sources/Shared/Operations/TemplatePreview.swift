import Foundation

/// Renders a template for the settings screen, `fleetctl template preview` and the admin API: the given text, or
/// the tenant's configured template (the default when it has none), with the flow's sample event or with the
/// tenant's most recent real event of that flow.
///
/// How it fails: `QueueError.notFound` (no such tenant, no recent event), `QueueError.invalid` (the template
/// names parameters the flow does not offer); nothing is written.
public struct TemplatePreview: Sendable {
    public struct Result: Codable, Sendable, Equatable {
        public var slot: String
        public var label: String
        public var template: String
        public var isDefault: Bool
        public var preview: String
        /// "sample" or "recent".
        public var event: String
    }

    public let redis: RedisClient
    public init(redis: RedisClient) { self.redis = redis }

    public func render(slot: TemplateSlot, tenant: String?, text: String?, recent: Bool) async throws -> Result {
        if recent && tenant == nil { throw QueueError.invalid("a preview with a recent event needs a tenant") }
        var template = text
        if template == nil, let tenant {
            guard let stored = try await TenantDocumentStore(redis: redis).get(tenant) else { throw QueueError.notFound("no settings for tenant \(tenant)") }
            if case let .success(settings) = TenantSettings.parse(Data(stored.document)) { template = settings.template(for: slot) }
        }
        if let template, case let problems = MessageTemplate(template).problems(in: slot.flow.catalogue), !problems.isEmpty {
            throw QueueError.invalid("the template has problems: " + problems.joined(separator: "; "))
        }
        var rendered = slot.preview(template)
        if recent, let tenant {
            guard let event = try await RecentEvents(redis: redis).list(tenant: tenant, flow: slot.flow, limit: 1).first else {
                throw QueueError.notFound("tenant \(tenant) has no recent \(slot.flow.rawValue) event")
            }
            rendered = slot.render(template, event.event)
        }
        return Result(slot: slot.rawValue, label: slot.label, template: template ?? slot.defaultTemplate, isDefault: template == nil,
                      preview: rendered, event: recent ? "recent" : "sample")
    }
}
