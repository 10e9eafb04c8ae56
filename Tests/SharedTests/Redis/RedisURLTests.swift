import Testing
@testable import Shared

@Suite struct RedisURLTests {
    @Test func parsesHostPortAndDatabase() throws {
        let url = try RedisURL(parsing: "redis://10.0.0.5:6380/3")
        #expect(url.endpoint == .tcp(host: "10.0.0.5", port: 6380))
        #expect(url.database == 3)
        #expect(url.password == nil)
    }

    @Test func defaultsPortAndDatabase() throws {
        let url = try RedisURL(parsing: "redis://cache")
        #expect(url.endpoint == .tcp(host: "cache", port: 6379))
        #expect(url.database == 0)
    }

    @Test func parsesPasswordAndUserAndHidesThem() throws {
        let url = try RedisURL(parsing: "redis://:s3cr%40t@h:1/0")
        #expect(url.password == "s3cr@t")
        #expect(url.username == nil)
        #expect(!url.description.contains("s3cr"))
        let acl = try RedisURL(parsing: "redis://fleet:pw123456@h:1")
        #expect(acl.username == "fleet")
        #expect(acl.password == "pw123456")
        #expect(!acl.description.contains("pw123456"))
    }

    @Test func parsesIPv6AndUnixSockets() throws {
        #expect(try RedisURL(parsing: "redis://[::1]:7000/2").endpoint == .tcp(host: "::1", port: 7000))
        let unix = try RedisURL(parsing: "unix:///run/redis.sock?db=4")
        #expect(unix.endpoint == .unix(path: "/run/redis.sock"))
        #expect(unix.database == 4)
    }

    @Test(arguments: ["http://h:1", "redis://", "redis://h:0", "redis://h:99999", "redis://h:1/x", "unix://relative", "redis://h:port"])
    func rejectsMalformed(_ text: String) {
        #expect(throws: RedisError.self) { try RedisURL(parsing: text) }
    }

    @Test func errorMessagesNeverEchoThePassword() {
        do {
            _ = try RedisURL(parsing: "redis://:topsecret@h:notaport")
            Issue.record("should have thrown")
        } catch {
            #expect(!"\(error)".contains("topsecret"))
        }
    }
}
