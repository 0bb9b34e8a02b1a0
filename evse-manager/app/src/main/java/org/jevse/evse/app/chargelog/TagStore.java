package org.jevse.evse.app.chargelog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The RFID tags with their user names: those of {@code auth.local_list} (read-only here: the file owns them) and
 * those added through the API, kept in a JSON file that is replaced atomically on every change (written to a
 * temporary file, then moved over), so a crash leaves the old list or the new one. Bounded to {@link #MAX_TAGS}.
 */
public final class TagStore {
    public static final int MAX_TAGS = 1000;
    /** OCPP 1.6 IdToken: at most 20 characters. */
    public static final int MAX_TAG_CHARS = 20;
    public static final int MAX_USER_CHARS = 64;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A tag, its user name, and whether it comes from the configuration file. */
    public record Tag(String tag, String user, boolean fromConfig) {
    }

    private final Path file;
    private final Set<String> configTags;
    private final Map<String, String> added = new LinkedHashMap<>();

    /**
     * @throws IllegalArgumentException when the file exists but is not a tag list (one line naming it)
     */
    public TagStore(Path file, List<String> configTags) {
        this.file = file;
        this.configTags = Set.copyOf(configTags);
        if (file != null && Files.exists(file)) {
            try {
                JsonNode n = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
                if (n == null || !n.isArray() || n.size() > MAX_TAGS) {
                    throw new IllegalArgumentException(file + ": not a list of at most " + MAX_TAGS
                            + " {\"tag\", \"user\"} objects");
                }
                for (JsonNode t : n) {
                    added.put(t.path("tag").asText(), t.path("user").asText(""));
                }
            } catch (IOException e) {
                throw new IllegalArgumentException(file + ": cannot read the tag list (" + e.getMessage()
                        .replaceAll("\\s+", " ") + ")", e);
            }
        }
    }

    public synchronized List<Tag> all() {
        List<Tag> out = new java.util.ArrayList<>();
        for (String t : configTags.stream().sorted().toList()) {
            out.add(new Tag(t, added.getOrDefault(t, ""), true));
        }
        added.forEach((t, u) -> {
            if (!configTags.contains(t)) {
                out.add(new Tag(t, u, false));
            }
        });
        return out;
    }

    /** False without a file: the list is the configuration's, read-only. */
    public boolean writable() {
        return file != null;
    }

    /** True if {@code tag} may charge. */
    public synchronized boolean accepts(String tag) {
        return configTags.contains(tag) || added.containsKey(tag);
    }

    /** The user name of {@code tag}, or "". */
    public synchronized String userOf(String tag) {
        return added.getOrDefault(tag, "");
    }

    /**
     * Adds or renames {@code tag}. A tag of the configuration file may get a user name here.
     *
     * @throws IllegalArgumentException naming the field and what is allowed
     */
    public synchronized void put(String tag, String user) throws IOException {
        if (tag == null || tag.isEmpty() || tag.length() > MAX_TAG_CHARS || !tag.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new IllegalArgumentException("tag: '" + tag + "' is not allowed (1 to " + MAX_TAG_CHARS
                    + " printable ASCII characters, no spaces)");
        }
        if (user == null || user.length() > MAX_USER_CHARS || user.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("user: not allowed (at most " + MAX_USER_CHARS
                    + " characters, no control characters)");
        }
        if (!added.containsKey(tag) && added.size() >= MAX_TAGS) {
            throw new IllegalArgumentException("tag: the list holds " + MAX_TAGS + " tags already (the most allowed)");
        }
        added.put(tag, user);
        save();
    }

    /**
     * Removes {@code tag}; false if it was not there.
     *
     * @throws IllegalStateException for a tag of the configuration file (remove it there)
     */
    public synchronized boolean remove(String tag) throws IOException {
        if (configTags.contains(tag)) {
            throw new IllegalStateException("tag: '" + tag + "' is in auth.local_list of the configuration file; "
                    + "remove it there");
        }
        if (added.remove(tag) == null) {
            return false;
        }
        save();
        return true;
    }

    private void save() throws IOException {
        ArrayNode a = JSON.createArrayNode();
        added.forEach((t, u) -> a.addObject().put("tag", t).put("user", u));
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, a.toPrettyString() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
