package org.jevse.bench;

import java.util.Locale;
import org.jevse.board.ev.EvMeasurement;

/**
 * An inline SVG of the CP (its positive level, and whether a PWM runs with which duty) and power present around
 * one expectation: from shortly before its anchor to the end of the span it measured, with the anchor and the
 * limit marked.
 */
final class Plot {

    static final int W = 900;
    static final int H = 260;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int CP_TOP = 20;
    private static final int CP_H = 140;
    private static final int POWER_TOP = 190;
    private static final int POWER_H = 40;

    private Plot() {
    }

    static String svg(Trace trace, CaseResult.Verdict v) {
        long anchor = v.anchorMs() < 0 ? trace.startMs() : v.anchorMs();
        long span = Math.max(500, v.windowEndMs() - anchor);
        long from = Math.max(trace.startMs(), anchor - span / 4 - 100);
        long to = Math.min(trace.endMs(), Math.max(v.windowEndMs(), anchor + v.expectation().withinMs()) + span / 4 + 100);
        if (to <= from) {
            to = from + 1000;
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">", W, H, W, H));
        // CP axis: +12 V at the top, -12 V at the bottom.
        for (int volts : new int[] {12, 9, 6, 3, 0, -12}) {
            double y = cpY(volts);
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%+d V</text>", LEFT, y, W - RIGHT, y, LEFT - 5, y + 3, volts));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">CP (high level; shaded: PWM, with its duty)</text>", LEFT, CP_TOP - 6));
        cp(b, trace, from, to);
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">power present</text>", LEFT, POWER_TOP - 6));
        power(b, trace, from, to);
        double ax = x(anchor, from, to);
        b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#1f5fbf\" stroke-dasharray=\"4 3\"/>"
                + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#1f5fbf\">%s</text>", ax, CP_TOP, ax, POWER_TOP + POWER_H, ax + 3, H - 8,
                Reports.escape(v.expectation().after())));
        if (v.expectation().withinMs() > 0) {
            double lx = x(anchor + v.expectation().withinMs(), from, to);
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#b00020\" stroke-dasharray=\"2 2\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#b00020\">limit %d ms</text>", lx, CP_TOP, lx, POWER_TOP + POWER_H, lx + 3, H - 20,
                    v.expectation().withinMs()));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">%+d ms</text>", W - RIGHT, H - 8, to - anchor));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\">%+d ms</text>", LEFT, H - 8, from - anchor));
        return b.append("</svg>").toString();
    }

    private static void cp(StringBuilder b, Trace trace, long from, long to) {
        StringBuilder line = new StringBuilder();
        EvMeasurement.Cp current = trace.cpAt(from);
        long t = from;
        for (EvMeasurement.Cp c : trace.cp()) {
            if (c.atMs() <= from) {
                continue;
            }
            if (c.atMs() >= to) {
                break;
            }
            segment(b, line, current, t, c.atMs(), from, to);
            current = c;
            t = c.atMs();
        }
        segment(b, line, current, t, to, from, to);
        b.append("<polyline fill=\"none\" stroke=\"#222\" stroke-width=\"1.5\" points=\"").append(line).append("\"/>");
    }

    private static void segment(StringBuilder b, StringBuilder line, EvMeasurement.Cp c, long t1, long t2, long from, long to) {
        if (c == null) {
            return;
        }
        double x1 = x(t1, from, to);
        double x2 = x(t2, from, to);
        double level = Double.isNaN(c.highV()) ? c.lowV() : c.highV();
        double y = cpY(level);
        line.append(String.format(Locale.ROOT, "%.1f,%.1f %.1f,%.1f ", x1, y, x2, y));
        if (c.pwm()) {
            double yLow = cpY(c.lowV());
            b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#9cc3ff\" fill-opacity=\"0.35\"/>",
                    x1, y, Math.max(0.5, x2 - x1), yLow - y));
            if (x2 - x1 > 60) {
                b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\">PWM %.1f %%</text>", x1 + 4, yLow - 4, c.dutyPercent()));
            }
        }
    }

    private static void power(StringBuilder b, Trace trace, long from, long to) {
        boolean on = trace.powerAt(from);
        long t = from;
        for (EvMeasurement.Power p : trace.power()) {
            if (p.atMs() <= from) {
                continue;
            }
            if (p.atMs() >= to) {
                break;
            }
            bar(b, on, t, p.atMs(), from, to);
            on = p.present();
            t = p.atMs();
        }
        bar(b, on, t, to, from, to);
    }

    private static void bar(StringBuilder b, boolean on, long t1, long t2, long from, long to) {
        double x1 = x(t1, from, to);
        double x2 = x(t2, from, to);
        b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", x1,
                on ? POWER_TOP : POWER_TOP + POWER_H - 4, Math.max(0.5, x2 - x1), on ? POWER_H : 4, on ? "#e07b00" : "#bbb"));
    }

    private static double cpY(double volts) {
        return CP_TOP + (12 - volts) / 24.0 * CP_H;
    }

    private static double x(long t, long from, long to) {
        return LEFT + (double) (t - from) / (to - from) * (W - LEFT - RIGHT);
    }
}
