import Testing
@testable import Shared

@Suite struct PrometheusTextTests {
    @Test(arguments: ["jobs_total", "_x", "fleet:jobs:rate5m", "A1"])
    func acceptsValidMetricNames(name: String) {
        #expect(PrometheusText.isValidMetricName(name))
    }

    @Test(arguments: ["", "1jobs", "jobs-total", "jobs total", "jobs.total", "задачи"])
    func rejectsInvalidMetricNames(name: String) {
        #expect(!PrometheusText.isValidMetricName(name))
    }

    @Test func validatesLabelNames() {
        #expect(PrometheusText.isValidLabelName("queue"))
        #expect(PrometheusText.isValidLabelName("_q1"))
        #expect(!PrometheusText.isValidLabelName("__name__"))
        #expect(!PrometheusText.isValidLabelName("a:b"))
        #expect(!PrometheusText.isValidLabelName("9a"))
    }

    @Test func formatsNumbersTheWayPrometheusExpects() {
        #expect(PrometheusText.formatValue(3) == "3")
        #expect(PrometheusText.formatValue(-1) == "-1")
        #expect(PrometheusText.formatValue(-0.0) == "0")
        #expect(PrometheusText.formatValue(0.25) == "0.25")
        #expect(PrometheusText.formatValue(0.001) == "0.001")
        #expect(PrometheusText.formatValue(1e-5) == "1e-05")
        #expect(PrometheusText.formatValue(1e20) == "1e+20")
        #expect(PrometheusText.formatValue(.infinity) == "+Inf")
        #expect(PrometheusText.formatValue(-.infinity) == "-Inf")
        #expect(PrometheusText.formatValue(.nan) == "NaN")
    }

    @Test func escapesLabelValuesAndHelp() {
        #expect(PrometheusText.escapeLabelValue("a\"b\\c\nd") == #"a\"b\\c\nd"#)
        #expect(PrometheusText.escapeLabelValue("очередь") == "очередь")
        #expect(PrometheusText.escapeHelp("line1\nback\\slash \"quoted\"") == #"line1\nback\\slash "quoted""#)
        #expect(PrometheusText.labelBlock([]) == "")
        #expect(PrometheusText.labelBlock([("a", "1"), ("b", "x\"y")]) == #"{a="1",b="x\"y"}"#)
    }
}
