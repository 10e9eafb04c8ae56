/// What the rules decide for one communication: whether it passes the filter, what to create from which
/// Planfix object, who is responsible, the rendered names and the custom-field values.
///
/// Why it exists: the flow workers should not re-implement settings semantics; they ask once and act.
/// How it fails: `TenantSettings.decide` throws `RulesEngineError` only for settings that validation rejects
/// (a filter field the flow does not offer, an empty group, an unknown template parameter, a creation choice
/// the flow does not offer); settings from `TenantSettings.parse` never make it throw.
public struct FlowDecision: Sendable, Equatable {
    /// False when the flow is switched off or the filter rejects the event: create nothing.
    public let passes: Bool
    public let rule: CreationRule
    public let responsible: ResponsibleSettings.Decision
    /// Task title, when a task is to be created.
    public let taskTitle: String?
    /// Contact name (leads and chats, when the fleet creates the contact).
    public let contactName: String?
    public let fieldWrites: [FieldWrite]
    public let fieldProblems: [FieldMappingProblem]
}

extension TenantSettings {
    /// Applies the settings of the event's flow. `isRepeat`: a repeat communication (known client);
    /// `isLost`: a lost incoming call (uses the lost-call title).
    public func decide(_ event: RuleEvent, isRepeat: Bool, isLost: Bool = false, knownEmployees: Set<Int>) throws -> FlowDecision {
        let flow = flowSettings(event.flow)
        let rule = isRepeat ? flow.repeated : flow.primary
        guard CreationChoice.allowed(in: event.flow).contains(rule.create) else {
            throw RulesEngineError.choiceNotAllowed(rule.create.rawValue, event.flow)
        }
        for text in flow.templates.values {
            if let bad = MessageTemplate(text).parameterNames.first(where: { !event.flow.catalogue.keys.contains($0) }) {
                throw RulesEngineError.unknownParameter(bad)
            }
        }
        let master = event.flow == .incomingCall || event.flow == .outgoingCall ? telephony.enabled : true
        let passes = try master && flow.enabled && flow.filter.passes(event)
        let responsible = try flow.responsibles.resolve(event, usePersonalManager: event.flow == .incomingCall && flow.personalManager,
                                                        knownEmployees: knownEmployees)
        let slots = Dictionary(uniqueKeysWithValues: FlowSettings.slots(event.flow).map { ($0.key, $0.slot) })
        var titleSlot = slots["title"]
        if isLost, event.flow == .incomingCall { titleSlot = .lostCallTitle }
        let title = rule.create.createsTask ? titleSlot.map { $0.render(flow.templates[$0], event) } : nil
        let contact = rule.create.createsContact ? slots["contact_name"].map { $0.render(flow.templates[$0], event) } : nil
        let (writes, problems) = passes ? FieldMapping.writes(flow.fields, for: event, isCreation: !isRepeat) : ([], [])
        return FlowDecision(passes: passes, rule: rule, responsible: responsible, taskTitle: passes ? title : nil,
                            contactName: passes ? contact : nil, fieldWrites: writes, fieldProblems: problems)
    }
}
