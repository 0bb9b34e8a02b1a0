package org.jevse.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a suite's result as JUnit XML (for CI systems) and one self-contained HTML page. */
public final class Reports {

    public static final String JUNIT = "junit.xml";
    public static final String HTML = "report.html";

    private Reports() {
    }

    public static void write(SuiteResult result, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(JUNIT), JUnitXml.of(result), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(HTML), HtmlReport.of(result), StandardCharsets.UTF_8);
    }

    /** Text made safe for XML and HTML content and attributes. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        b.append(' '); // XML 1.0 allows no other control character, not even escaped
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
