package org.jevse.ocpp.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jevse.ocpp.cp.MeterReading;
import org.jevse.ocpp.cp.MeterValueFactory;
import org.jevse.ocpp.v16.Context;
import org.jevse.ocpp.v16.Measurand;
import org.jevse.ocpp.rpc.OcppJson;

/**
 * Benchmark harness for the transaction queue (a main class, not a test; it asserts nothing). Through the public
 * API of {@link TransactionStore} only, as the charge point drives it: one offline transaction with N queued
 * messages (StartTransaction, N-2 sampled MeterValues of 4 measurands on 3 phases, each preceded by the
 * lastMeter record the charge point writes at every reading, StopTransaction), every call durable when it
 * returns. It prints the persist rate, the disk the queue takes (content and allocated blocks), the heap it
 * holds, the time to reopen it, and the dequeue rate with compaction.
 *
 * <p>Run: {@code scripts/bench.sh journal} or
 * {@code java -cp ... org.jevse.ocpp.store.JournalBench [N] [dir] [readings per step]} (the directory must be on
 * the disk being measured, not a tmpfs). Readings per step: 0 calls lastMeter and meterValues apart, as the charge
 * point did before {@code step} existed (two durable calls per message); 1 groups them in one step, as it does
 * now (one fsync per message); k groups k readings in one step (group commit, e.g. k connectors' readings).
 * Connectors (default 1): that many threads, each running one transaction on its own connector with its own
 * steps at the same time, so concurrent steps share fdatasyncs (group commit across steps); N is the total.
 * Sync (default {@code batch}): {@code step} makes every step return only once durable, {@code batch} lets a
 * step of MeterValues return once written ({@link JournalSync}); the harness then prints the longest time a
 * record waited for its fdatasync (what a power loss could take).
 */
public final class JournalBench {
    private static final List<Measurand> MEASURANDS = List.of(Measurand.Energy_Active_Import_Register,
            Measurand.Power_Active_Import, Measurand.Current_Import, Measurand.Voltage);

