package org.jevse.bench;

import java.util.Locale;

/**
 * The HTML report: one self-contained page (no script, no external file) with a table of cases, each expectation's
 * measured value beside its limit and the IEC 61851-1 row it comes from, and a plot of the CP and power present
 * around each failure.
 */
final class HtmlReport {

    private HtmlReport() {
    }

    static String of(SuiteResult r) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Reports.escape(r.suite().name())).append(" - jevse bench</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%}")
                .append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top;font-size:14px}")
                .append("th{background:#eee}.PASSED{color:#176f2c;font-weight:bold}.FAILED{color:#b00020;font-weight:bold}")
                .append(".SKIPPED{color:#8a6d00;font-weight:bold}td.num{font-family:monospace;white-space:nowrap}")
                .append(".row{color:#555;font-size:12px}.fail td{background:#fff0f0}svg{background:#fafafa;border:1px solid #ddd}")
                .append("\n</style></head><body>\n");
        b.append("<h1>").append(Reports.escape(r.suite().name())).append("</h1>\n<p>").append(Reports.escape(r.suite().description()))
                .append("</p>\n<p><b>Charger under test:</b> ").append(Reports.escape(r.bench())).append("</p>\n");
        b.append(String.format(Locale.ROOT, "<p><span class=\"PASSED\">%d passed</span>, <span class=\"FAILED\">%d failed</span>, "
                        + "<span class=\"SKIPPED\">%d skipped</span>; %d ms of wall time, %.1f s of bench time.</p>%n",
                r.count(CaseResult.Status.PASSED), r.count(CaseResult.Status.FAILED), r.count(CaseResult.Status.SKIPPED),
                r.wallMs(), r.benchMs() / 1000.0));
        b.append("<table>\n<tr><th>case</th><th>result</th><th>expectation</th><th>measured</th><th>limit</th><th>IEC 61851-1</th></tr>\n");
        for (CaseResult c : r.cases()) {
            rows(b, c);
        }
        b.append("</table>\n");
        for (CaseResult c : r.cases()) {
            for (CaseResult.Verdict v : c.verdicts()) {
                if (!v.passed() && c.trace() != null) {
                    b.append("<h3 id=\"").append(anchorId(c, v)).append("\">").append(Reports.escape(c.testCase().name()))
                            .append(": ").append(Reports.escape(v.expectation().describe())).append("</h3>\n<p>Measured ")
                            .append(Reports.escape(v.measured())).append(", limit ").append(Reports.escape(v.expectation().limit()))
                            .append(". Script: <code>").append(Reports.escape(c.testCase().scriptText())).append("</code></p>\n")
                            .append(Plot.svg(c.trace(), v)).append('\n');
                }
            }
        }
        return b.append("</body></html>\n").toString();
    }

    private static void rows(StringBuilder b, CaseResult c) {
        String name = Reports.escape(c.testCase().name());
        if (c.verdicts().isEmpty()) {
            b.append("<tr><td>").append(name).append("</td><td class=\"").append(c.status()).append("\">").append(c.status())
                    .append("</td><td colspan=\"4\">").append(Reports.escape(c.reason())).append("</td></tr>\n");
            return;
        }
        int n = c.verdicts().size() + (c.reason().isEmpty() ? 0 : 1);
        boolean first = true;
        if (!c.reason().isEmpty()) {
            b.append("<tr class=\"fail\"><td rowspan=\"").append(n).append("\">").append(name).append("</td><td rowspan=\"")
                    .append(n).append("\" class=\"").append(c.status()).append("\">").append(c.status())
                    .append("</td><td colspan=\"4\">").append(Reports.escape(c.reason())).append("</td></tr>\n");
            first = false;
        }
        for (CaseResult.Verdict v : c.verdicts()) {
            b.append(v.passed() ? "<tr>" : "<tr class=\"fail\">");
            if (first) {
                b.append("<td rowspan=\"").append(n).append("\">").append(name).append("</td><td rowspan=\"").append(n)
                        .append("\" class=\"").append(c.status()).append("\">").append(c.status()).append("</td>");
                first = false;
            }
            String measured = Reports.escape(v.measured());
            if (!v.passed()) {
                measured = "<a href=\"#" + anchorId(c, v) + "\">" + measured + "</a>";
            }
            b.append("<td>").append(Reports.escape(v.expectation().describe())).append("</td><td class=\"num\">")
                    .append(measured).append("</td><td class=\"num\">").append(Reports.escape(v.expectation().limit()))
                    .append("</td><td class=\"row\">").append(Reports.escape(v.expectation().row())).append("</td></tr>\n");
        }
    }

    private static String anchorId(CaseResult c, CaseResult.Verdict v) {
        return "f-" + c.testCase().name().replaceAll("[^A-Za-z0-9_-]", "_") + "-" + c.verdicts().indexOf(v);
    }
}
