import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Shared

/// The benchmark's HTTP job: POST `{"name":"Call <id>","id":"<id>"}` to `TEST_HTTP_URL` with a bearer header,
/// the same request Sidekiq's anchor job makes.
final class BenchmarkHTTPPoster: Sendable {
    private let url: URL
    private let session: URLSession

    init(url: String) throws {
        guard let u = URL(string: url) else { throw ConfigurationError("TEST_HTTP_URL is not a URL") }
        self.url = u
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 64
        session = URLSession(configuration: configuration)
    }

    func post(id: String) async throws {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer x", forHTTPHeaderField: "Authorization")
        request.httpBody = Data("{\"name\":\"Call \(id)\",\"id\":\"\(id)\"}".utf8)
        let (_, response) = try await session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status < 300 else { throw JobFailure.transient("endpoint answered \(status)") }
    }
}
