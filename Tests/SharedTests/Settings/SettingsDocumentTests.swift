import Foundation
import Testing
@testable import Shared

@Suite struct SettingsDocumentTests {
    @Test func exampleDocumentIsValidAndComplete() throws {
        let settings = try TenantSettings.parse(SettingsFixtures.exampleData()).get()
        #expect(settings.telephony.enabled && settings.telephony.incoming.personalManager)
        #expect(settings.telephony.incoming.responsibles.rules.count == 2)
        #expect(settings.telephony.incoming.fields.count == 4)
        #expect(settings.chats.trigger == .tagSet("Целевой"))
        #expect(settings.deals.amountFieldType == .number && settings.deals.amountFieldId == 120)
        #expect(settings.employees.planfixUserIds == [3, 5, 8, 12] && !settings.employees.syncAll)
        #expect(settings.telephony.outgoing.filter == FilterSetting(enabled: true, rule: nil))
        #expect(settings.leads.templates[.leadTaskTitle]?.contains("{{site}}") == true)
    }

    @Test func roundTripsThroughCodable() throws {
        let settings = try TenantSettings.parse(SettingsFixtures.exampleData()).get()
        let data = try JSONEncoder().encode(settings)
        let again = try JSONDecoder().decode(TenantSettings.self, from: data)
        #expect(again == settings)
        #expect(settings.validate().isEmpty)
    }

    @Test func emptyObjectIsAValidAllOffDocumentButVersionIsRequired() {
        #expect(SettingsFixtures.issues(.object(["version": 1])).isEmpty)
        #expect(SettingsFixtures.issues(.object([:])) == ["version: missing required key"])
        #expect(SettingsFixtures.issues(.object(["version": 2])) == ["version: unsupported version 2 (expected 1)"])
    }

    @Test func redactedHidesEverySecret() throws {
        let settings = try TenantSettings.parse(SettingsFixtures.exampleData()).get()
        let r = settings.redacted()
        let text = String(decoding: try JSONEncoder().encode(r), as: UTF8.self)
        for secret in ["pf-rest-token-example", "pf-telephony-token-example", "our-pbx-key-example", "uis-data-token-example", "uis-call-token-example"] {
            #expect(!text.contains(secret))
        }
        #expect(r.connection.planfixRestToken == "***" && r.connection.pbxKey == "***")
        #expect(r.connection.planfixRestURL == settings.connection.planfixRestURL, "URLs are not secrets")
        #expect(r.telephony == settings.telephony)
    }

    struct Bad: Sendable, CustomStringConvertible {
        let path: String, value: JSONValue?, expected: [String]
        var description: String { "\(path) = \(String(describing: value))" }
    }

