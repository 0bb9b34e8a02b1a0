package org.jevse.energy.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Closing a link while its first connect is in flight ends quietly: no thread dies with a stack trace. */
class MqttLinkCloseTest {

    @Test
    void closingWhileTheFirstConnectIsInFlightKillsNoThread() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: every connect is refused at once
        }
        List<String> died = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler old = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> died.add(t.getName() + ": " + e));
        try {
            for (int i = 0; i < 300; i++) {
                MqttLink link = new MqttLink("tcp://127.0.0.1:" + port, "close-race-" + i, "", "", null);
                link.start();
                for (int spin = 0; spin < (i % 30) * 2_000; spin++) {
                    Thread.onSpinWait(); // close at a different point of the connect attempt each round
                }
                link.close();
            }
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith("mqtt-connect-close-race-")) {
                    t.join(15_000);
                }
            }
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(old);
        }
        assertEquals(List.of(), died);
    }
}
