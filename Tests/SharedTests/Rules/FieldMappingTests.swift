import Testing
@testable import Shared

@Suite struct FieldMappingTests {
    static func convert(_ raw: String, _ type: CustomFieldType, lookup: FieldMapping.DirectoryLookup = .byId,
                        entries: [String: Int] = [:]) -> JSONValue? {
        let m = FieldMapping(parameter: "site", target: .task, fieldId: 101, type: type, directoryLookup: lookup, directoryEntries: entries)
        return try? FieldValueConverter.convert(raw, m).get()
    }

    @Test(arguments: [
        ("  shop.example.ru ", CustomFieldType.string, JSONValue.string("shop.example.ru")),
        ("a\nb<c>", .string, .string("a bc")),
        ("154", .number, .number(154)),
        ("1 234,50", .number, .number(1234.5)),
        ("-3.5e2", .number, .number(-350)),
        ("да", .checkbox, .bool(true)),
        ("true", .checkbox, .bool(true)),
        ("0", .checkbox, .bool(false)),
        ("Нет", .checkbox, .bool(false)),
        ("2019-12-16 14:40:47.234", .date, .object(["date": "16-12-2019"])),
        ("16.12.2019", .date, .object(["date": "16-12-2019"])),
        ("2019-12-16 14:40:47.234", .dateTime, .object(["date": "16-12-2019", "time": "14:40"])),
        ("2024-02-29T09:05:00", .dateTime, .object(["date": "29-02-2024", "time": "09:05"])),
        ("16-12-2019", .dateTime, .object(["date": "16-12-2019", "time": "00:00"])),
        ("42", .directoryEntry, .object(["id": 42])),
    ])
    func converts(_ raw: String, _ type: CustomFieldType, _ expected: JSONValue) {
        #expect(Self.convert(raw, type) == expected)
    }

    @Test(arguments: [
        ("abc", CustomFieldType.number), ("12abc", .number), ("nan", .number), ("inf", .number), ("", .number),
        ("может быть", .checkbox),
        ("2019-02-30", .date), ("2019-13-01", .date), ("вчера", .date), ("16.12.2019 25:00", .dateTime),
        ("Яндекс", .directoryEntry), ("-3", .directoryEntry),
    ])
    func rejectsUnconvertible(_ raw: String, _ type: CustomFieldType) {
        #expect(Self.convert(raw, type) == nil)
    }

    @Test func directoryByValue() {
        let entries = ["Яндекс Директ": 3, "Google Ads": 4]
        #expect(Self.convert("яндекс  директ", .directoryEntry, lookup: .byValue, entries: entries) == .object(["id": 3]))
        #expect(Self.convert("VK", .directoryEntry, lookup: .byValue, entries: entries) == nil)
    }

    @Test func onlyOnCreateVersusAlwaysUpdate() {
        let mappings = [
            FieldMapping(parameter: "site", target: .contact, fieldId: 1, type: .string),
            FieldMapping(parameter: "duration", target: .task, fieldId: 2, type: .number, mode: .always),
            FieldMapping(parameter: "campaign", target: .task, fieldId: 3, type: .number, mode: .always),
            FieldMapping(parameter: "source", target: .task, fieldId: 4, type: .string, mode: .always),
        ]
        let event = RuleEvent(flow: .incomingCall, parameters: ["site": "a.ru", "duration": "154", "campaign": "Весна"])
        let created = FieldMapping.writes(mappings, for: event, isCreation: true)
        #expect(created.writes.map(\.fieldId) == [1, 2], "missing source is skipped silently")
        #expect(created.problems.map(\.fieldId) == [3], "a non-numeric campaign is reported, not sent")
        #expect(created.problems.first?.description.contains("is not a number") == true)
        let repeated = FieldMapping.writes(mappings, for: event, isCreation: false)
        #expect(repeated.writes.map(\.fieldId) == [2], "only «Обновлять всегда» mappings on repeat communications")
        #expect(repeated.writes.first?.customFieldData == .object(["field": .object(["id": 2]), "value": .number(154)]))
    }
}
