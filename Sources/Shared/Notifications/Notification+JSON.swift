/// The notifications write their `Codable` JSON form themselves (`JSONWritable`): the ingest stores one per webhook,
/// and neither `JSONEncoder` nor a `JSONValue` tree in between was cheap enough there. A test decodes the output
/// and compares it with the `Codable` encoding of a fully populated notification, so a new field cannot be
/// forgotten here unnoticed.
extension CallNotification.Phone: JSONWritable {
    public func writeJSON(to w: inout JSONWriter) {
        w.object { o in
            o.string("raw", raw)
            o.string("e164", e164)
            o.string("extensionNumber", extensionNumber)
        }
    }
}

extension CallNotification: JSONWritable {
    public func writeJSON(to w: inout JSONWriter) {
        w.object { o in
            o.int("payloadVersion", Int64(payloadVersion))
            o.string("type", type.rawValue)
            o.int("callSessionId", callSessionId)
            o.string("notificationName", notificationName)
            o.string("notificationMnemonic", notificationMnemonic)
            o.string("notificationTimeRaw", notificationTimeRaw)
            o.int("notificationTimeMs", notificationTimeMs)
            o.string("direction", direction?.rawValue)
            o.string("directionRaw", directionRaw)
            if let virtualNumber { o.value("virtualNumber", virtualNumber) }
            if let contactNumber { o.value("contactNumber", contactNumber) }
            o.int("employeeId", employeeId)
            o.string("employeeName", employeeName)
            if let employeePhone { o.value("employeePhone", employeePhone) }
            o.ints("employeeIds", employeeIds)
            o.int("lastTalkedEmployeeId", lastTalkedEmployeeId)
            o.int("legId", legId)
            o.ints("legIds", legIds)
            o.string("scenarioName", scenarioName)
            o.string("callSource", callSource)
            o.string("communicationNumber", communicationNumber)
            o.string("communicationId", communicationId)
            o.int("contactId", contactId)
            o.string("contactName", contactName)
            o.string("regionName", regionName)
            o.int("talkDuration", talkDuration)
            o.int("totalDuration", totalDuration)
            o.int("waitDuration", waitDuration)
            o.string("fileLink", fileLink)
            o.int("fileDuration", fileDuration)
            o.ints("tagIds", tagIds)
            o.strings("tagNames", tagNames)
            o.string("externalId", externalId)
            o.bool("isTransfer", isTransfer)
        }
    }
}

extension TextNotification: JSONWritable {
    public func writeJSON(to w: inout JSONWriter) {
        w.object { o in
            o.int("payloadVersion", Int64(payloadVersion))
            o.string("type", type.rawValue)
            o.string("flow", flow.rawValue)
            o.int("communicationId", communicationId)
            o.string("notificationName", notificationName)
            o.string("notificationMnemonic", notificationMnemonic)
            o.string("notificationTimeRaw", notificationTimeRaw)
            o.int("notificationTimeMs", notificationTimeMs)
            o.string("communicationTypeRaw", communicationTypeRaw)
            o.int("communicationNumber", communicationNumber)
            o.int("visitorId", visitorId)
            o.string("visitorName", visitorName)
            if let visitorPhone { o.value("visitorPhone", visitorPhone) }
            if let contactPhone { o.value("contactPhone", contactPhone) }
            o.string("visitorEmail", visitorEmail)
            o.string("chatChannelName", chatChannelName)
            o.string("chatChannelType", chatChannelType)
            o.string("formName", formName)
            o.string("formType", formType)
            o.string("leadText", leadText)
            o.string("siteDomainName", siteDomainName)
            o.string("campaignName", campaignName)
            o.string("sourceName", sourceName)
            o.string("utmSource", utmSource)
            o.string("utmMedium", utmMedium)
            o.string("utmCampaign", utmCampaign)
            o.string("utmTerm", utmTerm)
            o.string("utmContent", utmContent)
            o.int("employeeId", employeeId)
            o.string("employeeName", employeeName)
            o.ints("tagIds", tagIds)
            o.strings("tagNames", tagNames)
        }
    }
}
