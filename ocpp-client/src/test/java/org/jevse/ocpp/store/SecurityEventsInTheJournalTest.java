package org.jevse.ocpp.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.store.TransactionStore.Entry;
import org.jevse.ocpp.store.TransactionStore.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Critical security events share the transaction journal: persisted, in order, bounded, answered once. */
class SecurityEventsInTheJournalTest {
    @TempDir
    Path dir;

    private static ObjectNode event(String type) {
        return OcppJson.mapper().createObjectNode().put("type", type).put("timestamp", "2026-12-02T04:00:00.000Z");
    }

    @Test
    void aSecurityEventIsDeliveredInOrderWithTheTransactionMessagesAndSurvivesAReopen() {
        try (TransactionStore s = new TransactionStore(dir, 100)) {
            long tx = s.start(1, LegacyLayout.start("TAG", 0));
            s.securityEvent(event("ResetOrReboot"));
            s.meterValues(tx, LegacyLayout.meter(5), true);
        }
        try (TransactionStore s = new TransactionStore(dir, 100)) {
            List<String> order = new ArrayList<>();
            for (Entry e = s.head(); e != null; e = s.head()) {
                order.add(e.kind() + (e.kind() == Kind.SECURITY ? ":" + s.payloadToSend(e).path("type").asText() : ""));
                if (e.kind() == Kind.START) {
                    s.startConfirmed(e, 77);
                } else {
                    s.confirmed(e);
                }
            }
            assertEquals(List.of("START", "SECURITY:ResetOrReboot", "METER"), order);
        }
    }

    @Test
    void pastItsBoundTheOldestSecurityEventIsDroppedAndNoTransactionMessage() {
        try (TransactionStore s = new TransactionStore(dir, 10)) {
            s.start(1, LegacyLayout.start("TAG", 0));
            s.step(() -> { // one record, one fdatasync
                for (int i = 0; i < TransactionStore.SECURITY_BOUND + 2; i++) {
                    s.securityEvent(event("E" + i));
                }
            });
            assertEquals(TransactionStore.SECURITY_BOUND, s.queued(Kind.SECURITY));
            assertEquals(1, s.queued(Kind.START));
            List<Entry> all = s.snapshot();
            assertEquals("E2", all.get(1).payload().path("type").asText(), "E0 and E1 were dropped");
        }
    }
}
