package org.jevse.ocpp.e2e;

import static org.jevse.ocpp.testkit.CsmsPeer.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jevse.ocpp.testkit.CsmsPeer;
import org.jevse.ocpp.testkit.TestChargePoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UpdateFirmware and GetDiagnostics against ocpp-rpc in strict mode, with the files served and received by the
 * JDK's HTTP server on loopback; the status notifications in order, retries, failures, and TriggerMessage.
 */
class FirmwareManagementE2ETest {
    private static final byte[] FIRMWARE = "jevse firmware 0.2.0".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private HttpServer http;
    private final AtomicInteger firmwareGets = new AtomicInteger();
    private final AtomicInteger failFirst = new AtomicInteger();
    private final List<byte[]> uploads = new CopyOnWriteArrayList<>();
    private final List<String> uploadTypes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void serve() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/fw/", x -> {
            int n = firmwareGets.incrementAndGet();
            byte[] body = x.getRequestURI().getPath().endsWith("empty.bin") ? new byte[0] : FIRMWARE;
            int code = x.getRequestURI().getPath().endsWith("missing.bin") || n <= failFirst.get() ? 500 : 200;
            x.sendResponseHeaders(code, code == 200 && body.length > 0 ? body.length : -1);
            if (code == 200 && body.length > 0) {
                x.getResponseBody().write(body);
            }
            x.close();
        });
        http.createContext("/upload", x -> {
            byte[] body = x.getRequestBody().readAllBytes();
            boolean fail = x.getRequestURI().getPath().endsWith("broken");
            if (!fail) {
                uploads.add(body);
                uploadTypes.add(x.getRequestMethod() + " " + x.getRequestHeaders().getFirst("Content-Type"));
            }
            x.sendResponseHeaders(fail ? 503 : 200, -1);
            x.close();
        });
        http.start();
    }

    @AfterEach
    void stopServing() {
        http.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    private static List<String> statuses(CsmsPeer csms, String action) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : csms.calls(action)) {
            out.add(c.path("params").path("status").asText());
        }
        return out;
    }

    private static String trigger(CsmsPeer csms, String message) {
        return csms.call("TriggerMessage", json("{\"requestedMessage\":\"" + message + "\"}"))
                .path("result").path("status").asText();
    }

    @Test
    void firmwareIsDownloadedWithRetriesInstalledOrReportedAsFailed() throws Exception {
        try (CsmsPeer csms = CsmsPeer.start();
             TestChargePoint t = new TestChargePoint(csms.uri(), "CP-FW", dir, 1000, true)) {
            t.start();
            Await.until(t.cp::online, "online");
            assertEquals("Accepted", trigger(csms, "FirmwareStatusNotification"));
            csms.awaitCount(CsmsPeer.isCall("FirmwareStatusNotification"), 1, "Idle on trigger");
            assertEquals(List.of("Idle"), statuses(csms, "FirmwareStatusNotification"));
            // first GET fails with HTTP 500, the retry succeeds
            failFirst.set(1);
            JsonNode r = csms.call("UpdateFirmware", json("{\"location\":\"" + base() + "/fw/jevse-0.2.0.bin\","
                    + "\"retrieveDate\":\"" + Instant.now().minusSeconds(1) + "\",\"retries\":2,\"retryInterval\":0}"));
            assertEquals("result", r.path("ev").asText(), r.toString());
            csms.awaitCount(CsmsPeer.isCall("FirmwareStatusNotification"), 5, "Installed");
            assertEquals(List.of("Idle", "Downloading", "Downloaded", "Installing", "Installed"),
                    statuses(csms, "FirmwareStatusNotification"));
            assertEquals(2, firmwareGets.get());
            assertArrayEquals(FIRMWARE, Files.readAllBytes(dir.resolve("firmware/staged/jevse-0.2.0.bin")));
            // always 500: 1 + retries attempts, then DownloadFailed
            firmwareGets.set(0);
            csms.call("UpdateFirmware", json("{\"location\":\"" + base() + "/fw/missing.bin\",\"retrieveDate\":\""
                    + Instant.now() + "\",\"retries\":1,\"retryInterval\":0}"));
            csms.awaitCount(CsmsPeer.isCall("FirmwareStatusNotification"), 7, "DownloadFailed");
            assertEquals(List.of("Downloading", "DownloadFailed"),
                    statuses(csms, "FirmwareStatusNotification").subList(5, 7));
            assertEquals(2, firmwareGets.get());
            // an empty package: the default hook refuses it
            csms.call("UpdateFirmware", json("{\"location\":\"" + base() + "/fw/empty.bin\",\"retrieveDate\":\""
                    + Instant.now() + "\"}"));
            csms.awaitCount(CsmsPeer.isCall("FirmwareStatusNotification"), 11, "InstallationFailed");
            assertEquals(List.of("Downloading", "Downloaded", "Installing", "InstallationFailed"),
                    statuses(csms, "FirmwareStatusNotification").subList(7, 11));
            assertTrue(Files.notExists(dir.resolve("firmware/staged/empty.bin")));
            t.schemas.assertClean();
            csms.assertNoInvalid();
        }
    }

    @Test
    void diagnosticsAreUploadedAsAMultipartZipAndFailuresAreReported() throws Exception {
        try (CsmsPeer csms = CsmsPeer.start();
             TestChargePoint t = new TestChargePoint(csms.uri(), "CP-DIAG", dir, 1000, true)) {
            t.start();
            Await.until(t.cp::online, "online");
            JsonNode r = csms.call("GetDiagnostics", json("{\"location\":\"" + base() + "/upload\",\"startTime\":\""
                    + Instant.now().minusSeconds(3600) + "\",\"stopTime\":\"" + Instant.now().plusSeconds(3600)
                    + "\",\"retries\":0}"));
            String fileName = r.path("result").path("fileName").asText();
            assertTrue(fileName.matches("diagnostics-\\d{8}T\\d{6}Z\\.zip"), r.toString());
            csms.awaitCount(CsmsPeer.isCall("DiagnosticsStatusNotification"), 2, "Uploaded");
            assertEquals(List.of("Uploading", "Uploaded"), statuses(csms, "DiagnosticsStatusNotification"));
            assertEquals(1, uploads.size());
            assertTrue(uploadTypes.get(0).startsWith("POST multipart/form-data; boundary="), uploadTypes.get(0));
            byte[] body = uploads.get(0);
            String text = new String(body, StandardCharsets.ISO_8859_1);
            assertTrue(text.contains("name=\"file\"; filename=\"" + fileName + "\""), text);
            int start = text.indexOf("\r\n\r\n") + 4;
            int end = text.lastIndexOf("\r\n--");
            List<String> entries = new ArrayList<>();
            String state = null;
            try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(body, start, end - start))) {
                for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                    entries.add(e.getName());
                    if (e.getName().equals("state.txt")) {
                        state = new String(z.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            }
            assertEquals(List.of("state.txt", "log.txt"), entries);
            assertEquals("queue: 0\n", state);
            assertEquals("Accepted", trigger(csms, "DiagnosticsStatusNotification"));
            csms.awaitCount(CsmsPeer.isCall("DiagnosticsStatusNotification"), 3, "Idle on trigger");
            assertEquals("Idle", statuses(csms, "DiagnosticsStatusNotification").get(2));
            // the server refuses: 1 + retries attempts, then UploadFailed
            csms.call("GetDiagnostics", json("{\"location\":\"" + base() + "/upload/broken\",\"retries\":1,"
                    + "\"retryInterval\":0}"));
            csms.awaitCount(CsmsPeer.isCall("DiagnosticsStatusNotification"), 5, "UploadFailed");
            assertEquals(List.of("Uploading", "UploadFailed"),
                    statuses(csms, "DiagnosticsStatusNotification").subList(3, 5));
            // only http(s)
            csms.call("GetDiagnostics", json("{\"location\":\"ftp://127.0.0.1/diag\",\"retries\":0}"));
            csms.awaitCount(CsmsPeer.isCall("DiagnosticsStatusNotification"), 7, "UploadFailed for ftp");
            assertEquals("UploadFailed", statuses(csms, "DiagnosticsStatusNotification").get(6));
            assertEquals(1, uploads.size());
            t.schemas.assertClean();
            csms.assertNoInvalid();
        }
    }

    /** An installer whose installation reboots the charger: it never returns; the next start asks it. */
    private static final class RebootingInstaller implements org.jevse.ocpp.firmware.FirmwareInstaller {
        final java.util.concurrent.CountDownLatch installing = new java.util.concurrent.CountDownLatch(1);

        @Override
        public void install(Path pkg) throws Exception {
            installing.countDown();
            new java.util.concurrent.CountDownLatch(1).await(); // rebooting: ends only with the process
        }

        @Override
        public boolean installedAfterRestart(Path pkg) {
            return Files.exists(pkg);
        }
    }

    /** One run of the charger with the FirmwareManagement profile on the files of the runs before it. */
    private TestChargePoint run(CsmsPeer csms, org.jevse.ocpp.firmware.FirmwareInstaller installer,
                                List<org.jevse.ocpp.firmware.FirmwareManagement> profiles) {
        TestChargePoint t = new TestChargePoint(csms.uri(), "CP-FW", dir.resolve("cp"));
        profiles.add(org.jevse.ocpp.firmware.FirmwareManagement.install(t.cp, dir.resolve("firmware"), installer,
                null, () -> ""));
        t.start();
        Await.until(t.cp::online, "online");
        return t;
    }

    @Test
    void aPendingUpdateSurvivesARestartAndAnInstallationThatRebootsIsReportedAtTheNextBoot() throws Exception {
        List<org.jevse.ocpp.firmware.FirmwareManagement> profiles = new ArrayList<>();
        try (CsmsPeer csms = CsmsPeer.start()) {
            Instant retrieve;
            try (TestChargePoint first = run(csms, file -> {
                throw new AssertionError("installed before the restart");
            }, profiles)) {
                retrieve = Instant.now().plusSeconds(8); // enough for the restart on a busy machine
                csms.call("UpdateFirmware", json("{\"location\":\"" + base() + "/fw/jevse-0.3.0.bin\","
                        + "\"retrieveDate\":\"" + retrieve + "\"}"));
                profiles.get(0).close();
            }
            assertTrue(Instant.now().isBefore(retrieve), "the restart ended before the retrieve date");
            assertEquals(0, firmwareGets.get());

            RebootingInstaller rebooting = new RebootingInstaller();
            try (TestChargePoint second = run(csms, rebooting, profiles)) {
                assertTrue(rebooting.installing.await(60, java.util.concurrent.TimeUnit.SECONDS),
                        "the update kept across the restart is installed");
                assertTrue(!Instant.now().isBefore(retrieve.minusSeconds(1)), "not fetched before the retrieve date");
                csms.awaitCount(CsmsPeer.isCall("FirmwareStatusNotification"), 3, "Installing");
                profiles.get(1).close(); // the installation reboots the charger
            }
            assertEquals(1, firmwareGets.get());

            try (TestChargePoint third = run(csms, rebooting, profiles)) {
                csms.awaitCount(CsmsPeer.isCall("FirmwareStatusNotification"), 4, "Installed at the next boot");
                profiles.get(2).close();
            }
            assertEquals(List.of("Downloading", "Downloaded", "Installing", "Installed"),
                    statuses(csms, "FirmwareStatusNotification"));
            csms.assertNoInvalid();
        }
    }
}
