/// One problem found in a tenant settings document, with the path of the offending value
/// (`telephony.incoming.templates.title: unknown parameter {{foo}}`). The path is empty for the whole document.
public struct SettingsIssue: Sendable, Hashable, CustomStringConvertible, Error {
    public let path: String
    public let message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// Thrown by `TenantSettings.init(from:)` when a document has problems; carries every one of them.
public struct SettingsDocumentError: Error, Sendable, CustomStringConvertible {
    public let issues: [SettingsIssue]
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// Collects issues while a document is read. A class so nested readers share it; used on one thread only.
final class SettingsIssueSink {
    var issues: [SettingsIssue] = []
    func add(_ path: String, _ message: String) { issues.append(SettingsIssue(path: path, message: message)) }
}
