import Testing
@testable import Shared

/// Real answers from the references (planfix-api.md §1.4 and §2.3, uis-api.md §1.4) to the outcome the job gets.
@Suite struct RemoteOutcomeTests {
    func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test func planfixSuccessShapes() {
        #expect(RemoteOutcome.planfixREST(status: 201, body: bytes(#"{"result":"success","id":123}"#)) == .success)
        #expect(RemoteOutcome.planfixREST(status: 200, body: bytes(#"{"result":"success","task":{"id":1}}"#)) == .success)
        #expect(RemoteOutcome.planfixREST(status: 200, body: bytes(#"{"failures":[{"field":"counterparty","error":"Field change failed"}]}"#)) == .success)
    }

    @Test(arguments: [
        (401, #"{"result":"fail","code":1,"error":"Access denied, unknown token"}"#, "credentials"),
        (401, #"{"result":"fail","code":2,"error":"token inactive"}"#, "credentials"),
        (405, #"{"result":"fail","code":5,"error":"Scope denied, method not allowed"}"#, "credentials"),
        (400, #"{"result":"fail","code":22,"error":"Daily limit"}"#, "quota"),
        (400, #"{"result":"fail","code":41,"error":"Status not find by id 2"}"#, "permanent"),
        (404, #"{"result":"fail","code":1000,"error":"Task for update not found by id 1"}"#, "permanent"),
        (404, #"{"result":"fail","code":2000,"error":"Contact not found"}"#, "permanent"),
        (500, #"{"result":"fail","code":0,"error":"Rest API error"}"#, "transient"),
        (500, #"{"result":"fail","code":30,"error":"invalid JSON"}"#, "permanent"),
        (503, #"{"result":"fail","code":99999,"error":"new"}"#, "transient"),
        (400, #"{"result":"failure","message":"odd shape","code":"41"}"#, "permanent"),
        (502, "<html><body>Bad Gateway</body></html>", "transient"),
        (429, "", "transient"),
        (404, "<html>Not Found</html>", "permanent"),
        (200, #"{"result":"succ"#, "transient"),
        (403, "Forbidden", "credentials"),
    ])
    func planfixErrors(_ status: Int, _ body: String, _ expected: String) {
        #expect(kind(RemoteOutcome.planfixREST(status: status, body: bytes(body))) == expected)
    }

    @Test func retryAfterAndQuotaWaits() {
        #expect(RemoteOutcome.planfixREST(status: 429, body: [], retryAfter: "7") == .transient(reason: "Planfix answered 429: (empty body)", retryAfter: .seconds(7)))
        guard case let .quotaExhausted(_, wait) = RemoteOutcome.planfixREST(status: 400, body: bytes(#"{"result":"fail","code":22,"error":""}"#)) else {
            Issue.record("code 22 is a quota"); return
        }
        #expect(wait == RemoteOutcome.defaultQuotaWait)
    }

    @Test(arguments: [
        (200, "", "success"),
        (400, #"{"error":"Invalid parameters"}"#, "permanent"),
        (401, #"{"error":"Invalid token"}"#, "credentials"),
        (502, "", "transient"),
    ])
    func planfixTelephony(_ status: Int, _ body: String, _ expected: String) {
        #expect(kind(RemoteOutcome.planfixTelephony(status: status, body: bytes(body))) == expected)
    }

    @Test(arguments: [
        (#"{"jsonrpc":"2.0","id":"1","result":{"data":[],"metadata":{"limits":{"day_limit":3500,"day_remaining":3319}}}}"#, "success"),
        (#"{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Access token has been expired","data":{"mnemonic":"access_token_expired"}}}"#, "credentials"),
        (#"{"jsonrpc":"2.0","id":1,"error":{"code":-32003,"message":"IP","data":{"mnemonic":"ip_not_whitelisted"}}}"#, "credentials"),
        (#"{"jsonrpc":"2.0","id":1,"error":{"code":-32008,"message":"Component","data":{"mnemonic":"component_disabled"}}}"#, "credentials"),
        (#"{"jsonrpc":"2.0","id":1,"error":{"code":-32029,"message":"Limit per minute has been exceeded. Value of current limit per minute is 200","data":{"mnemonic":"limit_exceeded"}}}"#, "transient"),
        (#"{"jsonrpc":"2.0","id":1,"error":{"code":-32029,"message":"Limit per day has been exceeded. Value of current limit per day is 3500","data":{"mnemonic":"limit_exceeded"}}}"#, "quota"),
        (#"{"jsonrpc":"2.0","id":null,"error":{"code":-32602,"message":"Data supplied is of wrong type","data":{"mnemonic":"data_type_error","field":"contact","value":"номер"}}}"#, "permanent"),
        (#"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"not found","data":{"mnemonic":"entity_not_found"}}}"#, "permanent"),
        (#"{"jsonrpc":"2.0","id":1,"error":{"code":-32603,"message":"Internal error","data":{"mnemonic":"internal_error"}}}"#, "transient"),
        (#"{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method","data":{"mnemonic":"method_not_found"}}}"#, "permanent"),
        ("<html>502 Bad Gateway</html>", "transient"),  // a 200 we cannot read: unknown whether it took effect
    ])
    func uisAnswers(_ body: String, _ expected: String) {
        #expect(kind(RemoteOutcome.uis(status: 200, body: bytes(body))) == expected, "\(body)")
    }

    @Test func uisHTTPFailuresWithoutJSONRPC() {
        #expect(kind(RemoteOutcome.uis(status: 502, body: bytes("<html>Bad Gateway</html>"))) == "transient")
        #expect(kind(RemoteOutcome.uis(status: 200, body: bytes("{\"jsonrpc\":\"2.0\",\"res"))) == "transient")
    }

    @Test func outcomesBecomeTheRightJobFailures() {
        #expect(RemoteOutcome.success.jobFailure(api: .planfixREST) == nil)
        #expect(RemoteOutcome.transient(reason: "x", retryAfter: nil).jobFailure(api: .uisData)?.kind == .transient)
        #expect(RemoteOutcome.quotaExhausted(reason: "x", resetIn: .seconds(5)).jobFailure(api: .planfixREST)?.kind == .deferred)
        #expect(RemoteOutcome.permanent(reason: "x", code: "c").jobFailure(api: .planfixREST)?.kind == .permanent)
        let credentials = RemoteOutcome.credentials(reason: "x").jobFailure(api: .planfixREST, pauseFor: .seconds(42))
        #expect(credentials?.kind == .deferred)
        #expect(credentials?.delay == .seconds(42))
    }

    @Test func errorTextNeverCarriesSecrets() {
        SecretRedactor.shared.register("tok-SECRET-123456")
        let outcome = RemoteOutcome.planfixREST(status: 502, body: bytes("proxy error for Bearer tok-SECRET-123456"))
        #expect(!"\(outcome)".contains("tok-SECRET-123456"))
    }

    private func kind(_ o: RemoteOutcome) -> String {
        switch o {
        case .success: return "success"
        case .transient: return "transient"
        case .quotaExhausted: return "quota"
        case .permanent: return "permanent"
        case .credentials: return "credentials"
        }
    }
}
