import Foundation
import Testing
@testable import Shared

/// A Planfix counterparty as a UIS deal contact: E.164 phones without duplicates, its e-mail, a name.
struct DealLinksTests {
    static func contact(_ json: String) throws -> PlanfixContact { try JSONDecoder().decode(PlanfixContact.self, from: Data(json.utf8)) }

    @Test func phonesAreE164DigitsOnceAndTheEmailIsKept() throws {
        let c = try Self.contact(#"{"id":500,"name":"Ольга","lastname":"Петрова","email":" olga@client.ru ","phones":[{"number":"+7 (900) 111-22-33"},{"number":"8 900 111 22 33"},{"number":"+7 495 000-01-01 доб. 12"},{"number":"нет"}]}"#)
        let deal = DealLinks.dealContact(c, extId: "planfix-contact-500")
        #expect(deal == UISDealContact(extId: "planfix-contact-500", name: "Петрова Ольга", phoneNumbers: ["79001112233", "74950000101"], emails: ["olga@client.ru"]))
    }

    @Test func aContactWithoutNameOrChannelsStillHasAName() throws {
        let deal = DealLinks.dealContact(try Self.contact(#"{"id":"contact:7"}"#), extId: "planfix-contact-7")
        #expect(deal == UISDealContact(extId: "planfix-contact-7", name: "Контакт 7", phoneNumbers: nil, emails: nil))
    }
}
