/// The JSON-RPC 2.0 envelope of the UIS Data API and Call API (UIS §1.1, §1.3, §1.4): parsing the request
/// (no batches, no notifications, `jsonrpc` must be "2.0") and building `result` / `error` objects with
/// `data.mnemonic`, `field`, `value`, `params`. Malformed input becomes an `RPCError`, never a crash.
public struct RPCError: Error, Sendable {
    public var code: Int
    public var mnemonic: String
    public var message: String
    public var field: String?
    public var value: JSONValue?
    public var params: JSONValue?

    public init(_ code: Int, _ mnemonic: String, message: String? = nil, field: String? = nil, value: JSONValue? = nil,
                params: JSONValue? = nil) {
        self.code = code
        self.mnemonic = mnemonic
        self.message = message ?? SandboxAssumptions.uisMessages[mnemonic] ?? mnemonic
        self.field = field
        self.value = value
        self.params = params
    }

    static func missing(_ field: String) -> RPCError { RPCError(-32602, "required_parameter_missed", field: field) }
    static func wrongType(_ field: String, _ value: JSONValue) -> RPCError {
        RPCError(-32602, "data_type_error", message: "Data supplied is of wrong type", field: field, value: value)
    }
    static func invalid(_ field: String, _ value: JSONValue?) -> RPCError { RPCError(-32602, "invalid_parameter_value", field: field, value: value) }
    static func create(_ mnemonic: String, _ field: String?, _ value: JSONValue?) -> RPCError {
        RPCError(SandboxAssumptions.uisCreateErrorCode, mnemonic, field: field, value: value)
    }
}

public struct RPCRequest: Sendable {
    public var id: JSONValue
    public var method: String
    public var params: [String: JSONValue]
}

public enum JSONRPC {
    /// Parses the body; on failure returns the id to answer with (null when unknown) and the error.
    public static func parse(_ bytes: [UInt8]) -> Result<RPCRequest, RPCFailure> {
        guard bytes.count <= SandboxAssumptions.maxBodyBytes else {
            return .failure(RPCFailure(id: .null, error: RPCError(-32600, "invalid_request", message: "Request is too large")))
        }
        let doc: JSONValue
        do { doc = try JSONParser.parse(bytes) } catch { return .failure(RPCFailure(id: .null, error: RPCError(-32700, "parse_error"))) }
        if doc.arrayValue != nil { return .failure(RPCFailure(id: .null, error: RPCError(-32099, "batch_opreations_not_supported"))) }
        guard case .object(let o) = doc else { return .failure(RPCFailure(id: .null, error: RPCError(-32600, "invalid_request"))) }
        let id = o["id"] ?? .null
        guard o["id"] != nil else { return .failure(RPCFailure(id: .null, error: RPCError(-32099, "notifications_not_supported"))) }
        guard id.stringValue != nil || id.intValue != nil else {
            return .failure(RPCFailure(id: .null, error: RPCError(-32600, "invalid_request", field: "id", value: id)))
        }
        guard o["jsonrpc"]?.stringValue == "2.0" else {
            return .failure(RPCFailure(id: id, error: RPCError(-32600, "invalid_request", field: "jsonrpc", value: o["jsonrpc"])))
        }
        guard let method = o["method"]?.stringValue else {
            return .failure(RPCFailure(id: id, error: RPCError(-32600, "invalid_request", field: "method", value: o["method"])))
        }
        let params = o["params"] ?? [:]
        guard case .object(let p) = params else { return .failure(RPCFailure(id: id, error: .wrongType("params", params))) }
        return .success(RPCRequest(id: id, method: method, params: p))
    }

    public static func error(id: JSONValue, _ e: RPCError) -> JSONValue {
        let data: JSONValue = ["mnemonic": .string(e.mnemonic), "field": .optional(e.field), "value": e.value ?? .null,
                               "params": e.params ?? [:], "extended_helper": .null, "metadata": [:]]
        return ["jsonrpc": "2.0", "id": id, "error": ["code": JSONValue(e.code), "message": .string(e.message), "data": data]]
    }

    public static func result(id: JSONValue, data: JSONValue, metadata: JSONValue) -> JSONValue {
        ["jsonrpc": "2.0", "id": id, "result": ["data": data, "metadata": metadata]]
    }
}

public struct RPCFailure: Error, Sendable {
    public var id: JSONValue
    public var error: RPCError
}
