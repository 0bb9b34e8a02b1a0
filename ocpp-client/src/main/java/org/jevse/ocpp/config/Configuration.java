package org.jevse.ocpp.config;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.logging.Logger;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.store.AtomicFiles;

/**
 * The charge point's configuration keys, with their values persisted in one JSON file.
 *
 * <p>Every change is one atomic, fsync'd rewrite of the whole file, done before {@link #change} returns, so the
 * answer a CSMS gets is always backed by what is on disk, and a power loss between any two changes leaves either
 * the old or the new state. Changes are serialized by a lock, so any rate and any order is safe. A file that cannot
 * be read (hand-edited, older version) is set aside and the defaults are used, never a half-read state.
 */
public final class Configuration {
    private static final Logger LOG = Logger.getLogger(Configuration.class.getName());

    /** ChangeConfiguration's answers (OCPP 1.6 §6.10). */
    public enum Change {
        Accepted, Rejected, RebootRequired, NotSupported
    }

    private final Map<String, ConfigKey> keys = new LinkedHashMap<>();
    private final Map<String, String> values = new TreeMap<>();
    private final Path file;
    private final List<BiConsumer<String, String>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, java.util.function.Function<String, Change>> delegates = new java.util.HashMap<>();
    private final Map<String, java.util.function.Supplier<String>> delegateValues = new java.util.HashMap<>();

    /**
     * Hands a key to another owner (e.g. SecurityProfile and AuthorizationKey to the security settings, which
     * persist them in their own file): {@code change} answers ChangeConfiguration, {@code value} is what
     * GetConfiguration shows (ignored for write-only keys).
     */
    public synchronized void delegate(String key, java.util.function.Function<String, Change> change,
                                      java.util.function.Supplier<String> value) {
        if (!keys.containsKey(key)) {
            throw new IllegalArgumentException("unknown key " + key);
        }
        delegates.put(key, change);
        delegateValues.put(key, value);
    }

    /** @param file where changed values are kept; null keeps them in memory only (tests). */
    public Configuration(Collection<ConfigKey> definitions, Path file) {
        for (ConfigKey k : definitions) {
            if (k.normalize(k.defaultValue()) == null && !(k.type() == ConfigKey.Type.STRING)) {
                throw new IllegalArgumentException("default of " + k.name() + " is not valid: " + k.defaultValue());
            }
            keys.put(k.name(), k);
        }
        this.file = file;
        load();
    }

    private void load() {
        if (file == null || !Files.exists(file)) {
            return;
        }
        try {
            Map<String, String> stored = OcppJson.mapper().readValue(Files.readAllBytes(file),
                    new TypeReference<Map<String, String>>() { });
            for (Map.Entry<String, String> e : stored.entrySet()) {
                ConfigKey k = keys.get(e.getKey());
                if (k != null && !k.readOnly()) {
                    String v = k.normalize(e.getValue());
                    if (v != null) {
                        values.put(k.name(), v);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warning("unreadable OCPP configuration " + file + " set aside: " + e);
            try {
                Files.move(file, file.resolveSibling(file.getFileName() + ".bad"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException ignored) {
                // the defaults apply either way
            }
        }
    }

    /** Called after a change was persisted, on the thread that made the change. */
    public void addListener(BiConsumer<String, String> listener) {
        listeners.add(listener);
    }

    public synchronized ConfigKey key(String name) {
        return keys.get(name);
    }

    public synchronized boolean has(String name) {
        return keys.containsKey(name);
    }

    /** The current value (the default if never changed). */
    public synchronized String get(String name) {
        ConfigKey k = keys.get(name);
        if (k == null) {
            throw new IllegalArgumentException("unknown key " + name);
        }
        var d = delegateValues.get(name);
        return d != null ? d.get() : values.getOrDefault(name, k.defaultValue());
    }

    public int getInt(String name) {
        long v = Long.parseLong(get(name));
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    public boolean getBool(String name) {
        return Boolean.parseBoolean(get(name));
    }

    public List<String> getList(String name) {
        String v = get(name);
        return v.isEmpty() ? List.of() : List.of(v.split(","));
    }

    /** Sets a read-only key's value from the charger itself (e.g. NumberOfConnectors); not persisted. */
    public synchronized void setInternal(String name, String value) {
        ConfigKey k = keys.get(name);
        if (k == null) {
            throw new IllegalArgumentException("unknown key " + name);
        }
        keys.put(name, new ConfigKey(k.name(), k.type(), k.readOnly(), value, k.allowed(), k.itemPattern(),
                k.maxItems(), k.min(), k.max(), k.writeOnly(), k.reboot(), k.rule()));
    }

    /** ChangeConfiguration: validates, persists, then answers. */
    public Change change(String name, String raw) {
        String applied;
        ConfigKey k;
        synchronized (this) {
            k = keys.get(name);
            if (k == null) {
                return Change.NotSupported;
            }
            if (k.readOnly()) {
                return Change.Rejected;
            }
            var delegate = delegates.get(name);
            if (delegate != null) {
                Change c = delegate.apply(raw);
                if (c == Change.Accepted || c == Change.RebootRequired) {
                    String shown = delegateValues.get(name).get();
                    for (BiConsumer<String, String> l : listeners) {
                        l.accept(name, shown);
                    }
                }
                return c;
            }
            String v = k.normalize(raw);
            if (v == null) {
                return Change.Rejected;
            }
            String old = values.getOrDefault(name, k.defaultValue());
            if (k.rule() != null && !k.rule().test(old, v)) {
                return Change.Rejected;
            }
            Map<String, String> next = new TreeMap<>(values);
            next.put(name, v);
            if (file != null) {
                try {
                    AtomicFiles.write(file, OcppJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(next));
                } catch (IOException e) {
                    LOG.warning("could not persist " + name + ": " + e);
                    return Change.Rejected;
                }
            }
            values.put(name, v);
            applied = v;
        }
        for (BiConsumer<String, String> l : listeners) {
            l.accept(name, applied);
        }
        return k.reboot() ? Change.RebootRequired : Change.Accepted;
    }

    /** One GetConfiguration entry. */
    public record Entry(String key, boolean readonly, String value) {
    }

    /** All readable keys, in definition order. */
    public synchronized List<Entry> all() {
        List<Entry> out = new ArrayList<>();
        for (ConfigKey k : keys.values()) {
            if (!k.writeOnly()) {
                var d = delegateValues.get(k.name());
                out.add(new Entry(k.name(), k.readOnly(), d != null ? d.get()
                        : values.getOrDefault(k.name(), k.defaultValue())));
            }
        }
        return out;
    }

    /** The entry for a readable key, or null for an unknown or write-only one. */
    public synchronized Entry entry(String name) {
        ConfigKey k = keys.get(name);
        if (k == null || k.writeOnly()) {
            return null;
        }
        var d = delegateValues.get(k.name());
        return new Entry(k.name(), k.readOnly(), d != null ? d.get() : values.getOrDefault(k.name(), k.defaultValue()));
    }

    public static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
