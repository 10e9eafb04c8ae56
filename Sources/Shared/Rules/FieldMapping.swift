import Foundation

/// The Planfix custom field types a mapping can write, and which Planfix type ids they stand for
/// (0/2/8 line/text/list, 1 number, 3 date, 5 date and time, 9 directory entry, 7 checkbox).
public enum CustomFieldType: String, Sendable, Hashable, CaseIterable, Codable {
    case string, number, date
    case dateTime = "date_time"
    case directoryEntry = "directory_entry"
    case checkbox
}

/// «Дополнительные поля»: one event parameter written into a Planfix contact or task custom field.
///
/// Why it exists: customers map UIS data (source, campaign, ...) onto their own Planfix fields, and Planfix
/// wants a type-specific value shape. How it fails: a value that cannot be converted to the field's type
/// is reported as a `FieldMappingProblem` and not sent; a missing value is skipped silently.
public struct FieldMapping: Sendable, Hashable {
    public enum Target: String, Sendable, Hashable, CaseIterable, Codable { case contact, task }
    public enum Mode: String, Sendable, Hashable, CaseIterable, Codable {
        /// Default: only when the contact/task is created (primary communications).
        case onCreate = "on_create"
        /// «Обновлять всегда»: also on repeat communications.
        case always
    }
    /// For directory fields: the event value is the entry id, or a text looked up in `directoryEntries`.
    public enum DirectoryLookup: String, Sendable, Hashable, CaseIterable, Codable { case byId = "id", byValue = "value" }

    public var parameter: String
    public var target: Target
    public var fieldId: Int
    public var type: CustomFieldType
    public var mode: Mode
    public var directoryLookup: DirectoryLookup
    /// Entry text (compared case-insensitively) → Planfix directory entry id, for `directoryLookup == .byValue`.
    public var directoryEntries: [String: Int]

    public init(parameter: String, target: Target, fieldId: Int, type: CustomFieldType, mode: Mode = .onCreate,
                directoryLookup: DirectoryLookup = .byId, directoryEntries: [String: Int] = [:]) {
        self.parameter = parameter
        self.target = target
        self.fieldId = fieldId
        self.type = type
        self.mode = mode
        self.directoryLookup = directoryLookup
        self.directoryEntries = directoryEntries
    }
}

/// One value ready for Planfix: `customFieldData` item `{"field":{"id":N},"value":…}`.
public struct FieldWrite: Sendable, Equatable {
    public let target: FieldMapping.Target
    public let fieldId: Int
    public let value: JSONValue

    public var customFieldData: JSONValue { .object(["field": .object(["id": .number(Double(fieldId))]), "value": value]) }
}

/// A mapped value that could not be converted; reported to the tenant's admin, never sent.
public struct FieldMappingProblem: Sendable, Hashable, CustomStringConvertible {
    public let fieldId: Int
    public let parameter: String
    public let reason: String
    public var description: String { "field \(fieldId) from {{\(parameter)}}: \(reason)" }
}

extension FieldMapping {
    /// The writes for an event. `isCreation` is true when the contact/task is being created (primary);
    /// otherwise only `.always` mappings apply.
    public static func writes(_ mappings: [FieldMapping], for event: RuleEvent, isCreation: Bool)
        -> (writes: [FieldWrite], problems: [FieldMappingProblem]) {
        var writes: [FieldWrite] = []
        var problems: [FieldMappingProblem] = []
        for m in mappings where isCreation || m.mode == .always {
            guard let raw = event.value(m.parameter) else { continue }
            switch FieldValueConverter.convert(raw, m) {
            case let .success(v): writes.append(FieldWrite(target: m.target, fieldId: m.fieldId, value: v))
            case let .failure(e): problems.append(FieldMappingProblem(fieldId: m.fieldId, parameter: m.parameter, reason: e.reason))
            }
        }
        return (writes, problems)
    }
}
