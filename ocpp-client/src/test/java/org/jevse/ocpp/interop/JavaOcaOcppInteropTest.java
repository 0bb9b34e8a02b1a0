package org.jevse.ocpp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.chargetime.ocpp.JSONServer;
import eu.chargetime.ocpp.ServerEvents;
import eu.chargetime.ocpp.feature.profile.ServerCoreEventHandler;
import eu.chargetime.ocpp.feature.profile.ServerCoreProfile;
import eu.chargetime.ocpp.model.Confirmation;
import eu.chargetime.ocpp.model.SessionInformation;
import eu.chargetime.ocpp.model.core.AuthorizationStatus;
import eu.chargetime.ocpp.model.core.AuthorizeConfirmation;
import eu.chargetime.ocpp.model.core.AuthorizeRequest;
import eu.chargetime.ocpp.model.core.BootNotificationConfirmation;
import eu.chargetime.ocpp.model.core.BootNotificationRequest;
import eu.chargetime.ocpp.model.core.ChangeConfigurationConfirmation;
import eu.chargetime.ocpp.model.core.ConfigurationStatus;
import eu.chargetime.ocpp.model.core.DataTransferConfirmation;
import eu.chargetime.ocpp.model.core.DataTransferRequest;
import eu.chargetime.ocpp.model.core.HeartbeatConfirmation;
import eu.chargetime.ocpp.model.core.HeartbeatRequest;
import eu.chargetime.ocpp.model.core.IdTagInfo;
import eu.chargetime.ocpp.model.core.MeterValuesConfirmation;
import eu.chargetime.ocpp.model.core.MeterValuesRequest;
import eu.chargetime.ocpp.model.core.RegistrationStatus;
import eu.chargetime.ocpp.model.core.StartTransactionConfirmation;
import eu.chargetime.ocpp.model.core.StartTransactionRequest;
import eu.chargetime.ocpp.model.core.StatusNotificationConfirmation;
import eu.chargetime.ocpp.model.core.StatusNotificationRequest;
import eu.chargetime.ocpp.model.core.StopTransactionConfirmation;
import eu.chargetime.ocpp.model.core.StopTransactionRequest;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jevse.ocpp.cp.MeterReading;
import org.jevse.ocpp.testkit.TestChargePoint;
import org.jevse.ocpp.v16.StopTransactionReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop smoke test with a second, independent CSMS: Java-OCA-OCPP's JSONServer (eu.chargetime.ocpp:v1_6:1.1.0).
 * A boot, an authorization, a transaction with meter values, and a CSMS-initiated ChangeConfiguration.
 */
class JavaOcaOcppInteropTest {

    @TempDir
    Path dir;

    @Test
    void aSessionAgainstJavaOcaOcpp() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicReference<UUID> session = new AtomicReference<>();
        ServerCoreProfile core = new ServerCoreProfile(new ServerCoreEventHandler() {
            @Override
            public AuthorizeConfirmation handleAuthorizeRequest(UUID s, AuthorizeRequest r) {
                received.add("Authorize " + r.getIdTag());
                return new AuthorizeConfirmation(new IdTagInfo(AuthorizationStatus.Accepted));
            }

            @Override
            public BootNotificationConfirmation handleBootNotificationRequest(UUID s, BootNotificationRequest r) {
                received.add("BootNotification " + r.getChargePointVendor());
                return new BootNotificationConfirmation(ZonedDateTime.now(), 300, RegistrationStatus.Accepted);
            }

            @Override
            public DataTransferConfirmation handleDataTransferRequest(UUID s, DataTransferRequest r) {
                return null;
            }

            @Override
            public HeartbeatConfirmation handleHeartbeatRequest(UUID s, HeartbeatRequest r) {
                return new HeartbeatConfirmation(ZonedDateTime.now());
            }

            @Override
            public MeterValuesConfirmation handleMeterValuesRequest(UUID s, MeterValuesRequest r) {
                received.add("MeterValues " + r.getTransactionId());
                return new MeterValuesConfirmation();
            }

            @Override
            public StartTransactionConfirmation handleStartTransactionRequest(UUID s, StartTransactionRequest r) {
                received.add("StartTransaction " + r.getIdTag());
                return new StartTransactionConfirmation(new IdTagInfo(AuthorizationStatus.Accepted), 77);
            }

            @Override
            public StatusNotificationConfirmation handleStatusNotificationRequest(UUID s, StatusNotificationRequest r) {
                received.add("StatusNotification " + r.getStatus());
                return new StatusNotificationConfirmation();
            }

            @Override
            public StopTransactionConfirmation handleStopTransactionRequest(UUID s, StopTransactionRequest r) {
                received.add("StopTransaction " + r.getTransactionId() + " " + r.getReason());
                return new StopTransactionConfirmation();
            }
        });
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        JSONServer server = new JSONServer(core);
        server.open("127.0.0.1", port, new ServerEvents() {
            @Override
            public void authenticateSession(SessionInformation information, String username, byte[] password) {
            }

            @Override
            public void newSession(UUID id, SessionInformation information) {
                session.set(id);
            }

            @Override
            public void lostSession(UUID id) {
            }
        });
        try (TestChargePoint t = new TestChargePoint("ws://127.0.0.1:" + port, "CP-OCA", dir)) {
            t.start();
            await(t.cp::online);
            java.util.concurrent.CompletableFuture<org.jevse.ocpp.v16.IdTagInfo> auth = new java.util.concurrent.CompletableFuture<>();
            t.cp.authorize("OCA-TAG", auth::complete);
            assertEquals(org.jevse.ocpp.v16.AuthorizeStatus.Accepted, auth.get(60, TimeUnit.SECONDS).status());
            long now = System.currentTimeMillis();
            t.cp.transactionStarted(1, "OCA-TAG", 10, now, null);
            t.cp.meterReading(1, new MeterReading(now + 61_000, 500, 3000.0, new double[] {13}, new double[] {231},
                    16.0));
            t.cp.transactionStopped(1, 600, now + 70_000, StopTransactionReason.Local, "OCA-TAG");
            await(() -> !t.cp.busy());
            await(() -> received.stream().anyMatch(r -> r.startsWith("StopTransaction")));
            assertTrue(received.contains("StartTransaction OCA-TAG"), received.toString());
            assertTrue(received.contains("MeterValues 77"), received.toString());
            assertTrue(received.contains("StopTransaction 77 Local"), received.toString());
            Confirmation c = server.send(session.get(), core.createChangeConfigurationRequest("HeartbeatInterval", "120"))
                    .toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertEquals(ConfigurationStatus.Accepted, ((ChangeConfigurationConfirmation) c).getStatus());
            assertEquals("120", t.config.get("HeartbeatInterval"));
            t.schemas.assertClean();
        } finally {
            server.close();
        }
    }

    private static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(10);
        }
    }
}
