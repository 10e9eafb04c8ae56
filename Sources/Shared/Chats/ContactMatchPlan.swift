/// The order in which the chats worker looks for the Planfix contact of a chat or lead: normalised phone, then
/// e-mail, then messenger username, then the UIS visitor and person the fleet linked to a contact before.
///
/// Phone and e-mail are searched in Planfix (filters 4003 and 4026); the username, visitor and person only in the
/// fleet's links (`ContactLinkStore`), since Planfix cannot search usernames (`ChatsAssumptions`). A
/// communication without contact data gets an empty plan: «Передавать чаты без контактных данных» makes a new
/// contact for each such chat, as the product says. How it fails: it does not.
public enum ContactMatchStep: Sendable, Hashable {
    case phone(PhoneNumber)
    case email(String)
    case username(String)
    case visitor(Int64)
    case person(Int64)
}

public enum ContactMatchPlan {
    public static func steps(for c: TextCommunication) -> [ContactMatchStep] {
        guard c.hasContactData else { return [] }
        var steps: [ContactMatchStep] = []
        if let phone = c.phone?.e164.flatMap(PhoneNumber.init(parsing:)) { steps.append(.phone(phone)) }
        if let email = c.email?.lowercased(), email.contains("@") { steps.append(.email(email)) }
        if let username = c.username { steps.append(.username(ContactLinkStore.normalizedUsername(username, channel: c.chatChannelType))) }
        if let visitor = c.visitorId { steps.append(.visitor(visitor)) }
        if let person = c.personId { steps.append(.person(person)) }
        return steps
    }
}
