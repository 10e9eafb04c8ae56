import Testing
@testable import Shared

/// When a chat fires its tenant's trigger, decided on the record (status, tags), and what the poller still queues.
struct ChatTriggerDecisionTests {
    static func chat(_ status: String?, tags: [String] = []) -> TextCommunication {
        var c = TextCommunication(flow: .chat, communicationId: 1, recordId: 10)
        c.status = status
        c.addTags(tags)
        return c
    }

    @Test func chatStartFiresWhateverTheStatus() {
        for status in ["new", "active", "succeed", nil] {
            #expect(ChatTriggerDecision.decide(.chatStart, Self.chat(status)) == .fire)
        }
    }

    @Test func chatEndWaitsForATerminalStatus() {
        #expect(ChatTriggerDecision.decide(.chatEnd, Self.chat("new")) == .wait)
        #expect(ChatTriggerDecision.decide(.chatEnd, Self.chat("active")) == .wait)
        #expect(ChatTriggerDecision.decide(.chatEnd, Self.chat("weird")) == .wait, "an unknown status is open")
        for status in ["lost", "succeed", "refused", "SUCCEED"] {
            #expect(ChatTriggerDecision.decide(.chatEnd, Self.chat(status)) == .fire)
        }
    }

    @Test func aTagTriggerFiresOnTheTagWhenEverItIsSetIgnoringCase() {
        let trigger = ChatTrigger.tagSet("Целевой")
        #expect(ChatTriggerDecision.decide(trigger, Self.chat("active", tags: ["Вопрос"])) == .wait)
        #expect(ChatTriggerDecision.decide(trigger, Self.chat("succeed")) == .wait)
        #expect(ChatTriggerDecision.decide(trigger, Self.chat("succeed", tags: ["Вопрос", " целевой "])) == .fire, "after the chat ended")
        #expect(ChatTriggerDecision.canFireLater(trigger, Self.chat("succeed")), "a tag may come after the end")
        #expect(!ChatTriggerDecision.canFireLater(.chatEnd, Self.chat("succeed")))
        #expect(ChatTriggerDecision.canFireLater(.chatEnd, Self.chat("active")))
    }

    @Test func leadsAlwaysFire() {
        let lead = TextCommunication(flow: .lead, communicationId: 2, recordId: 20)
        #expect(ChatTriggerDecision.decide(.tagSet("x"), lead) == .fire)
        #expect(ChatTriggerDecision.decide(.chatEnd, lead) == .fire)
        #expect(lead.isEnded)
    }

    @Test func thePollerQueuesOnlyWhatHasWorkLeft() {
        var state = TextCommunicationState()
        #expect(!TextCommunicationQueue.hasWork(Self.chat("active"), state: nil, trigger: .chatEnd), "not yet")
        #expect(TextCommunicationQueue.hasWork(Self.chat("succeed"), state: nil, trigger: .chatEnd))
        state.outcome = .processed
        state.taskId = 5
        #expect(!TextCommunicationQueue.hasWork(Self.chat("active"), state: state, trigger: .chatStart), "tasked, transcript waits for the end")
        #expect(TextCommunicationQueue.hasWork(Self.chat("succeed"), state: state, trigger: .chatStart), "ended: the transcript is due")
        state.transcriptAdded = true
        #expect(!TextCommunicationQueue.hasWork(Self.chat("succeed"), state: state, trigger: .chatStart))
        var skipped = TextCommunicationState()
        skipped.outcome = .skippedWithoutContactData
        #expect(!TextCommunicationQueue.hasWork(Self.chat("succeed"), state: skipped, trigger: .chatEnd))
        #expect(TextCommunicationQueue.deduplicationKey(tenant: "t", Self.chat("succeed", tags: ["B", "a"]))
                == TextCommunicationQueue.deduplicationKey(tenant: "t", Self.chat("succeed", tags: ["A", "b"])))
        #expect(TextCommunicationQueue.deduplicationKey(tenant: "t", Self.chat("succeed")) != TextCommunicationQueue.deduplicationKey(tenant: "t", Self.chat("active")))
    }
}
