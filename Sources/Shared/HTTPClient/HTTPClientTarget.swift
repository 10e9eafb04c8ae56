import Foundation

/// What the client takes from a request URL: scheme, host and port (the pool key), the
/// request-target to send and a log-safe description.
///
/// Parsed from `url.absoluteString` so the path and query go out exactly as the caller encoded
/// them. Throws `invalidURL` for anything but an absolute http(s) URL with a host, a valid port and
/// no user info (credentials belong in an Authorization header, where they are never logged).
struct HTTPClientTarget: Sendable, Hashable {
    let isHTTPS: Bool
    /// Host name or address, IPv6 without brackets.
    let host: String
    let port: Int
    /// "/path?query" as sent on the request line.
    let requestTarget: String
    /// "host" or "host:port" (brackets kept for IPv6), for the Host field.
    let hostHeader: String
    /// "http://host:port/path": no query, no user info, safe for logs and error messages.
    let safeDescription: String

    init(_ url: URL) throws(HTTPClientError) {
        let text = url.absoluteString
        guard let schemeEnd = text.range(of: "://") else {
            throw .invalidURL("not an absolute http(s) URL")
        }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw .invalidURL("unsupported scheme '\(scheme.prefix(16))'")
        }
        isHTTPS = scheme == "https"
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard !authority.contains("@") else {
            throw .invalidURL("user info in URLs is not supported; send an Authorization header")
        }
        var hostPart = Substring(authority)
        var portText: Substring = ""
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else { throw .invalidURL("bad IPv6 host") }
            let after = hostPart[hostPart.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { throw .invalidURL("bad host") }
            hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
        } else if let colon = hostPart.lastIndex(of: ":") {
            portText = hostPart[hostPart.index(after: colon)...]
            hostPart = hostPart[..<colon]
        }
        guard !hostPart.isEmpty, hostPart.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .invalidURL("URL has no valid host")
        }
        let defaultPort = isHTTPS ? 443 : 80
        if portText.isEmpty {
            port = defaultPort
        } else {
            guard portText.utf8.count <= 5, portText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let value = Int(portText), (1...65535).contains(value) else {
                throw .invalidURL("bad port in URL")
            }
            port = value
        }
        host = String(hostPart)
        let bracketed = host.contains(":") ? "[\(host)]" : host
        hostHeader = port == defaultPort ? bracketed : "\(bracketed):\(port)"

        var pathAndQuery = rest[authorityEnd...]
        if let hash = pathAndQuery.firstIndex(of: "#") { pathAndQuery = pathAndQuery[..<hash] }
        guard pathAndQuery.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .invalidURL("URL path contains spaces or control characters")
        }
        requestTarget = pathAndQuery.hasPrefix("/") ? String(pathAndQuery) : "/" + pathAndQuery
        let path = requestTarget.prefix { $0 != "?" }
        safeDescription = "\(scheme)://\(bracketed):\(port)\(path)"
    }
}
