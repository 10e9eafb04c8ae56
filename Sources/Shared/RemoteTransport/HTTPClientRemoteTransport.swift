import Foundation

/// The transport the workers use: the fleet's `HTTPClient` (its own keep-alive HTTP/1.1 for `http://`, such as
/// the sandbox; URLSession for `https://`, such as real Planfix and UIS).
public struct HTTPClientRemoteTransport: RemoteTransport {
    public let client: HTTPClient

    public init(client: HTTPClient = .shared) { self.client = client }

    public func send(method: String, url: URL, headers: [(String, String)], body: [UInt8], timeout: Duration,
                     sendBy: ContinuousClock.Instant?) async throws -> RemoteAnswer {
        do {
            return try await client.execute(HTTPClientRequest(method: method, url: url, headers: headers, body: body, timeout: timeout,
                                                              sendBy: sendBy))
        } catch let error as HTTPClientError {
            // HTTPClientError messages never carry query strings or header values.
            throw RemoteTransportError(error.description, missedSendWindow: error.isSendWindowMissed)
        }
    }
}
