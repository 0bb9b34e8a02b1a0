package org.jevse.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jevse.tls.PemTls;

/**
 * An HTTP(S) server for a JSON API and its page, over the JDK's {@code com.sun.net.httpserver}: no server library,
 * because on a Raspberry Pi the resident memory counts (the whole charger runs in under 96 MB) and the JDK's server
 * does what a small local API needs (HTTP/1.1, keep-alive, HTTPS with an SSLContext) with no extra jar.
 *
 * <p>It adds what an API exposed on a LAN needs: routes with a required {@link Role}, login (sessions and Basic,
 * {@link Access}), a bounded request body (413), one-line JSON errors ({@code {"error": "..."}} with 400, 401, 403,
 * 404, 405, 413, 429, 503) and never a stack trace: an unexpected exception is logged in one line and answered 500.
 * A fixed pool of {@link #WORKERS} threads answers requests; live event streams ({@link EventStream}) are written by
 * their own few writer threads, so they never hold a worker.
 */
public final class ApiServer implements AutoCloseable {

    /** Answers one request; returns null when it took the exchange over (a stream). */
    public interface Handler {
        Response handle(Request request) throws IOException;
    }

    static final int WORKERS = 4;
    static final int QUEUED_REQUESTS = 256;

    private record Route(String method, String path, boolean prefix, Role role, Handler handler) {
        boolean matches(String p) {
            return prefix ? p.startsWith(path) : p.equals(path);
        }
    }

    private final HttpSettings settings;
    private final Access access;
    private final Consumer<String> log;
    private final List<Route> routes = new ArrayList<>();
    private HttpServer server;
    private ThreadPoolExecutor workers;

    /**
     * @param log where one-line problems go (an unexpected exception in a handler)
     * @throws IllegalArgumentException for bad users (one line)
     */
    public ApiServer(HttpSettings settings, LongSupplier monotonicMs, Consumer<String> log) {
        this.settings = settings;
        this.access = new Access(settings.users(), settings.anonymousRead(), monotonicMs);
        this.log = log;
    }

    public HttpSettings settings() {
        return settings;
    }

    /**
     * Adds a route. {@code path} ending in "/" is a prefix ({@link Request#rest()} holds what follows); {@code role}
     * null means no login is needed.
     */
    public ApiServer route(String method, String path, Role role, Handler handler) {
        routes.add(new Route(method, path, path.length() > 1 && path.endsWith("/"), role, handler));
        return this;
    }

