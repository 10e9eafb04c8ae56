/// The bridge from a chat or lead notification to the rules engine and the recent-events log.
///
/// Why: rules read a flat bag keyed by the canonical names of `TemplateCatalogue.chats` / `.leads`
/// (`visitor_phone`, `site`, …), never UIS's raw variable names; each flow gets only its catalogue's keys
/// (chats have no `visitor_email` or form fields, leads no `visitor_id` or channel). How it fails: it does
/// not; parameters the notification lacks are simply absent (`chat_id` and `chat_link` always are: the
/// notification carries no chat id, the poller adds them).
extension TextNotification {
    public var ruleFlow: RuleFlow { flow.ruleFlow }

    public var ruleEvent: RuleEvent {
        var p: [String: String] = ["communication_id": String(communicationId)]
        p["visitor_name"] = visitorName
        p["visitor_phone"] = bestPhone?.best
        p["tags"] = tagNames.isEmpty ? nil : tagNames.joined(separator: ", ")
        p["site"] = siteDomainName
        p["source"] = sourceName
        p["campaign"] = campaignName
        p["utm_source"] = utmSource
        p["utm_medium"] = utmMedium
        p["utm_campaign"] = utmCampaign
        p["utm_term"] = utmTerm
        p["employee_name"] = employeeName
        p["date_time"] = notificationTimeRaw
        switch flow {
        case .chat:
            p["visitor_id"] = visitorId.map(String.init)
            p["chat_channel"] = chatChannelType
            p["chat_channel_name"] = chatChannelName
        case .lead:
            p["visitor_email"] = visitorEmail
            p["lead_type"] = formType
            p["form_name"] = formName
            p["lead_text"] = leadText
        }
        return RuleEvent(flow: ruleFlow, parameters: p)
    }
}
