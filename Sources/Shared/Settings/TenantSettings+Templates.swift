extension TenantSettings {
    /// The flow settings that hold a template slot's text.
    private func flowSettings(for slot: TemplateSlot) -> FlowSettings {
        switch slot.flow {
        case .incomingCall: return telephony.incoming
        case .outgoingCall: return telephony.outgoing
        case .lead: return leads
        case .chat: return chats.flow
        }
    }

    /// The tenant's text for a template slot, or nil when it uses the default.
    public func template(for slot: TemplateSlot) -> String? { flowSettings(for: slot).templates[slot] }
}
