package org.jevse.ocpp.security;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * What the charger knew about its next start, kept in one file so that the boot after any restart can report a
 * ResetOrReboot security event with its cause (Security Whitepaper ed. 2 §8: "The Charge Point was rebooted or
 * reset", critical). While the charger runs the file says so; a Reset or a firmware installation replaces that with
 * the restart they cause, a clean shutdown with "shutdown". A start that finds "running" follows a crash, a kill or a
 * power loss. Every write is atomic and durable ({@link AtomicFile}), so a power loss leaves the old or the new word.
 */
public final class RestartRecord {
    private static final Logger LOG = Logger.getLogger(RestartRecord.class.getName());
    private static final String RUNNING = "running";
    private static final String SHUTDOWN = "shutdown";

    /** The stored state: {@code state} is running, shutdown or expected; {@code cause} names an expected restart. */
    record Stored(String state, String cause) {
    }

    private final Path file;
    private final Optional<Stored> previous;

    private RestartRecord(Path file, Optional<Stored> previous) {
        this.file = file;
        this.previous = previous;
    }

    /** Reads what the previous run left in {@code file} (nothing on the very first start, or if unreadable). */
    public static RestartRecord open(Path file) {
        Optional<Stored> previous;
        try {
            previous = AtomicFile.readJson(file, new TypeReference<Stored>() { });
        } catch (IOException | RuntimeException e) {
            LOG.warning("unreadable " + file + ": the cause of this start is unknown (" + e.getMessage() + ")");
            previous = Optional.of(new Stored(null, null));
        }
        return new RestartRecord(file, previous);
    }

    /**
     * The techInfo of the ResetOrReboot event of this start: "boot after ..." with the cause when it is known, or
     * empty on the very first start (no restart).
     */
    public Optional<String> restartCause() {
        return previous.map(p -> {
            if (RUNNING.equals(p.state())) {
                return "boot after a crash or power loss (the previous run did not shut down)";
            }
            if (SHUTDOWN.equals(p.state())) {
                return "boot after a shutdown";
            }
            return p.cause() != null ? "boot after " + p.cause() : "boot after a restart of unknown cause";
        });
    }

    /** The charger is up: a start that finds this follows a crash or a power loss. */
    public synchronized void running() {
        write(new Stored(RUNNING, null));
    }

    /** The next start follows {@code cause} (a Reset, a firmware installation). */
    public synchronized void expect(String cause) {
        write(new Stored("expected", cause));
    }

    /** A clean shutdown. */
    public synchronized void stopped() {
        write(new Stored(SHUTDOWN, null));
    }

    private void write(Stored s) {
        try {
            AtomicFile.writeJson(file, s);
        } catch (IOException e) {
            LOG.warning("could not record the charger's state in " + file + ": " + e.getMessage());
        }
    }
}
