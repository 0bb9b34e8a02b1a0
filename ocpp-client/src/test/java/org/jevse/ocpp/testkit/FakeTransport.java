package org.jevse.ocpp.testkit;

import java.util.ArrayList;
import java.util.List;
import org.jevse.ocpp.transport.Transport;

/** A transport the test drives: it opens when told, records what is sent, and delivers what the test injects. */
public final class FakeTransport implements Transport {
    public final List<String> sent = new ArrayList<>();
    private Listener listener;
    private boolean open;
    public int connects;

    @Override
    public synchronized void connect(Listener l) {
        this.listener = l;
        connects++;
    }

    public void open() {
        open = true;
        listener.onOpen();
    }

    public void drop() {
        open = false;
        listener.onClosed("dropped by test");
    }

    public void inject(String text) {
        listener.onText(text);
    }

    @Override
    public synchronized boolean send(String text) {
        if (!open) {
            return false;
        }
        sent.add(text);
        return true;
    }

    @Override
    public void close() {
        open = false;
    }

    public String last() {
        return sent.isEmpty() ? null : sent.get(sent.size() - 1);
    }
}
