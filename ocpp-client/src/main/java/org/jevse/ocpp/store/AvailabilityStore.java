package org.jevse.ocpp.store;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.jevse.ocpp.rpc.OcppJson;

/** The availability the CSMS asked for, per connector (0 = the charge point), persisted across reboots. */
public final class AvailabilityStore {
    private final Path file;
    private final Map<Integer, Boolean> operative = new TreeMap<>();

    public AvailabilityStore(Path file) {
        this.file = file;
        if (file != null && Files.exists(file)) {
            try {
                operative.putAll(OcppJson.mapper().readValue(Files.readAllBytes(file),
                        new TypeReference<Map<Integer, Boolean>>() { }));
            } catch (IOException | RuntimeException e) {
                operative.clear();
            }
        }
    }

    /** True unless the CSMS made this connector (or, for connectors > 0, the whole charge point) Inoperative. */
    public synchronized boolean operative(int connectorId) {
        return operative.getOrDefault(connectorId, true);
    }

    /** Persists the requested state before returning. */
    public synchronized void set(int connectorId, boolean value) {
        Map<Integer, Boolean> next = new TreeMap<>(operative);
        next.put(connectorId, value);
        if (file != null) {
            try {
                AtomicFiles.write(file, OcppJson.mapper().writeValueAsBytes(next));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        operative.clear();
        operative.putAll(next);
    }
}
