package org.jevse.ocpp.bench;

import org.jevse.ocpp.cp.MeteringService;
import org.jevse.ocpp.cp.CoreKeys;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;
import org.java_websocket.server.WebSocketServer;
import org.jevse.ocpp.session.ClientThread;
import org.jevse.ocpp.config.Configuration;
import org.jevse.ocpp.config.StandardKeys;
import org.jevse.ocpp.cp.ChargePoint;
import org.jevse.ocpp.cp.MeterReading;
import org.jevse.ocpp.store.AvailabilityStore;
import org.jevse.ocpp.store.TransactionStore;
import org.jevse.ocpp.testkit.FakeHost;
import org.jevse.ocpp.transport.WebSocketTransport;

/**
 * Benchmark harness (a main class, not a test): queues N transaction messages while offline (each step persisted
 * with one fsync), reports the heap and disk the queue takes, then connects to a loopback CSMS that answers every CALL at
 * once and reports the delivery rate (one outstanding CALL at a time, as OCPP-J requires).
 *
 * <p>Run: {@code mvn -o -q -pl ocpp-client test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.jevse.ocpp.bench.OcppBench -Dexec.args="10000"}
 */
public final class OcppBench {

    private static final class InstantCsms extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);

        InstantCsms() {
            super(new InetSocketAddress("127.0.0.1", 0), java.util.List.of(
                    new Draft_6455(java.util.List.of(), java.util.List.<IProtocol>of(new Protocol("ocpp1.6")))));
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            int a = message.indexOf('"');
            int b = message.indexOf('"', a + 1);
            String id = message.substring(a + 1, b);
            String payload = "{}";
            if (message.contains("\"BootNotification\"")) {
                payload = "{\"status\":\"Accepted\",\"currentTime\":\"2026-11-21T06:00:00Z\",\"interval\":300}";
            } else if (message.contains("\"StartTransaction\"")) {
                payload = "{\"transactionId\":1,\"idTagInfo\":{\"status\":\"Accepted\"}}";
            } else if (message.contains("\"StopTransaction\"")) {
                payload = "{}";
            }
            conn.send("[3,\"" + id + "\"," + payload + "]");
        }

        @Override
        public void onMessage(WebSocket conn, ByteBuffer message) {
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dir = Files.createTempDirectory("ocpp-bench");
        InstantCsms csms = new InstantCsms();
        csms.setReuseAddr(true);
        csms.start();
        csms.started.await(10, TimeUnit.SECONDS);
        String uri = "ws://127.0.0.1:" + csms.getPort() + "/ocpp";
        Configuration cfg = new Configuration(CoreKeys.of(1, 60, "Core", StandardKeys.Cable.SOCKET),
                dir.resolve("config.json"));
        cfg.change(MeteringService.METER_VALUE_SAMPLE_INTERVAL, "1");
        cfg.change(MeteringService.METER_VALUES_SAMPLED_DATA,
                "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage");
        TransactionStore store = new TransactionStore(dir, n + 10);
        ClientThread sched = new ClientThread("ocpp-bench");
        boolean[] allow = {false};
        WebSocketTransport transport = new WebSocketTransport(() -> new WebSocketTransport.Settings(
                allow[0] ? uri : "ws://127.0.0.1:1/unreachable", "BENCH", null, null, 5), 0);
        ChargePoint cp = new ChargePoint(new ChargePoint.Identity("jevse", "bench", null, "0.1.0", null),
                new ChargePoint.Timing(30_000, 50, 200, 10, 1_000), 1, cfg, store,
                new AvailabilityStore(dir.resolve("availability.json")), transport, sched,
                new FakeHost(), new SplittableRandom(1));
        cp.start();

        System.gc();
        long heapBefore = usedHeap();
        long t0 = System.nanoTime();
        long wall = 1_795_000_000_000L;
        cp.transactionStarted(1, "BENCH", 0, wall, null);
        for (int i = 1; i <= n - 2; i++) {
            cp.meterReading(1, new MeterReading(wall + i * 1000L, i * 3.0, 11000.0, new double[] {16, 16, 16},
                    new double[] {230, 231, 229}, 16.0));
        }
        cp.transactionStopped(1, (n - 2) * 3L, wall + (n - 1) * 1000L, null, null);
        double enqueueS = (System.nanoTime() - t0) / 1e9;
        System.gc();
        long heapAfter = usedHeap();
        int queued = store.size();
        long bytes = store.queueBytes();
        long blocks = diskUsage(dir.resolve("journal"));

        allow[0] = true;
        long t1 = System.nanoTime();
        while (cp.busy()) {
            Thread.sleep(5);
        }
        double deliverS = (System.nanoTime() - t1) / 1e9;
        System.out.printf("queued messages:            %d%n", queued);
        System.out.printf("persist rate (fsync a step): %.0f messages/s (%.1f s)%n", queued / enqueueS, enqueueS);
        System.out.printf("queue on disk:              %.1f KiB of journal, %.1f MiB allocated%n",
                bytes / 1024.0, blocks / 1048576.0);
        System.out.printf("queue in heap:              %.1f MiB (after GC)%n", (heapAfter - heapBefore) / 1048576.0);
        System.out.printf("delivery incl. reconnect:   %.0f messages/s (%.1f s, one outstanding CALL)%n",
                queued / deliverS, deliverS);
        cp.stop();
        sched.submit(sched::shutdown);
        csms.stop(1000);
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static long diskUsage(Path dir) throws Exception {
        Process p = new ProcessBuilder("du", "-sb", "--apparent-size", dir.toString()).start();
        p.waitFor();
        Process q = new ProcessBuilder("du", "-sk", dir.toString()).start();
        String out = new String(q.getInputStream().readAllBytes()).trim();
        q.waitFor();
        return Long.parseLong(out.split("\\s+")[0]) * 1024L;
    }
}
