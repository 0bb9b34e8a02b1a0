package org.jevse.ocpp.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jevse.ocpp.security.CertificateStore;
import org.jevse.ocpp.security.SecurityLog;
import org.jevse.ocpp.security.SecurityProfile;
import org.jevse.ocpp.security.ops.CertificateManagement;
import org.jevse.ocpp.security.ops.SecurityEventNotifications;
import org.jevse.ocpp.security.ops.SignedFirmwareUpdate;
import org.jevse.ocpp.testkit.CsmsPeer;
import org.jevse.ocpp.testkit.OpenSsl;
import org.jevse.ocpp.testkit.TestChargePoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SignedUpdateFirmware (Security Whitepaper ed. 2 L01) against ocpp-rpc in strict mode, the firmware on a loopback
 * HTTP server, the manufacturer's root and signing certificate made by openssl, the signature RSA-PSS/SHA-256 over
 * the whole file: a good signature is installed, a bad one is not, and a signing certificate the manufacturer's
 * root did not sign is refused before any download.
 */
class SignedFirmwareE2ETest {
    @TempDir
    Path dir;

    private void signingCertificate(String name, String ca) throws Exception {
        OpenSsl.run(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj",
                "/CN=" + name);
        OpenSsl.run(dir, "x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key",
                "-CAcreateserial",
                "-out", name + ".pem", "-days", "2");
    }

