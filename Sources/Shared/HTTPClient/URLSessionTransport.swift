import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// The `https://` transport (and, on request, the `http://` one): Foundation's URLSession, the
/// only TLS stack available to the fleet. Converts `HTTPClientRequest`/`HTTPClientResponse` to and
/// from URLRequest/HTTPURLResponse and maps URLError codes to `HTTPClientError` kinds.
///
/// Ephemeral session: no cookies, no cache, no credential store, redirects are not followed (the
/// 3xx is returned, as with the plain transport). The whole-request timeout cancels the task and
/// reports `timeout`. Limits: URLSession reads the body whole before `maxResponseBytes` is checked,
/// merges repeated header fields, and has no separate connect timeout.
final class URLSessionTransport: Sendable {
    private let session: URLSession
    private let maxResponseBytes: Int
    /// Set by `invalidate`; task creation holds it too, since an invalidated session must not be used.
    private let invalidated = Mutex(false)

    init(configuration: HTTPClient.Configuration) {
        let settings = URLSessionConfiguration.ephemeral
        settings.httpCookieStorage = nil
        settings.httpShouldSetCookies = false
        settings.httpCookieAcceptPolicy = .never
        settings.urlCache = nil
        settings.urlCredentialStorage = nil
        settings.requestCachePolicy = .reloadIgnoringLocalCacheData
        settings.httpMaximumConnectionsPerHost = configuration.maxConnectionsPerHost
        session = URLSession(configuration: settings, delegate: URLSessionNoRedirects(), delegateQueue: nil)
        maxResponseBytes = configuration.maxResponseBytes
    }

    func invalidate() {
        invalidated.withLock { $0 = true }
        session.invalidateAndCancel()
    }

    func execute(_ request: HTTPClientRequest, target: HTTPClientTarget) async throws -> HTTPClientResponse {
        let urlRequest = try Self.makeURLRequest(request)
        // URLSession connects and writes on its own threads: the send window is checked as late as this side can.
        if request.missedSendWindow { throw HTTPClientError.sendWindowMissed.about(request.method, target.safeDescription) }
        let state = URLSessionTaskState()
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    let started = invalidated.withLock { invalidated -> Bool in
                        guard !invalidated else { return false }
                        let task = session.dataTask(with: urlRequest) { data, response, error in
                            if let error {
                                continuation.resume(throwing: error)
                            } else if let response {
                                continuation.resume(returning: (data ?? Data(), response))
                            } else {
                                continuation.resume(throwing: URLError(.badServerResponse))
                            }
                        }
                        state.start(task, timeout: request.timeout)
                        return true
                    }
                    if !started { continuation.resume(throwing: HTTPClientError.cancelled("HTTP client was shut down")) }
                }
            } onCancel: {
                state.cancel()
            }
            state.finish()
        } catch {
            state.finish()
            throw Self.map(error, timedOut: state.timedOut, timeout: request.timeout)
                .about(request.method, target.safeDescription)
        }
        guard let http = response as? HTTPURLResponse else {
            throw HTTPClientError.malformedResponse("not an HTTP response").about(request.method, target.safeDescription)
        }
        guard data.count <= maxResponseBytes else {
            throw HTTPClientError.tooLarge("response body larger than \(maxResponseBytes) bytes")
                .about(request.method, target.safeDescription)
        }
        var headers: [(String, String)] = []
        for (name, value) in http.allHeaderFields {
            headers.append((String(describing: name), String(describing: value)))
        }
        return HTTPClientResponse(status: http.statusCode, headers: headers, body: [UInt8](data))
    }

    static func makeURLRequest(_ request: HTTPClientRequest) throws(HTTPClientError) -> URLRequest {
        try HTTPRequestEncoder.validate(request)
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        urlRequest.timeoutInterval = max(0.001, request.timeout.httpClientSeconds)
        urlRequest.cachePolicy = .reloadIgnoringLocalCacheData
        urlRequest.httpShouldHandleCookies = false
        for (name, value) in request.headers where !HTTPRequestEncoder.isFramingField(name) {
            urlRequest.addValue(value, forHTTPHeaderField: name)
        }
        if !request.body.isEmpty { urlRequest.httpBody = Data(request.body) }
        return urlRequest
    }

    /// URLError codes to client error kinds. Never quotes the URLError text (it contains the URL).
    static func map(_ error: any Error, timedOut: Bool, timeout: Duration) -> HTTPClientError {
        if let error = error as? HTTPClientError { return error }
        if timedOut { return .timeout("no complete response within \(timeout)") }
        guard let urlError = error as? URLError else {
            return .connectionClosed("URLSession failed: \(type(of: error))")
        }
        let code = "URLError \(urlError.errorCode)"
        switch urlError.code {
        case .timedOut:
            return .timeout("timed out (\(code))")
        case .cancelled:
            return .cancelled("request cancelled (\(code))")
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet,
             .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateHasUnknownRoot, .serverCertificateNotYetValid, .clientCertificateRejected,
             .clientCertificateRequired, .cannotLoadFromNetwork, .internationalRoamingOff:
            return .connect("cannot connect (\(code))")
        case .networkConnectionLost:
            return .connectionClosed("connection lost (\(code))")
        case .badServerResponse, .cannotParseResponse, .cannotDecodeRawData, .cannotDecodeContentData,
             .httpTooManyRedirects, .redirectToNonExistentLocation, .zeroByteResource:
            return .malformedResponse("invalid response (\(code))")
        case .dataLengthExceedsMaximum:
            return .tooLarge("response too large (\(code))")
        case .badURL, .unsupportedURL:
            return .invalidURL("URL rejected by URLSession (\(code))")
        default:
            return .connectionClosed("request failed (\(code))")
        }
    }
}

/// Declines every redirect so the 3xx answer reaches the caller, as with the plain transport.
private final class URLSessionNoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}

/// The running URLSession task of one request with its timeout timer, cancellable from any thread.
private final class URLSessionTaskState: Sendable {
    /// URLSessionTask and DispatchWorkItem are thread-safe but not marked Sendable on Linux.
    private struct TaskReference: @unchecked Sendable {
        let task: URLSessionDataTask
    }

    private struct TimerReference: @unchecked Sendable {
        let timer: DispatchWorkItem
    }

    private struct State {
        var task: TaskReference?
        var timer: TimerReference?
        var cancelled = false
        var timedOut = false
    }

    private let state = Mutex(State())

    var timedOut: Bool { state.withLock { $0.timedOut } }

    func start(_ task: URLSessionDataTask, timeout: Duration) {
        let timer = DispatchWorkItem { [self] in
            let reference = state.withLock { state -> TaskReference? in
                state.timedOut = true
                return state.task
            }
            reference?.task.cancel()
        }
        let reference = TaskReference(task: task)
        let timerReference = TimerReference(timer: timer)
        let cancelled = state.withLock { state -> Bool in
            state.task = reference
            state.timer = timerReference
            return state.cancelled
        }
        task.resume()
        if cancelled { task.cancel() }
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(clamping: timeout.httpNanoseconds)), execute: timer)
    }

    func cancel() {
        let reference = state.withLock { state -> TaskReference? in
            state.cancelled = true
            return state.task
        }
        reference?.task.cancel()
    }

    func finish() {
        let reference = state.withLock { state -> TimerReference? in
            defer { state.timer = nil; state.task = nil }
            return state.timer
        }
        reference?.timer.cancel()
    }
}

extension Duration {
    /// Seconds as a Double, for Foundation APIs.
    var httpClientSeconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
