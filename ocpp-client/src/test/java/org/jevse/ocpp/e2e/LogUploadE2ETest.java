package org.jevse.ocpp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jevse.ocpp.security.CertificateStore;
import org.jevse.ocpp.security.SecurityEvent;
import org.jevse.ocpp.security.SecurityLog;
import org.jevse.ocpp.security.SecurityProfile;
import org.jevse.ocpp.security.ops.CertificateManagement;
import org.jevse.ocpp.security.ops.LogUpload;
import org.jevse.ocpp.security.ops.SecurityEventNotifications;
import org.jevse.ocpp.testkit.CsmsPeer;
import org.jevse.ocpp.testkit.TestChargePoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GetLog (Security Whitepaper ed. 2 N01) against ocpp-rpc in strict mode, uploading to a loopback HTTP server:
 * the security log and the diagnostics arrive as multipart/form-data, LogStatusNotification reports Uploading and
 * Uploaded with the requestId, and a refusing server ends in UploadFailure / PermissionDenied.
 */
class LogUploadE2ETest {
    @TempDir
    Path dir;

    private static ObjectNode getLog(String type, int requestId, String location) {
        ObjectNode q = CsmsPeer.json("{\"retries\":0}").put("logType", type).put("requestId", requestId);
        q.putObject("log").put("remoteLocation", location);
        return q;
    }

    private static List<String> statuses(CsmsPeer peer, int requestId) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : peer.calls("LogStatusNotification")) {
            if (c.path("params").path("requestId").asInt() == requestId) {
                out.add(c.path("params").path("status").asText());
            }
        }
        return out;
    }

    private static void awaitStatus(CsmsPeer peer, int requestId, String status) {
        peer.await(e -> CsmsPeer.isCall("LogStatusNotification").test(e)
                && e.path("params").path("requestId").asInt() == requestId
                && status.equals(e.path("params").path("status").asText()), status + " of request " + requestId);
    }

    @Test
    void securityLogAndDiagnosticsAreUploadedAndARefusingServerIsReported() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<byte[]> raw = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/upload", x -> {
            byte[] body = x.getRequestBody().readAllBytes();
            raw.add(body);
            bodies.add(x.getRequestHeaders().getFirst("Content-Type") + "\n"
                    + new String(body, StandardCharsets.ISO_8859_1));
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        server.createContext("/forbidden", x -> {
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(403, -1);
            x.close();
        });
        server.createContext("/broken", x -> {
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(500, -1);
            x.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try (CsmsPeer peer = CsmsPeer.start();
             TestChargePoint t = new TestChargePoint(peer.uri(), "CP-LOG", dir.resolve("cp"), 10_000, true)) {
            SecurityLog log = new SecurityLog(dir.resolve("log"));
            SecurityEventNotifications events = SecurityEventNotifications.start(t.cp, log,
                    org.jevse.ocpp.security.RestartRecord.open(dir.resolve("log").resolve("last-run.json")));
            CertificateManagement certificates = CertificateManagement.install(t.cp,
                    CertificateStore.open(dir.resolve("certs"), null, null), "SN-1", events,
                    () -> SecurityProfile.NONE);
            try (LogUpload upload = LogUpload.install(t.cp, certificates, log, t.firmware::diagnostics, null)) {
                t.start();
                Await.until(t.cp::online, "online");
                events.raise(SecurityEvent.InvalidMessages, "a frame the charger could not parse");

                JsonNode r1 = peer.call("GetLog", getLog("SecurityLog", 11, base + "/upload"));
                assertEquals("Accepted", r1.path("result").path("status").asText());
                String name = r1.path("result").path("filename").asText();
                assertTrue(name.startsWith("security-log-") && name.endsWith(".txt"), name);
                awaitStatus(peer, 11, "Uploaded");
                assertEquals(List.of("Uploading", "Uploaded"), statuses(peer, 11));
                String body = bodies.get(0);
                assertTrue(body.startsWith("multipart/form-data; boundary="), body);
                assertTrue(body.contains("name=\"file\"; filename=\"" + name + "\""), body);
                assertTrue(body.contains(" StartupOfTheDevice critical") && body.contains(" InvalidMessages "), body);

                JsonNode r2 = peer.call("GetLog", getLog("DiagnosticsLog", 12, base + "/upload"));
                assertEquals("Accepted", r2.path("result").path("status").asText());
                awaitStatus(peer, 12, "Uploaded");
                assertTrue(zipEntries(raw.get(1)).containsAll(List.of("state.txt", "log.txt")),
                        "the diagnostics zip GetDiagnostics uploads");

                peer.call("GetLog", getLog("SecurityLog", 13, base + "/forbidden"));
                awaitStatus(peer, 13, "PermissionDenied");
                peer.call("GetLog", getLog("SecurityLog", 14, base + "/broken"));
                awaitStatus(peer, 14, "UploadFailure");
                peer.call("GetLog", getLog("SecurityLog", 15, "ftp://127.0.0.1/x"));
                awaitStatus(peer, 15, "NotSupportedOperation");

                JsonNode trig = peer.call("ExtendedTriggerMessage",
                        CsmsPeer.json("{\"requestedMessage\":\"LogStatusNotification\"}"));
                assertEquals("Accepted", trig.path("result").path("status").asText());
                JsonNode idle = peer.await(e -> CsmsPeer.isCall("LogStatusNotification").test(e)
                        && "Idle".equals(e.path("params").path("status").asText()), "Idle after the trigger");
                assertFalse(idle.path("params").has("requestId"), "N01.FR.12: no requestId when idle");
            }
            t.schemas.assertClean();
            peer.assertNoInvalid();
        } finally {
            server.stop(0);
        }
    }

    /** The entry names of the zip inside a one-part multipart body. */
    private static List<String> zipEntries(byte[] multipart) throws Exception {
        String text = new String(multipart, StandardCharsets.ISO_8859_1);
        int start = text.indexOf("\r\n\r\n") + 4;
        List<String> names = new ArrayList<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(multipart, start,
                multipart.length - start))) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
