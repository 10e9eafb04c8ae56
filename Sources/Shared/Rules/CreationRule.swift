/// What Planfix entities a communication creates, per the choices the article allows for each flow.
public enum CreationChoice: String, Sendable, Hashable, CaseIterable, Codable {
    /// Incoming calls, leads, chats: create nothing (for calls Planfix still creates the contact itself).
    case nothing
    /// Incoming calls: a task (the contact is always created by Planfix telephony).
    case task
    /// Outgoing calls: the client only / the client and an order (task).
    case client
    case clientAndOrder = "client_and_order"
    /// Leads and chats: a contact / a contact and a task.
    case contact
    case contactAndTask = "contact_and_task"

    public static func allowed(in flow: RuleFlow) -> [CreationChoice] {
        switch flow {
        case .incomingCall: return [.nothing, .task]
        case .outgoingCall: return [.client, .clientAndOrder]
        case .lead, .chat: return [.contact, .contactAndTask, .nothing]
        }
    }

    public static func defaultChoice(for flow: RuleFlow) -> CreationChoice {
        switch flow {
        case .incomingCall: return .task
        case .outgoingCall: return .client
        case .lead, .chat: return .contactAndTask
        }
    }

    public var createsTask: Bool { self == .task || self == .clientAndOrder || self == .contactAndTask }
    /// Whether the fleet itself creates the contact (for calls Planfix telephony does it).
    public var createsContact: Bool { self == .client || self == .clientAndOrder || self == .contact || self == .contactAndTask }
}

/// The choice for one kind of communication (primary or repeat) with the Planfix object or task template the
/// task is created from. How it fails: a choice that the flow does not offer (a `task` for outgoing calls) is
/// a validation error, and the engine throws `RulesEngineError.choiceNotAllowed` for it.
public struct CreationRule: Sendable, Hashable {
    public var create: CreationChoice
    /// The Planfix object («Объект задачи») id; nil = Planfix's default task type.
    public var objectId: Int?
    /// Alternatively a Planfix task template id the task is created from.
    public var templateId: Int?

    public init(create: CreationChoice, objectId: Int? = nil, templateId: Int? = nil) {
        self.create = create
        self.objectId = objectId
        self.templateId = templateId
    }
}

/// When a chat makes Planfix entities («Создавать контакт/задачу»): at its start, at its end, or when a tag
/// is set. `tag` is required for `.tagSet` (validation) and is compared case-insensitively.
public enum ChatTrigger: Sendable, Hashable {
    case chatStart
    case chatEnd
    case tagSet(String)

    public enum Moment: String, Sendable, CaseIterable { case chatStart = "chat_start", chatEnd = "chat_end", tagSet = "tag_set" }

    /// Whether an observed chat moment (and the tag just set, for `.tagSet`) fires this trigger.
    public func fires(on moment: Moment, tag: String? = nil) -> Bool {
        switch (self, moment) {
        case (.chatStart, .chatStart), (.chatEnd, .chatEnd): return true
        case let (.tagSet(wanted), .tagSet):
            guard let tag else { return false }
            return FilterMatcher.normalizeText(tag) == FilterMatcher.normalizeText(wanted)
        default: return false
        }
    }
}
