package org.jevse.ocpp.e2e;

import java.util.function.BooleanSupplier;

/** Polls a condition (no fixed sleeps): fails after a generous bound, so a slow machine never fails a test. */
final class Await {
    private Await() {
    }

    static void until(BooleanSupplier c, String what) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