    /**
     * The login endpoints under {@code prefix}: {@code POST prefix/login} with {@code {"user": ..., "password": ...}}
     * (answers the token and sets the session cookie), {@code POST prefix/logout}, {@code GET prefix/whoami}.
     */
    public ApiServer loginRoutes(String prefix) {
        route("POST", prefix + "/login", null, this::login);
        route("POST", prefix + "/logout", null, r -> {
            String token = Access.cookieToken(r.header("Cookie"));
            String auth = r.header("Authorization");
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                token = auth.substring(7).trim();
            }
            if (token != null) {
                access.logout(token);
            }
            return Response.noContent().withHeader("Set-Cookie", cookie("", r.secure()) + "; Max-Age=0");
        });
        route("GET", prefix + "/whoami", null, r -> {
            var n = Json.object();
            n.put("user", r.who().name());
            n.put("role", r.who().role() == null ? null : r.who().role().key());
            n.put("anonymous", r.who().anonymous());
            return Response.json(n);
        });
        return this;
    }

    /**
     * Serves the page: {@code index.html} of {@code classpathDir} (e.g. {@code "org/jevse/evse/app/web/"}) at
     * {@code "/"}, and its other files at {@code "/static/NAME"}; GET only and without login: the page holds no data,
     * it reads the API like any other client.
     */
    public ApiServer page(String classpathDir, ClassLoader loader) {
        route("GET", "/", null, r -> file(classpathDir, "index.html", loader));
        return route("GET", "/static/", null, r -> file(classpathDir, r.rest(), loader));
    }

    private static Response file(String dir, String name, ClassLoader loader) throws IOException {
        if (!name.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9]+)+")) {
            throw HttpError.notFound("no such file: " + name);
        }
        try (InputStream in = loader.getResourceAsStream(dir + name)) {
            if (in == null) {
                throw HttpError.notFound("no such file: " + name);
            }
            Response res = new Response(200, contentType(name), in.readAllBytes(), Map.of());
            return name.endsWith(".html") ? res.withHeader("Content-Security-Policy",
                    "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'") : res;
        }
    }

    /**
     * Binds and starts. A port in use or a bad certificate is an {@link IllegalArgumentException} with one line
     * naming {@code listen} or the file.
     */
    public void start() {
        InetSocketAddress at = new InetSocketAddress(settings.listen().host(), settings.listen().port());
        if (at.isUnresolved()) {
            throw new IllegalArgumentException("listen: cannot resolve host '" + settings.listen().host() + "'");
        }
        ServerLimits.apply();
        try {
            if (settings.https()) {
                HttpsServer s = HttpsServer.create();
                s.setHttpsConfigurator(new HttpsConfigurator(
                        PemTls.serverContext(settings.tlsCertFile(), settings.tlsKeyFile())));
                server = s;
            } else {
                server = HttpServer.create();
            }
            server.bind(at, 50);
        } catch (BindException e) {
            throw new IllegalArgumentException("listen: cannot listen on " + settings.listen() + " (" + e.getMessage()
                    + ")", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("listen: cannot open " + settings.listen() + " (" + e.getMessage()
                    + ")", e);
        }
        AtomicInteger n = new AtomicInteger();
        workers = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUED_REQUESTS), r -> {
                    Thread t = new Thread(r, "jevse-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        workers.allowCoreThreadTimeOut(true);
        server.setExecutor(workers);
        server.createContext("/", this::dispatch);
        server.start();
    }

    /** The port bound (the configured one, or the one chosen for port 0 in tests). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            workers.shutdownNow();
        }
    }

    /**
     * Answers one exchange. An I/O failure (the client left in the middle) is thrown on to the JDK server: only then
     * does it drop the connection from its books (JDK 17's ServerImpl closes a failed exchange's socket but keeps
     * the connection in its set of open ones unless the handler throws), so swallowing it would leak one entry per
     * client that leaves mid-answer, without bound.
     */
    private void dispatch(HttpExchange ex) throws IOException {
        Response res;
        try {
            res = answer(ex);
            if (res == null) {
                return; // streamed: the handler owns the exchange now
            }
        } catch (HttpError e) {
            res = Response.json(e.status(), Json.error(e.getMessage()));
            if (e.status() == 401) {
                res = res.withHeader("WWW-Authenticate", "Bearer realm=\"jevse\"");
            }
        } catch (IOException e) {
            ex.close();
            throw e;
        } catch (RuntimeException e) {
            log.accept("http: " + ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + ": internal error: "
                    + e);
            res = Response.json(500, Json.error("internal error (logged on the charger)"));
        }
        send(ex, res);
    }

    private Response answer(HttpExchange ex) throws IOException {
        String raw = ex.getRequestURI().getRawPath();
        String path;
        try {
            path = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("path: not URL-encoded correctly");
        }
        String method = ex.getRequestMethod();
        int longest = -1;
        for (Route r : routes) {
            if (r.matches(path)) {
                longest = Math.max(longest, r.path().length()); // the most specific route decides
            }
        }
        Route found = null;
        TreeSet<String> allowed = new TreeSet<>();
        for (Route r : routes) {
            if (r.matches(path) && r.path().length() == longest) {
                allowed.add(r.method());
                if (r.method().equals(method)) {
                    found = r;
                }
            }
        }
        if (allowed.isEmpty()) {
            throw HttpError.notFound("no such endpoint: " + path);
        }
        if (found == null) {
            ex.getResponseHeaders().set("Allow", String.join(", ", allowed));
            throw new HttpError(405, method + " is not allowed on " + path + " (allowed: "
                    + String.join(", ", allowed) + ")");
        }
        String address = ex.getRemoteAddress().getAddress().getHostAddress();
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        String cookie = ex.getRequestHeaders().getFirst("Cookie");
        Principal who;
        try {
            who = access.identify(authorization, cookie, address);
        } catch (HttpError e) {
            if (found.role() != null || e.status() != 401) {
                throw e;
            }
            // An open route (the page, login, whoami) answers an expired session as anonymous: it can log in again.
            who = new Principal(Principal.ANONYMOUS, access.anonymousRead() ? Role.READ : null, true);
        }
        if (found.role() != null) {
            if (who.role() == null || who.anonymous() && !who.role().allows(found.role())) {
                throw new HttpError(401, "login required (POST /api/v1/login, a Bearer token or Basic)");
            }
            if (!who.role().allows(found.role())) {
                throw new HttpError(403, "user " + who.name() + " has the role " + who.role().key() + "; "
                        + method + " " + path + " needs " + found.role().key());
            }
        }
        if (!who.anonymous() && authorization == null && !method.equals("GET") && !sameOrigin(ex)) {
            throw new HttpError(403, "Origin: a request with the session cookie must come from this server's page");
        }
        String rest = found.prefix() ? path.substring(found.path().length()) : "";
        return found.handler().handle(new Request(ex, rest, who, settings.maxBodyBytes()));
    }

    /** A cookie-authenticated change must come from our own page: Origin, when sent, names this host. */
    private static boolean sameOrigin(HttpExchange ex) {
        String origin = ex.getRequestHeaders().getFirst("Origin");
        String host = ex.getRequestHeaders().getFirst("Host");
        if (origin == null) {
            return true; // not a browser's cross-site request (browsers send Origin on every POST)
        }
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    private Response login(Request r) {
        JsonNode body = r.json();
        String user = text(body, "user");
        String password = text(body, "password");
        String token = access.login(user, password, r.remote());
        Principal who = access.identify("Bearer " + token, null, r.remote());
        var n = Json.object();
        n.put("token", token);
        n.put("user", who.name());
        n.put("role", who.role().key());
        return Response.json(n).withHeader("Set-Cookie", cookie(token, r.secure()));
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual()) {
            throw HttpError.badRequest(field + ": missing (expected a string)");
        }
        return v.asText();
    }

    private static String cookie(String token, boolean secure) {
        return Access.COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    private static void send(HttpExchange ex, Response res) throws IOException {
        try (ex) {
            var h = ex.getResponseHeaders();
            if (res.contentType() != null) {
                h.set("Content-Type", res.contentType());
            }
            h.set("X-Content-Type-Options", "nosniff");
            h.set("X-Frame-Options", "DENY");
            h.set("Referrer-Policy", "no-referrer");
            h.set("Cache-Control", "no-store");
            res.headers().forEach(h::set);
            boolean empty = res.status() == 204 || ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(res.status(), empty ? -1 : res.body().length);
            if (!empty) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(res.body());
                }
            }
        }
    }

    private static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "json" -> Response.JSON;
            default -> "application/octet-stream";
        };
    }
}
