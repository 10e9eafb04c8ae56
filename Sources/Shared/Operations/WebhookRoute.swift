/// The ingest's webhook routes: `/hooks/<tenant>/<secret>/<pathSuffix>`. One list, used by the ingest's router,
/// the setup guide and the metrics' `route` label.
public enum WebhookRoute: String, Sendable, CaseIterable {
    case uisCalls = "uis_calls"
    case uisChats = "uis_chats"
    case uisLeads = "uis_leads"
    case uisRouting = "uis_routing"
    case planfixTelephony = "planfix_telephony"
    case planfixDeals = "planfix_deals"

    public var pathSuffix: String {
        switch self {
        case .uisCalls: return "uis/calls"
        case .uisChats: return "uis/chats"
        case .uisLeads: return "uis/leads"
        case .uisRouting: return "uis/routing"
        case .planfixTelephony: return "planfix/telephony"
        case .planfixDeals: return "planfix/deals"
        }
    }

    public init?(pathSuffix: String) {
        guard let route = Self.allCases.first(where: { $0.pathSuffix == pathSuffix }) else { return nil }
        self = route
    }
}