    private JournalBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path parent = args.length > 1 ? Path.of(args[1]) : Path.of("target");
        int perStep = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int connectors = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        JournalSync sync = args.length > 4 ? JournalSync.valueOf(args[4].toUpperCase(java.util.Locale.ROOT))
                : JournalSync.BATCH;
        Files.createDirectories(parent);
        Path dir = Files.createTempDirectory(parent.toAbsolutePath(), "journal-bench");
        try {
            run(n, dir, perStep, connectors, sync);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(int n, Path dir, int perStep, int connectors, JournalSync sync) throws Exception {
        System.gc();
        long heapBefore = usedHeap();
        TransactionStore store = new TransactionStore(dir, n + 10, sync);
        long t0 = System.nanoTime();
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
        for (int c = 1; c <= connectors; c++) {
            int connector = c;
            int messages = n / connectors + (c <= n % connectors ? 1 : 0);
            Thread t = new Thread(() -> transaction(store, connector, messages, perStep), "connector-" + c);
            t.setUncaughtExceptionHandler((th, ex) -> failed.set(ex));
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failed.get() != null) {
            throw new IllegalStateException("a connector's thread failed", failed.get());
        }
        double persistS = (System.nanoTime() - t0) / 1e9;
        String syncs = syncs(store);
        String window = String.format("%.1f ms", store.longestWindowNanos() / 1e6);
        System.gc();
        long heapQueued = usedHeap() - heapBefore;
        int queued = store.size();
        long content = store.queueBytes();
        long[] disk = disk(dir);

        long t1 = System.nanoTime();
        TransactionStore reopened = reopen(store, dir, n);
        double reopenS = (System.nanoTime() - t1) / 1e9;

        long t2 = System.nanoTime();
        int delivered = 0;
        for (TransactionStore.Entry e = reopened.head(); e != null; e = reopened.head()) {
            if (e.kind() == TransactionStore.Kind.START) {
                reopened.startConfirmed(e, 1);
            } else {
                reopened.payloadToSend(e);
                reopened.confirmed(e);
            }
            delivered++;
        }
        double deliverS = (System.nanoTime() - t2) / 1e9;
        long[] diskAfter = disk(dir);
        close(reopened);

        System.out.printf("| figure | value |%n|---|---|%n");
        System.out.printf("| queued messages | %d (%s, %d connector(s) stepping concurrently, sync %s) |%n", queued,
                perStep == 0 ? "lastMeter and meterValues as two calls per reading"
                        : perStep + " reading(s) per step", connectors, sync.name().toLowerCase(java.util.Locale.ROOT));
        System.out.printf("| persisted (written at each step's return%s) | %.0f messages/s (%.1f s) |%n",
                sync == JournalSync.STEP ? ", and durable" : "; durable: Start/Stop", queued / persistS, persistS);
        System.out.printf("| fdatasyncs while persisting | %s |%n", syncs);
        System.out.printf("| longest wait of a record for its fdatasync | %s |%n", window);
        System.out.printf("| queue payload content (queueBytes) | %.2f MiB |%n", content / 1048576.0);
        System.out.printf("| data directory on disk | %.2f MiB allocated, %.2f MiB apparent, %d files |%n",
                disk[0] / 1048576.0, disk[1] / 1048576.0, disk[2]);
        System.out.printf("| heap held with the queue full (after GC) | %.1f MiB |%n", heapQueued / 1048576.0);
        System.out.printf("| reopen with the queue full | %.2f s |%n", reopenS);
        System.out.printf("| dequeued (answer recorded, durable) | %.0f messages/s (%.1f s) |%n",
                delivered / deliverS, deliverS);
        System.out.printf("| data directory after delivery | %.2f MiB allocated, %d files |%n",
                diskAfter[0] / 1048576.0, diskAfter[2]);
    }

    /** One transaction of {@code messages} queued messages on {@code connector}, reading after reading. */
    private static void transaction(TransactionStore store, int connector, int messages, int perStep) {
        long wall = 1_795_000_000_000L;
        ObjectNode start = OcppJson.mapper().createObjectNode().put("connectorId", connector).put("idTag", "BENCH")
                .put("meterStart", 0).put("timestamp", MeterValueFactory.timestamp(wall));
        long local = store.start(connector, start);
        for (int i = 1; i <= messages - 2; i += Math.max(1, perStep)) {
            int first = i;
            int last = Math.min(messages - 2, i + Math.max(1, perStep) - 1);
            Runnable readings = () -> {
                for (int j = first; j <= last; j++) {
                    reading(store, connector, local, wall, j);
                }
            };
            if (perStep == 0) {
                readings.run();
            } else {
                store.step(readings);
            }
        }
        store.stop(connector, OcppJson.mapper().createObjectNode().put("meterStop", (messages - 2) * 3L)
                .put("timestamp", MeterValueFactory.timestamp(wall + (messages - 1) * 1000L)).put("reason", "Local"));
    }

    /** One powermeter reading during the transaction: its last meter value and its MeterValues. */
    private static void reading(TransactionStore store, int connector, long local, long wall, int i) {
        MeterReading r = new MeterReading(wall + i * 1000L, i * 3.0, 11000.0, new double[] {16, 16, 16},
                new double[] {230, 231, 229}, 16.0);
        store.lastMeter(connector, MeterValueFactory.registerWh(r.energyWh()), MeterValueFactory.timestamp(r.wallMs()));
        ObjectNode p = OcppJson.mapper().createObjectNode().put("connectorId", connector);
        p.set("meterValue", OcppJson.mapper().createArrayNode()
                .add(OcppJson.toTree(MeterValueFactory.meterValue(r, r.wallMs(), MEASURANDS, Context.Sample_Periodic))));
        store.meterValues(local, p, true);
    }

    /** A second store on the directory, as after a restart (the first one is closed if it can be). */
    private static TransactionStore reopen(TransactionStore first, Path dir, int n) {
        close(first);
        return new TransactionStore(dir, n + 10);
    }

    private static void close(TransactionStore s) {
        if (((Object) s) instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The store's fdatasync count, read reflectively so that the harness also runs against older stores. */
    private static String syncs(TransactionStore store) {
        try {
            java.lang.reflect.Method m = TransactionStore.class.getDeclaredMethod("syncs");
            m.setAccessible(true);
            return m.invoke(store).toString();
        } catch (ReflectiveOperationException e) {
            return "(not counted by this store)";
        }
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** {allocated bytes, apparent bytes, files} under {@code dir}. */
    private static long[] disk(Path dir) throws IOException, InterruptedException {
        Process q = new ProcessBuilder("du", "-sk", dir.toString()).start();
        String out = new String(q.getInputStream().readAllBytes()).trim();
        q.waitFor();
        long allocated = Long.parseLong(out.split("\\s+")[0]) * 1024L;
        long apparent = 0;
        long files = 0;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)) {
                    apparent += Files.size(p);
                    files++;
                }
            }
        }
        return new long[] {allocated, apparent, files};
    }
}
