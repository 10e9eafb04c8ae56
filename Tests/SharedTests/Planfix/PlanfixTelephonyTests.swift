import Foundation
import Testing
@testable import Shared

/// The telephony client's form bodies and its tolerant parsing of the `contact` and `ping` answers.
@Suite struct PlanfixTelephonyTests {
    let harness: GuardHarness
    init() throws { harness = try GuardHarness() }

    func client(_ t: ScriptedTransport) -> PlanfixTelephonyClient {
        PlanfixTelephonyClient(tenant: "acme", url: URL(string: "https://test.planfix.ru/tel/api")!, token: "303cb962ac59075b964b07152d234b70",
                               budget: GuardHarness.fast, callGuard: harness.callGuard, transport: t)
    }

    @Test func formEncodingOfCyrillicPlusAmpersandAndURLs() {
        let body = String(decoding: FormURLEncoding.encode([("data_name", "Иван Петров"), ("q", "a+b&c=d%"), ("record_link", "https://x.ru/a b?x=1&y=2")]),
                          as: UTF8.self)
        #expect(body == "data_name=%D0%98%D0%B2%D0%B0%D0%BD+%D0%9F%D0%B5%D1%82%D1%80%D0%BE%D0%B2&q=a%2Bb%26c%3Dd%25"
                    + "&record_link=https%3A%2F%2Fx.ru%2Fa+b%3Fx%3D1%26y%3D2")
        let back = FormURLEncoding.decode(Array(body.utf8))
        #expect(back.map(\.1) == ["Иван Петров", "a+b&c=d%", "https://x.ru/a b?x=1&y=2"])
    }

    @Test func completedEventSendsEveryFieldOfTheDocExample() async throws {
        let t = ScriptedTransport([RemoteAnswer(status: 200)])
        let event = PlanfixCallEvent(direction: .outgoing, kind: .completed, phone: "79101234567", ext: "102", callId: "D10D0EB124F4E64AF4EA-1511",
                                     diversion: "74993720692", duration: 124, isRecorded: true, status: .success,
                                     recordLink: "https://link/file.mp3", data: ["utm_source": "site.io", "utm_medium": "banner"])
        try await client(t).event(event, holder: job())
        let r = try #require(t.last)
        #expect(r.method == "POST")
        #expect(r.url.absoluteString == "https://test.planfix.ru/tel/api")
        #expect(r.header("Content-Type")?.hasPrefix("application/x-www-form-urlencoded") == true)
        #expect(r.bodyText == "cmd=event&type=out&event=COMPLETED&phone=79101234567&diversion=74993720692&ext=102&callid=D10D0EB124F4E64AF4EA-1511"
                    + "&duration=124&is_recorded=1&status=Success&record_link=https%3A%2F%2Flink%2Ffile.mp3"
                    + "&data_utm_medium=banner&data_utm_source=site.io&planfix_token=303cb962ac59075b964b07152d234b70")
    }

    @Test func missedIncomingCallIsCompletedWithStatusMissed() async throws {
        let t = ScriptedTransport([RemoteAnswer(status: 200)])
        try await client(t).event(PlanfixCallEvent(direction: .incoming, kind: .completed, phone: "79101234567", ext: "101", callId: "c9",
                                                   duration: 0, isRecorded: false, status: .missed), holder: job())
        let fields = Dictionary(uniqueKeysWithValues: FormURLEncoding.decode(try #require(t.last).body))
        #expect(fields["type"] == "in" && fields["event"] == "COMPLETED" && fields["status"] == "Missed" && fields["is_recorded"] == "0")
        #expect(fields["record_link"] == nil)
    }

    @Test func recordSendsTheLinkAndTheTemporaryFlag() async throws {
        let t = ScriptedTransport([RemoteAnswer(status: 200), RemoteAnswer(status: 200)])
        let c = client(t)
        try await c.record(callId: "c1", link: "https://media.uiscom.ru/1/2?t=a&b", isTemporary: true, holder: job())
        #expect(t.last?.bodyText == "cmd=record&callid=c1&record_link=https%3A%2F%2Fmedia.uiscom.ru%2F1%2F2%3Ft%3Da%26b&is_temp=1&planfix_token=303cb962ac59075b964b07152d234b70")
        try await c.record(callId: "c1", link: "https://l", holder: job())
        #expect(t.last?.bodyText.contains("is_temp") == false)
    }

    @Test func contactAcceptsNumberOrStringResponsibleAndMissingContact() async throws {
        let t = ScriptedTransport(json: #"{"contact_name":"Иванов Иван Иванович","responsible":103}"#,
                                  #"{"contact_name":"Петров","responsible":"104"}"#,
                                  #"{"contact_name":"Сидоров"}"#,
                                  #"{}"#)
        let c = client(t)
        #expect(try await c.contact(phone: "79101234567", callId: "c1", holder: job()) == PlanfixCallerInfo(name: "Иванов Иван Иванович", responsibleExtension: "103"))
        #expect(t.last?.bodyText == "cmd=contact&phone=79101234567&callid=c1&planfix_token=303cb962ac59075b964b07152d234b70")
        #expect(try await c.contact(phone: "1", holder: job())?.responsibleExtension == "104")
        #expect(try await c.contact(phone: "1", holder: job()) == PlanfixCallerInfo(name: "Сидоров", responsibleExtension: nil))
        #expect(try await c.contact(phone: "1", holder: job()) == nil)
        #expect(PlanfixTelephonyClient.parseContact([]) == nil)
    }

    @Test func pingReturnsTheSavedPBXSettings() async throws {
        let t = ScriptedTransport(json: #"{"pbxToken":"value","pbxUrl":"https://domain.com/path"}"#)
        let ping = try await client(t).ping(holder: job())
        #expect(ping == PlanfixTelephonyPing(pbxURL: "https://domain.com/path", pbxToken: "value"))
        #expect(t.last?.bodyText == "cmd=ping&planfix_token=303cb962ac59075b964b07152d234b70")
    }
}
