package org.jevse.evse.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A percentile table of nanosecond samples, printed in microseconds. */
final class Table {

    private final List<String> lines = new ArrayList<>();

    static void header(String title) {
        System.out.println(title);
        System.out.println("=".repeat(title.length()));
    }

    /** Adds a row; sorts {@code samples[0..n)} in place. */
    void row(String label, int[] samples, int n) {
        if (n == 0) {
            lines.add(String.format(Locale.ROOT, "%-34s %10d %9s %9s %9s %9s %10s", label, 0, "-", "-", "-", "-", "-"));
            return;
        }
        Arrays.sort(samples, 0, n);
        lines.add(String.format(Locale.ROOT, "%-34s %,10d %9.2f %9.2f %9.2f %9.2f %10.1f", label, n,
                us(percentile(samples, n, 0.50)), us(percentile(samples, n, 0.90)),
                us(percentile(samples, n, 0.99)), us(percentile(samples, n, 0.999)), us(samples[n - 1])));
    }

    void separator() {
        lines.add("-".repeat(34 + 11 + 4 * 10 + 11));
    }

    void print() {
        System.out.printf(Locale.ROOT, "%-34s %10s %9s %9s %9s %9s %10s%n", "event", "count", "p50", "p90", "p99",
                "p99.9", "max");
        System.out.println("-".repeat(34 + 11 + 4 * 10 + 11));
        for (String l : lines) {
            System.out.println(l);
        }
    }

    /** Nearest-rank percentile of sorted samples. */
    static int percentile(int[] sorted, int n, double q) {
        int rank = (int) Math.ceil(q * n);
        return sorted[Math.max(0, Math.min(n - 1, rank - 1))];
    }

    static double us(long ns) {
        return ns / 1000.0;
    }
}
