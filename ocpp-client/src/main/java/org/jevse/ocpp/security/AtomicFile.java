package org.jevse.ocpp.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Crash-safe replacement of a small state file: write a temporary file in the same directory, fsync it, rename it
 * over the target, then fsync the directory. After a power cut the target holds either the old or the new content,
 * never a torn mix. The temporary file is created owner-only (rw-------), so the files that hold the
 * AuthorizationKey or the authorization lists are not readable by other users.
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

    /** Replaces {@code target} with {@code content}; on any failure the old content is left in place. */
    public static void write(Path target, byte[] content) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically", e);
            }
            fsyncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The file's content, or empty if it does not exist. */
    public static Optional<byte[]> read(Path target) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(target));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    // The rename itself is only durable once the directory entry is on disk.
    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
