package org.jevse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The reports of a run with a failure: JUnit XML a CI system can read, and the HTML page with the plot. */
class ReportsTest {

    @TempDir
    Path dir;

    @Test
    void aFailureShowsItsMeasuredValueBesideItsLimitInBothReports() throws Exception {
        SuiteResult r = BrokenChargerTest.run(ModelCharger.Defect.OPENS_300_MS_LATE);
        Reports.write(r, dir);
        if (System.getProperty("jevse.bench.reportDir") != null) {
            Reports.write(r, Path.of(System.getProperty("jevse.bench.reportDir"))); // for the screenshot in docs/
        }

        String xml = Files.readString(dir.resolve(Reports.JUNIT));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals(String.valueOf(r.cases().size()), doc.getDocumentElement().getAttribute("tests"));
        assertEquals("3", doc.getDocumentElement().getAttribute("failures"));
        assertTrue(xml.contains("<failure message=\"power off within 100 ms of C-&gt;B: measured 330 ms, limit ≤ 100 ms\""), xml);

        String html = Files.readString(dir.resolve(Reports.HTML));
        assertTrue(html.contains("<td class=\"num\"><a href=\"#f-c2-b2-power-off-within-100ms-1\">330 ms</a></td><td class=\"num\">≤ 100 ms</td>"), html);
        assertTrue(html.contains("<svg"), "a plot around the failure");
        assertTrue(html.contains("limit 100 ms"));
        assertTrue(!html.contains("<script") && !html.contains("src=\"http"), "self-contained");
    }
}