    static let bad: [Bad] = [
        Bad(path: "telephony.incoming.responsibles.rules.1.filter.field", value: "sitee",
            expected: ["telephony.incoming.responsibles.rules[1].filter: unknown field \"sitee\" (expected one of: virtual_number, scenario, site, source, campaign)"]),
        Bad(path: "telephony.incoming.templates.title", value: "Звонок {{foo}} {{caller_number}}",
            expected: ["telephony.incoming.templates.title: unknown parameter {{foo}}"]),
        Bad(path: "leads.templates.contact_name", value: "{{scenario_name}}",
            expected: ["leads.templates.contact_name: unknown parameter {{scenario_name}}"]),
        Bad(path: "telephony.enabled", value: "yes", expected: ["telephony.enabled: expected a boolean, got a string"]),
        Bad(path: "telephony.enabled", value: 1, expected: ["telephony.enabled: expected a boolean, got a number"]),
        Bad(path: "deals.task_object_id", value: true, expected: ["deals.task_object_id: expected an integer, got a boolean"]),
        Bad(path: "telephony.incoming.primary.object_id", value: "17", expected: ["telephony.incoming.primary.object_id: expected an integer, got a string"]),
        Bad(path: "telephony.incoming.primary.object_id", value: 1.5, expected: ["telephony.incoming.primary.object_id: expected an integer, got 1.5"]),
        Bad(path: "leads.responsibles.default", value: -4, expected: ["leads.responsibles.default: expected a positive id, got -4"]),
        Bad(path: "leads.responsibles.default", value: nil, expected: ["leads.responsibles.default: missing required key"]),
        Bad(path: "telephony.incoming.colour", value: "red", expected: ["telephony.incoming.colour: unknown key \"colour\""]),
        Bad(path: "telephony.outgoing.personal_manager", value: true, expected: ["telephony.outgoing.personal_manager: unknown key \"personal_manager\""]),
        Bad(path: "telephony.incoming.templates.contact_name", value: "x", expected: ["telephony.incoming.templates.contact_name: unknown key \"contact_name\""]),
        Bad(path: "deals.amount_field.type", value: "string",
            expected: ["deals.amount_field.type: the deal amount field must be numeric, but field 120 is \"string\""]),
        Bad(path: "deals.amount_field", value: nil, expected: ["deals.amount_field: missing required key (deals are enabled)"]),
        Bad(path: "deals.failure_status_id", value: 3, expected: ["deals.failure_status_id: the failure status must differ from the success status"]),
        Bad(path: "leads.filter.rule", value: .object(["any": []]), expected: ["leads.filter.rule.any: empty OR group"]),
        Bad(path: "telephony.incoming.filter.rule.all.1.any", value: [], expected: ["telephony.incoming.filter.rule.all[1].any: empty OR group"]),
        Bad(path: "chats.responsibles.rules.0.filter", value: .object(["all": []]), expected: ["chats.responsibles.rules[0].filter.all: empty AND group"]),
        Bad(path: "leads.filter.rule", value: .object(["field": "tag", "op": "is", "values": ["x"]]),
            expected: ["leads.filter.rule: field \"tag\" is not offered for lead (expected one of: site, campaign, source, lead_type)"]),
        Bad(path: "leads.filter.rule.values", value: ["a", "b"], expected: ["leads.filter.rule: operator \"is_not\" takes 1 value(s), got 2"]),
        Bad(path: "leads.filter.rule.op", value: "like", expected: ["leads.filter.rule.op: unknown value \"like\" (expected one of: is, is_not, is_one_of, contains, is_empty, is_not_empty)"]),
        Bad(path: "leads.filter.rule.values", value: [1], expected: ["leads.filter.rule.values[0]: expected a string, got a number", "leads.filter.rule: operator \"is_not\" takes 1 value(s), got 0"]),
        Bad(path: "telephony.outgoing.primary.create", value: "task",
            expected: ["telephony.outgoing.primary.create: \"task\" is not offered for this flow (expected one of: client, client_and_order)"]),
        Bad(path: "chats.trigger", value: "tag", expected: ["chats.trigger: unknown value \"tag\" (expected one of: chat_start, chat_end, tag_set)"]),
        Bad(path: "chats.trigger_tag", value: " ", expected: ["chats.trigger_tag: a tag is required when trigger is \"tag_set\""]),
        Bad(path: "telephony.incoming.fields.0.parameter", value: "visitor_email", expected: ["telephony.incoming.fields[0].parameter: unknown parameter \"visitor_email\""]),
        Bad(path: "telephony.incoming.fields.1.directory_entries", value: .object([:]),
            expected: ["telephony.incoming.fields[1].directory_entries: required (non-empty) when directory_lookup is \"value\""]),
        Bad(path: "connection.planfix_rest_url", value: "ftp://x", expected: ["connection.planfix_rest_url: not an http(s) URL"]),
        Bad(path: "connection.planfix_rest_token", value: 12345, expected: ["connection.planfix_rest_token: expected a string, got a number"]),
        Bad(path: "employees.planfix_user_ids", value: [1, "2"], expected: ["employees.planfix_user_ids[1]: expected an integer, got a string"]),
        Bad(path: "telephony.incoming", value: [], expected: ["telephony.incoming: expected an object, got an array"]),
    ]

    @Test(arguments: bad)
    func badDocumentsGetPreciseErrors(_ b: Bad) throws {
        let json = SettingsFixtures.set(try SettingsFixtures.exampleJSON(), b.path, b.value)
        #expect(SettingsFixtures.issues(json) == b.expected)
        #expect(throws: SettingsDocumentError.self) { try JSONDecoder().decode(TenantSettings.self, from: JSONEncoder().encode(json)) }
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        var json = try SettingsFixtures.exampleJSON()
        for b in Self.bad.prefix(6) { json = SettingsFixtures.set(json, b.path, b.value) }
        json = SettingsFixtures.set(json, "deals.amount_field.type", "date")
        let issues = SettingsFixtures.issues(json)
        #expect(issues.count == 6, "\(issues)")
        #expect(issues.contains { $0.hasPrefix("deals.amount_field.type: the deal amount field must be numeric") })
        #expect(issues.contains { $0.hasPrefix("telephony.incoming.responsibles.rules[1].filter: unknown field \"sitee\"") })
    }

    @Test func filterNestingDeeperThanTheLimit() throws {
        var rule: JSONValue = .object(["field": "site", "op": "is_empty"])
        for i in 0..<RuleFilter.maxDepth { rule = .object([i.isMultiple(of: 2) ? "all" : "any": [rule]]) }
        let json = SettingsFixtures.set(try SettingsFixtures.exampleJSON(), "leads.filter.rule", rule)
        let issues = SettingsFixtures.issues(json)
        #expect(issues.count == 1 && issues[0].hasSuffix("filter nesting deeper than 6 levels"), "\(issues)")
        #expect(issues[0].hasPrefix("leads.filter.rule.any[0].all[0]"))
    }

    @Test func hugeDeepOrBrokenJSONIsRefusedWithoutCrashing() throws {
        let deep = Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
        #expect(SettingsFixtures.issues(deep) == ["JSON nesting deeper than 40 levels"])
        let huge = Data(("{\"version\":1,\"x\":\"" + String(repeating: "a", count: 300_000) + "\"}").utf8)
        #expect(SettingsFixtures.issues(huge).first?.contains("over the limit of 262144") == true)
        #expect(SettingsFixtures.issues(Data("{\"version\":1,".utf8)) == ["not valid JSON"])
        #expect(SettingsFixtures.issues(Data()) == ["not valid JSON"])
        #expect(SettingsFixtures.issues(Data("[1,2]".utf8)) == ["expected an object, got an array"])
        #expect(SettingsFixtures.issues(Data("\"[[[[\"".utf8)) == ["expected an object, got a string"], "brackets in strings do not count")
    }
}
