package org.jevse.ocpp.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * What the services see of the {@link RpcSession}: they queue CALLs, ask for the next send, learn whether the
 * connection is open, and listen to it. Built before the services and the session, and handed to each through its
 * constructor: the session takes its Gate (registration) and Queue (transaction messages) from services that need
 * to wake it, so one of the two must come first; this is that first. The session it fronts is the one built with
 * it (once, in the session's constructor). Client thread only, except where said.
 */
public final class Outbox {
    private final List<RpcSession.Listener> listeners = new CopyOnWriteArrayList<>();
    private RpcSession session;

    /** Called by the session's constructor: the session these calls go to. */
    void frontFor(RpcSession s) {
        if (session != null) {
            throw new IllegalStateException("an outbox fronts one session");
        }
        session = s;
    }

    private RpcSession session() {
        if (session == null) {
            throw new IllegalStateException("no session was built with this outbox");
        }
        return session;
    }

    /** Queues an in-memory CALL (sent in order once the gate is open). */
    public void enqueue(Call c) {
        session().enqueue(c);
    }

    /** Drops the in-memory CALLs that {@code which} matches (only the latest status per connector waits). */
    public void dropQueued(Predicate<Call> which) {
        session().dropQueued(which);
    }

    /** Sends the next CALL if one may go now. */
    public void pump() {
        session().pump();
    }

    /** True while the WebSocket is open. Any thread. */
    public boolean connected() {
        return session != null && session.connected();
    }

    /** True while the gate's CALL (BootNotification) is in flight. */
    public boolean gateCallInFlight() {
        return session().gateCallInFlight();
    }

    /** Told when the connection opens or closes and after each CALL sent, in the order added. Any thread. */
    public void addListener(RpcSession.Listener l) {
        listeners.add(l);
    }

    List<RpcSession.Listener> listeners() {
        return listeners;
    }
}
