package org.jevse.board.serial;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition on real time. The limit is a hang guard, not a timing assertion. */
public final class Await {

    public static final long GUARD_MS = 15_000;

    private Await() {
    }

    public static void until(String what, BooleanSupplier condition) {
        until(what, condition, () -> "");
    }

    public static void until(String what, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + GUARD_MS * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("never happened: " + what + " " + state.get());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }
}
