package org.jevse.ocpp.security;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.jevse.ocpp.v16.SecurityEventNotificationRequest;

/**
 * The SecurityEventNotification.req of critical events waiting for the Central System's answer (Security
 * Whitepaper ed. 2 A04.FR.02: "queued with a guaranteed delivery"), one file per event under {@code dir}
 * ({@code NNNNNNNNNNNNNNNN.json}, written atomically and fsync'd before {@link #add} returns, deleted once
 * answered), so they survive a restart and a power cut. Bounded by {@link #BOUND}: past it the oldest is dropped
 * with a log line, so a flood of events cannot fill the disk. Thread-safe.
 */
public final class SecurityEventQueue {
    private static final Logger LOG = Logger.getLogger(SecurityEventQueue.class.getName());
    public static final int BOUND = 1_000;

    private final Path dir;
    private final TreeMap<Long, SecurityEventNotificationRequest> pending = new TreeMap<>();
    private long nextSeq = 1;

    public SecurityEventQueue(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (!n.matches("\\d{16}\\.json")) {
                    continue;
                }
                try {
                    Optional<SecurityEventNotificationRequest> r = AtomicFile.readJson(p,
                            new TypeReference<SecurityEventNotificationRequest>() { });
                    r.ifPresent(v -> pending.put(Long.parseLong(n.substring(0, 16)), v));
                } catch (IOException | RuntimeException e) {
                    LOG.warning("unreadable queued security event " + p + " dropped: " + e.getMessage());
                    AtomicFile.delete(p);
                }
            }
        }
        if (!pending.isEmpty()) {
            nextSeq = pending.lastKey() + 1;
        }
    }

    /** Persists {@code r}; returns its sequence number. */
    public synchronized long add(SecurityEventNotificationRequest r) throws IOException {
        if (pending.size() >= BOUND) {
            long oldest = pending.firstKey();
            LOG.warning("security event queue full (" + BOUND + "): oldest event dropped: " + pending.get(oldest).type_());
            remove(oldest);
        }
        long seq = nextSeq++;
        AtomicFile.writeJson(file(seq), r);
        pending.put(seq, r);
        return seq;
    }

    /** The Central System answered: forget it. */
    public synchronized void remove(long seq) throws IOException {
        if (pending.remove(seq) != null) {
            AtomicFile.delete(file(seq));
        }
    }

    /** Everything queued, oldest first. */
    public synchronized List<Map.Entry<Long, SecurityEventNotificationRequest>> pending() {
        return new ArrayList<>(pending.entrySet());
    }

    public synchronized int size() {
        return pending.size();
    }

    private Path file(long seq) {
        return dir.resolve(String.format("%016d.json", seq));
    }
}
