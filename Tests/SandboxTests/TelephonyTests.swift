import Testing
import SandboxCore

@Suite("Planfix telephony") struct TelephonyTests {
    @Test func newPhoneCreatesContactAndLogsCall() async throws {
        let f = try SandboxFixture(); defer { f.stop() }
        let ev = try await f.tel([("cmd", "event"), ("type", "in"), ("event", "INCOMING"), ("phone", "79105550011"), ("ext", "101"),
                                  ("callid", "C-1"), ("planfix_token", "fast-tel")])
        #expect(ev.status == 200)
        #expect(ev.body.isEmpty)
        let done = try await f.tel([("cmd", "event"), ("type", "in"), ("event", "COMPLETED"), ("phone", "79105550011"), ("ext", "101"),
                                    ("callid", "C-1"), ("status", "Success"), ("duration", "42"), ("is_recorded", "0"), ("planfix_token", "fast-tel")])
        #expect(done.status == 200)
        let state = try await f.admin("GET", "/state?tenant=fast")
        let contacts = state.json["planfix"]?["contacts"]?.arrayValue ?? []
        let created = contacts.filter { Phone.numbers(of: $0.objectValue ?? [:]) == ["79105550011"] }
        #expect(created.count == 1)
        #expect(state.json["planfix"]?["calls"]?[0]?["events"]?.arrayValue?.count == 2)
        #expect(state.json["planfix"]?["calls"]?[0]?["status"] == "Success")
        let ledger = try await SandboxHTTPClient.send(port: f.port, "GET", "/_admin/ledger?tenant=fast&api=planfix-tel")
        #expect(ledger.text.split(separator: "\n").filter { $0.contains("\"contact.created\"") }.count == 1)
        let rec = try await f.tel([("cmd", "record"), ("callid", "C-1"), ("record_link", "https://rec/1.mp3"), ("planfix_token", "fast-tel")])
        #expect(rec.status == 200)
    }

    @Test func contactLookupPingAndErrors() async throws {
        let f = try SandboxFixture(); defer { f.stop() }
        let found = try await f.tel([("cmd", "contact"), ("phone", "89161112233"), ("planfix_token", "fast-tel")])
        #expect(found.json == ["contact_name": "Смирнова Анна", "responsible": 102])
        let unknown = try await f.tel([("cmd", "contact"), ("phone", "79990000000"), ("planfix_token", "fast-tel")])
        #expect(unknown.status == 200)
        #expect(unknown.json["contact_name"] == nil)
        let ping = try await f.tel([("cmd", "ping"), ("planfix_token", "tel-token")], account: "acme")
        #expect(ping.json == ["pbxToken": "pbx-key", "pbxUrl": "https://fleet.example/pbx"])
        let badToken = try await f.tel([("cmd", "ping"), ("planfix_token", "nope")])
        #expect(badToken.status == 401)
        #expect(badToken.json == ["error": "Invalid token"])
        let badEvent = try await f.tel([("cmd", "event"), ("type", "sideways"), ("event", "INCOMING"), ("phone", "7910"),
                                        ("callid", "x"), ("planfix_token", "fast-tel")])
        #expect(badEvent.status == 400)
        #expect(badEvent.json == ["error": "Invalid parameters"])
        let badStatus = try await f.tel([("cmd", "event"), ("type", "in"), ("event", "COMPLETED"), ("phone", "79105550011"),
                                         ("callid", "x"), ("status", "Busy"), ("planfix_token", "fast-tel")])
        #expect(badStatus.status == 400)
        let garbage = try await SandboxHTTPClient.send(port: f.port, "POST", "/planfix/fast/tel/api", body: Array("cmd=%zz".utf8))
        #expect(garbage.status == 400)
    }
}
