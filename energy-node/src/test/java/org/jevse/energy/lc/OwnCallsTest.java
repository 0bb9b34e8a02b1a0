package org.jevse.energy.lc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.jevse.ocpp.rpc.Frame;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.v16.GetConfigurationRequest;
import org.junit.jupiter.api.Test;

/** The LC's own CALLs to a charger: one outstanding at a time, also when an answer's callback queues the next. */
class OwnCallsTest {

    final List<Frame.Call> sent = new ArrayList<>();
    long ids;
    final OwnCalls own = new OwnCalls("cp", new OwnCalls.Out() {
        @Override
        public void send(Frame f) {
            sent.add((Frame.Call) f);
        }

        @Override
        public long nextOwnId() {
            return ++ids;
        }

        @Override
        public long monotonicMs() {
            return 0;
        }
    });

    static GetConfigurationRequest probe() {
        return new GetConfigurationRequest(List.of("X"));
    }

    @Test
    void aCallQueuedByAnAnswersCallbackDoesNotGoAlongsideTheNextQueuedOne() {
        // A grant that waited for the answer to its predecessor is queued from within that answer's callback.
        own.call("GetConfiguration", OwnCallsTest::probe, r -> own.call("GetConfiguration", OwnCallsTest::probe, x -> { }));
        own.call("GetConfiguration", OwnCallsTest::probe, r -> { });
        assertEquals(1, sent.size(), "one outstanding CALL");
        own.onAnswer(new Frame.CallResult(sent.get(0).id(), OcppJson.mapper().createObjectNode()));
        assertEquals(2, sent.size(), "after the answer exactly one more CALL is out (OCPP-J: one outstanding)");
        own.onAnswer(new Frame.CallResult(sent.get(1).id(), OcppJson.mapper().createObjectNode()));
        assertEquals(3, sent.size(), "then the next");
        own.onAnswer(new Frame.CallResult(sent.get(2).id(), OcppJson.mapper().createObjectNode()));
        assertEquals(3, sent.size(), "all answered, none lost");
    }
}
