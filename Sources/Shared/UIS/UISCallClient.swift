import Foundation

/// One tenant's UIS Call API v4.0 client (JSON-RPC 2.0, default `https://callapi.uiscom.ru/v4.0`): click-to-call
/// with `start.employee_call` (uis-api.md §3.2).
///
/// How it fails: `JobFailure` from the guard — `-32002` direction rules/blacklist and `employee_not_found`,
/// `no_active_phone_number`, `virtual_phone_number_not_found` are permanent; `component_disabled` and key
/// errors pause the tenant (credentials); `limit_exceeded` waits. The Call API has its own points budget.
public struct UISCallClient: Sendable {
    public static let defaultURL = URL(string: "https://callapi.uiscom.ru/v4.0")!
    let endpoint: UISRPCEndpoint

    public init(tenant: String, token: String, url: URL = UISCallClient.defaultURL, budget: RateBudget = .uisCall,
                callGuard: RemoteCallGuard, transport: any RemoteTransport = HTTPClientRemoteTransport(), timeout: Duration = .seconds(30)) {
        endpoint = UISRPCEndpoint(tenant: tenant, api: .uisCall, url: url, token: token, budget: budget, callGuard: callGuard,
                                  transport: transport, timeout: timeout)
    }

    /// `start.employee_call`. - Returns: the new call's `call_session_id` (and the Call API limits).
    public func startEmployeeCall(_ request: UISEmployeeCallRequest, holder: String) async throws -> UISResponse<Int> {
        let r = try await endpoint.call("start.employee_call", params: request, as: UISCallSession.self, holder: holder)
        return UISResponse(data: r.data.callSessionId, metadata: r.metadata)
    }
}

/// The params of `start.employee_call` (all fields of uis-api.md §3.2).
public struct UISEmployeeCallRequest: Sendable, Equatable, Encodable {
    public enum FirstCall: String, Sendable, Encodable { case employee, contact }
    public enum Direction: String, Sendable, Encodable { case `in`, out }
    public struct Employee: Sendable, Equatable, Encodable {
        public var id: Int
        /// Optional: SIP, extension or E.164 of one of the employee's active numbers.
        public var phoneNumber: String?
        public init(id: Int, phoneNumber: String? = nil) {
            self.id = id
            self.phoneNumber = phoneNumber
        }
    }
    public struct Message: Sendable, Equatable, Encodable {
        public enum Kind: String, Sendable, Encodable { case media, tts }
        public var type: Kind
        public var value: String
        public init(type: Kind, value: String) {
            self.type = type
            self.value = value
        }
    }

    public var firstCall: FirstCall
    /// Our number shown to the contact (E.164 digits; not an 800 number).
    public var virtualPhoneNumber: String
    /// The client's number (E.164 digits) or an employee's SIP number; not an extension.
    public var contact: String
    public var employee: Employee
    public var showVirtualPhoneNumber: Bool?
    public var direction: Direction?
    /// Correlation id; comes back as `call_api_external_id` in reports.
    public var externalId: String?
    public var switchAtOnce: Bool?
    /// Requires `firstCall == .employee` and `switchAtOnce == true`.
    public var earlySwitching: Bool?
    public var mediaFileId: Int?
    public var dtmfString: String?
    public var contactMessage: Message?
    public var employeeMessage: Message?

    public init(firstCall: FirstCall = .employee, virtualPhoneNumber: String, contact: String, employee: Employee,
                externalId: String? = nil, direction: Direction? = nil, showVirtualPhoneNumber: Bool? = nil, switchAtOnce: Bool? = nil) {
        self.firstCall = firstCall
        self.virtualPhoneNumber = virtualPhoneNumber
        self.contact = contact
        self.employee = employee
        self.externalId = externalId
        self.direction = direction
        self.showVirtualPhoneNumber = showVirtualPhoneNumber
        self.switchAtOnce = switchAtOnce
    }
}

struct UISCallSession: Decodable { var callSessionId: Int }
