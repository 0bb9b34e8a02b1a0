package org.jevse.hil.ocpp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.TextFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;
import org.java_websocket.server.WebSocketServer;
import org.jevse.ocpp.testkit.Schemas;

/**
 * A CSMS that answers a charge point like a plain one (BootNotification Accepted, every tag Accepted, one
 * transactionId) and can also send what no CSMS should: frames of many MiB, a message fragmented past any bound,
 * floods of broken frames. Java-WebSocket's server, because it lets a test send raw frames and fragments. Every
 * CALL the charge point sends, and every answer to ours, is checked against the OCA schemas.
 */
final class HostileCsms extends WebSocketServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int TRANSACTION_ID = 4711;

    /** What happened on the wire, in order: opens, closes (with the charge point's code), frames received. */
    record Event(String kind, int connection, int closeCode, JsonNode frame) {
    }

    private final CountDownLatch started = new CountDownLatch(1);
    /** Appended by the server's threads; read under its lock (a copy-on-write list would copy it per frame). */
    private final List<Event> events = new ArrayList<>();
    private final Map<String, String> ourCalls = new ConcurrentHashMap<>();
    private final List<String> invalid = new CopyOnWriteArrayList<>();
    private final Map<WebSocket, Integer> connectionNumbers = new ConcurrentHashMap<>();
    private volatile WebSocket current;
    private volatile int connections;

    private HostileCsms() {
        super(new InetSocketAddress("127.0.0.1", 0),
                List.of(new Draft_6455(List.of(), List.<IProtocol>of(new Protocol("ocpp1.6")))));
        setReuseAddr(true);
    }

    static HostileCsms launch() throws InterruptedException {
        HostileCsms c = new HostileCsms();
        c.setDaemon(true);
        c.start();
        if (!c.started.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test CSMS did not start");
        }
        return c;
    }

    String uri() {
        return "ws://127.0.0.1:" + getPort() + "/ocpp/";
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        int n;
        synchronized (this) {
            n = ++connections;
        }
        connectionNumbers.put(conn, n);
        current = conn;
        add(new Event("open", n, 0, null));
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        add(new Event("close", connectionNumbers.getOrDefault(conn, 0), code, null));
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        JsonNode f;
        try {
            f = JSON.readTree(message);
        } catch (Exception e) {
            invalid.add("not JSON: " + message);
            return;
        }
        int n = connectionNumbers.getOrDefault(conn, 0);
        add(new Event("frame", n, 0, f));
        String id = f.path(1).asText();
        switch (f.path(0).asInt()) {
            case 2: {
                String action = f.path(2).asText();
                invalid.addAll(Schemas.validate(action, false, f.path(3)));
                conn.send("[3,\"" + id + "\"," + answer(action) + "]");
                break;
            }
            case 3: {
                String action = ourCalls.remove(id);
                if (action != null) {
                    invalid.addAll(Schemas.validate(action, true, f.path(2)));
                }
                break;
            }
            case 4:
                break;
            default:
                invalid.add("message type " + f.path(0) + ": " + message);
        }
    }

    private static String answer(String action) {
        String now = "\"" + Instant.now() + "\"";
        switch (action) {
            case "BootNotification":
                return "{\"status\":\"Accepted\",\"currentTime\":" + now + ",\"interval\":300}";
            case "Heartbeat":
                return "{\"currentTime\":" + now + "}";
            case "Authorize":
            case "StopTransaction":
                return "{\"idTagInfo\":{\"status\":\"Accepted\"}}";
            case "StartTransaction":
                return "{\"transactionId\":" + TRANSACTION_ID + ",\"idTagInfo\":{\"status\":\"Accepted\"}}";
            case "DataTransfer":
                return "{\"status\":\"Rejected\"}";
            default:
                return "{}";
        }
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
        invalid.add("a binary frame from the charge point");
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        // a peer that closes in the middle of a large send is what these tests provoke
    }

    // ------------------------------------------------------------------ sending

    int connections() {
        return connections;
    }

    /** Sends a CALL of ours on the current connection, remembering its action to check the answer. */
    void call(String id, String action, String payload) {
        ourCalls.put(id, action);
        current.send("[2,\"" + id + "\",\"" + action + "\"," + payload + "]");
    }

    /** Sends one text frame as it is (broken or not). */
    void sendRaw(String text) {
        current.send(text);
    }

    /** One text frame of {@code bytes} bytes: a DataTransfer CALL whose data fills it. */
    void sendHugeFrame(long bytes) {
        TextFrame f = new TextFrame();
        f.setPayload(ByteBuffer.wrap(hugeCall("huge-" + bytes, (int) bytes)));
        f.setFin(true);
        current.sendFrame(f);
    }

    /** One text message of {@code bytes} bytes in fragments of {@code fragment} bytes; stops if the peer closes. */
    void sendFragmented(long bytes, int fragment) {
        byte[] all = hugeCall("fragmented-" + bytes, (int) bytes);
        WebSocket c = current;
        try {
            for (int off = 0; off < all.length; off += fragment) {
                int len = Math.min(fragment, all.length - off);
                c.sendFragmentedFrame(Opcode.TEXT, ByteBuffer.wrap(all, off, len), off + len >= all.length);
            }
        } catch (WebsocketNotConnectedException e) {
            // the charge point closed the connection before the end, as it should
        }
    }

    private static byte[] hugeCall(String id, int bytes) {
        byte[] head = ("[2,\"" + id + "\",\"DataTransfer\",{\"vendorId\":\"x\",\"data\":\"").getBytes();
        byte[] tail = "\"}]".getBytes();
        byte[] b = new byte[bytes];
        java.util.Arrays.fill(b, (byte) 'A');
        System.arraycopy(head, 0, b, 0, head.length);
        System.arraycopy(tail, 0, b, bytes - tail.length, tail.length);
        return b;
    }

    // ------------------------------------------------------------------ waiting and reading

    private void add(Event e) {
        synchronized (events) {
            events.add(e);
        }
    }

    List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    int eventCount() {
        synchronized (events) {
            return events.size();
        }
    }

    /** Frames received whose message type is {@code type} (2, 3 or 4). */
    List<JsonNode> frames(int type) {
        List<JsonNode> out = new ArrayList<>();
        for (Event e : events()) {
            if (e.frame() != null && e.frame().path(0).asInt() == type) {
                out.add(e.frame());
            }
        }
        return out;
    }

    List<JsonNode> calls(String action) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode f : frames(2)) {
            if (action.equals(f.path(2).asText())) {
                out.add(f);
            }
        }
        return out;
    }

    /** Waits (bounded: real I/O) for the first event that matches and comes after {@code from} events. */
    Event await(int from, Predicate<Event> what, long timeoutS, String description) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        int next = from;
        while (System.nanoTime() < end) {
            synchronized (events) {
                for (; next < events.size(); next++) {
                    if (what.test(events.get(next))) {
                        return events.get(next);
                    }
                }
            }
            Thread.sleep(20);
        }
        List<Event> all = events();
        throw new AssertionError("no " + description + " within " + timeoutS + " s; last events: "
                + all.subList(Math.max(0, all.size() - 10), all.size()));
    }

    List<String> invalid() {
        return List.copyOf(invalid);
    }

    @Override
    public void close() throws InterruptedException {
        stop(1000);
    }
}
