package org.jevse.ocpp.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.jevse.ocpp.store.AtomicFiles;

/**
 * JSON state files written through {@link AtomicFiles} (temporary file, fsync, atomic rename, directory fsync;
 * owner-only permissions), so after a power cut the target holds either the old or the new content, and the files
 * that hold the AuthorizationKey or the authorization lists are not readable by other users.
 *
 * <p>Used by the charging-profile store, the local list, the authorization cache and the security settings: the
 * OCPP 1.6 errata (3.37) and §3.5.1/§3.5.2 require those to survive reboots and power loss.
 */
public final class AtomicFile {
    // Our own state files, not OCPP frames: a plain mapper (absent properties are null, nulls are not written).
    private static final ObjectMapper JSON = JsonMapper.builder()
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();

    private AtomicFile() {
    }

    /** Writes {@code value} as JSON with {@link #write}. */
    public static void writeJson(Path target, Object value) throws IOException {
        write(target, JSON.writeValueAsBytes(value));
    }

    /** Reads a file written by {@link #writeJson}, or empty if it does not exist. */
    public static <T> Optional<T> readJson(Path target, TypeReference<T> type) throws IOException {
        Optional<byte[]> bytes = read(target);
        return bytes.isEmpty() ? Optional.empty() : Optional.of(JSON.readValue(bytes.get(), type));
    }

    /** Replaces {@code target} with {@code content} atomically and durably ({@link AtomicFiles#write}). */
    public static void write(Path target, byte[] content) throws IOException {
        AtomicFiles.write(target, content);
    }

    /** The file's content, or empty if it does not exist. */
    public static Optional<byte[]> read(Path target) throws IOException {
        return AtomicFiles.read(target);
    }

    /** Deletes {@code target} durably if it exists ({@link AtomicFiles#delete}). */
    public static void delete(Path target) throws IOException {
        AtomicFiles.delete(target);
    }
}
