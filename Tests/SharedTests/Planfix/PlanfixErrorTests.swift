import Foundation
import Testing
@testable import Shared

/// The references' real Planfix error bodies, through the clients and a real `RemoteCallGuard`, become the
/// right `JobFailure` — and no message carries the token.
@Suite struct PlanfixErrorTests {
    let harness: GuardHarness
    init() throws { harness = try GuardHarness() }
    static let token = "pf-secret-token-987654"

    func rest(_ answer: RemoteAnswer) -> (PlanfixClient, ScriptedTransport) {
        let t = ScriptedTransport([answer])
        return (PlanfixClient(tenant: "t-\(UUID().uuidString.prefix(6))", baseURL: URL(string: "https://acme.planfix.ru/rest/")!, token: Self.token,
                              budget: GuardHarness.fast, callGuard: harness.callGuard, transport: t), t)
    }

    static func answer(_ status: Int, _ body: String) -> RemoteAnswer { RemoteAnswer(status: status, body: Array(body.utf8)) }

    static let restCases: [(RemoteAnswer, JobFailure.Kind, String)] = [
        (answer(401, #"{"result":"fail","code":1,"error":"Access denied, unknown token"}"#), .deferred, "planfix-rest-credentials"),
        (answer(405, #"{"result":"fail","code":5,"error":"Scope denied, method not allowed"}"#), .deferred, "planfix-rest-credentials"),
        (answer(400, #"{"result":"fail","code":41,"error":"Status not find by id 2"}"#), .permanent, "planfix-rest-permanent"),
        (answer(404, #"{"result":"fail","code":1000,"error":"Task for update not found by id 1"}"#), .permanent, "planfix-rest-permanent"),
        (answer(400, #"{"result":"fail","code":2001,"error":"Rest API error"}"#), .permanent, "planfix-rest-permanent"),
        (answer(400, #"{"result":"fail","code":22,"error":"Daily limit"}"#), .deferred, "planfix-rest-quota"),
        (answer(500, #"{"result":"fail","code":0,"error":"Rest API error"}"#), .transient, "planfix-rest-transient"),
        (answer(502, "<html>Bad gateway</html>"), .transient, "planfix-rest-transient"),
    ]

    @Test(arguments: 0..<restCases.count)
    func restErrorBodiesBecomeTheRightFailure(index: Int) async throws {
        let (answer, kind, errorClass) = Self.restCases[index]
        let (client, transport) = rest(answer)
        let f = await GuardHarness.failure { _ = try await client.createTask(TaskDraft(kind: .template(1), name: "x"), holder: job()) }
        #expect(f?.kind == kind)
        #expect(f?.errorClass == errorClass)
        #expect(f?.message.contains(Self.token) == false)
        #expect(transport.requests.count == 1)
    }

    @Test func noAnswerIsTransient() async throws {
        let t = ScriptedTransport { _ in throw RemoteTransportError("connection refused") }
        let client = PlanfixClient(tenant: "acme", baseURL: URL(string: "https://acme.planfix.ru/rest/")!, token: Self.token,
                                   budget: GuardHarness.fast, callGuard: harness.callGuard, transport: t)
        let f = await GuardHarness.failure { try await client.ping(holder: job()) }
        #expect(f?.kind == .transient)
        #expect(f?.errorClass == "planfix-rest-transient")
    }

    func telephony(_ answer: RemoteAnswer) -> PlanfixTelephonyClient {
        PlanfixTelephonyClient(tenant: "t-\(UUID().uuidString.prefix(6))", url: URL(string: "https://acme.planfix.ru/tel/api")!,
                               token: Self.token, budget: GuardHarness.fast, callGuard: harness.callGuard, transport: ScriptedTransport([answer]))
    }

    @Test func telephonyInvalidTokenPausesAndInvalidParametersIsPermanent() async throws {
        let event = PlanfixCallEvent(direction: .incoming, kind: .incoming, phone: "79101234567", ext: "101", callId: "c1")
        let refused = await GuardHarness.failure { try await telephony(Self.answer(401, #"{"error":"Invalid token"}"#)).event(event, holder: job()) }
        #expect(refused?.kind == .deferred)
        #expect(refused?.errorClass == "planfix-tel-credentials")
        #expect(refused?.message.contains(Self.token) == false)
        let invalid = await GuardHarness.failure { try await telephony(Self.answer(400, #"{"error":"Invalid parameters"}"#)).event(event, holder: job()) }
        #expect(invalid?.kind == .permanent)
        #expect(invalid?.errorClass == "planfix-tel-permanent")
        #expect(invalid?.message.contains("Invalid parameters") == true)
        let down = await GuardHarness.failure { try await telephony(Self.answer(503, "")).event(event, holder: job()) }
        #expect(down?.kind == .transient)
    }
}
