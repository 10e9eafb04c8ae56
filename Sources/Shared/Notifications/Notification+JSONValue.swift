/// The notifications as `JSONValue` trees built directly, the same trees `JSONValue(encoding:)` makes from their
/// `Codable` form (a test compares the two, so a new field cannot be forgotten here unnoticed) without its
/// `JSONEncoder` + `JSONDecoder` round trip, which was a quarter of the ingest's CPU per event.
extension CallNotification.Phone {
    var jsonValue: JSONValue {
        var o: [String: JSONValue] = ["raw": .string(raw)]
        o["e164"] = e164.map(JSONValue.string)
        o["extensionNumber"] = extensionNumber.map(JSONValue.string)
        return .object(o)
    }
}

private func number(_ n: Int64?) -> JSONValue? { n.map { .number(Double($0)) } }
private func text(_ s: String?) -> JSONValue? { s.map(JSONValue.string) }
private func numbers(_ list: [Int64]) -> JSONValue { .array(list.map { .number(Double($0)) }) }
private func texts(_ list: [String]) -> JSONValue { .array(list.map(JSONValue.string)) }

extension CallNotification {
    public var jsonValue: JSONValue {
        var o: [String: JSONValue] = [
            "payloadVersion": .number(Double(payloadVersion)), "type": .string(type.rawValue), "callSessionId": .number(Double(callSessionId)),
            "employeeIds": numbers(employeeIds), "legIds": numbers(legIds), "tagIds": numbers(tagIds), "tagNames": texts(tagNames),
        ]
        o["notificationName"] = text(notificationName)
        o["notificationMnemonic"] = text(notificationMnemonic)
        o["notificationTimeRaw"] = text(notificationTimeRaw)
        o["notificationTimeMs"] = number(notificationTimeMs)
        o["direction"] = text(direction?.rawValue)
        o["directionRaw"] = text(directionRaw)
        o["virtualNumber"] = virtualNumber?.jsonValue
        o["contactNumber"] = contactNumber?.jsonValue
        o["employeeId"] = number(employeeId)
        o["employeeName"] = text(employeeName)
        o["employeePhone"] = employeePhone?.jsonValue
        o["lastTalkedEmployeeId"] = number(lastTalkedEmployeeId)
        o["legId"] = number(legId)
        o["scenarioName"] = text(scenarioName)
        o["callSource"] = text(callSource)
        o["communicationNumber"] = text(communicationNumber)
        o["communicationId"] = text(communicationId)
        o["contactId"] = number(contactId)
        o["contactName"] = text(contactName)
        o["regionName"] = text(regionName)
        o["talkDuration"] = number(talkDuration)
        o["totalDuration"] = number(totalDuration)
        o["waitDuration"] = number(waitDuration)
        o["fileLink"] = text(fileLink)
        o["fileDuration"] = number(fileDuration)
        o["externalId"] = text(externalId)
        o["isTransfer"] = isTransfer.map(JSONValue.bool)
        return .object(o)
    }
}

extension TextNotification {
    public var jsonValue: JSONValue {
        var o: [String: JSONValue] = [
            "payloadVersion": .number(Double(payloadVersion)), "type": .string(type.rawValue), "flow": .string(flow.rawValue),
            "communicationId": .number(Double(communicationId)), "tagIds": numbers(tagIds), "tagNames": texts(tagNames),
        ]
        o["notificationName"] = text(notificationName)
        o["notificationMnemonic"] = text(notificationMnemonic)
        o["notificationTimeRaw"] = text(notificationTimeRaw)
        o["notificationTimeMs"] = number(notificationTimeMs)
        o["communicationTypeRaw"] = text(communicationTypeRaw)
        o["communicationNumber"] = number(communicationNumber)
        o["visitorId"] = number(visitorId)
        o["visitorName"] = text(visitorName)
        o["visitorPhone"] = visitorPhone?.jsonValue
        o["contactPhone"] = contactPhone?.jsonValue
        o["visitorEmail"] = text(visitorEmail)
        o["chatChannelName"] = text(chatChannelName)
        o["chatChannelType"] = text(chatChannelType)
        o["formName"] = text(formName)
        o["formType"] = text(formType)
        o["leadText"] = text(leadText)
        o["siteDomainName"] = text(siteDomainName)
        o["campaignName"] = text(campaignName)
        o["sourceName"] = text(sourceName)
        o["utmSource"] = text(utmSource)
        o["utmMedium"] = text(utmMedium)
        o["utmCampaign"] = text(utmCampaign)
        o["utmTerm"] = text(utmTerm)
        o["utmContent"] = text(utmContent)
        o["employeeId"] = number(employeeId)
        o["employeeName"] = text(employeeName)
        return .object(o)
    }
}
