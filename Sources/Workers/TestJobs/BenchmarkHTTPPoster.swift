import Foundation
import Shared

/// The benchmark's HTTP job: POST `{"name":"Call <id>","id":"<id>"}` to `TEST_HTTP_URL` with a bearer header,
/// the same request Sidekiq's anchor job makes, through the fleet's shared `HTTPClient` (its keep-alive
/// HTTP/1.1 transport for http://, URLSession for https://).
final class BenchmarkHTTPPoster: Sendable {
    private let url: URL
    private let client: HTTPClient

    init(url: String, client: HTTPClient = .shared) throws {
        guard let u = URL(string: url) else { throw ConfigurationError("TEST_HTTP_URL is not a URL") }
        self.url = u
        self.client = client
    }

    func post(id: String) async throws {
        let request = HTTPClientRequest(method: "POST", url: url,
                                        headers: [("Content-Type", "application/json"), ("Authorization", "Bearer x")],
                                        body: Array("{\"name\":\"Call \(id)\",\"id\":\"\(id)\"}".utf8), timeout: .seconds(10))
        let response = try await client.execute(request)
        guard response.status < 300 else { throw JobFailure.transient("endpoint answered \(response.status)") }
    }
}
