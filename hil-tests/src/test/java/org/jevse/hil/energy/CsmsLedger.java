package org.jevse.hil.energy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jevse.ocpp.testkit.CsmsPeer;

/**
 * What the operator's CSMS saw across its process lives (one ocpp-rpc process killed with kill -9, the next one
 * started on the same port): every CALL, and whether that life answered it. A CALL the killed process received but
 * never answered is one the charger must send again (OCPP-J: no answer, no delivery), so it may be seen twice; an
 * answered CALL seen twice is a duplicate.
 */
final class CsmsLedger {

    /** One CALL at the CSMS: in which life, and whether that life answered it. */
    record Call(int life, String identity, String action, String messageId, JsonNode params, boolean answered) {
    }

    private final List<CsmsPeer> lives;

    CsmsLedger(List<CsmsPeer> lives) {
        this.lives = lives;
    }

    List<Call> calls() {
        List<Call> out = new ArrayList<>();
        for (int i = 0; i < lives.size(); i++) {
            List<JsonNode> events = lives.get(i).events();
            Set<String> answered = new HashSet<>();
            for (JsonNode e : events) {
                if ("answer".equals(e.path("ev").asText())) {
                    answered.add(e.path("identity").asText() + "/" + e.path("messageId").asText());
                }
            }
            for (JsonNode e : events) {
                if ("call".equals(e.path("ev").asText())) {
                    String key = e.path("identity").asText() + "/" + e.path("messageId").asText();
                    out.add(new Call(i, e.path("identity").asText(), e.path("action").asText(),
                            e.path("messageId").asText(), e.path("params"), answered.contains(key)));
                }
            }
        }
        return out;
    }

    /** The answered CALLs of {@code action} from {@code identity}. */
    List<Call> answered(String identity, String action) {
        return calls().stream().filter(c -> c.answered() && c.identity().equals(identity)
                && c.action().equals(action)).toList();
    }

    /** Whether any frame of any life carries an id with the LC's own prefix. */
    boolean anyLcFrame() {
        for (CsmsPeer p : lives) {
            for (JsonNode e : p.events()) {
                if (e.path("messageId").asText().startsWith("LC-") || e.toString().contains("\"LC-")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The meter samples of one charger's transaction (MeterValues' meterValue timestamps), each with the number of
     * answered CALLs it came in: a sample answered twice is a duplicate, one never answered is lost.
     */
    Map<String, Integer> samples(String identity, int transactionId) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Call c : calls()) {
            if (!c.identity().equals(identity) || !"MeterValues".equals(c.action())
                    || c.params().path("transactionId").asInt(-1) != transactionId) {
                continue;
            }
            for (JsonNode mv : c.params().path("meterValue")) {
                out.merge(mv.path("timestamp").asText(), c.answered() ? 1 : 0, Integer::sum);
            }
        }
        return out;
    }

    void assertNoInvalid() {
        lives.forEach(CsmsPeer::assertNoInvalid);
    }
}
