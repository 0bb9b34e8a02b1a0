package org.jevse.hil;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A load harness, not a test (no assertion on time; Surefire's default includes skip it): {@code ./jevse run} (the
 * built jar with the launcher's JVM flags) on the simulated board with an EV that charges for the whole run, the
 * energy leaf on (a real Mosquitto on a free loopback port), OCPP on (ocpp-client's ocpp-rpc strict-mode csms.js) and,
 * with {@code --api on}, the HTTP API on a free loopback port with {@code anonymous_read: true}. With the API on it
 * puts on it {@code --clients} live event streams (GET /api/v1/events, each read continuously on its own socket) and
 * {@code --rate} GET /api/v1/status per second, open loop (a request's latency counts from the moment it was due, so
 * a stalled server is not hidden by a stalled client), for {@code --seconds}. It prints the latency percentiles, the
 * events each client received, the errors, and the RSS of the jevse process (VmRSS sampled every 50 ms, and VmHWM).
 * With {@code --api off} it runs the same charger for the same time without the API, for the RSS comparison.
 *
 * <p>Run by {@code scripts/bench.sh api} (docs/benchmarks.md); it prints {@code == load running} when the load starts,
 * so the script can run LatencyBench in another JVM at the same time. Uses only the JDK, so the script compiles it
 * with javac alone. Run from the hil-tests directory (JarProcess finds the jar and the launcher from there).
 */
public final class ApiLoadBench {
    private static final Pattern PORT = Pattern.compile("\"ev\"\\s*:\\s*\"listening\".*\"port\"\\s*:\\s*(\\d+)");

    private ApiLoadBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean api = true;
        int seconds = Integer.getInteger("jevse.load.seconds", 60);
        int clients = 50;
        int rate = 200;
        boolean ocpp = true;
        int evCycle = 5;
        boolean nmt = false;
        List<String> extraJvmArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--api" -> api = "on".equals(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--no-ocpp" -> ocpp = false;
                case "--ev-cycle-s" -> evCycle = Integer.parseInt(args[++i]);
                case "--nmt" -> nmt = true;
                case "--jvm-arg" -> extraJvmArgs.add(args[++i]);
                case "--env" -> extraJvmArgs.add("env:" + args[++i]);
                default -> {
                    System.err.println("ApiLoadBench: unknown argument " + args[i]
                            + " (allowed: --api on|off, --seconds N, --clients N, --rate N, --ev-cycle-s N, --nmt,"
                            + " --jvm-arg ARG, --env NAME=VALUE, --no-ocpp)");
                    System.exit(2);
                }
            }
        }
        Path dir = Files.createTempDirectory("jevse-load");
        List<Process> children = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> children.forEach(Process::destroyForcibly)));
        try {
            run(dir, children, api, ocpp, seconds, clients, rate, evCycle, nmt, extraJvmArgs);
        } finally {
            for (Process p : children) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
        System.exit(0); // the HttpClient's threads would keep the JVM a while
    }

    private static void run(Path dir, List<Process> children, boolean api, boolean ocpp, int seconds, int clients,
            int rate, int evCycle, boolean nmt, List<String> extraJvmArgs) throws Exception {
        int mqttPort = freePort();
        Files.writeString(dir.resolve("mosquitto.conf"),
                "listener " + mqttPort + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        Process broker = new ProcessBuilder(mosquitto(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        children.add(broker);
        awaitPort(mqttPort, broker, "mosquitto");

        AtomicLong csmsCalls = new AtomicLong();
        ConcurrentHashMap<String, AtomicInteger> csmsActions = new ConcurrentHashMap<>();
        String csmsUri = null;
        if (ocpp) {
            Path node = Path.of("..", "ocpp-client", "src", "test", "node").toAbsolutePath().normalize();
            Process csms = new ProcessBuilder("node", "csms.js", "0").directory(node.toFile())
                    .redirectError(dir.resolve("csms.err").toFile()).start();
            children.add(csms);
            BufferedReader r = new BufferedReader(new InputStreamReader(csms.getInputStream(), StandardCharsets.UTF_8));
            String line;
            int port = -1;
            while (port < 0 && (line = r.readLine()) != null) {
                Matcher m = PORT.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            if (port < 0) {
                throw new IllegalStateException("csms.js ended before listening: see " + dir.resolve("csms.err"));
            }
            csmsUri = "ws://127.0.0.1:" + port + "/ocpp/";
            Pattern action = Pattern.compile("\"ev\":\"(call|invalid)\".*?\"action\":\"([A-Za-z]+)\"");
            Thread reader = new Thread(() -> {
                try {
                    String l;
                    while ((l = r.readLine()) != null) {
                        Matcher m = action.matcher(l);
                        if (m.find()) {
                            csmsCalls.incrementAndGet();
                            csmsActions.computeIfAbsent(("invalid".equals(m.group(1)) ? "INVALID " : "")
                                    + m.group(2), k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                } catch (IOException ignored) {
                    // csms.js ended
                }
            }, "csms-reader");
            reader.setDaemon(true);
            reader.start();
        }

        int apiPort = freePort();
        Path data = dir.resolve("state");
        Files.createDirectories(data);
        StringBuilder yaml = new StringBuilder("""
                board:
                  type: sim
                  sim:
                    ev_script: "%s"
                auth:
                  local_list: [DEMO-TAG]
                energy:
                  broker_url: tcp://127.0.0.1:%d
                  leaf_id: load
                  failsafe_current_A: 16
                """.formatted(evScript(seconds, evCycle), mqttPort));
        if (ocpp) {
            yaml.append("ocpp:\n  central_system_uri: ").append(csmsUri).append("\n  charge_point_id: CP-LOAD\n")
                    .append("  data_dir: ").append(data).append('\n');
        }
        if (api) {
            yaml.append("api:\n  listen: 127.0.0.1:").append(apiPort).append("\n  anonymous_read: true\n");
        }
        Files.writeString(dir.resolve("jevse.yaml"), yaml);
        // The GC log (unified logging to a file) tells a GC pause from a slow answer; it adds nothing to the heap.
        Path gcLog = dir.resolve("gc.log");
        // --nmt: Native Memory Tracking, to see where the RSS goes (it costs some memory itself: not for the figures).
        // --jvm-arg: after the launcher's flags, so it overrides one of them (-Xmx48m, say) for a comparison.
        List<String> jvmArgs = new ArrayList<>(List.of("-Xlog:gc:file=" + gcLog));
        if (nmt) {
            jvmArgs.add("-XX:NativeMemoryTracking=summary");
        }
        // --env NAME=VALUE: an environment variable of the jevse process (MALLOC_ARENA_MAX=2, say).
        List<String> env = extraJvmArgs.stream().filter(a -> a.startsWith("env:")).map(a -> a.substring(4)).toList();
        extraJvmArgs.removeIf(a -> a.startsWith("env:"));
        jvmArgs.addAll(extraJvmArgs);
        if (!extraJvmArgs.isEmpty() || !env.isEmpty()) {
            System.out.println("== extra for jevse run: JVM flags after the launcher's " + extraJvmArgs
                    + ", environment " + env);
        }
        ProcessBuilder jevseBuilder = new ProcessBuilder(JarProcess.command(jvmArgs, "run", "--config",
                dir.resolve("jevse.yaml").toString()));
        for (String e : env) {
            jevseBuilder.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        }
        Process jevse = jevseBuilder.redirectErrorStream(true).redirectOutput(dir.resolve("jevse.log").toFile())
                .start();
        children.add(jevse);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
        URI status = URI.create("http://127.0.0.1:" + apiPort + "/api/v1/status");
        long startNs = System.nanoTime();
        try (RssSampler rss = new RssSampler(List.of("jevse run"), jevse.pid())) {
            // Wait until the session is on (the API's status, or the log without it): a bounded wait for a process.
            String state = awaitCharging(api, http, status, dir.resolve("jevse.log"), jevse);
            System.out.printf("== jevse run (api %s, ocpp %s, energy leaf on) up after %.1f s, state %s%n",
                    api ? "on" : "off", ocpp ? "on" : "off", (System.nanoTime() - startNs) / 1e9, state);
            rss.phase("start-up to charging");
            System.out.println("== load running (" + seconds + " s)");
            System.out.flush();
            String loadAvgBefore = loadAverage();
            Load load = api ? new Load(http, status, apiPort, clients, rate, seconds) : null;
            if (load != null) {
                load.run();
            } else {
                Thread.sleep(seconds * 1000L);
            }
            long threads = JarProcess.statusKib(jevse.pid(), "Threads:");
            String nmtSummary = nmt ? nativeMemory(jevse.pid()) : "";
            rss.phase(api ? "under load" : "idle API off, charging");
            String endState = api ? stateOf(http, status) : "(no API)";
            if (load != null) {
                load.close();
            }
            System.out.println("== load done");
            System.out.println();
            System.out.printf("== machine: %d CPUs, load average before: %s, after: %s%n",
                    Runtime.getRuntime().availableProcessors(), loadAvgBefore, loadAverage());
            System.out.println("== jevse alive at the end: " + jevse.isAlive() + ", state at the end: " + endState
                    + ", threads at the end of the load: " + threads);
            System.out.println("== jevse GC over the whole run: " + gcSummary(gcLog));
            if (nmt) {
                System.out.println("== jevse native memory at the end of the load (jcmd VM.native_memory summary):");
                System.out.print(nmtSummary);
            }
            if (ocpp) {
                System.out.println("== OCPP calls the CSMS received: " + csmsCalls.get() + " " + csmsActions);
            }
            System.out.println();
            if (load != null) {
                load.print();
                System.out.println();
            }
            rss.close();
            System.out.println(rss.table());
        }
    }

    /** The status requests and event clients of one run. */
    private static final class Load {
        private final HttpClient http;
        private final URI status;
        private final int port;
        private final int rate;
        private final int seconds;
        private final long[] latencyNs;
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicInteger httpErrors = new AtomicInteger();
        private final AtomicInteger failures = new AtomicInteger();
        private final ConcurrentHashMap<String, AtomicInteger> errorKinds = new ConcurrentHashMap<>();
        private final AtomicLongArray events;
        private final AtomicInteger streamEnds = new AtomicInteger();
        private final AtomicInteger streamRefused = new AtomicInteger();
        private final List<Socket> sockets = new ArrayList<>();
        private int requests;

        Load(HttpClient http, URI status, int port, int clients, int rate, int seconds) {
            this.http = http;
            this.status = status;
            this.port = port;
            this.rate = rate;
            this.seconds = seconds;
            this.latencyNs = new long[rate * seconds];
            this.events = new AtomicLongArray(clients);
        }

        void run() throws Exception {
            for (int i = 0; i < events.length(); i++) {
                openStream(i);
            }
            requests = rate * seconds;
            Arrays.fill(latencyNs, -1);
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
            long t0 = System.nanoTime();
            long periodNs = 1_000_000_000L / rate;
            AtomicInteger next = new AtomicInteger();
            ticker.scheduleAtFixedRate(() -> {
                // Fire every request that is due (a late tick catches up), each timed from when it was due.
                long now = System.nanoTime();
                int n;
                while ((n = next.get()) < requests && t0 + n * periodNs <= now) {
                    next.incrementAndGet();
                    long due = t0 + n * periodNs;
                    int idx = n;
                    http.sendAsync(HttpRequest.newBuilder(status).timeout(Duration.ofSeconds(10)).GET().build(),
                            HttpResponse.BodyHandlers.ofByteArray()).whenComplete((resp, err) -> {
                                if (err != null) {
                                    failures.incrementAndGet();
                                    errorKinds.computeIfAbsent(err.getClass().getSimpleName(), k -> new AtomicInteger())
                                            .incrementAndGet();
                                } else if (resp.statusCode() != 200) {
                                    httpErrors.incrementAndGet();
                                    errorKinds.computeIfAbsent("HTTP " + resp.statusCode(), k -> new AtomicInteger())
                                            .incrementAndGet();
                                } else {
                                    latencyNs[idx] = System.nanoTime() - due;
                                }
                                done.incrementAndGet();
                            });
                }
            }, 0, 1, TimeUnit.MILLISECONDS);
            Thread.sleep(seconds * 1000L);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while ((next.get() < requests || done.get() < next.get()) && System.nanoTime() < deadline) {
                Thread.sleep(50); // the last requests still in flight; bounded
            }
            ticker.shutdownNow();
        }

        private void openStream(int i) throws IOException {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            synchronized (sockets) {
                sockets.add(s);
            }
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String first = r.readLine();
                    if (first == null || !first.contains(" 200")) {
                        streamRefused.incrementAndGet();
                        return;
                    }
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.startsWith("data:")) {
                            events.incrementAndGet(i);
                        }
                    }
                    streamEnds.incrementAndGet(); // the server closed the stream while we were reading
                } catch (IOException e) {
                    if (!s.isClosed()) {
                        streamEnds.incrementAndGet();
                    }
                }
            }, "sse-" + i);
            t.setDaemon(true);
            t.start();
        }

        void close() throws IOException {
            synchronized (sockets) {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }

        void print() {
            long[] ok = Arrays.stream(latencyNs).filter(v -> v >= 0).sorted().toArray();
            System.out.printf("GET /api/v1/status, %d/s open loop for %d s: %d sent, %d answered 200, %d other status,"
                    + " %d failed (no answer in 10 s, refused, reset) %s%n", rate, seconds, requests, ok.length,
                    httpErrors.get(), failures.get(), errorKinds);
            System.out.println("| requests | p50 | p90 | p99 | p99.9 | max |");
            System.out.println("|---:|---:|---:|---:|---:|---:|");
            System.out.printf("| %,d | %s | %s | %s | %s | %s |%n", ok.length, ms(ok, 0.50), ms(ok, 0.90),
                    ms(ok, 0.99), ms(ok, 0.999), ok.length == 0 ? "-" : String.format("%.2f", ok[ok.length - 1] / 1e6));
            System.out.println("(ms, from the moment each request was due to its whole body read; nearest rank)");
            System.out.println();
            long[] per = new long[events.length()];
            long total = 0;
            for (int i = 0; i < per.length; i++) {
                per[i] = events.get(i);
                total += per[i];
            }
            Arrays.sort(per);
            System.out.printf("GET /api/v1/events, %d clients: events (data: lines) per client min %d, median %d,"
                    + " max %d; total %,d; streams refused %d, closed by the server or broken %d%n", per.length,
                    per[0], per[per.length / 2], per[per.length - 1], total, streamRefused.get(), streamEnds.get());
        }

        private static String ms(long[] sorted, double q) {
            if (sorted.length == 0) {
                return "-";
            }
            int rank = (int) Math.ceil(q * sorted.length) - 1;
            return String.format("%.2f", sorted[Math.max(0, rank)] / 1e6);
        }
    }

    private static String awaitCharging(boolean api, HttpClient http, URI status, Path log, Process jevse)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String state = "?";
        while (System.nanoTime() < deadline && jevse.isAlive()) {
            if (api) {
                state = stateOf(http, status);
                if (state.equals("Charging")) {
                    return state;
                }
            } else if (Files.exists(log) && Files.readString(log).contains("Charging")) {
                return "Charging (from the log)";
            }
            Thread.sleep(200);
        }
        if (!jevse.isAlive()) {
            throw new IllegalStateException("jevse run exited " + jevse.exitValue() + ": " + Files.readString(log));
        }
        return state + " (not Charging after 120 s)";
    }

    private static String stateOf(HttpClient http, URI status) {
        try {
            String body = http.send(HttpRequest.newBuilder(status).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("\"state\"\\s*:\\s*\"([A-Za-z]+)\"").matcher(body);
            return m.find() ? m.group(1) : "?";
        } catch (IOException e) {
            return "no answer";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * The EV charges for the whole run. With a cycle of N s it pauses (S2 open, C to B) for 1 s every N s and asks for
     * power again, so the event streams carry something (cp, power, state, pwm) during the load; 0: it charges
     * without a break and the streams carry only their keep-alive comments.
     */
    static String evScript(int seconds, int cycle) {
        StringBuilder s = new StringBuilder("sleep 1; plugin; sleep 1; auth DEMO-TAG; draw_power_regulated 32,3");
        if (cycle > 1) {
            for (int i = 0; i < (seconds + 180) / cycle; i++) { // covers start-up (up to 120 s) and the load
                s.append("; sleep ").append(cycle - 1).append("; pause; sleep 1; draw_power_regulated 32,3");
            }
        }
        return s.append("; sleep 86400; unplug").toString();
    }

    /** The committed figures of {@code jcmd PID VM.native_memory summary}, one line per category. */
    private static String nativeMemory(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.native_memory", "summary")
                .redirectErrorStream(true).start();
        StringBuilder b = new StringBuilder();
        Pattern category = Pattern.compile("^(Total|-\\s+[A-Za-z ]+?)\\s*[:(].*committed=(\\d+KB)");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Matcher m = category.matcher(line.trim());
                if (m.find()) {
                    b.append("   ").append(m.group(1).replace("-", "").trim()).append(": ").append(m.group(2))
                            .append(" committed\n");
                }
            }
        }
        p.waitFor(30, TimeUnit.SECONDS);
        return b.toString();
    }

    /** Counts the pauses of a {@code -Xlog:gc} file and their longest one. */
    static String gcSummary(Path gcLog) {
        Pattern pause = Pattern.compile("Pause (Young|Full).* ([0-9.]+)ms");
        int young = 0;
        int full = 0;
        double longest = 0;
        double total = 0;
        try {
            for (String line : Files.readAllLines(gcLog)) {
                Matcher m = pause.matcher(line);
                if (m.find()) {
                    if (m.group(1).equals("Young")) {
                        young++;
                    } else {
                        full++;
                    }
                    double ms = Double.parseDouble(m.group(2));
                    longest = Math.max(longest, ms);
                    total += ms;
                }
            }
        } catch (IOException e) {
            return "no GC log (" + e.getMessage() + ")";
        }
        return String.format("%d young and %d full collections, %.1f ms paused in all, longest pause %.1f ms", young,
                full, total, longest);
    }

    private static String mosquitto() {
        for (String p : List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        throw new IllegalStateException("mosquitto is not installed: run scripts/ensure-tools.sh test");
    }

    private static void awaitPort(int port, Process p, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException(what + " did not listen on 127.0.0.1:" + port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
