/// One «Ответственные» rule: when the filter matches, the Planfix employee `employeeId` is responsible.
public struct ResponsibleRule: Sendable, Hashable {
    public var filter: RuleFilter
    public var employeeId: Int

    public init(filter: RuleFilter, employeeId: Int) {
        self.filter = filter
        self.employeeId = employeeId
    }
}

/// Who is responsible for what a flow creates: a default responsible plus filter rules, first match wins.
///
/// Order: the personal manager (when `usePersonalManager` is on and the event carries
/// `RuleEvent.personalManagerKey`), then the first matching rule, then the default. Any chosen employee who is
/// not in the synced employee mapping (`knownEmployees`) is replaced by the default responsible, as the
/// article prescribes for unsynced employees. How it fails: a rule that is not applicable to the flow throws
/// (`RulesEngineError`); a missing default gives `employeeId == nil` and the caller leaves the task unassigned.
public struct ResponsibleSettings: Sendable, Hashable {
    public var defaultEmployeeId: Int?
    public var rules: [ResponsibleRule]

    public init(defaultEmployeeId: Int? = nil, rules: [ResponsibleRule] = []) {
        self.defaultEmployeeId = defaultEmployeeId
        self.rules = rules
    }

    public enum Reason: String, Sendable, Hashable {
        case personalManager, rule, defaultResponsible, unsyncedFallback
    }

    public struct Decision: Sendable, Hashable {
        public let employeeId: Int?
        public let reason: Reason
        /// Index of the matching rule when `reason` is `.rule` (or the fallback replaced a rule's employee).
        public let ruleIndex: Int?
    }

    public func resolve(_ event: RuleEvent, usePersonalManager: Bool, knownEmployees: Set<Int>) throws -> Decision {
        func checked(_ id: Int, _ reason: Reason, _ index: Int?) -> Decision {
            knownEmployees.contains(id)
                ? Decision(employeeId: id, reason: reason, ruleIndex: index)
                : Decision(employeeId: defaultEmployeeId, reason: .unsyncedFallback, ruleIndex: index)
        }
        if usePersonalManager, let raw = event.value(RuleEvent.personalManagerKey), let id = Int(raw) {
            return checked(id, .personalManager, nil)
        }
        for (index, rule) in rules.enumerated() where try rule.filter.evaluate(event) {
            return checked(rule.employeeId, .rule, index)
        }
        return Decision(employeeId: defaultEmployeeId, reason: .defaultResponsible, ruleIndex: nil)
    }
}
