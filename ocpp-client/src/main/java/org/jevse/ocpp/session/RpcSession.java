package org.jevse.ocpp.session;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import org.jevse.board.time.Scheduler;
import org.jevse.ocpp.rpc.Frame;
import org.jevse.ocpp.rpc.RpcErrorCode;
import org.jevse.ocpp.rpc.RpcException;
import org.jevse.ocpp.transport.Backoff;
import org.jevse.ocpp.transport.Transport;

/**
 * The OCPP-J RPC session over a {@link Transport}: connecting and reconnecting with back-off, framing, one
 * outstanding CALL at a time with a timeout (OCPP-J §4.1.1), the CALLERROR rules for what the CSMS sends, and the
 * dispatch of CSMS-initiated CALLs to the registered {@link Operation}s. It knows nothing of the payloads.
 *
 * <p>What goes out, in order: while the {@link Gate} is closed only what it offers (BootNotification, OCPP 1.6
 * §4.2.1); then the in-memory CALLs; then the head of the persistent {@link Queue} (transaction messages).
 * Client thread only, except the methods that say otherwise.
 */
public final class RpcSession {
    private static final Logger LOG = Logger.getLogger(RpcSession.class.getName());
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Which side a frame went (for {@link #addFrameTap}). */
    public enum Direction {
        SENT, RECEIVED
    }

    /** The registration: nothing but what it offers goes out before it opens. */
    public interface Gate {
        boolean open();

        /** The CALL to send while closed, or null. */
        Call next();

        /** Its CALL was cut by a disconnect. */
        void cut();

        /** OCPP 1.6 §4.2.1: while Rejected the charge point does not answer the CSMS. */
        boolean silent();
    }

    /** The persistent queue of transaction messages, sent after everything else. */
    public interface Queue {
        /** The CALL of the head message if it may go now, or null. */
        Call next();

        /** Sequence number of the head message, -1 when empty. */
        long headSeq();

        /** Sequence number of the last message queued. */
        long lastSeq();
    }

    /** Told when the connection opens or closes and after each CALL sent (client thread). */
    public interface Listener {
        default void opened() {
        }

        default void closed() {
        }

        default void sent() {
        }
    }

    private final Transport transport;
    private final Scheduler sched;
    private final long callTimeoutMs;
    private final Backoff backoff;
    private final InboundFrames inbound;
    private final Gate gate;
    private final Queue queue;
    private final Dispatcher dispatcher;
    private final List<Listener> listeners;
    private final List<BiConsumer<Direction, String>> taps = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Call> normal = new ArrayDeque<>();
    private Call outstanding;
    private Closing closing;
    /** Written on the client thread, read by the charger's status on the API's threads. */
    private volatile boolean connected;
    private boolean running;
    private Scheduler.Timer reconnectTimer;
    private volatile int connectionCount;
    private volatile int connectAttempts;
    private volatile long sentCalls;

    /**
     * @param outbox what the services were given to reach this session: it fronts this one from now on, and its
     *               listeners are this session's
     */
    public RpcSession(Transport transport, Scheduler sched, long callTimeoutMs, Backoff backoff, Gate gate,
                      Queue queue, Outbox outbox) {
        this.transport = transport;
        this.sched = sched;
        this.callTimeoutMs = callTimeoutMs;
        this.backoff = backoff;
        this.inbound = new InboundFrames(sched);
        this.gate = gate;
        this.queue = queue;
        this.dispatcher = new Dispatcher(sched, this::reply, () -> connected ? connectionCount : -1);
        this.listeners = outbox.listeners();
        outbox.frontFor(this);
    }

    /** Adds or replaces the handler of one CSMS-initiated action. */
    public void register(Operation<?, ?> op) {
        dispatcher.register(op);
    }

    /** Observes every frame sent and received (tests validate them against the schemas). Any thread. */
    public void addFrameTap(BiConsumer<Direction, String> tap) {
        taps.add(tap);
    }

    public boolean connected() {
        return connected;
    }

    public int connectionCount() {
        return connectionCount;
    }

    public int connectAttempts() {
        return connectAttempts;
    }

    public long sentCalls() {
        return sentCalls;
    }

    /** True while the gate's CALL (BootNotification) is in flight. */
    public boolean gateCallInFlight() {
        return outstanding != null && outstanding.kind == Call.Kind.GATE;
    }

    /** Starts connecting. */
    public void start() {
        running = true;
        connect();
    }

    /** Queues an in-memory CALL (sent in order once the gate is open). */
    public void enqueue(Call c) {
        normal.addLast(c);
        pump();
    }

    /** Drops the in-memory CALLs that {@code which} matches (only the latest status per connector waits). */
    public void dropQueued(Predicate<Call> which) {
        normal.removeIf(which);
    }

    /**
     * Runs {@code action} once what was sent is answered ({@link Closing}); for up to {@code drainMs} the
     * transaction messages queued so far are still delivered first.
     */
    public CompletableFuture<Void> closeAfterAnswers(long drainMs, Runnable action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long until = sched.time().monotonicMs() + Math.max(0, drainMs);
        long upTo = drainMs > 0 ? queue.lastSeq() : 0;
        if (closing == null) {
            closing = new Closing(upTo, until, action, done);
        } else {
            closing.join(upTo, until, action, done);
        }
        if (drainMs > 0) {
            sched.schedule(drainMs, this::pump); // the drain ends on time even when nothing else happens
        }
        pump();
        return done;
    }

    /** Closes the connection for good (inside a {@link #closeAfterAnswers} action). */
    public void shutdown() {
        running = false;
        cancel(reconnectTimer);
        transport.close();
        connected = false;
    }

    /** Closes the connection and connects again (inside a {@link #closeAfterAnswers} action). */
    public void drop(String reason) {
        transport.close();
        onClosed(reason);
    }

    private boolean closingDone() {
        if (outstanding != null) {
            return false;
        }
        return !running || !closing.drains(queue.headSeq(), sched.time().monotonicMs());
    }

    // ================================================================== connection

    private void connect() {
        if (!running) {
            return;
        }
        reconnectTimer = null;
        connectAttempts++;
        transport.connect(new Transport.Listener() {
            @Override
            public void onOpen() {
                sched.submit(RpcSession.this::onOpen);
            }

            @Override
            public void onText(String text) {
                inbound.hand(() -> onFrame(text));
            }

            @Override
            public void onClosed(String reason) {
                sched.submit(() -> RpcSession.this.onClosed(reason));
            }
        });
    }

    private void onOpen() {
        if (!running) {
            transport.close();
            return;
        }
        connected = true;
        connectionCount++;
        backoff.reset();
        LOG.info("connected to the CSMS");
        listeners.forEach(Listener::opened);
        pump();
    }

    private void onClosed(String reason) {
        boolean was = connected;
        connected = false;
        listeners.forEach(Listener::closed);
        if (outstanding != null) {
            Call p = outstanding;
            outstanding = null;
            cancel(p.timeout);
            requeueAfterDisconnect(p);
        }
        if (was) {
            LOG.info("connection to the CSMS lost: " + reason);
        }
        if (running && reconnectTimer == null) {
            reconnectTimer = sched.schedule(backoff.nextDelayMs(), this::connect);
        }
        if (closing != null) {
            pump(); // nothing is in flight any more: the close may act, or wait to drain after reconnecting
        }
    }

    /** A call cut by a disconnect is not a failed attempt. */
    private void requeueAfterDisconnect(Call p) {
        switch (p.kind) {
            case GATE:
                gate.cut();
                break;
            case NORMAL:
                if (!"Heartbeat".equals(p.action)) {
                    normal.addFirst(p.again());
                }
                break;
            case QUEUED:
            default:
                break; // still at the head of the persistent queue
        }
    }

    // ================================================================== sending

    /** Sends the next CALL if one may go now. */
    public void pump() {
        if (closing != null && closingDone()) {
            Closing c = closing;
            closing = null;
            c.finish();
            return;
        }
        if (!connected || outstanding != null || !running) {
            return;
        }
        if (!gate.open()) {
            Call boot = gate.next();
            if (boot != null) {
                send(boot);
            }
            return;
        }
        Call next = closing == null ? normal.pollFirst() : null; // a close drains transaction messages only
        if (next == null) {
            next = queue.next();
        }
        if (next != null) {
            send(next);
        }
    }

    private void send(Call p) {
        String text = Frame.encode(new Frame.Call(p.id, p.action, p.payload));
        outstanding = p;
        tap(Direction.SENT, text);
        if (!transport.send(text)) {
            outstanding = null;
            requeueAfterDisconnect(p);
            return;
        }
        sentCalls++;
        p.timeout = sched.schedule(callTimeoutMs, () -> {
            if (outstanding == p) {
                outstanding = null;
                p.onFailure.accept(new RpcException(RpcErrorCode.GenericError, "no answer within "
                        + callTimeoutMs + " ms"));
                pump();
            }
        });
        listeners.forEach(Listener::sent);
    }

    private void tap(Direction d, String text) {
        for (BiConsumer<Direction, String> t : taps) {
            t.accept(d, text);
        }
    }

    // ================================================================== receiving

    private void onFrame(String text) {
        tap(Direction.RECEIVED, text);
        Frame f;
        try {
            f = Frame.decode(text);
        } catch (Frame.Malformed m) {
            if (m.id() != null) {
                reply(new Frame.CallError(m.id(), m.code(), m.getMessage(), F.objectNode()));
            } else {
                LOG.fine(() -> "ignored an unreadable frame: " + m.getMessage());
            }
            return;
        }
        if (f instanceof Frame.Call c) {
            if (!gate.silent()) { // OCPP 1.6 §4.2.1: while Rejected the charge point does not answer the CSMS
                dispatcher.dispatch(c);
            }
        } else if (f instanceof Frame.CallResult r) {
            Call p = answered(r.id());
            if (p == null) {
                LOG.fine(() -> "ignored a CALLRESULT for unknown id " + r.id());
                return;
            }
            try {
                p.onResult.accept(r.payload());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "handling the answer to " + p.action + " failed", e);
            }
            pump();
        } else if (f instanceof Frame.CallError e) {
            Call p = answered(e.id());
            if (p != null) {
                p.onFailure.accept(new RpcException(e.code(), e.description()));
                pump();
            }
        }
    }

    /** The outstanding CALL if {@code id} answers it (it is no longer outstanding then), else null. */
    private Call answered(String id) {
        Call p = outstanding;
        if (p == null || !p.id.equals(id)) {
            return null;
        }
        outstanding = null;
        cancel(p.timeout);
        return p;
    }

    void reply(Frame f) {
        String text = Frame.encode(f);
        tap(Direction.SENT, text);
        transport.send(text);
    }

    static void cancel(Scheduler.Timer t) {
        if (t != null) {
            t.cancel();
        }
    }
}
