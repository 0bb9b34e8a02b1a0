package org.jevse.energy.lc;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jevse.ocpp.rpc.Frame;
import org.jevse.ocpp.rpc.OcppJson;

/**
 * The LC's own CALLs to one charger: ids {@value #PREFIX}n, one outstanding at a time (OCPP-J §4.1.1: one CALL
 * per direction), the next one sent when the answer comes or the call is given up. Their answers are the LC's and
 * never reach the CSMS.
 */
final class OwnCalls {

    static final String PREFIX = "LC-";
    /** An own CALL unanswered this long is given up (the next one may go). */
    static final long TIMEOUT_MS = 30_000;

    /** Where an own CALL goes, and the clock and id source of the LC. */
    interface Out {
        void send(Frame f);

        long nextOwnId();

        long monotonicMs();
    }

    private record OwnCall(String id, String action, Supplier<?> payload, Consumer<JsonNode> onResult) {
    }

    private static final System.Logger LOG = System.getLogger(OwnCalls.class.getName());

    private final String chargerId;
    private final Out out;
    private final Deque<OwnCall> queue = new ArrayDeque<>();
    private OwnCall inFlight;
    private long sentAtMs;
    private boolean closed;

    OwnCalls(String chargerId, Out out) {
        this.chargerId = chargerId;
        this.out = out;
    }

    /**
     * Queues a CALL; {@code onResult} gets the CALLRESULT's payload, or null for a CALLERROR or no answer. The
     * payload is built when the call goes out, so it uses what the calls before it taught the LC (the probe's
     * rate unit and phase switching).
     */
    void call(String action, Supplier<?> payload, Consumer<JsonNode> onResult) {
        queue.add(new OwnCall(PREFIX + out.nextOwnId(), action, payload, onResult));
        if (inFlight == null) {
            sendNext();
        }
    }

    /**
     * A CALLRESULT or CALLERROR from the charger. Returns true if it answered an own call (consumed here, also a
     * late one), false if it belongs to somebody else (the CSMS's calls in LC mode).
     */
    boolean onAnswer(Frame f) {
        if (inFlight != null && f.id().equals(inFlight.id())) {
            OwnCall own = inFlight;
            inFlight = null;
            own.onResult().accept(f instanceof Frame.CallResult r ? r.payload() : null);
            sendNext();
            return true;
        }
        if (f.id().startsWith(PREFIX)) {
            LOG.log(Level.DEBUG, "ocpp server: " + chargerId + ": late answer to " + f.id() + " dropped");
            return true;
        }
        return false;
    }

    /** Periodic: an own call that was never answered is given up. */
    void tick(long nowMs) {
        if (inFlight != null && nowMs - sentAtMs > TIMEOUT_MS) {
            OwnCall own = inFlight;
            inFlight = null;
            LOG.log(Level.WARNING, "ocpp server: " + chargerId + ": no answer to " + own.action() + " " + own.id());
            own.onResult().accept(null);
            sendNext();
        }
    }

    /** The connection is gone: queued calls are dropped (the next connection sets the charger up again). */
    void close() {
        closed = true;
        queue.clear();
        inFlight = null;
    }

    private void sendNext() {
        // The answer's callback may itself have queued and sent a call (a grant that waited for this answer):
        // then that one is in flight, and no second CALL may go (OCPP-J: one outstanding CALL).
        if (closed || inFlight != null || queue.isEmpty()) {
            return;
        }
        inFlight = queue.poll();
        sentAtMs = out.monotonicMs();
        out.send(new Frame.Call(inFlight.id(), inFlight.action(), OcppJson.toTree(inFlight.payload().get())));
    }
}
