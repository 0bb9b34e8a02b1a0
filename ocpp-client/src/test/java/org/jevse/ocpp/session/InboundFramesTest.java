package org.jevse.ocpp.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.jevse.board.time.Scheduler;
import org.junit.jupiter.api.Test;

/**
 * A CSMS that sends faster than the charge point handles frames: the reader thread waits once
 * {@value InboundFrames#IN_FLIGHT} frames are waiting, so the backlog stays in the CSMS's socket, not in this heap.
 */
class InboundFramesTest {

    /** The charge point's thread, run by hand: tasks wait until the test runs them. */
    private static final class HeldScheduler implements Scheduler {
        final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

        @Override
        public void submit(Runnable task) {
            tasks.add(task);
        }

        @Override
        public Timer schedule(long delayMs, Runnable task) {
            throw new UnsupportedOperationException();
        }

        @Override
        public org.jevse.board.time.TimeSource time() {
            throw new UnsupportedOperationException();
        }

        void runOne() {
            tasks.poll().run();
        }
    }

    @Test
    void theReaderWaitsWhileFourFramesAreWaiting() throws Exception {
        HeldScheduler sched = new HeldScheduler();
        InboundFrames inbound = new InboundFrames(sched);
        List<Integer> handled = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            for (int i = 0; i < 6; i++) {
                int frame = i;
                inbound.hand(() -> handled.add(frame));
            }
        }, "reader");
        reader.setDaemon(true);
        reader.start();

        await(() -> sched.tasks.size() == 4 && reader.getState() == Thread.State.TIMED_WAITING,
                "the reader waits with four frames handed over");
        assertEquals(4, inbound.waiting());
        sched.runOne();
        await(() -> sched.tasks.size() == 4 && reader.getState() == Thread.State.TIMED_WAITING,
                "one handled, one more handed over, and the reader waits again");
        while (reader.isAlive()) {
            if (!sched.tasks.isEmpty()) {
                sched.runOne();
            }
        }
        reader.join();
        while (!sched.tasks.isEmpty()) {
            sched.runOne();
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5), handled, "every frame handled, in order");
        assertEquals(0, inbound.waiting());
    }

    /** Polls a condition that real threads bring about, with a bound. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, what);
            Thread.sleep(5);
        }
    }
}
