package org.jevse.energy.mqtt;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The lines a class logs (System.Logger goes to java.util.logging here), while open. */
public final class LogLines implements AutoCloseable {

    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            lines.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    public LogLines(Class<?> of) {
        logger = Logger.getLogger(of.getName());
        logger.addHandler(handler);
    }

    public List<String> lines() {
        return lines;
    }

    public boolean any(String contains) {
        return lines.stream().anyMatch(l -> l.contains(contains));
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
