package org.jevse.hil.ocpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jevse.hil.JarProcess;
import org.jevse.hil.RssSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real charger process, with the launcher's JVM flags (-Xmx64m), mid-transaction against a hostile CSMS:
 * single text frames of 16 and 64 MiB and a message of 17 MiB in 16 KiB fragments are each answered by a close
 * with 1009 (message too big) and a reconnect, never by dying; then 24,000 broken frames each get the answer
 * OCPP-J 1.6 requires (or none). The session carries on and its transaction is stopped normally, under the
 * CSMS's transactionId. The charger's RSS is printed for each phase.
 */
class OcppFloodProcessTest {
    private static final int MIB = 1024 * 1024;
    private static final int FLOOD = 24_000;

    @TempDir
    Path dir;

    @Test
    void oversizedMessagesCloseWith1009AndTheSessionCarriesOn() throws Exception {
        try (HostileCsms csms = HostileCsms.launch()) {
            Path data = dir.resolve("ocpp-state");
            Files.createDirectories(data);
            Path config = dir.resolve("jevse.yaml");
            Files.writeString(config, "ocpp:\n  central_system_uri: " + csms.uri() + "\n  charge_point_id: CP-FLOOD\n"
                    + "  data_dir: " + data + "\n  drain_grace_s: 30\n");
            Path log = dir.resolve("jevse.log");
            Process p = JarProcess.start(log, "simulate", "--realtime", "--config", config.toString(), "--ev",
                    "sleep 1; plugin; draw_power_regulated 16,3; sleep 3600; unplug");
            RssSampler rss = new RssSampler(List.of("charger"), p.pid());
            try {
                // the CSMS starts the transaction once the charge point is registered and the EV is plugged in
                csms.await(0, e -> isCall(e, "StatusNotification") && "Preparing".equals(
                        e.frame().path(3).path("status").asText()), 60, "StatusNotification Preparing");
                csms.call("start-1", "RemoteStartTransaction", "{\"connectorId\":1,\"idTag\":\"RFID-FLOOD\"}");
                csms.await(0, e -> isCall(e, "StartTransaction"), 60, "StartTransaction");
                rss.phase("session started");

                oversized(csms, p, log, () -> csms.sendHugeFrame(16L * MIB), "a 16 MiB text frame");
                rss.phase("16 MiB frame");
                oversized(csms, p, log, () -> csms.sendHugeFrame(64L * MIB), "a 64 MiB text frame");
                rss.phase("64 MiB frame");
                oversized(csms, p, log, () -> csms.sendFragmented(17L * MIB, 16 * 1024),
                        "a 17 MiB message in 16 KiB fragments");
                rss.phase("17 MiB fragmented");

                flood(csms, p, log);
                rss.phase(FLOOD + " hostile frames");

                int from = csms.eventCount();
                csms.call("stop-1", "RemoteStopTransaction", "{\"transactionId\":" + HostileCsms.TRANSACTION_ID + "}");
                JsonNode stop = csms.await(from, e -> isCall(e, "StopTransaction"), 60, "StopTransaction").frame();
                assertEquals(HostileCsms.TRANSACTION_ID, stop.path(3).path("transactionId").asInt(), stop.toString());
                assertEquals("Remote", stop.path(3).path("reason").asText(), stop.toString());
                assertTrue(p.isAlive(), "the charger still runs: " + Files.readString(log));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n--- the charger's log (end) ---\n" + tail(log), e);
            } finally {
                rss.close();
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
                p.destroyForcibly();
            }
            System.out.println("OcppFloodProcessTest: charger RSS\n" + rss.table());
            String out = Files.readString(log);
            assertFalse(out.contains("OutOfMemoryError"), out);
            assertEquals(1, csms.calls("StartTransaction").size(), "one transaction");
            assertEquals(1, csms.calls("BootNotification").size(), "a reconnect is not a reboot");
            assertEquals(List.of(), csms.invalid());
        }
    }

    /**
     * Sends an oversized message; the charger closes with 1009, reconnects, and resends its status. The close
     * code is read from the charger's log: the charger closes its socket right after its close frame, while the
     * CSMS is still sending, so the CSMS may see a reset (1006) before it reads that frame.
     */
    private static void oversized(HostileCsms csms, Process p, Path log, Runnable send, String what)
            throws Exception {
        int from = csms.eventCount();
        int connection = csms.connections();
        long closedBefore = closedWith1009(log);
        send.run();
        HostileCsms.Event close = csms.await(from, e -> e.kind().equals("close"), 60, "close after " + what);
        assertEquals(connection, close.connection());
        assertTrue(close.closeCode() == 1009 || close.closeCode() == 1006, "close code " + close.closeCode());
        csms.await(from, e -> e.kind().equals("open"), 60, "reconnect after " + what);
        csms.await(from, e -> isCall(e, "StatusNotification"), 60, "StatusNotification after " + what);
        assertTrue(p.isAlive(), "the charger survived " + what + ": " + Files.readString(log));
        assertEquals(closedBefore + 1, closedWith1009(log), "the charger closed with 1009 after " + what);
    }

