import Foundation

/// The JSON-RPC 2.0 plumbing shared by the UIS Data API and Call API clients (uis-api.md §1): one POST per
/// call with `{"jsonrpc":"2.0","id":<unique>,"method":…,"params":{"access_token":…, …}}`, through
/// `RemoteCallGuard` with the UIS classifier, and the typed decoding of `result.data` and `result.metadata`.
///
/// How it fails: JSON-RPC errors (which arrive with HTTP 200) are classified by `RemoteOutcome.uis` on
/// `data.mnemonic` (credentials → deferred and paused, `limit_exceeded` → transient or deferred to the day
/// reset, validation → permanent); a success whose `result` does not decode is `<api>-unexpected-answer`
/// (transient). The token is only placed in the body and registered with `SecretRedactor`.
struct UISRPCEndpoint: Sendable {
    let endpoint: RemoteEndpoint
    var api: RemoteAPI { endpoint.api }

    init(tenant: String, api: RemoteAPI, url: URL, token: String, budget: RateBudget, callGuard: RemoteCallGuard,
         transport: any RemoteTransport, timeout: Duration) {
        endpoint = RemoteEndpoint(tenant: tenant, api: api, url: url, token: token, budget: budget, callGuard: callGuard,
                                  transport: transport, timeout: timeout)
    }

    static let paramsEncoder: JSONEncoder = {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        return e
    }()
    static let envelopeEncoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()
    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return d
    }()

    /// A request id unique across processes and restarts.
    static func nextID(_ method: String) -> String { "\(method)-\(UUID().uuidString.lowercased())" }

    /// The request body: typed params (camelCase properties become snake_case) plus `access_token`.
    func body(method: String, params: some Encodable, id: String) throws -> [UInt8] {
        var object: [String: JSONValue] = [:]
        let encoded = try JSONDecoder().decode(JSONValue.self, from: Self.paramsEncoder.encode(params))
        if case let .object(fields) = encoded { object = fields }
        object["access_token"] = .string(endpoint.token)
        let envelope: JSONValue = ["jsonrpc": "2.0", "id": .string(id), "method": .string(method), "params": .object(object)]
        return Array(try Self.envelopeEncoder.encode(envelope))
    }

    /// Calls `method` and decodes `result.data` as `R`.
    func call<R: Decodable>(_ method: String, params: some Encodable, as type: R.Type, holder: String) async throws -> UISResponse<R> {
        let body = try body(method: method, params: params, id: Self.nextID(method))
        let headers = [("Content-Type", "application/json; charset=UTF-8"), ("Accept", "application/json")]
        let answer = try await endpoint.send("POST", headers: headers, body: body, holder: holder, classify: RemoteOutcome.uis)
        do {
            let envelope = try Self.decoder.decode(UISEnvelope<R>.self, from: Data(answer.body))
            return UISResponse(data: envelope.result.data, metadata: envelope.result.metadata ?? UISMetadata())
        } catch {
            throw JobFailure.transient("\(api.rawValue): unexpected answer to \(method): \(RemoteOutcome.bodySnippet(answer.body))",
                                       errorClass: "\(api.rawValue)-unexpected-answer")
        }
    }
}

/// `result.metadata.limits`: the points left (uis-api.md §1.3, §1.5).
public struct UISLimits: Sendable, Equatable, Codable {
    public var dayLimit: Int?
    public var dayRemaining: Int?
    /// Seconds until the daily points reset.
    public var dayReset: Int?
    public var minuteLimit: Int?
    public var minuteRemaining: Int?
    public var minuteReset: Int?
}

/// `result.metadata`.
public struct UISMetadata: Sendable, Equatable, Codable {
    public var limits: UISLimits?
    /// `get.*` only: the number of rows matching, for paging.
    public var totalItems: Int?
    public init(limits: UISLimits? = nil, totalItems: Int? = nil) {
        self.limits = limits
        self.totalItems = totalItems
    }
}

/// A decoded success: `result.data` plus the metadata.
public struct UISResponse<R: Sendable>: Sendable {
    public var data: R
    public var metadata: UISMetadata
    public var limits: UISLimits? { metadata.limits }
}

struct UISEnvelope<R: Decodable>: Decodable {
    struct Result: Decodable {
        var data: R
        var metadata: UISMetadata?
    }
    var result: Result
}

/// An object `result.data` whose content is ignored (`{}` from `create.deal_contacts`, `upload.deals_history`).
public struct UISEmpty: Sendable, Equatable, Decodable {}

/// `{"ext_id": "…"}` returned by `create.sales_funnel` and `create.deal_employees`.
public struct UISExtID: Sendable, Equatable, Decodable {
    public var extId: String?
}

/// A string field that UIS documents inconsistently as a number or a string (phones, durations, ids).
public struct UISText: Sendable, Hashable, Codable, CustomStringConvertible {
    public var value: String
    public init(_ value: String) { self.value = value }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) { value = s }
        else if let i = try? c.decode(Int64.self) { value = String(i) }
        else { value = String(try c.decode(Double.self)) }
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }
    public var description: String { value }
}
