package org.jevse.ocpp.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.store.TransactionStore.Active;
import org.jevse.ocpp.store.TransactionStore.Entry;

/**
 * The layout before the journal, read once to move it into the journal (a charger upgraded with messages queued
 * must not lose them): {@code queue/NNNNNNNNNNNNNNNN.json} one file per message, {@code active-C.json},
 * {@code txids.json}, {@code counter.json}. Unreadable files are set aside with a ".bad" suffix and logged, as
 * that layout always did.
 */
record LegacyQueue(List<Path> queue, Map<Long, Integer> txIds, List<Active> active, long nextLocalTx) {
    private static final Logger LOG = Logger.getLogger(LegacyQueue.class.getName());
    private static final ObjectMapper JSON = OcppJson.mapper();

    static boolean present(Path dir) throws IOException {
        return !files(dir).isEmpty();
    }

    /** Every file of the old layout in {@code dir} (the queue directory itself last). */
    static List<Path> files(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        Path q = dir.resolve("queue");
        if (Files.isDirectory(q)) {
            try (Stream<Path> s = Files.list(q)) {
                s.filter(p -> p.getFileName().toString().matches("\\d{16}\\.json|\\..*\\.tmp")).forEach(out::add);
            }
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().matches("active-\\d+\\.json|txids\\.json|counter\\.json"))
                        .forEach(out::add);
            }
        }
        return out;
    }

    static LegacyQueue read(Path dir) throws IOException {
        TreeMap<Long, Path> queue = new TreeMap<>();
        Path q = dir.resolve("queue");
        if (Files.isDirectory(q)) {
            try (Stream<Path> s = Files.list(q)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    String n = p.getFileName().toString();
                    if (n.matches("\\d{16}\\.json")) {
                        queue.put(Long.parseLong(n.substring(0, 16)), p);
                    }
                }
            }
        }
        Map<Long, Integer> txIds = new HashMap<>();
        Path ids = dir.resolve("txids.json");
        if (Files.exists(ids)) {
            try {
                txIds.putAll(JSON.readValue(Files.readAllBytes(ids), new TypeReference<Map<Long, Integer>>() { }));
            } catch (IOException | RuntimeException ex) {
                setAside(ids, ex);
            }
        }
        long next = 1;
        Path counter = dir.resolve("counter.json");
        if (Files.exists(counter)) {
            try {
                next = JSON.readTree(Files.readAllBytes(counter)).get("nextLocalTx").asLong(1);
            } catch (IOException | RuntimeException ex) {
                setAside(counter, ex);
            }
        }
        List<Active> active = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.getFileName().toString().matches("active-\\d+\\.json")) {
                    try {
                        active.add(JSON.readValue(Files.readAllBytes(p), Active.class));
                    } catch (IOException | RuntimeException ex) {
                        setAside(p, ex);
                    }
                }
            }
        }
        return new LegacyQueue(new ArrayList<>(queue.values()), txIds, active, next);
    }

    /** Moves the layout before the journal into a new journal, written whole and renamed into place. */
    static void moveInto(Path dir, Path jdir) throws IOException {
        LegacyQueue old = read(dir);
        Path tmp = dir.resolve("journal.tmp");
        if (Files.exists(tmp)) {
            try (var s = Files.walk(tmp)) {
                for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        }
        long nextSeq = 1;
        for (Path p : old.queue()) {
            nextSeq = Math.max(nextSeq, Long.parseLong(p.getFileName().toString().substring(0, 16)) + 1);
        }
        int moved = 0;
        try (Journal j = Journal.open(tmp, false, new ArrayList<>())) {
            j.roll();
            j.append(JournalOp.encode(List.of(new JournalOp.State(true, nextSeq, old.nextLocalTx(), old.txIds(),
                    old.active()))));
            for (Path p : old.queue()) {
                Entry e = entry(p);
                if (e != null) {
                    j.append(JournalOp.encode(List.of(new JournalOp.Add(e))));
                    moved++;
                }
            }
            j.sync();
        }
        AtomicFiles.syncDirectory(tmp);
        Files.move(tmp, jdir, StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.syncDirectory(dir);
        delete(dir);
        LOG.info("moved " + moved + " queued message(s) and " + old.active().size() + " running transaction(s) of "
                + dir + " from one file per message into the journal");
    }

    /** One queued message of the old layout, read when it is moved (so the heap holds one at a time); null if unreadable. */
    static Entry entry(Path p) {
        try {
            return JSON.readValue(Files.readAllBytes(p), Entry.class);
        } catch (IOException | RuntimeException ex) {
            setAside(p, ex);
            return null;
        }
    }

    /** Deletes the old layout's files, once the journal holding their content is durable. */
    static void delete(Path dir) throws IOException {
        for (Path p : files(dir)) {
            Files.deleteIfExists(p);
        }
        Path q = dir.resolve("queue");
        if (Files.isDirectory(q)) {
            try (Stream<Path> s = Files.list(q)) {
                if (s.findAny().isEmpty()) {
                    Files.delete(q);
                }
            }
        }
        AtomicFiles.syncDirectory(dir);
    }

    private static void setAside(Path p, Exception ex) {
        LOG.severe("unreadable " + p + " set aside: " + ex);
        try {
            Files.move(p, p.resolveSibling(p.getFileName() + ".bad"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException ignored) {
            // nothing more can be done
        }
    }
}