    private static long closedWith1009(Path log) throws java.io.IOException {
        return Files.readString(log).lines().filter(l -> l.contains("closed the connection with 1009")).count();
    }

    /**
     * Sends {@value #FLOOD} broken frames as fast as the socket takes them, then a marker CALL; the charger
     * answers each CALL once with its code and nothing else (frames are handled in order, so the marker's answer
     * comes after every other).
     */
    private static void flood(HostileCsms csms, Process p, Path log) throws Exception {
        int from = csms.eventCount();
        int connection = csms.connections();
        Map<String, String> expected = new HashMap<>();
        String big = "B".repeat(60 * 1024);
        for (int i = 0; i < FLOOD; i++) {
            String id = "h" + i;
            switch (i % 12) {
                case 0 -> {
                    csms.sendRaw("[2,\"" + id + "\",\"Reset\",{\"type\":\"Soft\",\"type\":\"Hard\"}]");
                    expected.put(id, "FormationViolation");
                }
                case 1 -> {
                    csms.sendRaw("[2,\"" + id + "\",\"Reset\",{\"type\":\"Soft\\u0000\"}]");
                    expected.put(id, "PropertyConstraintViolation");
                }
                case 2 -> {
                    csms.sendRaw("[2,\"" + id + "\",\"ChangeAvailability\",{\"connectorId\":0,\"type\":\" Inoperative\"}]");
                    expected.put(id, "PropertyConstraintViolation");
                }
                case 3 -> {
                    csms.sendRaw("[2,\"" + id + "\",\"TriggerMessage\",{\"requestedMessage\":\"Heartbeat \"}]");
                    expected.put(id, "PropertyConstraintViolation");
                }
                case 4 -> {
                    csms.sendRaw("[2,\"" + id + "\",\"GetConfiguration\",{\"key\":[\"" + "K".repeat(60) + "\"]}]");
                    expected.put(id, "PropertyConstraintViolation");
                }
                case 5 -> {
                    csms.sendRaw("[2,\"" + id + "\",\"UpdateFirmware\",{\"location\":\"not a uri\","
                            + "\"retrieveDate\":\"2026-01-01T00:00:00Z\"}]");
                    expected.put(id, "PropertyConstraintViolation");
                }
                case 6 -> csms.sendRaw("[7,\"" + id + "\",\"Reset\",{\"type\":\"Soft\"}]");
                case 7 -> {
                    csms.sendRaw("[2,\"" + id + "\",\"Reset\",{\"type\":");
                    expected.put(id, "FormationViolation");
                }
                case 8 -> {
                    csms.sendRaw("[2,\"" + id + "\",\"DataTransfer\",{\"vendorId\":\"x\",\"data\":\"" + big + "\"}]");
                    expected.put(id, "result");
                }
                case 9 -> {
                    csms.sendRaw("[2,\"" + id + "\",\"NoSuchAction\",{}]");
                    expected.put(id, "NotImplemented");
                }
                case 10 -> csms.sendRaw("[3,\"" + id + "\",{\"a\":1,\"a\":2}]");
                default -> {
                    csms.sendRaw("[2,\"" + id + "\",\"Reset\"," + "[".repeat(500));
                    expected.put(id, "FormationViolation");
                }
            }
        }
        csms.sendRaw("[2,\"marker\",\"ClearCache\",{}]");
        csms.await(from, e -> e.frame() != null && "marker".equals(e.frame().path(1).asText()), 300,
                "the answer to the marker after the flood");
        assertTrue(p.isAlive(), "the charger survived the flood: " + Files.readString(log));
        assertEquals(connection, csms.connections(), "the flood was answered on one connection");
        Map<String, String> got = new HashMap<>();
        List<HostileCsms.Event> all = csms.events();
        for (HostileCsms.Event e : all.subList(from, all.size())) {
            JsonNode f = e.frame();
            if (f != null && f.path(1).asText().startsWith("h")) {
                String was = got.put(f.path(1).asText(), f.path(0).asInt() == 3 ? "result" : f.path(2).asText());
                assertEquals(null, was, "answered twice: " + f);
            }
        }
        assertEquals(expected, got);
    }

    private static String tail(Path log) throws java.io.IOException {
        String s = Files.readString(log);
        return s.length() <= 4000 ? s : s.substring(s.length() - 4000);
    }

    private static boolean isCall(HostileCsms.Event e, String action) {
        return e.frame() != null && e.frame().path(0).asInt() == 2 && action.equals(e.frame().path(2).asText());
    }
}
