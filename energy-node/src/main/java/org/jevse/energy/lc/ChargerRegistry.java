package org.jevse.energy.lc;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which chargers may connect and what they must present, shared by the server's handshake threads and the
 * manager's thread: the configured chargers with their configured AuthorizationKey, the chargers registered
 * automatically ({@code auto_register}), and the keys the LC provisioned ({@code provision_authorization_keys}).
 * What the LC learns is kept in {@value #FILE} in {@code ocpp_server.data_dir}, written atomically (a temporary
 * file moved over the old one), as salted hashes only (Security Whitepaper A01.FR.08).
 */
final class ChargerRegistry {

    static final String FILE = "ocpp-server-chargers.properties";
    /** The file is ours, but read bounded all the same. */
    static final int MAX_FILE_BYTES = 1 << 20;

    private final Set<String> configured;
    private final Set<String> taken;
    /** authorization_key of the file. */
    private final Map<String, Credentials.Secret> configuredKeys = new ConcurrentHashMap<>();
    /** Keys the LC provisioned (this run or an earlier one). */
    private final Map<String, Credentials.Secret> learnedKeys = new ConcurrentHashMap<>();
    private final Map<String, Credentials.Secret> pending = new ConcurrentHashMap<>();
    private final Set<String> autoRegistered = ConcurrentHashMap.newKeySet();
    private final Path file;
    private final int maxAuto;

    /**
     * @param configuredKeys the configured chargers and their authorization_key ("" for none)
     * @param taken          ids that are other leaves of the tree (MQTT chargers): never registered
     * @param dataDir        where the learned state is kept; null: nothing is learned (no auto-registration, no
     *                       provisioning)
     * @throws IllegalArgumentException the stored file cannot be read (one line naming it)
     */
    ChargerRegistry(Map<String, String> keys, Set<String> taken, Path dataDir, int maxAuto) {
        this.configured = Set.copyOf(keys.keySet());
        this.taken = Set.copyOf(taken);
        this.maxAuto = maxAuto;
        keys.forEach((id, key) -> {
            if (!key.isEmpty()) {
                configuredKeys.put(id, Credentials.secret(key));
            }
        });
        this.file = dataDir == null ? null : dataDir.resolve(FILE);
        if (file != null && Files.exists(file)) {
            load();
        }
    }

    private void load() {
        Properties p = new Properties();
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException(file + ": larger than " + MAX_FILE_BYTES + " bytes");
            }
            p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        for (String name : p.stringPropertyNames()) {
            String value = p.getProperty(name);
            if (name.startsWith("auto.") && value.equals("true")) {
                String id = name.substring(5);
                if (!taken.contains(id) && !configured.contains(id)) {
                    autoRegistered.add(id);
                }
            } else if (name.startsWith("key.")) {
                try {
                    learnedKeys.put(name.substring(4), Credentials.Secret.decode(value));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ": " + name + ": " + e.getMessage());
                }
            } else {
                throw new IllegalArgumentException(file + ": " + name + ": unknown entry; allowed: auto.ID, key.ID");
            }
        }
    }

    /** The chargers registered automatically in earlier runs and this one. */
    Set<String> autoRegistered() {
        return Set.copyOf(autoRegistered);
    }

    boolean known(String id) {
        return configured.contains(id) || autoRegistered.contains(id);
    }

    /**
     * Registers an unknown charger (auto_register); false when the bound of auto-registered chargers is reached
     * or nothing can be stored.
     */
    synchronized boolean register(String id) throws IOException {
        if (known(id)) {
            return true;
        }
        if (file == null || taken.contains(id) || autoRegistered.size() >= maxAuto) {
            return false;
        }
        autoRegistered.add(id);
        save();
        return true;
    }

    /** True when the charger must present a key (configured or provisioned). */
    boolean keyRequired(String id) {
        return secret(id) != null;
    }

    /** The key in force: the file's authorization_key, else one the LC provisioned; null if none. */
    private Credentials.Secret secret(String id) {
        Credentials.Secret s = configuredKeys.get(id);
        return s != null ? s : learnedKeys.get(id);
    }

    /**
     * The handshake's check: the key in force if there is one; otherwise anything (a charger without credentials,
     * or with ones the LC does not know: A01.FR.04, the old credentials hold until the charger accepted a new key).
     */
    boolean authorized(String id, String header) {
        Credentials.Secret required = secret(id);
        return required == null || Credentials.matches(required, id, header);
    }

    /** A key is on its way to the charger (ChangeConfiguration sent, answer pending). */
    void provisioning(String id, Credentials.Secret secret) {
        pending.put(id, secret);
    }

    /** The charger accepted the key: from now on it is required (A01.FR.03), and stored. */
    synchronized void provisioned(String id) throws IOException {
        Credentials.Secret s = pending.remove(id);
        if (s != null) {
            learnedKeys.put(id, s);
            save();
        }
    }

    /** The charger did not accept the key: it keeps its old credentials (A01.FR.04). */
    void notProvisioned(String id) {
        pending.remove(id);
    }

    /** Writes the learned state: a temporary file in the same directory, synced, then moved over the old one. */
    private void save() throws IOException {
        Properties p = new Properties();
        for (String id : new TreeSet<>(autoRegistered)) {
            p.setProperty("auto." + id, "true");
        }
        learnedKeys.forEach((id, secret) -> p.setProperty("key." + id, secret.encode()));
        StringWriter w = new StringWriter();
        p.store(w, "jevse energy manager: OCPP chargers learned by the Local Controller (salted key hashes)");
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(StandardCharsets.UTF_8.encode(w.toString()));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
