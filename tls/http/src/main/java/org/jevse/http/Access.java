package org.jevse.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Who may do what: the configured users (PBKDF2 hashes, roles read and control), optional anonymous reading, login
 * sessions and HTTP Basic credentials for scripts.
 *
 * <p>A login ({@link #login}) returns a random 256-bit token, sent back as a cookie (the web page) or as
 * {@code Authorization: Bearer TOKEN} (scripts); it expires after {@link #SESSION_IDLE_MS} unused. Basic credentials
 * are checked once and then remembered (by their SHA-256) for {@link #BASIC_CACHE_MS}, so a script need not pay the
 * PBKDF2 cost on every request. Both tables are bounded. Every failed check counts in the {@link LoginLimiter}; an
 * unknown user costs as much time as a wrong password, so the answer's timing does not tell which names exist.
 */
public final class Access {
    public static final long SESSION_IDLE_MS = 12 * 3600_000L;
    static final long BASIC_CACHE_MS = 10 * 60_000L;
    static final int MAX_SESSIONS = 64;
    static final int MAX_USER_NAME = 64;
    static final int MAX_PASSWORD = 256;
    public static final String COOKIE = "jevse_session";

    private record Session(Principal who, long lastUsedMs) {
    }

    private final Map<String, User> users = new HashMap<>();
    private final Map<String, PasswordHash> hashes = new HashMap<>();
    private final boolean anonymousRead;
    private final LongSupplier monotonicMs;
    private final LoginLimiter limiter;
    private final SecureRandom random = new SecureRandom();
    /** What an unknown user's password is checked against: the same cost as a real check. */
    private static final class Dummy {
        static final PasswordHash HASH = PasswordHash.parse("dummy", PasswordHash.hash("dummy".toCharArray()));
    }
    private final Map<String, Session> sessions = bounded();
    private final Map<String, Session> basic = bounded();

    /**
     * @throws IllegalArgumentException for a duplicate user or a malformed hash (one line naming the user)
     */
    public Access(List<User> users, boolean anonymousRead, LongSupplier monotonicMs) {
        for (User u : users) {
            if (this.users.put(u.name(), u) != null) {
                throw new IllegalArgumentException("users: '" + u.name() + "' appears twice");
            }
            hashes.put(u.name(), PasswordHash.parse("users." + u.name() + ".password_hash", u.passwordHash()));
        }
        this.anonymousRead = anonymousRead;
        this.monotonicMs = monotonicMs;
        this.limiter = new LoginLimiter(monotonicMs);
    }

    public boolean anonymousRead() {
        return anonymousRead;
    }

    /** Checks a user's password and opens a session; returns its token. */
    public String login(String name, String password, String address) {
        Principal who = check(name, password, address);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
        synchronized (sessions) {
            sessions.put(token, new Session(who, monotonicMs.getAsLong()));
        }
        return token;
    }

    public void logout(String token) {
        synchronized (sessions) {
            sessions.remove(token);
        }
    }

    /**
     * Who makes a request with these headers (either may be null): a session token (Bearer or cookie), Basic
     * credentials, or nobody (anonymous; its role is read where anonymous reading is on, else none: null).
     *
     * @throws HttpError 401 for credentials that are wrong or expired, 429 while the address must wait
     */
    public Principal identify(String authorization, String cookie, String address) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return session(authorization.substring(7).trim());
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return basic(authorization.substring(6).trim(), address);
        }
        if (authorization != null) {
            throw new HttpError(401, "Authorization: only Bearer (a login token) and Basic are accepted");
        }
        String token = cookieToken(cookie);
        if (token != null) {
            return session(token);
        }
        return new Principal(Principal.ANONYMOUS, anonymousRead ? Role.READ : null, true);
    }

    /** The session token in a Cookie header, or null. */
    static String cookieToken(String cookie) {
        if (cookie == null) {
            return null;
        }
        for (String part : cookie.split(";")) {
            String p = part.trim();
            if (p.startsWith(COOKIE + "=")) {
                return p.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }

    private Principal session(String token) {
        long now = monotonicMs.getAsLong();
        synchronized (sessions) {
            Session s = sessions.get(token);
            if (s == null || now - s.lastUsedMs() > SESSION_IDLE_MS) {
                sessions.remove(token);
                throw new HttpError(401, "session expired or unknown: log in again");
            }
            sessions.put(token, new Session(s.who(), now));
            return s.who();
        }
    }

    private Principal basic(String encoded, String address) {
        String key = sha256(encoded);
        long now = monotonicMs.getAsLong();
        synchronized (basic) {
            Session s = basic.get(key);
            if (s != null && now - s.lastUsedMs() <= BASIC_CACHE_MS) {
                return s.who();
            }
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpError(401, "Authorization: Basic credentials are not valid base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new HttpError(401, "Authorization: Basic credentials need USER:PASSWORD");
        }
        Principal who = check(decoded.substring(0, colon), decoded.substring(colon + 1), address);
        synchronized (basic) {
            basic.put(key, new Session(who, now));
        }
        return who;
    }

    private Principal check(String name, String password, String address) {
        long wait = limiter.waitMs(address);
        if (wait > 0) {
            throw new HttpError(429, "too many failed logins from " + address + ": try again in "
                    + ((wait + 999) / 1000) + " s");
        }
        if (name == null || password == null || name.length() > MAX_USER_NAME || password.length() > MAX_PASSWORD) {
            limiter.failed(address);
            throw new HttpError(401, "wrong user or password");
        }
        User u = users.get(name);
        boolean ok = (u == null ? Dummy.HASH : hashes.get(name)).matches(password.toCharArray()) && u != null;
        if (!ok) {
            limiter.failed(address);
            throw new HttpError(401, "wrong user or password");
        }
        limiter.succeeded(address);
        return new Principal(u.name(), u.role(), false);
    }

    private byte[] randomBytes() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return b;
    }

    private static String sha256(String s) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Session> bounded() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
                return size() > MAX_SESSIONS;
            }
        };
    }
}
