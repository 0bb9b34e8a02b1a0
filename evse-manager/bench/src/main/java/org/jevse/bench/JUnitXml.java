package org.jevse.bench;

import java.util.Locale;

/** The JUnit XML report: one testsuite, one testcase a case; a failure lists each expectation measured against its limit. */
final class JUnitXml {

    private JUnitXml() {
    }

    static String of(SuiteResult r) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append(String.format(Locale.ROOT, "<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\" time=\"%.3f\">%n",
                Reports.escape(r.suite().name()), r.cases().size(), r.count(CaseResult.Status.FAILED),
                r.count(CaseResult.Status.SKIPPED), r.wallMs() / 1000.0));
        b.append("  <properties>\n    <property name=\"bench\" value=\"").append(Reports.escape(r.bench())).append("\"/>\n  </properties>\n");
        for (CaseResult c : r.cases()) {
            b.append(String.format(Locale.ROOT, "  <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\"",
                    Reports.escape(r.suite().name()), Reports.escape(c.testCase().name()), c.benchMs() / 1000.0));
            switch (c.status()) {
                case PASSED -> b.append(">\n").append(output(c)).append("  </testcase>\n");
                case SKIPPED -> b.append(">\n    <skipped message=\"").append(Reports.escape(c.reason())).append("\"/>\n  </testcase>\n");
                case FAILED -> {
                    String first = firstFailure(c);
                    b.append(">\n    <failure message=\"").append(Reports.escape(first)).append("\" type=\"iec61851\">")
                            .append(Reports.escape(details(c))).append("</failure>\n").append(output(c)).append("  </testcase>\n");
                }
            }
        }
        return b.append("</testsuite>\n").toString();
    }

    private static String firstFailure(CaseResult c) {
        if (!c.reason().isEmpty()) {
            return c.reason();
        }
        for (CaseResult.Verdict v : c.verdicts()) {
            if (!v.passed()) {
                return v.expectation().describe() + ": measured " + v.measured() + ", limit " + v.expectation().limit();
            }
        }
        return "failed";
    }

    private static String details(CaseResult c) {
        StringBuilder b = new StringBuilder();
        if (!c.reason().isEmpty()) {
            b.append(c.reason()).append('\n');
        }
        for (CaseResult.Verdict v : c.verdicts()) {
            b.append(v.passed() ? "pass " : "FAIL ").append(v.expectation().describe()).append(": measured ")
                    .append(v.measured()).append(", limit ").append(v.expectation().limit()).append(" [")
                    .append(v.expectation().row()).append("]\n");
        }
        return b.toString();
    }

    private static String output(CaseResult c) {
        return "    <system-out>" + Reports.escape("script: " + c.testCase().scriptText() + "\n" + details(c)) + "</system-out>\n";
    }
}
