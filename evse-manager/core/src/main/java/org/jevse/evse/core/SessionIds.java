package org.jevse.evse.core;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.jevse.config.SessionIdType;

/** Session ids per EVerest session_id_type, drawn from the injected random source (so runs are reproducible). */
final class SessionIds {
    private SessionIds() {
    }

    static String next(SessionIdType type, RandomGenerator random) {
        return switch (type) {
            case UUID -> uuid(random).toString();
            case UUID_BASE64 -> {
                UUID u = uuid(random);
                byte[] b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                        .putLong(u.getLeastSignificantBits()).array();
                yield Base64.getUrlEncoder().withoutPadding().encodeToString(b); // 22 characters
            }
            case SHORT_BASE64 -> {
                byte[] b = new byte[12];
                random.nextBytes(b);
                yield Base64.getUrlEncoder().withoutPadding().encodeToString(b); // 16 characters
            }
        };
    }

    /** A version-4 (random) UUID. */
    private static UUID uuid(RandomGenerator random) {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & ~(0xC000_0000_0000_0000L)) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }
}
