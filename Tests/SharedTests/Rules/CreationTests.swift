import Testing
@testable import Shared

@Suite struct CreationTests {
    @Test func choicesPerFlowFollowTheArticle() {
        #expect(CreationChoice.allowed(in: .incomingCall) == [.nothing, .task])
        #expect(CreationChoice.allowed(in: .outgoingCall) == [.client, .clientAndOrder])
        #expect(CreationChoice.allowed(in: .lead) == [.contact, .contactAndTask, .nothing])
        #expect(CreationChoice.allowed(in: .chat) == [.contact, .contactAndTask, .nothing])
        for flow in RuleFlow.allCases { #expect(CreationChoice.allowed(in: flow).contains(.defaultChoice(for: flow))) }
    }

    @Test(arguments: [
        (CreationChoice.nothing, false, false), (.task, true, false), (.client, false, true),
        (.clientAndOrder, true, true), (.contact, false, true), (.contactAndTask, true, true),
    ])
    func whatEachChoiceCreates(_ c: CreationChoice, _ task: Bool, _ contact: Bool) {
        #expect(c.createsTask == task)
        #expect(c.createsContact == contact)
    }

    @Test func chatTriggers() {
        #expect(ChatTrigger.chatStart.fires(on: .chatStart))
        #expect(!ChatTrigger.chatStart.fires(on: .chatEnd))
        #expect(ChatTrigger.chatEnd.fires(on: .chatEnd))
        #expect(ChatTrigger.tagSet("Целевой").fires(on: .tagSet, tag: " целевой "))
        #expect(!ChatTrigger.tagSet("Целевой").fires(on: .tagSet, tag: "Спам"))
        #expect(!ChatTrigger.tagSet("Целевой").fires(on: .tagSet))
        #expect(!ChatTrigger.tagSet("Целевой").fires(on: .chatEnd, tag: "Целевой"))
    }

    static func settings() -> TenantSettings {
        var s = TenantSettings()
        s.telephony.enabled = true
        s.telephony.incoming.primary = CreationRule(create: .task, objectId: 7)
        s.telephony.incoming.repeated = CreationRule(create: .nothing)
        s.telephony.incoming.responsibles = ResponsibleSettings(defaultEmployeeId: 1)
        s.telephony.outgoing.primary = CreationRule(create: .clientAndOrder, objectId: 8)
        s.telephony.outgoing.repeated = CreationRule(create: .client)
        s.telephony.outgoing.responsibles = ResponsibleSettings(defaultEmployeeId: 2)
        s.chats.flow.enabled = true
        s.chats.flow.primary = CreationRule(create: .contactAndTask, templateId: 55)
        s.chats.flow.repeated = CreationRule(create: .contact)
        s.chats.flow.responsibles = ResponsibleSettings(defaultEmployeeId: 3)
        return s
    }

    @Test func decideUsesPrimaryAndRepeatChoices() throws {
        let s = Self.settings()
        #expect(s.validate().isEmpty, "\(s.validate())")
        let inc = SampleEvents.event(for: .incomingCall)
        let primary = try s.decide(inc, isRepeat: false, knownEmployees: [1])
        #expect(primary.passes && primary.rule == CreationRule(create: .task, objectId: 7))
        #expect(primary.taskTitle == "Входящий звонок от +79001234567 на +74951234567" && primary.contactName == nil)
        #expect(primary.responsible.employeeId == 1)
        let lost = try s.decide(inc, isRepeat: false, isLost: true, knownEmployees: [1])
        #expect(lost.taskTitle?.hasPrefix("Потерянный звонок") == true)
        let repeatCall = try s.decide(inc, isRepeat: true, knownEmployees: [1])
        #expect(repeatCall.rule.create == .nothing && repeatCall.taskTitle == nil)
        let out = try s.decide(SampleEvents.event(for: .outgoingCall), isRepeat: false, knownEmployees: [2])
        #expect(out.rule.create == .clientAndOrder && out.taskTitle == "Исходящий звонок на +79001234567")
        let chat = try s.decide(SampleEvents.event(for: .chat), isRepeat: false, knownEmployees: [3])
        #expect(chat.rule.templateId == 55 && chat.contactName == "Алексей +79261234567" && chat.taskTitle != nil)
        let chatRepeat = try s.decide(SampleEvents.event(for: .chat), isRepeat: true, knownEmployees: [3])
        #expect(chatRepeat.contactName != nil && chatRepeat.taskTitle == nil)
        let lead = try s.decide(SampleEvents.event(for: .lead), isRepeat: false, knownEmployees: [])
        #expect(!lead.passes, "leads are switched off by default")
    }

    @Test func decideRefusesChoicesTheFlowDoesNotOffer() {
        var s = Self.settings()
        s.telephony.outgoing.primary = CreationRule(create: .task)
        #expect(throws: RulesEngineError.choiceNotAllowed("task", .outgoingCall)) {
            try s.decide(SampleEvents.event(for: .outgoingCall), isRepeat: false, knownEmployees: [])
        }
        #expect(s.validate().map(\.description) == [
            "telephony.outgoing.primary.create: \"task\" is not offered for this flow (expected one of: client, client_and_order)",
        ])
    }

    @Test func telephonySwitchAndFilterGateEverything() throws {
        var s = Self.settings()
        s.telephony.incoming.filter = FilterSetting(enabled: true, rule: .condition(FilterCondition(.site, .is, ["other.ru"])))
        #expect(try !s.decide(SampleEvents.event(for: .incomingCall), isRepeat: false, knownEmployees: [1]).passes)
        s.telephony.incoming.filter.rule = nil
        #expect(try s.decide(SampleEvents.event(for: .incomingCall), isRepeat: false, knownEmployees: [1]).passes)
        s.telephony.enabled = false
        let off = try s.decide(SampleEvents.event(for: .incomingCall), isRepeat: false, knownEmployees: [1])
        #expect(!off.passes && off.taskTitle == nil)
    }
}
