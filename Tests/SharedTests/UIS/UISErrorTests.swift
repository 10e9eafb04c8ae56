import Foundation
import Testing
@testable import Shared

/// The references' UIS JSON-RPC errors, through the clients and a real `RemoteCallGuard`, become the right
/// `JobFailure`, and no message carries the access token.
@Suite struct UISErrorTests {
    let harness: GuardHarness
    init() throws { harness = try GuardHarness() }
    static let token = "uis-secret-token-31337"

    static func error(_ code: Int, _ mnemonic: String, _ message: String, field: String = "null") -> String {
        #"{"jsonrpc":"2.0","id":null,"error":{"code":\#(code),"message":"\#(message)","data":{"mnemonic":"\#(mnemonic)","field":\#(field),"value":null,"params":{},"extended_helper":null,"metadata":{}}}}"#
    }

    static let cases: [(String, JobFailure.Kind, String)] = [
        (error(-32602, "data_type_error", "Data supplied is of wrong type", field: #""contact""#), .permanent, "uis-data-permanent"),
        (error(-32001, "access_token_invalid", "Access token is invalid"), .deferred, "uis-data-credentials"),
        (error(-32003, "ip_not_whitelisted", "IP is not whitelisted"), .deferred, "uis-data-credentials"),
        (error(-32029, "limit_exceeded", "Limit per minute has been exceeded. Value of current limit per minute is 200"), .transient, "uis-data-transient"),
        (error(-32029, "limit_exceeded", "Limit per day has been exceeded. Value of current limit per day is 3500"), .deferred, "uis-data-quota"),
        (error(-32603, "internal_error", "Internal error"), .transient, "uis-data-transient"),
        (error(-32602, "date_interval_limit_reached", "Max value of requested date interval is 3 months"), .permanent, "uis-data-permanent"),
    ]

    @Test(arguments: 0..<cases.count)
    func dataAPIErrorsBecomeTheRightFailure(index: Int) async throws {
        let (body, kind, errorClass) = Self.cases[index]
        let t = ScriptedTransport(json: body)
        let client = UISDataClient(tenant: "t-\(UUID().uuidString.prefix(6))", token: Self.token, budget: GuardHarness.fast,
                                   callGuard: harness.callGuard, transport: t)
        let f = await GuardHarness.failure { _ = try await client.getEmployees(holder: job()) }
        #expect(f?.kind == kind)
        #expect(f?.errorClass == errorClass)
        #expect(f?.message.contains(Self.token) == false)
        #expect(t.requests.first?.url.absoluteString == "https://dataapi.uiscom.ru/v2.0")
    }

    @Test func callAPIBlacklistIsPermanentAndComponentDisabledPauses() async throws {
        let t = ScriptedTransport(json: Self.error(-32002, "contact_in_blacklist", "Contact is in blacklist"),
                                  Self.error(-32008, "component_disabled", "Component is disabled"))
        let client = UISCallClient(tenant: "acme", token: Self.token, budget: GuardHarness.fast, callGuard: harness.callGuard, transport: t)
        let request = UISEmployeeCallRequest(virtualPhoneNumber: "74993720692", contact: "79260000000", employee: .init(id: 25))
        let blacklisted = await GuardHarness.failure { _ = try await client.startEmployeeCall(request, holder: job()) }
        #expect(blacklisted?.kind == .permanent && blacklisted?.errorClass == "uis-call-permanent")
        #expect(blacklisted?.message.contains("contact_in_blacklist") == true)
        let disabled = await GuardHarness.failure { _ = try await client.startEmployeeCall(request, holder: job()) }
        #expect(disabled?.kind == .deferred && disabled?.errorClass == "uis-call-credentials")
        #expect(t.requests.first?.url.absoluteString == "https://callapi.uiscom.ru/v4.0")
    }

    @Test func aSuccessWithAnUnexpectedResultIsTransient() async throws {
        let t = ScriptedTransport(json: #"{"jsonrpc":"2.0","id":"1","result":{"data":{"unexpected":true}}}"#)
        let client = UISCallClient(tenant: "acme", token: Self.token, budget: GuardHarness.fast, callGuard: harness.callGuard, transport: t)
        let f = await GuardHarness.failure {
            _ = try await client.startEmployeeCall(UISEmployeeCallRequest(virtualPhoneNumber: "1", contact: "2", employee: .init(id: 3)), holder: job())
        }
        #expect(f?.kind == .transient && f?.errorClass == "uis-call-unexpected-answer")
    }
}
