import Foundation
@testable import Shared

/// Helpers for settings tests: the example document and a JSON path editor.
enum SettingsFixtures {
    static var exampleURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("settings/tenant.example.json")
    }

    static func exampleData() throws -> Data { try Data(contentsOf: exampleURL) }
    static func exampleJSON() throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: exampleData()) }

    /// Sets (or with nil removes) the value at a path like "telephony.incoming.responsibles.rules.1.filter".
    static func set(_ json: JSONValue, _ path: String, _ value: JSONValue?) -> JSONValue {
        edit(json, path.split(separator: ".").map(String.init)[...], value)
    }

    private static func edit(_ json: JSONValue, _ path: ArraySlice<String>, _ value: JSONValue?) -> JSONValue {
        guard let head = path.first else { return value ?? .null }
        switch json {
        case var .object(o):
            if path.count == 1, value == nil { o[head] = nil } else { o[head] = edit(o[head] ?? .object([:]), path.dropFirst(), value) }
            return .object(o)
        case var .array(a):
            guard let i = Int(head), a.indices.contains(i) else { return json }
            if path.count == 1, value == nil { a.remove(at: i) } else { a[i] = edit(a[i], path.dropFirst(), value) }
            return .array(a)
        default:
            return json
        }
    }

    static func issues(_ json: JSONValue) -> [String] {
        switch TenantSettings.parse(json) {
        case .success: return []
        case let .failure(e): return e.issues.map(\.description)
        }
    }

    static func issues(_ data: Data) -> [String] {
        switch TenantSettings.parse(data) {
        case .success: return []
        case let .failure(e): return e.issues.map(\.description)
        }
    }
}
