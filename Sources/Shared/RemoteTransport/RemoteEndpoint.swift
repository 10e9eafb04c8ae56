import Foundation

/// One tenant's connection to one remote API: where it is, the secret it needs, the budget it spends, and the
/// guard and transport its requests go through. Every client (Planfix REST, Planfix telephony, UIS Data, UIS
/// Call) holds one, so the path of a request is written once.
///
/// The token is registered with `SecretRedactor` when the endpoint is made and travels only in what is sent.
public struct RemoteEndpoint: Sendable {
    public let tenant: String
    public let api: RemoteAPI
    public let url: URL
    public let budget: RateBudget
    public var timeout: Duration
    let token: String
    let callGuard: RemoteCallGuard
    let transport: any RemoteTransport

    public init(tenant: String, api: RemoteAPI, url: URL, token: String, budget: RateBudget, callGuard: RemoteCallGuard,
                transport: any RemoteTransport, timeout: Duration) {
        self.tenant = tenant
        self.api = api
        self.url = url
        self.token = token
        self.budget = budget
        self.callGuard = callGuard
        self.transport = transport
        self.timeout = timeout
        SecretRedactor.shared.register(token)
    }

    /// Sends one request through the guard. - Returns: the answer when it was a success (else the guard throws
    /// the `JobFailure`).
    /// - Parameter url: the request URL when it is not the endpoint's own (a REST path under it).
    func send(_ method: String, url: URL? = nil, headers: [(String, String)], body: [UInt8], holder: String,
              classify: @escaping @Sendable (Int, [UInt8], String?) -> RemoteOutcome) async throws -> RemoteAnswer {
        let target = url ?? self.url, transport = transport, timeout = timeout
        return try await callGuard.perform(tenant: tenant, api: api, budget: budget, holder: holder, classify: classify) { sendBy in
            try await transport.send(method: method, url: target, headers: headers, body: body, timeout: timeout, sendBy: sendBy)
        }
    }
}
