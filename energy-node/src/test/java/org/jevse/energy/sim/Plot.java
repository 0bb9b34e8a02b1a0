package org.jevse.energy.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The HTML plot of one fleet run: site limit, Σ allowed and Σ drawn on L1, and the first chargers' currents. */
final class Plot {
    private record Sample(long t, int limit, long allowed, long drawn, int[] perAllowed, int[] perDrawn) {
    }

    private final List<Sample> samples = new ArrayList<>();

    void add(long t, int limit, long allowed, long drawn, int[] perAllowed, int[] perDrawn) {
        if (t % 10_000 < 1000) { // one point per 10 s keeps the file small
            samples.add(new Sample(t, limit, allowed, drawn, perAllowed, perDrawn));
        }
    }

    void write(Path file, int n, long baseLimitMa) throws IOException {
        long tMax = samples.isEmpty() ? 1 : samples.get(samples.size() - 1).t();
        double yMax1 = baseLimitMa / 1000.0 * 1.1;
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>jevse fleet simulation, N=").append(n)
                .append("</title><style>body{font-family:sans-serif}svg{background:#fafafa;border:1px solid #ccc}"
                        + ".l{fill:none;stroke-width:1.5}</style></head><body>");
        h.append("<h2>Fleet simulation, N = ").append(n).append(" (virtual time, real allocation code)</h2>");
        h.append("<p>Top: the site connection's L1 limit, Σ current allowed to the chargers (their leases) and Σ drawn."
                + " Bottom: allowed current per charger (first 8 chargers). x: hours.</p>");
        h.append(panel(tMax, yMax1, List.of(
                series("limit", "#d62728", s -> s.limit() / 1000.0),
                series("Σ allowed", "#1f77b4", s -> s.allowed() / 1000.0),
                series("Σ drawn", "#2ca02c", s -> s.drawn() / 1000.0))));
        String[] colors = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};
        List<Object[]> per = new ArrayList<>();
        int k = samples.isEmpty() ? 0 : samples.get(0).perAllowed().length;
        for (int i = 0; i < k; i++) {
            int idx = i;
            per.add(series("cp" + i, colors[i % colors.length], s -> s.perAllowed()[idx] / 1000.0));
        }
        h.append(panel(tMax, 34, per));
        h.append("</body></html>\n");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, h.toString());
    }

    private Object[] series(String name, String color, java.util.function.ToDoubleFunction<Sample> f) {
        return new Object[] {name, color, f};
    }

    @SuppressWarnings("unchecked")
    private String panel(long tMax, double yMax, List<Object[]> series) {
        int w = 1000;
        int hgt = 300;
        int pad = 40;
        StringBuilder b = new StringBuilder();
        b.append("<svg width=\"").append(w + 2 * pad).append("\" height=\"").append(hgt + 2 * pad).append("\">");
        for (int a = 0; a <= 4; a++) {
            double y = yMax * a / 4;
            int py = pad + hgt - (int) (hgt * a / 4.0);
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"2\" y=\"%d\" font-size=\"11\">%.0f A</text>", pad, py, pad + w, py, py + 4, y));
        }
        double hours = tMax / 3_600_000.0;
        for (int hr = 0; hr <= (int) hours; hr++) {
            int px = pad + (int) (w * hr / Math.max(hours, 1e-9));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%d h</text>", px - 8,
                    pad + hgt + 16, hr));
        }
        int legend = pad;
        for (Object[] s : series) {
            String name = (String) s[0];
            String color = (String) s[1];
            var f = (java.util.function.ToDoubleFunction<Sample>) s[2];
            b.append("<polyline class=\"l\" stroke=\"").append(color).append("\" points=\"");
            for (Sample smp : samples) {
                double x = pad + w * (double) smp.t() / Math.max(1, tMax);
                double y = pad + hgt - hgt * Math.min(f.applyAsDouble(smp), yMax) / yMax;
                b.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            b.append("\"/>");
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"%s\">%s</text>",
                    legend, pad - 10, color, name));
            legend += 12 + 8 * name.length();
        }
        b.append("</svg><br>");
        return b.toString();
    }
}
