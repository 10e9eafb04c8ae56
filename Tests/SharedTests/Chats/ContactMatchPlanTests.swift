import Testing
@testable import Shared

/// The order the chats worker looks for a communication's Planfix contact in.
struct ContactMatchPlanTests {
    @Test func phoneThenEmailThenUsernameThenVisitorThenPerson() {
        var c = TextCommunication(flow: .chat, communicationId: 1, recordId: 10)
        c.phone = .init(raw: "8 (900) 111-22-33")
        c.email = "Ivan@Example.ru"
        c.username = "@Ivan_P"
        c.chatChannelType = "telegram"
        c.visitorId = 77
        c.personId = 88
        #expect(ContactMatchPlan.steps(for: c) == [.phone(PhoneNumber(parsing: "+79001112233")!), .email("ivan@example.ru"),
                                                   .username("telegram:ivan_p"), .visitor(77), .person(88)])
    }

    @Test func aPhoneWrittenDifferentlyIsTheSameStep() {
        var a = TextCommunication(flow: .lead, communicationId: 1, recordId: 1), b = a
        a.phone = .init(raw: "79001112233")
        b.phone = .init(raw: "+7 (900) 111-22-33")
        #expect(ContactMatchPlan.steps(for: a) == ContactMatchPlan.steps(for: b))
    }

    @Test func withoutContactDataThereIsNothingToMatch() {
        var c = TextCommunication(flow: .chat, communicationId: 1, recordId: 10)
        c.visitorId = 77
        c.phone = .init(raw: "not a phone")
        #expect(!c.hasContactData)
        #expect(ContactMatchPlan.steps(for: c).isEmpty, "each such chat makes its own contact")
    }

    @Test func anEmailWithoutAtIsNotSearched() {
        var c = TextCommunication(flow: .lead, communicationId: 1, recordId: 1)
        c.email = "no-email"
        #expect(ContactMatchPlan.steps(for: c).isEmpty)
    }
}
