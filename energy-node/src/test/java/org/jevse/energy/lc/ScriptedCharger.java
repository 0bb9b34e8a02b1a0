package org.jevse.energy.lc;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;
import org.jevse.ocpp.rpc.OcppJson;

/**
 * A scripted OCPP 1.6J charger for the LC's tests: it connects (with or without HTTP Basic), boots, sends what the
 * test tells it, and answers the LC's CALLs: ChangeConfiguration as {@link #changeConfigurationStatus} says
 * (keeping the value it got), GetConfiguration with {@link #configuration} (no keys by default), anything else Accepted. Every frame it receives is
 * kept in {@link #received}.
 */
final class ScriptedCharger extends WebSocketClient {

    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final List<JsonNode> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile String changeConfigurationStatus = "Accepted";
    volatile String keyReceived;
    /** The configurationKey array it answers GetConfiguration with. */
    volatile String configuration = "[]";
    private int ids;

    ScriptedCharger(int port, String id, String auth) {
        super(URI.create("ws://127.0.0.1:" + port + "/" + id),
                new Draft_6455(List.of(), List.<IProtocol>of(new Protocol("ocpp1.6"))),
                auth == null ? Map.of() : Map.of("Authorization", auth), 5000);
    }

    @Override
    public void onOpen(ServerHandshake h) {
    }

    @Override
    public void onMessage(String m) {
        try {
            JsonNode f = OcppJson.mapper().readTree(m);
            if (f.get(0).asInt() == 2) {
                calls.add(f);
                String answer = switch (f.get(2).asText()) {
                    case "GetConfiguration" -> "{\"configurationKey\":" + configuration + "}";
                    case "ChangeConfiguration" -> {
                        keyReceived = f.get(3).path("value").asText();
                        yield "{\"status\":\"" + changeConfigurationStatus + "\"}";
                    }
                    default -> "{\"status\":\"Accepted\"}";
                };
                send("[3," + OcppJson.mapper().writeValueAsString(f.get(1).asText()) + "," + answer + "]");
            }
            received.add(m);
        } catch (Exception e) {
            received.add("unreadable: " + m);
        }
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
    }

    @Override
    public void onError(Exception e) {
    }

    /**
     * True once the LC's server accepts connections on {@code port} (it binds on its own thread after start): a
     * test waits for it, bounded, before a refusal can mean anything.
     */
    static boolean listening(int port) {
        try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Connects and sends a BootNotification; false if the handshake was refused. */
    boolean boot() throws Exception {
        if (!connectBlocking(5, TimeUnit.SECONDS)) {
            return false;
        }
        call("BootNotification", "{\"chargePointVendor\":\"Scripted\",\"chargePointModel\":\"P0\"}");
        return true;
    }

    /** Sends a CALL of the charger (its answer lands in {@link #received}); returns its message id. */
    synchronized String call(String action, String payload) {
        String id = "c" + (++ids);
        send("[2,\"" + id + "\",\"" + action + "\"," + payload + "]");
        return id;
    }

    /** The payload of the CALLRESULT to the charger's CALL {@code id}, waiting at most {@code ms}; null if none. */
    JsonNode result(String id, long ms) throws Exception {
        long end = System.nanoTime() + ms * 1_000_000;
        while (System.nanoTime() < end) {
            for (String m : received) {
                JsonNode f = OcppJson.mapper().readTree(m);
                if (f.get(0).asInt() == 3 && f.get(1).asText().equals(id)) {
                    return f.get(2);
                }
            }
            Thread.sleep(20); // polling real I/O with a bound
        }
        return null;
    }

    /** The LC's CALLs of one action received so far. */
    List<JsonNode> calls(String action) {
        return calls.stream().filter(f -> f.get(2).asText().equals(action)).toList();
    }
}
