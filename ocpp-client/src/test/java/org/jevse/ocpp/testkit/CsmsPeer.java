package org.jevse.ocpp.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * The ocpp-rpc CSMS (src/test/node/csms.js) as a child process on a loopback port. Without node or ocpp-rpc the
 * test fails with a clear message when CI=true, and is skipped otherwise. The peer's strict-mode findings
 * ({"ev":"invalid"}) fail {@link #assertNoInvalid()}.
 */
public final class CsmsPeer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longest wait for any event from the peer; generous for a loaded 2-core CI machine. */
    public static final long WAIT_MS = 60_000;

    private final Process process;
    private final Writer stdin;
    private final List<JsonNode> events = new ArrayList<>();
    private final int port;
    private int refs;

    /** The directory holding csms.js and package-lock.json (override: -Djevse.ocpp.peer.dir). */
    public static Path nodeDir() {
        String p = System.getProperty("jevse.ocpp.peer.dir");
        if (p != null) {
            return Path.of(p);
        }
        Path here = Path.of("src", "test", "node");
        if (Files.isDirectory(here)) {
            return here;
        }
        return Path.of("..", "ocpp-client", "src", "test", "node");
    }

    /** Makes sure node and ocpp-rpc are there (running scripts/install-ocpp-peer.sh if needed). */
    public static void require() {
        Path dir = nodeDir().toAbsolutePath().normalize();
        String problem = null;
        if (!Files.isDirectory(dir.resolve("node_modules").resolve("ocpp-rpc"))) {
            Path script = dir.resolve("../../../../scripts/install-ocpp-peer.sh").normalize();
            try {
                Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(300, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (IOException | InterruptedException e) {
                problem = "cannot run " + script + ": " + e;
            }
            if (!Files.isDirectory(dir.resolve("node_modules").resolve("ocpp-rpc"))) {
                problem = "ocpp-rpc is not installed in " + dir + "; run scripts/install-ocpp-peer.sh (needs node and npm)";
            }
        }
        if (problem == null) {
            try {
                Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor() != 0) {
                    problem = "node --version failed";
                }
            } catch (IOException | InterruptedException e) {
                problem = "node not found: " + e.getMessage();
            }
        }
        if (problem != null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("the OCPP test peer is missing: " + problem);
            }
            Assumptions.abort("OCPP test peer missing (" + problem + ")");
        }
    }

    public static CsmsPeer start(String... args) throws IOException {
        return start(0, args);
    }

    public static CsmsPeer start(int port, String... args) throws IOException {
        require();
        List<String> cmd = new ArrayList<>(List.of("node", "csms.js", Integer.toString(port)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(nodeDir().toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new CsmsPeer(p);
    }

    private CsmsPeer(Process p) throws IOException {
        this.process = p;
        this.stdin = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    JsonNode n;
                    try {
                        n = JSON.readTree(line);
                    } catch (IOException e) {
                        continue;
                    }
                    synchronized (events) {
                        events.add(n);
                        events.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "csms-peer-reader");
        reader.setDaemon(true);
        reader.start();
        JsonNode l = await(e -> "listening".equals(e.path("ev").asText()), "the peer to listen");
        this.port = l.path("port").asInt();
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "ws://127.0.0.1:" + port + "/ocpp";
    }

    /** Waits (up to {@link #WAIT_MS}) for an event matching {@code p}, searching from the start. */
    public JsonNode await(Predicate<JsonNode> p, String what) {
        return awaitCount(p, 1, what).get(0);
    }

    /** Waits until at least {@code n} events match; returns them all. */
    public List<JsonNode> awaitCount(Predicate<JsonNode> p, int n, String what) {
        long deadline = System.nanoTime() + WAIT_MS * 1_000_000L;
        synchronized (events) {
            while (true) {
                List<JsonNode> found = new ArrayList<>();
                for (JsonNode e : events) {
                    if (p.test(e)) {
                        found.add(e);
                    }
                }
                if (found.size() >= n) {
                    return found;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    throw new AssertionError("timed out waiting for " + what + " (" + found.size() + "/" + n
                            + "); events: " + tail());
                }
                try {
                    events.wait(Math.min(200, left / 1_000_000L + 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted");
                }
            }
        }
    }

    public JsonNode awaitCall(String action) {
        return await(isCall(action), "a " + action + " CALL");
    }

    public static Predicate<JsonNode> isCall(String action) {
        return e -> "call".equals(e.path("ev").asText()) && action.equals(e.path("action").asText());
    }

    /** Every CALL received so far, in order. */
    public List<JsonNode> calls() {
        List<JsonNode> out = new ArrayList<>();
        synchronized (events) {
            for (JsonNode e : events) {
                if ("call".equals(e.path("ev").asText())) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    public List<JsonNode> calls(String action) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : calls()) {
            if (action.equals(e.path("action").asText())) {
                out.add(e);
            }
        }
        return out;
    }

    public List<JsonNode> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    private String tail() {
        synchronized (events) {
            List<JsonNode> t = events.subList(Math.max(0, events.size() - 15), events.size());
            return t.toString();
        }
    }

    private synchronized void command(ObjectNode c) {
        try {
            stdin.write(c.toString() + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new IllegalStateException("peer gone", e);
        }
    }

    /** Canned answers for an action, used in order; the last repeats. */
    public void respond(String action, JsonNode... responses) {
        String ref = "r" + (++refs);
        ObjectNode c = JSON.createObjectNode().put("cmd", "respond").put("ref", ref).put("action", action);
        c.putArray("responses").addAll(List.of(responses));
        command(c);
        await(e -> "ok".equals(e.path("ev").asText()) && ref.equals(e.path("ref").asText()), "respond ok");
    }

    /** CALLs the charge point; returns the {"ev":"result"} or {"ev":"error"} event. */
    public JsonNode call(String action, JsonNode params) {
        String ref = "c" + (++refs);
        ObjectNode c = JSON.createObjectNode().put("cmd", "call").put("ref", ref).put("action", action);
        c.set("params", params);
        command(c);
        return await(e -> ref.equals(e.path("ref").asText())
                && ("result".equals(e.path("ev").asText()) || "error".equals(e.path("ev").asText())), action + " answer");
    }

    /** Refuses connections and drops the current ones (true), or accepts again (false). */
    public void offline(boolean value) {
        String ref = "o" + (++refs);
        command(JSON.createObjectNode().put("cmd", "offline").put("ref", ref).put("value", value));
        await(e -> "ok".equals(e.path("ev").asText()) && ref.equals(e.path("ref").asText()), "offline ok");
    }

    /** Fails if ocpp-rpc's strict mode found anything wrong in what the charge point sent. */
    public void assertNoInvalid() {
        List<JsonNode> bad = new ArrayList<>();
        synchronized (events) {
            for (JsonNode e : events) {
                if ("invalid".equals(e.path("ev").asText())) {
                    bad.add(e);
                }
            }
        }
        if (!bad.isEmpty()) {
            throw new AssertionError("ocpp-rpc strict mode rejected " + bad.size() + " message(s): " + bad);
        }
    }

    public static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        try {
            command(JSON.createObjectNode().put("cmd", "quit"));
        } catch (RuntimeException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
