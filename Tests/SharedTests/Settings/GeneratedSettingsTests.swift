import Foundation
import Testing
@testable import Shared

@Suite struct GeneratedSettingsTests {
    /// Random settings; with `sloppy` some parts are invalid (foreign filter fields, empty groups, unknown
    /// template parameters, choices the flow does not offer, a non-numeric amount field, missing defaults).
    static func randomSettings(_ rng: inout RulesRandom, sloppy: Bool) -> TenantSettings {
        var s = TenantSettings()
        s.telephony.enabled = rng.chance(0.8)
        s.connection.planfixRestURL = rng.pick([nil, "https://a.planfix.ru/rest/", sloppy && rng.chance(0.1) ? "nope" : nil])
        s.connection.planfixRestToken = rng.chance(0.5) ? "secret-\(rng.int(1...9))" : nil
        func flow(_ f: RuleFlow) -> FlowSettings {
            var fs = FlowSettings(flow: f)
            fs.enabled = rng.chance(0.8)
            fs.filter = FilterSetting(enabled: rng.chance(0.6), rule: rng.chance(0.7) ? rng.filter(f, valid: !(sloppy && rng.chance(0.3))) : nil)
            let choices = sloppy && rng.chance(0.1) ? CreationChoice.allCases : CreationChoice.allowed(in: f)
            fs.primary = CreationRule(create: rng.pick(choices), objectId: rng.chance(0.5) ? rng.int(1...50) : nil)
            fs.repeated = CreationRule(create: rng.pick(choices), templateId: rng.chance(0.3) ? rng.int(1...50) : nil)
            let defaultId: Int? = sloppy && rng.chance(0.1) ? nil : rng.int(1...5)
            fs.responsibles = ResponsibleSettings(defaultEmployeeId: defaultId, rules: (0..<rng.int(0...3)).map { _ in
                ResponsibleRule(filter: rng.filter(f, valid: !(sloppy && rng.chance(0.2))), employeeId: rng.int(1...8))
            })
            fs.personalManager = f == .incomingCall && rng.chance(0.5)
            for (_, slot) in FlowSettings.slots(f) where rng.chance(0.7) {
                fs.templates[slot] = rng.template(f, valid: !(sloppy && rng.chance(0.3)))
            }
            let params = Array(f.catalogue.keys).sorted() + (sloppy ? ["nope"] : [])
            fs.fields = (0..<rng.int(0...3)).map { i in
                let type = rng.pick(CustomFieldType.allCases)
                let byValue = type == .directoryEntry && rng.chance(0.5)
                return FieldMapping(parameter: rng.pick(params), target: rng.pick(FieldMapping.Target.allCases), fieldId: 100 + i, type: type,
                                    mode: rng.pick(FieldMapping.Mode.allCases), directoryLookup: byValue ? .byValue : .byId,
                                    directoryEntries: byValue && !(sloppy && rng.chance(0.3)) ? ["a.ru": 1, "Весна": 2] : [:])
            }
            return fs
        }
        s.telephony.incoming = flow(.incomingCall)
        s.telephony.outgoing = flow(.outgoingCall)
        s.leads = flow(.lead)
        s.chats.flow = flow(.chat)
        s.chats.trigger = rng.pick([.chatStart, .chatEnd, .tagSet("Целевой")])
        s.chats.passWithoutContactData = rng.chance(0.5)
        if rng.chance(0.5) {
            s.deals.enabled = true
            s.deals.taskObjectId = 7
            s.deals.successStatusId = 3
            s.deals.failureStatusId = 4
            s.deals.amountFieldId = 120
            s.deals.amountFieldType = sloppy && rng.chance(0.2) ? rng.pick(CustomFieldType.allCases) : .number
        }
        return s
    }

    /// Runs every flow's rules on sample and random events; throws if the engine cannot apply the settings.
    static func applyEverywhere(_ s: TenantSettings, _ rng: inout RulesRandom) throws {
        for flow in RuleFlow.allCases {
            for event in [SampleEvents.event(for: flow), rng.event(flow), RuleEvent(flow: flow, parameters: [:])] {
                for isRepeat in [false, true] {
                    let d = try s.decide(event, isRepeat: isRepeat, isLost: rng.chance(0.3), knownEmployees: [1, 2, 3])
                    if let t = d.taskTitle { #expect(!t.isEmpty && t.count <= 200) }
                }
            }
        }
    }

    @Test(arguments: [21, 22, 23] as [UInt64])
    func validatorNeverAcceptsWhatTheEngineCannotApply(_ seed: UInt64) throws {
        var rng = RulesRandom(seed: seed)
        var valid = 0, invalid = 0, engineRefused = 0
        for _ in 0..<100 {
            let s = Self.randomSettings(&rng, sloppy: rng.chance(0.5))
            let data = try JSONEncoder().encode(s.json)
            switch TenantSettings.parse(data) {
            case let .success(parsed):
                valid += 1
                #expect(parsed == s, "what is written reads back unchanged")
                try Self.applyEverywhere(parsed, &rng)
            case let .failure(e):
                invalid += 1
                #expect(!e.issues.isEmpty && e.issues.allSatisfy { !$0.path.isEmpty })
                do { try Self.applyEverywhere(s, &rng) } catch { engineRefused += 1 }
            }
        }
        #expect(valid > 20 && invalid > 20, "both kinds generated: \(valid) valid, \(invalid) invalid")
        #expect(engineRefused > 0, "some rejected documents are ones the engine would indeed refuse")
    }

    @Test(arguments: [31, 32] as [UInt64])
    func mutatedDocumentsNeverCrashTheParser(_ seed: UInt64) throws {
        var rng = RulesRandom(seed: seed)
        let original = try SettingsFixtures.exampleData()
        let json = try SettingsFixtures.exampleJSON()
        let paths = ["telephony.enabled", "telephony.incoming.filter.rule", "telephony.incoming.responsibles.rules.0.filter",
                     "leads.templates.title", "chats.trigger", "deals.amount_field", "telephony.incoming.fields.1", "employees",
                     "telephony.outgoing.primary.create", "leads.filter.rule.values", "connection", "version"]
        let junk: [JSONValue] = [.null, true, 1, 1.5, -7, "x", "{{foo}}", [], [1, "a"], .object([:]), .object(["all": []]),
                                 .object(["field": "tag", "op": "is", "values": ["x"]]), 1e300]
        var accepted = 0
        for _ in 0..<200 {
            var bytes = [UInt8](original)
            if rng.chance(0.5) {
                for _ in 0..<rng.int(1...4) {
                    let i = rng.int(0...(bytes.count - 1))
                    switch rng.int(0...2) {
                    case 0: bytes[i] = UInt8(truncatingIfNeeded: rng.next())
                    case 1: bytes.remove(at: i)
                    default: bytes.insert(rng.pick(Array("{}[]\",:0 ".utf8)), at: i)
                    }
                }
            } else {
                var doc = json
                for _ in 0..<rng.int(1...3) { doc = SettingsFixtures.set(doc, rng.pick(paths), rng.chance(0.2) ? nil : rng.pick(junk)) }
                bytes = [UInt8](try JSONEncoder().encode(doc))
            }
            if case let .success(s) = TenantSettings.parse(Data(bytes)) {
                accepted += 1
                try Self.applyEverywhere(s, &rng)
            }
        }
        #expect(accepted > 0 && accepted < 200)
    }
}
