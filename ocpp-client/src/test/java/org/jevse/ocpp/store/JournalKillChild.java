package org.jevse.ocpp.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * The process {@link JournalKillProcessTest} kills with SIGKILL: a charger running transactions on connector 1,
 * each step (the last meter value with its MeterValues) durable when it returns, and, when online, a client thread
 * that delivers the queue to a CSMS stand-in that answers every message at once. What reached the CSMS is appended
 * to a log (a plain write: the kernel keeps it through a kill -9): {@code SEND seq kind localTx value txId} when a
 * message is handed over, {@code ACK seq} after its answer was recorded.
 *
 * <p>Args: data directory, log file, {@code offline|online|drain}. Drain delivers what is queued and exits.
 */
public final class JournalKillChild {
    private static final int CSMS_ID_BASE = 1000;

    private JournalKillChild() {
    }

    public static void main(String[] args) throws Exception {
        TransactionStore store = new TransactionStore(Path.of(args[0]), 1_000_000);
        String mode = args[2];
        try (FileOutputStream log = new FileOutputStream(args[1], true)) {
            write(log, "BOOT " + mode);
            store.recoverPowerLoss();
            System.out.println("READY");
            System.out.flush();
            if (mode.equals("drain")) {
                deliver(store, log, true);
                return;
            }
            if (mode.equals("online")) {
                Thread client = new Thread(() -> deliver(store, log, false), "client");
                client.setDaemon(true);
                client.start();
            }
            generate(store);
        }
    }

    private static void generate(TransactionStore store) {
        while (true) {
            TransactionStore.Active a = store.active(1);
            if (a == null) {
                store.start(1, LegacyLayout.start("KILL", 0));
                continue;
            }
            long k = a.lastMeterWh() + 1;
            String ts = String.format("2026-11-21T06:%02d:%02d.000Z", (k / 60) % 60, k % 60);
            store.step(() -> {
                store.lastMeter(1, k, ts);
                store.meterValues(a.localTx(), LegacyLayout.meter(k), true);
            });
            if (k % 25 == 0) {
                store.stop(1, LegacyLayout.stop(k, "Local"));
            }
        }
    }

    private static void deliver(TransactionStore store, FileOutputStream log, boolean untilEmpty) {
        try {
            while (true) {
                TransactionStore.Entry e = store.head();
                if (e == null) {
                    if (untilEmpty) {
                        return;
                    }
                    LockSupport.parkNanos(1_000_000);
                    continue;
                }
                ObjectNode p = store.payloadToSend(e);
                long value = switch (e.kind()) {
                    case START -> p.path("meterStart").asLong();
                    case METER -> p.path("meterValue").get(0).path("sampledValue").get(0).path("value").asLong();
                    case STOP -> p.path("meterStop").asLong();
                    case SECURITY -> throw new IllegalStateException("this child queues no security event");
                };
                int txId = e.kind() == TransactionStore.Kind.START ? 0 : p.path("transactionId").asInt();
                write(log, "SEND " + e.seq() + " " + e.kind() + " " + e.localTx() + " " + value + " " + txId
                        + (e.kind() == TransactionStore.Kind.STOP ? " " + p.path("reason").asText() : ""));
                if (e.kind() == TransactionStore.Kind.START) {
                    store.startConfirmed(e, CSMS_ID_BASE + (int) e.localTx());
                } else {
                    store.confirmed(e);
                }
                write(log, "ACK " + e.seq());
            }
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static synchronized void write(FileOutputStream log, String line) throws IOException {
        log.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
