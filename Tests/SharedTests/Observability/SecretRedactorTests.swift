import Testing
@testable import Shared

@Suite struct SecretRedactorTests {
    @Test(arguments: [
        "token", "X-Auth-Token", "client_secret", "PASSWORD", "db_password", "Authorization",
        "api_key", "X-Api-Key", "apikey", "aws_access_key_id",
    ])
    func masksSensitiveFieldKeys(key: String) {
        #expect(SecretRedactor.isSensitiveKey(key))
        #expect(SecretRedactor().redact(field: key, value: "anything") == "***")
    }

    @Test(arguments: ["queue", "job", "tenant", "kind", "error_class", "keyspace"])
    func leavesOrdinaryKeysAlone(key: String) {
        #expect(!SecretRedactor.isSensitiveKey(key))
        #expect(SecretRedactor().redact(field: key, value: "plain value") == "plain value")
    }

    @Test func masksEveryOccurrenceOfRegisteredSecrets() {
        let redactor = SecretRedactor()
        redactor.register("s3cr3t-value")
        redactor.register("s3cr3t-value-longer")
        #expect(redactor.registeredCount == 2)
        #expect(redactor.redact("a s3cr3t-value b s3cr3t-value-longer c") == "a *** b *** c")
        #expect(redactor.redact(field: "note", value: "x=s3cr3t-value") == "x=***")
    }

    @Test func masksSecretsAtTheEdgesAndBackToBack() {
        let redactor = SecretRedactor()
        redactor.register("edge-secret")
        #expect(redactor.redact("edge-secret") == "***")
        #expect(redactor.redact("edge-secretedge-secret!edge-secret") == "***" + "***" + "!***")
        #expect(redactor.redact("edge-secre") == "edge-secre")
    }

    @Test func ignoresShortAndDuplicateSecrets() {
        let redactor = SecretRedactor()
        redactor.register("abc12")
        redactor.register("abc123")
        redactor.register("abc123")
        #expect(redactor.registeredCount == 1)
        #expect(redactor.redact("abc12 and abc123") == "abc12 and ***")
    }

    @Test func masksSecretsInsideNonASCIIText() {
        let redactor = SecretRedactor()
        redactor.register("пароль-секрет")
        #expect(redactor.redact("ошибка: пароль-секрет не подошёл") == "ошибка: *** не подошёл")
    }

    @Test(arguments: [
        ("connect redis://:hunter2@redis:6379/0 failed", "connect redis://:***@redis:6379/0 failed"),
        ("rediss://default:p@ss:w0rd@host:6380", "rediss://default:***@host:6380"),
        ("\"redis://user:pw@h\"", "\"redis://user:***@h\""),
        ("redis://redis:6379/0", "redis://redis:6379/0"),
        ("redis://user@redis:6379", "redis://user@redis:6379"),
    ])
    func masksURLPasswords(input: String, expected: String) {
        #expect(SecretRedactor().redact(input) == expected)
    }

    @Test(arguments: [
        ("GET /cb?token=abc123&x=1", "GET /cb?token=***&x=1"),
        ("https://api/x?access_token=ya29.a0Af-_x&page=2", "https://api/x?access_token=***&page=2"),
        ("ACCESS_TOKEN=zzz REFRESH_TOKEN=yyy", "ACCESS_TOKEN=*** REFRESH_TOKEN=***"),
        ("password=hunter2, retrying", "password=***, retrying"),
        ("Authorization: Bearer eyJhbGciOi.x.y done", "Authorization: Bearer *** done"),
        ("tokens=5 total=3 token=", "tokens=5 total=3 token="),
        ("no secrets here: 100% fine = ok", "no secrets here: 100% fine = ok"),
    ])
    func masksCredentialsInText(input: String, expected: String) {
        #expect(SecretRedactor().redact(input) == expected)
    }

    @Test func returnsTextUnchangedWhenNothingMatches() {
        let text = "job j-42 done in 12 ms — всё хорошо"
        #expect(SecretRedactor().redact(text) == text)
        #expect(SecretRedactor().redact("") == "")
    }
}