    private String signature(String file, String key) throws Exception {
        OpenSsl.run(dir, "dgst", "-sha256", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32", "-sign",
                key + ".key", "-out", file + ".sig", file);
        return Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve(file + ".sig")));
    }

    private ObjectNode request(int requestId, String url, String certificate, String signature) throws Exception {
        ObjectNode q = CsmsPeer.json("{\"retries\":0}").put("requestId", requestId);
        q.putObject("firmware").put("location", url).put("retrieveDateTime", Instant.now().toString())
                .put("signingCertificate", Files.readString(dir.resolve(certificate + ".pem")))
                .put("signature", signature);
        return q;
    }

    private static List<String> statuses(CsmsPeer peer, int requestId) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : peer.calls("SignedFirmwareStatusNotification")) {
            if (c.path("params").path("requestId").asInt() == requestId) {
                out.add(c.path("params").path("status").asText());
            }
        }
        return out;
    }

    private static JsonNode awaitStatus(CsmsPeer peer, int requestId, String status) {
        return peer.await(e -> CsmsPeer.isCall("SignedFirmwareStatusNotification").test(e)
                && e.path("params").path("requestId").asInt() == requestId
                && status.equals(e.path("params").path("status").asText()), status + " of request " + requestId);
    }

    private static void awaitEvent(CsmsPeer peer, String type) {
        peer.await(e -> CsmsPeer.isCall("SecurityEventNotification").test(e)
                && type.equals(e.path("params").path("type").asText()), "security event " + type);
    }

    @Test
    void aGoodSignatureIsInstalledABadOneAndAForeignCertificateAreNot() throws Exception {
        OpenSsl.ca(dir, "manufacturer-root");
        OpenSsl.ca(dir, "someone-else");
        signingCertificate("fw-signer", "manufacturer-root");
        signingCertificate("fw-forger", "someone-else");
        byte[] firmware = "jevse firmware 0.2.0\n".repeat(1000).getBytes();
        Files.write(dir.resolve("firmware.bin"), firmware);
        Files.write(dir.resolve("tampered.bin"), "jevse firmware 0.2.0 with a backdoor\n".getBytes());
        String good = signature("firmware.bin", "fw-signer");

        AtomicInteger downloads = new AtomicInteger();
        HttpServer files = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        files.createContext("/", x -> {
            downloads.incrementAndGet();
            byte[] body = x.getRequestURI().getPath().endsWith("tampered.bin") ? Files.readAllBytes(
                    dir.resolve("tampered.bin")) : firmware;
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        files.start();
        String base = "http://127.0.0.1:" + files.getAddress().getPort() + "/";
        List<byte[]> installed = new CopyOnWriteArrayList<>();
        try (CsmsPeer peer = CsmsPeer.start();
             TestChargePoint t = new TestChargePoint(peer.uri(), "CP-FW", dir.resolve("cp"))) {
            SecurityEventNotifications events = SecurityEventNotifications.start(t.cp,
                    new SecurityLog(dir.resolve("log")), null);
            CertificateManagement certificates = CertificateManagement.install(t.cp,
                    CertificateStore.open(dir.resolve("certs"), null, null), "SN-1", events,
                    () -> SecurityProfile.NONE);
            try (SignedFirmwareUpdate update = SignedFirmwareUpdate.install(t.cp, certificates, events,
                    dir.resolve("download"), file -> installed.add(Files.readAllBytes(file)), null)) {
                t.start();
                Await.until(t.cp::online, "online");
                assertEquals("Accepted", peer.call("InstallCertificate", CsmsPeer.json(
                        "{\"certificateType\":\"ManufacturerRootCertificate\"}").put("certificate",
                        Files.readString(dir.resolve("manufacturer-root.pem")))).path("result").path("status")
                        .asText());

                JsonNode r1 = peer.call("SignedUpdateFirmware", request(1, base + "firmware.bin", "fw-signer", good));
                assertEquals("Accepted", r1.path("result").path("status").asText());
                awaitStatus(peer, 1, "Installed");
                awaitEvent(peer, "FirmwareUpdated");
                assertEquals(List.of("Downloading", "Downloaded", "SignatureVerified", "Installing", "Installed"),
                        statuses(peer, 1));
                assertEquals(1, installed.size());
                assertArrayEquals(firmware, installed.get(0));

                // The same signature over other content: downloaded, refused, never installed.
                JsonNode r2 = peer.call("SignedUpdateFirmware", request(2, base + "tampered.bin", "fw-signer", good));
                assertEquals("Accepted", r2.path("result").path("status").asText());
                awaitStatus(peer, 2, "InvalidSignature");
                awaitEvent(peer, "InvalidFirmwareSignature");
                assertEquals(List.of("Downloading", "Downloaded", "InvalidSignature"), statuses(peer, 2));
                assertEquals(1, installed.size(), "a bad signature is never installed");

                // A certificate outside the manufacturer's hierarchy: refused in the answer, nothing fetched.
                int before = downloads.get();
                JsonNode r3 = peer.call("SignedUpdateFirmware", request(3, base + "firmware.bin", "fw-forger",
                        signature("firmware.bin", "fw-forger")));
                assertEquals("InvalidCertificate", r3.path("result").path("status").asText());
                awaitEvent(peer, "InvalidFirmwareSigningCertificate");
                assertEquals(before, downloads.get());
                assertTrue(statuses(peer, 3).isEmpty());

                JsonNode trig = peer.call("ExtendedTriggerMessage",
                        CsmsPeer.json("{\"requestedMessage\":\"FirmwareStatusNotification\"}"));
                assertEquals("Accepted", trig.path("result").path("status").asText());
                peer.await(e -> CsmsPeer.isCall("SignedFirmwareStatusNotification").test(e)
                        && "Idle".equals(e.path("params").path("status").asText()), "Idle after the trigger");
            }
            t.schemas.assertClean();
            peer.assertNoInvalid();
        } finally {
            files.stop(0);
        }
    }

    /**
     * An installer whose installation reboots the charger: it never returns (the process goes away while it runs);
     * at the next start it tells whether the new firmware runs.
     */
    private static final class RebootingInstaller implements org.jevse.ocpp.firmware.FirmwareInstaller {
        final java.util.concurrent.CountDownLatch installing = new java.util.concurrent.CountDownLatch(1);
        final boolean newFirmwareRuns;
        final List<Path> asked = new CopyOnWriteArrayList<>();

        RebootingInstaller(boolean newFirmwareRuns) {
            this.newFirmwareRuns = newFirmwareRuns;
        }

        @Override
        public void install(Path pkg) throws Exception {
            installing.countDown();
            new java.util.concurrent.CountDownLatch(1).await(); // rebooting: ends only with the process
        }

        @Override
        public boolean installedAfterRestart(Path pkg) {
            asked.add(pkg);
            return newFirmwareRuns;
        }
    }

    /** One run of the charger on the files of the runs before it. */
    private final class Run implements AutoCloseable {
        final TestChargePoint t;
        final SignedFirmwareUpdate update;

        Run(CsmsPeer peer, org.jevse.ocpp.firmware.FirmwareInstaller installer) throws Exception {
            t = new TestChargePoint(peer.uri(), "CP-FW", dir.resolve("cp"));
            SecurityEventNotifications events = SecurityEventNotifications.start(t.cp,
                    new SecurityLog(dir.resolve("log")), null);
            CertificateManagement certificates = CertificateManagement.install(t.cp,
                    CertificateStore.open(dir.resolve("certs"), null, null), "SN-1", events,
                    () -> SecurityProfile.NONE);
            update = SignedFirmwareUpdate.install(t.cp, certificates, events, dir.resolve("download"), installer,
                    null);
            t.start();
            Await.until(t.cp::online, "online");
        }

        @Override
        public void close() {
            update.close(); // the worker stops where it is, as at a power cut
            t.close();
            t.schemas.assertClean();
        }
    }

    @Test
    void aPendingUpdateSurvivesARestartAndTheBootAfterARebootingInstallReportsTheOutcome() throws Exception {
        OpenSsl.ca(dir, "manufacturer-root");
        signingCertificate("fw-signer", "manufacturer-root");
        byte[] firmware = "jevse firmware 0.3.0\n".repeat(1000).getBytes();
        Files.write(dir.resolve("firmware.bin"), firmware);
        String good = signature("firmware.bin", "fw-signer");
        List<Long> downloadedAt = new CopyOnWriteArrayList<>();
        HttpServer files = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        files.createContext("/", x -> {
            downloadedAt.add(System.currentTimeMillis());
            x.sendResponseHeaders(200, firmware.length);
            x.getResponseBody().write(firmware);
            x.close();
        });
        files.start();
        String url = "http://127.0.0.1:" + files.getAddress().getPort() + "/firmware.bin";
        try (CsmsPeer peer = CsmsPeer.start()) {
            Instant retrieve;
            try (Run first = new Run(peer, file -> { throw new AssertionError("installed before the restart"); })) {
                assertEquals("Accepted", peer.call("InstallCertificate", CsmsPeer.json(
                        "{\"certificateType\":\"ManufacturerRootCertificate\"}").put("certificate",
                        Files.readString(dir.resolve("manufacturer-root.pem")))).path("result").path("status")
                        .asText());
                ObjectNode q = request(7, url, "fw-signer", good);
                retrieve = Instant.now().plusSeconds(8); // enough for the restart on a busy machine
                ((ObjectNode) q.get("firmware")).put("retrieveDateTime", retrieve.toString());
                assertEquals("Accepted", peer.call("SignedUpdateFirmware", q).path("result").path("status").asText());
                awaitStatus(peer, 7, "DownloadScheduled");
            } // the charger restarts before the retrieve time
            assertTrue(Instant.now().isBefore(retrieve), "the restart ended before the retrieve time");
            assertTrue(downloadedAt.isEmpty(), "nothing fetched before the restart");

            RebootingInstaller rebooting = new RebootingInstaller(true);
            try (Run second = new Run(peer, rebooting)) {
                awaitStatus(peer, 7, "Installing");
                assertTrue(rebooting.installing.await(30, java.util.concurrent.TimeUnit.SECONDS));
            } // the installation reboots the charger
            assertEquals(1, downloadedAt.size(), "fetched once, after the restart");
            assertTrue(downloadedAt.get(0) >= retrieve.toEpochMilli() - 1_000,
                    "fetched at the retrieve time, not before: " + (retrieve.toEpochMilli() - downloadedAt.get(0))
                            + " ms early");

            RebootingInstaller after = new RebootingInstaller(true);
            try (Run third = new Run(peer, after)) {
                awaitStatus(peer, 7, "Installed");
                awaitEvent(peer, "FirmwareUpdated");
            }
            assertEquals(1, after.asked.size(), "the boot after the installation asked the installer once");
            List<String> all = statuses(peer, 7);
            assertEquals("DownloadScheduled", all.get(0), all.toString());
            assertEquals(List.of("Downloading", "Downloaded", "SignatureVerified", "Installing", "Installed"),
                    all.subList(all.indexOf("Downloading"), all.size()), "same requestId through both restarts");

            // An installation after which the old firmware still runs: InstallVerificationFailed at the next boot.
            RebootingInstaller failing = new RebootingInstaller(false);
            try (Run fourth = new Run(peer, failing)) {
                assertEquals("Accepted", peer.call("SignedUpdateFirmware", request(8, url, "fw-signer", good))
                        .path("result").path("status").asText());
                assertTrue(failing.installing.await(30, java.util.concurrent.TimeUnit.SECONDS));
                awaitStatus(peer, 8, "Installing"); // the notifications are sent before the reboot
            }
            try (Run fifth = new Run(peer, failing)) {
                awaitStatus(peer, 8, "InstallVerificationFailed");
            }
            assertEquals(List.of("Downloading", "Downloaded", "SignatureVerified", "Installing",
                    "InstallVerificationFailed"), statuses(peer, 8));
            assertEquals(List.of("DownloadScheduled", "Downloading", "Downloaded", "SignatureVerified", "Installing",
                    "Installed"), statuses(peer, 7).stream().distinct().toList(), "request 7 is over");
            peer.assertNoInvalid();
        } finally {
            files.stop(0);
        }
    }
}
