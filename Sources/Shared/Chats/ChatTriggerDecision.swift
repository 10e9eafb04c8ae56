/// Whether a chat has reached the moment its tenant creates Planfix entities at («Создавать контакт/задачу»):
/// its start, its end, or a chosen tag being set. Leads are processed when received.
///
/// Decided on the authoritative record, not on which notification arrived: a chat first seen already closed still
/// fires a "chat start" trigger (it did start), a tag counts whenever it is on the record (tags may be set after
/// the chat ended), and "chat end" waits for a terminal status. How it fails: it does not.
public enum ChatTriggerDecision: Sendable, Equatable {
    /// Create the entities now.
    case fire
    /// Not yet: the chat has not reached the moment (a later notification or poll will bring it back).
    case wait

    public static func decide(_ trigger: ChatTrigger, _ communication: TextCommunication) -> ChatTriggerDecision {
        guard communication.flow == .chat else { return .fire }
        switch trigger {
        case .chatStart:
            return .fire
        case .chatEnd:
            return communication.isEnded ? .fire : .wait
        case .tagSet:
            return communication.tagNames.contains { trigger.fires(on: .tagSet, tag: $0) } ? .fire : .wait
        }
    }

    /// Whether a communication can still fire later. A chat with a tag trigger can get its tag any time, so it
    /// is never given up on by the poller while it is in the window; a closed chat with any other trigger has
    /// already had its moment.
    public static func canFireLater(_ trigger: ChatTrigger, _ communication: TextCommunication) -> Bool {
        guard communication.flow == .chat else { return false }
        if case .tagSet = trigger { return true }
        return !communication.isEnded
    }
}
