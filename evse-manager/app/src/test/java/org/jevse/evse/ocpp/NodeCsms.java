package org.jevse.evse.ocpp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.jevse.ocpp.testkit.Schemas;
import org.junit.jupiter.api.Assumptions;

/**
 * The ocpp-rpc strict-mode CSMS of ocpp-client/src/test/node/csms.js as a child process (the hil-tests use it too,
 * through this module's test jar). Missing node/ocpp-rpc fails under CI=true
 * and skips otherwise.
 *
 * <p>Besides ocpp-rpc's own strict mode, every CALL the charge point sends (a {@code call} event) and every
 * CALLRESULT it returns (a {@code result} event) is validated against the OCA schemas in ../shared/ocpp/v16/schemas
 * with the ocpp-client test kit's {@link Schemas} (networknt, draft-04). {@link #assertNoInvalid()} and
 * {@link #close()} fail on any violation.
 */
public final class NodeCsms implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final Writer stdin;
    private final List<JsonNode> events = new ArrayList<>();
    private final List<String> schemaViolations = new ArrayList<>();
    private int validated;
    private boolean violationsReported;
    public final int port;
    private int refs;

    /** ocpp-client's node directory, found from the module the tests run in (evse-manager/app or hil-tests). */
    public static Path nodeDir() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path node = d.resolve("ocpp-client").resolve("src").resolve("test").resolve("node");
            if (Files.isDirectory(node)) {
                return node.normalize();
            }
        }
        return Path.of("..", "ocpp-client", "src", "test", "node").toAbsolutePath().normalize();
    }

    public static NodeCsms start() throws IOException {
        Path dir = nodeDir();
        if (!Files.isDirectory(dir.resolve("node_modules").resolve("ocpp-rpc"))) {
            try {
                new ProcessBuilder("bash", dir.resolve("../../../../scripts/install-ocpp-peer.sh").normalize().toString())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                        .waitFor(300, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!Files.isDirectory(dir.resolve("node_modules").resolve("ocpp-rpc"))) {
            String why = "ocpp-rpc missing in " + dir + ": run scripts/install-ocpp-peer.sh";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why);
            }
            Assumptions.abort(why);
        }
        Process p;
        try {
            p = new ProcessBuilder("node", "csms.js", "0").directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("node not found: " + e.getMessage());
            }
            Assumptions.abort("node not found");
            throw e;
        }
        return new NodeCsms(p);
    }

    private NodeCsms(Process p) {
        this.process = p;
        this.stdin = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    try {
                        JsonNode n = JSON.readTree(line);
                        List<String> bad = violations(n);
                        synchronized (events) {
                            if (isValidated(n)) {
                                validated++;
                            }
                            schemaViolations.addAll(bad);
                            events.add(n);
                            events.notifyAll();
                        }
                    } catch (IOException ignored) {
                        // not an event line
                    }
                }
            } catch (IOException ignored) {
                // ended
            }
        }, "node-csms-reader");
        reader.setDaemon(true);
        reader.start();
        this.port = await(e -> "listening".equals(e.path("ev").asText()), 1, "listening").get(0).path("port").asInt();
    }

    public String uri() {
        return "ws://127.0.0.1:" + port + "/ocpp/";
    }

    public List<JsonNode> await(Predicate<JsonNode> p, int n, String what) {
        long deadline = System.nanoTime() + 90_000_000_000L;
        synchronized (events) {
            while (true) {
                List<JsonNode> found = events.stream().filter(p).toList();
                if (found.size() >= n) {
                    return found;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    throw new AssertionError("timed out waiting for " + what + "; events: " + events);
                }
                try {
                    events.wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted");
                }
            }
        }
    }

    public JsonNode awaitCall(String action) {
        return await(e -> "call".equals(e.path("ev").asText()) && action.equals(e.path("action").asText()), 1,
                action).get(0);
    }

    public List<JsonNode> calls(String action) {
        synchronized (events) {
            return events.stream().filter(e -> "call".equals(e.path("ev").asText())
                    && action.equals(e.path("action").asText())).toList();
        }
    }

    public JsonNode call(String action, String params) throws IOException {
        String ref = "c" + (++refs);
        synchronized (this) {
            stdin.write("{\"cmd\":\"call\",\"ref\":\"" + ref + "\",\"action\":\"" + action + "\",\"params\":" + params + "}\n");
            stdin.flush();
        }
        return await(e -> ref.equals(e.path("ref").asText()), 1, action + " answer").get(0);
    }

    /** Canned answers for an action, used in order, the last repeating (see the head of csms.js). */
    public void respond(String action, String... responses) throws IOException {
        String ref = "r" + (++refs);
        synchronized (this) {
            stdin.write("{\"cmd\":\"respond\",\"ref\":\"" + ref + "\",\"action\":\"" + action
                    + "\",\"responses\":[" + String.join(",", responses) + "]}\n");
            stdin.flush();
        }
        await(e -> "ok".equals(e.path("ev").asText()) && ref.equals(e.path("ref").asText()), 1, "respond ok");
    }

    /**
     * Once: when the answer to the CALL {@code action} with {@code idTag} has been handed to the socket, the CSMS
     * sends SIGKILL to process {@code pid} {@code afterUs} µs later (see the head of csms.js); a {@code killed}
     * event reports it.
     */
    public void killAfterAnswer(String action, String idTag, long pid, long afterUs) throws IOException {
        String ref = "k" + (++refs);
        synchronized (this) {
            stdin.write("{\"cmd\":\"killAfterAnswer\",\"ref\":\"" + ref + "\",\"action\":\"" + action
                    + "\",\"idTag\":\"" + idTag + "\",\"pid\":" + pid + ",\"afterUs\":" + afterUs + "}\n");
            stdin.flush();
        }
        await(e -> "ok".equals(e.path("ev").asText()) && ref.equals(e.path("ref").asText()), 1, "killAfterAnswer ok");
    }

    private static boolean isValidated(JsonNode event) {
        String ev = event.path("ev").asText();
        return ("call".equals(ev) || "result".equals(ev)) && event.hasNonNull("action");
    }

    /**
     * The schema violations of one event line: a {@code call} event's params against {@code Action.json}, a
     * {@code result} event's result against {@code ActionResponse.json}; other events have none.
     */
    static List<String> violations(JsonNode event) {
        if (!isValidated(event)) {
            return List.of();
        }
        boolean response = "result".equals(event.path("ev").asText());
        JsonNode payload = response ? event.path("result") : event.path("params");
        String action = event.path("action").asText();
        List<String> out = new ArrayList<>();
        for (String v : Schemas.validate(action, response, payload.isMissingNode() ? JSON.nullNode() : payload)) {
            out.add((response ? "CALLRESULT to " : "CALL ") + action + " " + payload + ": " + v);
        }
        return out;
    }

    /** How many payloads were validated against the schemas so far. */
    public int validated() {
        synchronized (events) {
            return validated;
        }
    }

    public void assertNoInvalid() {
        synchronized (events) {
            if (!schemaViolations.isEmpty()) {
                violationsReported = true;
                throw new AssertionError("messages from the charge point violate the OCA schemas: "
                        + schemaViolations);
            }
            List<JsonNode> bad = events.stream().filter(e -> "invalid".equals(e.path("ev").asText())).toList();
            if (!bad.isEmpty()) {
                throw new AssertionError("ocpp-rpc strict mode rejected: " + bad);
            }
        }
    }

    @Override
    public void close() {
        try {
            stdin.write("{\"cmd\":\"quit\"}\n");
            stdin.flush();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
        synchronized (events) {
            if (!schemaViolations.isEmpty() && !violationsReported) {
                throw new AssertionError("messages from the charge point violate the OCA schemas: "
                        + schemaViolations);
            }
        }
    }
}
