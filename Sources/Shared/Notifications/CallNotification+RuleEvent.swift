/// The bridge from a call notification to the rules engine and the recent-events log.
///
/// Why: rules read a flat bag keyed by the canonical names of `TemplateCatalogue.calls` (`caller_number`,
/// `virtual_number`, …), never UIS's raw variable names. How it fails: it does not; parameters the
/// notification lacks are simply absent. The flow is `outgoingCall` for outgoing calls, else `incomingCall`.
extension CallNotification {
    public var ruleFlow: RuleFlow { direction == .outgoing ? .outgoingCall : .incomingCall }

    public var ruleEvent: RuleEvent {
        var p: [String: String] = ["call_id": String(callSessionId)]
        p["caller_number"] = contactNumber?.best
        p["virtual_number"] = virtualNumber?.best
        p["scenario_name"] = scenarioName
        p["contact_name"] = contactName
        p["direction"] = direction?.rawValue
        p["duration"] = talkDuration.map(String.init)
        p["wait_duration"] = waitDuration.map(String.init)
        p["region"] = regionName
        p["tags"] = tagNames.isEmpty ? nil : tagNames.joined(separator: ", ")
        p["employee_name"] = employeeName
        p["date_time"] = notificationTimeRaw
        p["communication_id"] = communicationId
        return RuleEvent(flow: ruleFlow, parameters: p)
    }
}
