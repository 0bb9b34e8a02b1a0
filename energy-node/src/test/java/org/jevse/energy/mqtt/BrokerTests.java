package org.jevse.energy.mqtt;

import java.io.IOException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Starting the real broker for a test: fail with a clear message on CI, skip elsewhere, when it is missing. */
public final class BrokerTests {
    private BrokerTests() {
    }

    /** A loopback port free at the time of asking (for a server a test starts next). */
    public static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public static MosquittoProcess startBroker() throws IOException {
        if (MosquittoProcess.binary().isEmpty()) {
            String msg = "mosquitto is not installed; run scripts/install-mosquitto.sh (Debian package mosquitto)";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(msg + " -- CI=true, so the broker tests may not be skipped");
            }
            Assumptions.abort(msg + "; skipping the broker tests");
        }
        return MosquittoProcess.start();
    }

    /** Waits up to {@code timeoutMs} for {@code condition}; the bounded wait of a broker test, never a timing check. */
    public static boolean await(long timeoutMs, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }
}
