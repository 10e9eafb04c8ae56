import Foundation

/// The Planfix OpenAPI document and the request-body schemas of the endpoints the sandbox serves.
/// Loading applies the relaxations the reference asks for (PF §1.1, §1.3, §1.5): `CustomFieldValueRequest.value`
/// accepts any JSON, `PersonRequest.id` accepts a number as well as `"contact:12"`, and
/// `NotifiedRequest.roles` accepts an array as well as one string. A missing or unreadable file yields nil
/// (the caller warns and skips validation); it never stops the sandbox.
public struct OpenAPISpec: Sendable {
    public let validator: SchemaValidator

    public static func load(path: String) -> OpenAPISpec? {
        guard let data = FileManager.default.contents(atPath: path),
              let doc = try? JSONParser.parse([UInt8](data)), doc["paths"] != nil else { return nil }
        return OpenAPISpec(document: doc)
    }

    public init(document: JSONValue) {
        validator = SchemaValidator(document: Self.relaxed(document))
    }

    /// The JSON body schema of `method` on spec path `template` (e.g. "/task/{id}"), if the spec has one.
    public func requestSchema(method: String, template: String) -> JSONValue? {
        validator.document["paths"]?[template]?[method.lowercased()]?["requestBody"]?["content"]?["application/json"]?["schema"]
    }

    public func validate(_ body: JSONValue, method: String, template: String) -> [SchemaViolation] {
        guard let schema = requestSchema(method: method, template: template) else { return [] }
        return validator.validate(body, against: schema)
    }

    static func relaxed(_ doc: JSONValue) -> JSONValue {
        guard case .object(var root) = doc, case .object(var comps)? = root["components"],
              case .object(var schemas)? = comps["schemas"] else { return doc }
        func patch(_ name: String, _ prop: String, _ schema: JSONValue) {
            guard case .object(var s)? = schemas[name], case .object(var props)? = s["properties"] else { return }
            props[prop] = schema
            s["properties"] = .object(props)
            schemas[name] = .object(s)
        }
        patch("CustomFieldValueRequest", "value", [:])
        patch("PersonRequest", "id", ["anyOf": [["type": "string"], ["type": "integer"]]])
        let roles: JSONValue = ["type": "string", "enum": ["assignee", "participant", "auditor", "assigner"]]
        patch("NotifiedRequest", "roles", ["anyOf": [roles, ["type": "array", "items": roles]]])
        comps["schemas"] = .object(schemas)
        root["components"] = .object(comps)
        return .object(root)
    }
}
