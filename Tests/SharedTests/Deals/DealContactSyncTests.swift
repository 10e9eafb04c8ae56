import Foundation
import Synchronization
import Testing
@testable import Shared

/// A deal's counterparty reaches UIS as Planfix has it: created once, sent again only when its name, phones or
/// e-mails change, and created or updated whichever UIS turns out to need.
@Suite struct DealContactSyncTests {
    let harness: GuardHarness
    init() throws { harness = try GuardHarness() }

    static let ok = #"{"jsonrpc":"2.0","id":1,"result":{"data":{}}}"#
    static func refused(_ mnemonic: String) -> String {
        #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"refused","data":{"mnemonic":"\#(mnemonic)","field":"ext_id"}}}"#
    }

    /// Planfix's contact 500, whose phone the test changes.
    final class PlanfixContact500: Sendable {
        let phone = Mutex("+7 (900) 111-22-33")
        var transport: ScriptedTransport {
            ScriptedTransport { [self] _ in
                let number = phone.withLock { $0 }
                return RemoteAnswer(status: 200, body: Array(#"{"result":"success","contact":{"id":500,"name":"Ольга","lastname":"Петрова","email":"olga@client.ru","phones":[{"number":"\#(number)","type":1}]}}"#.utf8))
            }
        }
    }

    func sync(planfix: ScriptedTransport, uis: ScriptedTransport) async throws -> String {
        let p = PlanfixClient(tenant: "acme", baseURL: URL(string: "http://127.0.0.1:9/planfix/acme/rest/")!, token: "pf-token", budget: GuardHarness.fast,
                              callGuard: harness.callGuard, transport: planfix)
        let u = UISDataClient(tenant: "acme", token: "uis-token", url: URL(string: "http://127.0.0.1:9/uis/data/v2.0")!, budget: GuardHarness.fast,
                              callGuard: harness.callGuard, transport: uis)
        let sync = DealContactSync(store: DealStateStore(redis: harness.callGuard.redis), registry: MetricsRegistry())
        return try await sync.sync(contactId: 500, tenant: "acme", planfix: p, uis: u, holder: job(), logger: Logger(process: "t", sink: .memory()))
    }

    static func methods(_ t: ScriptedTransport) -> [String] { t.requests.compactMap { $0.json["method"] as? String } }
    static func params(_ t: ScriptedTransport) -> [String: Any] { (t.last?.json["params"] as? [String: Any]) ?? [:] }

    @Test func aContactIsCreatedOnceAndSentAgainOnlyWhenItsPhonesChange() async throws {
        let contact = PlanfixContact500()
        let planfix = contact.transport
        let uis = ScriptedTransport(json: Self.ok, Self.ok)
        #expect(try await sync(planfix: planfix, uis: uis) == "planfix-contact-500")
        #expect(Self.methods(uis) == ["create.deal_contacts"])
        _ = try await sync(planfix: planfix, uis: uis)
        #expect(Self.methods(uis) == ["create.deal_contacts"], "unchanged: not sent")
        #expect(planfix.requests.count == 2, "read from Planfix on every deal change")

        contact.phone.withLock { $0 = "8 901 000-00-07" }
        _ = try await sync(planfix: planfix, uis: uis)
        #expect(Self.methods(uis) == ["create.deal_contacts", "update.deal_contacts"])
        let params = Self.params(uis)
        #expect(params["ext_id"] as? String == "planfix-contact-500" && params["phone_numbers"] as? [String] == ["79010000007"])
        #expect(params["emails"] as? [String] == ["olga@client.ru"] && params["name"] as? String == "Петрова Ольга")
        _ = try await sync(planfix: planfix, uis: uis)
        #expect(Self.methods(uis).count == 2)
    }

    @Test func aContactUISAlreadyHasIsUpdatedAndOneItLostIsCreated() async throws {
        let contact = PlanfixContact500()
        // No fingerprint yet (sent before fingerprints were kept): the create is refused as a duplicate.
        let uis = ScriptedTransport(json: Self.refused("duplicate_entity"), Self.ok, Self.refused("entity_not_found"), Self.ok)
        _ = try await sync(planfix: contact.transport, uis: uis)
        #expect(Self.methods(uis) == ["create.deal_contacts", "update.deal_contacts"])
        contact.phone.withLock { $0 = "+7 901 000-00-08" }
        _ = try await sync(planfix: contact.transport, uis: uis)
        #expect(Self.methods(uis) == ["create.deal_contacts", "update.deal_contacts", "update.deal_contacts", "create.deal_contacts"])
        #expect((Self.params(uis)["contacts"] as? [[String: Any]])?.first?["phone_numbers"] as? [String] == ["79010000008"])
    }

    @Test func theFingerprintCoversWhatUISKeeps() throws {
        let a = UISDealContact(extId: "c", name: "A", phoneNumbers: ["79000000001"], emails: nil)
        var b = a
        #expect(try DealContactSync.fingerprint(a) == DealContactSync.fingerprint(b))
        b.emails = ["a@x.ru"]
        #expect(try DealContactSync.fingerprint(a) != DealContactSync.fingerprint(b))
        b = a
        b.name = "B"
        #expect(try DealContactSync.fingerprint(a) != DealContactSync.fingerprint(b))
    }
}
