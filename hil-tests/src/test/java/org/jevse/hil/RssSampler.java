package org.jevse.hil;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Samples the resident set size (VmRSS, and VmHWM, of /proc/PID/status) of running jevse processes every 50 ms, so
 * a process test can print what a flood cost in memory: per phase of the test and over the whole run.
 */
public final class RssSampler implements AutoCloseable {
    private final List<String> names;
    private final long[] pids;
    private final long[] startKib;
    private final long[] maxKib;
    private final long[] phasePeakKib;
    private final long[] hwmKib;
    private final StringBuilder phases = new StringBuilder();
    private final Thread thread;
    private volatile boolean running = true;

    /** Starts sampling the processes {@code pids}, named {@code names} in the table. */
    public RssSampler(List<String> names, long... pids) {
        if (names.size() != pids.length) {
            throw new IllegalArgumentException("one name per process");
        }
        this.names = names;
        this.pids = pids;
        this.startKib = new long[pids.length];
        this.maxKib = new long[pids.length];
        this.phasePeakKib = new long[pids.length];
        this.hwmKib = new long[pids.length];
        for (int i = 0; i < pids.length; i++) {
            startKib[i] = JarProcess.statusKib(pids[i], "VmRSS:");
        }
        thread = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private synchronized void sample() {
        for (int i = 0; i < pids.length; i++) {
            long rss = JarProcess.statusKib(pids[i], "VmRSS:");
            if (startKib[i] == 0) {
                startKib[i] = rss; // a process started a moment ago has no VmRSS line yet
            }
            maxKib[i] = Math.max(maxKib[i], rss);
            phasePeakKib[i] = Math.max(phasePeakKib[i], rss);
            hwmKib[i] = Math.max(hwmKib[i], JarProcess.statusKib(pids[i], "VmHWM:"));
        }
    }

    /** Ends a phase of the test: records each process's peak during it and its RSS now, and starts the next one. */
    public synchronized void phase(String name) {
        sample();
        for (int i = 0; i < pids.length; i++) {
            phases.append(String.format("| %s | %s | %.1f MB | %.1f MB |%n", name, names.get(i),
                    phasePeakKib[i] / 1024.0, JarProcess.statusKib(pids[i], "VmRSS:") / 1024.0));
            phasePeakKib[i] = 0;
        }
    }

    /** The phases so far, then per process: VmRSS at the start, its maximum, and VmHWM. */
    public synchronized String table() {
        StringBuilder b = new StringBuilder();
        if (phases.length() > 0) {
            b.append("| phase | process | VmRSS peak | VmRSS at its end |\n|---|---|---|---|\n").append(phases)
                    .append('\n');
        }
        b.append("| process | VmRSS before | VmRSS max | VmHWM |\n|---|---|---|---|\n");
        for (int i = 0; i < pids.length; i++) {
            b.append(String.format("| %s | %.1f MB | %.1f MB | %.1f MB |%n", names.get(i), startKib[i] / 1024.0,
                    maxKib[i] / 1024.0, hwmKib[i] / 1024.0));
        }
        return b.toString();
    }

    /** Stops sampling after one last sample. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(5));
        sample();
    }
}
