import Foundation

/// One tenant's Planfix REST v2 client: builds the JSON requests, sends them through `RemoteCallGuard` (pause,
/// breaker, 1 request/s budget, classification) and parses the answers into typed structs.
///
/// Every method takes `holder`, the job id that spends the rate budget. How it fails: everything but success
/// is a `JobFailure` thrown by the guard (credentials → deferred and the tenant paused, code 22 → deferred until
/// the quota resets, validation/not found → permanent, network/5xx → transient); a success whose body does not
/// have the expected shape is `planfix-rest-unexpected-answer` (transient). The token is registered with
/// `SecretRedactor` and only ever sent in the `Authorization` header, never put into messages.
public struct PlanfixClient: Sendable {
    /// The base URL is e.g. `https://acme.planfix.ru/rest/`; any base works (the sandbox uses
    /// `http://127.0.0.1:P/planfix/acme/rest/`).
    public var endpoint: RemoteEndpoint
    public var tenant: String { endpoint.tenant }
    public var baseURL: URL { endpoint.url }

    public init(tenant: String, baseURL: URL, token: String, budget: RateBudget = .planfixREST, callGuard: RemoteCallGuard,
                transport: any RemoteTransport = HTTPClientRemoteTransport(), timeout: Duration = .seconds(30)) {
        endpoint = RemoteEndpoint(tenant: tenant, api: .planfixREST, url: baseURL, token: token, budget: budget, callGuard: callGuard,
                                  transport: transport, timeout: timeout)
    }

    /// `GET /ping`: checks the URL and the token.
    public func ping(holder: String) async throws {
        _ = try await send("GET", "ping", holder: holder)
    }

    // MARK: - Plumbing shared by the extensions

    /// The classifier used for every call: the shared Planfix one, except that an empty 2xx body (a queued
    /// update, HTTP 202) is a success (`PlanfixAssumptions.emptyUpdateAnswerIsSuccess`).
    static func classify(status: Int, body: [UInt8], retryAfter: String?) -> RemoteOutcome {
        if PlanfixAssumptions.emptyUpdateAnswerIsSuccess, (200..<300).contains(status),
           body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return .success
        }
        return RemoteOutcome.planfixREST(status: status, body: body, retryAfter: retryAfter)
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    /// Encodes a request body (cannot fail for the fleet's request types).
    static func body(_ value: some Encodable) throws -> [UInt8] { Array(try encoder.encode(value)) }

    /// `path` is relative to the base URL, e.g. `contact/list` or `task/12`.
    func url(_ path: String, query: [(String, String)]) throws -> URL {
        var text = baseURL.absoluteString
        if !text.hasSuffix("/") { text += "/" }
        text += path
        if !query.isEmpty {
            text += "?" + query.map { "\(Self.queryEscape($0.0))=\(Self.queryEscape($0.1))" }.joined(separator: "&")
        }
        guard let url = URL(string: text) else {
            throw JobFailure.permanent("planfix-rest: cannot build a URL for \(path)", errorClass: "planfix-rest-config")
        }
        return url
    }

    static func queryEscape(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~,")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    /// Sends one request through the guard. - Returns: the successful answer.
    func send(_ method: String, _ path: String, query: [(String, String)] = [], body: [UInt8]? = nil,
              holder: String) async throws -> RemoteAnswer {
        let url = try url(path, query: query)
        let headers = [("Authorization", "Bearer \(endpoint.token)"), ("Accept", "application/json")]
            + (body != nil ? [("Content-Type", "application/json")] : [])
        return try await endpoint.send(method, url: url, headers: headers, body: body ?? [], holder: holder, classify: Self.classify)
    }

    /// `POST` with a JSON body, decoding the answer as `T`.
    func post<T: Decodable>(_ path: String, _ body: some Encodable, query: [(String, String)] = [], as type: T.Type,
                            holder: String) async throws -> (T, RemoteAnswer) {
        let answer = try await send("POST", path, query: query, body: try Self.body(body), holder: holder)
        return (try decode(answer, as: type, what: "POST \(path)"), answer)
    }

    /// `GET`, decoding the answer as `T`.
    func get<T: Decodable>(_ path: String, query: [(String, String)] = [], as type: T.Type, holder: String) async throws -> T {
        let answer = try await send("GET", path, query: query, holder: holder)
        return try decode(answer, as: type, what: "GET \(path)")
    }

    func decode<T: Decodable>(_ answer: RemoteAnswer, as type: T.Type, what: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(answer.body))
        } catch {
            throw JobFailure.transient("planfix-rest: unexpected answer to \(what) (HTTP \(answer.status)): \(RemoteOutcome.bodySnippet(answer.body))",
                                       errorClass: "planfix-rest-unexpected-answer")
        }
    }

    /// The update result of a `POST /task/{id}` or `/contact/{id}` answer: 202 = queued; `failures` = warnings.
    func updateResult(_ answer: RemoteAnswer) -> PlanfixUpdateResult {
        let failures = (try? JSONDecoder().decode(PlanfixFailuresAnswer.self, from: Data(answer.body)))?.failures ?? []
        return PlanfixUpdateResult(queued: answer.status == 202, failures: failures)
    }

    /// Reads every page of a list call (pageSize 100) until a page comes back shorter.
    func allPages<Item>(maxPages: Int = 1000, _ page: (_ offset: Int) async throws -> [Item]) async throws -> [Item] {
        var items: [Item] = []
        for index in 0..<maxPages {
            let batch = try await page(index * PlanfixAssumptions.pageSize)
            items += batch
            if batch.count < PlanfixAssumptions.pageSize { break }
        }
        return items
    }
}
