package org.jevse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server over real sockets: routes, roles, login, limits and the one-line errors. */
class ApiServerTest {

    static final String READER_HASH = PasswordHash.hash("reader-pw".toCharArray(), 10_000);
    static final String ADMIN_HASH = PasswordHash.hash("admin-pw".toCharArray(), 10_000);
    static final List<User> USERS = List.of(new User("reader", READER_HASH, Role.READ),
            new User("admin", ADMIN_HASH, Role.CONTROL));

    private final AtomicLong clock = new AtomicLong();
    private final List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private ApiServer server;
    private EventStream events;

    @AfterEach
    void stop() {
        if (events != null) {
            events.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private ApiServer start(boolean anonymousRead, String cert, String key) {
        server = new ApiServer(new HttpSettings(new ListenAddress("127.0.0.1", 0), anonymousRead, USERS, cert, key,
                1024, 2), clock::get, logged::add);
        events = new EventStream(2);
        server.loginRoutes("/api/v1")
                .route("GET", "/api/v1/status", Role.READ, r -> Response.json("{\"state\":\"Idle\"}"))
                .route("POST", "/api/v1/control", Role.CONTROL, r -> Response.json(r.json()))
                .route("DELETE", "/api/v1/tags/", Role.CONTROL, r -> Response.json("{\"removed\":\"" + r.rest() + "\"}"))
                .route("GET", "/api/v1/boom", Role.READ, r -> {
                    throw new IllegalStateException("a defect\n\tat some.Frame");
                })
                .route("GET", "/api/v1/events", Role.READ, r -> events.open(r, List.of("{\"hello\":1}")))
                .page("org/jevse/http/testpage/", ApiServerTest.class.getClassLoader());
        server.start();
        return server;
    }

    private ApiServer start(boolean anonymousRead) {
        return start(anonymousRead, "", "");
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b);
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b);
    }

    private static String basic(String user, String pw) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
    }

    private String token(String user, String pw) throws Exception {
        HttpResponse<String> r = post("/api/v1/login", "{\"user\":\"" + user + "\",\"password\":\"" + pw + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        String body = r.body();
        return body.substring(body.indexOf("\"token\":\"") + 9, body.indexOf('"', body.indexOf("\"token\":\"") + 9));
    }

    @Test
    void withoutALoginTheReadEndpointsAnswer401UnlessAnonymousReadIsOn() throws Exception {
        start(false);
        HttpResponse<String> r = get("/api/v1/status");
        assertEquals(401, r.statusCode());
        assertEquals("{\"error\":\"login required (POST /api/v1/login, a Bearer token or Basic)\"}", r.body());
        assertEquals("application/json; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        server.close();
        start(true);
        assertEquals(200, get("/api/v1/status").statusCode());
        assertEquals(401, post("/api/v1/control", "{}").statusCode(), "anonymous never controls");
    }

    @Test
    void aReaderReadsButMayNotControlAndAControllerMay() throws Exception {
        start(false);
        assertEquals(200, get("/api/v1/status", "Authorization", basic("reader", "reader-pw")).statusCode());
        HttpResponse<String> r = post("/api/v1/control", "{\"pause\":true}", "Authorization", basic("reader", "reader-pw"));
        assertEquals(403, r.statusCode());
        assertEquals("{\"error\":\"user reader has the role read; POST /api/v1/control needs control\"}", r.body());
        r = post("/api/v1/control", "{\"pause\":true}", "Authorization", "Bearer " + token("admin", "admin-pw"));
        assertEquals(200, r.statusCode());
        assertEquals("{\"pause\":true}", r.body());
    }

    @Test
    void aLoginSetsAnHttpOnlySameSiteCookieThatLogoutEnds() throws Exception {
        start(false);
        HttpResponse<String> login = post("/api/v1/login", "{\"user\":\"admin\",\"password\":\"admin-pw\"}");
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.matches("jevse_session=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict"), setCookie);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        assertEquals("{\"user\":\"admin\",\"role\":\"control\",\"anonymous\":false}",
                get("/api/v1/whoami", "Cookie", cookie).body());
        assertEquals(200, post("/api/v1/control", "{}", "Cookie", cookie, "Origin", "http://127.0.0.1:" + server.port())
                .statusCode());
        HttpResponse<String> crossSite = post("/api/v1/control", "{}", "Cookie", cookie, "Origin", "http://evil.example");
        assertEquals(403, crossSite.statusCode(), "a cookie-borne change from another site's page is refused");
        assertEquals(204, post("/api/v1/logout", "", "Cookie", cookie).statusCode());
        assertEquals(401, get("/api/v1/status", "Cookie", cookie).statusCode());
    }

    @Test
    void aSessionExpiresWhenUnusedForTwelveHours() throws Exception {
        start(false);
        String t = token("reader", "reader-pw");
        clock.addAndGet(Access.SESSION_IDLE_MS - 1);
        assertEquals(200, get("/api/v1/status", "Authorization", "Bearer " + t).statusCode());
        clock.addAndGet(Access.SESSION_IDLE_MS + 1);
        HttpResponse<String> r = get("/api/v1/status", "Authorization", "Bearer " + t);
        assertEquals(401, r.statusCode());
        assertEquals("{\"error\":\"session expired or unknown: log in again\"}", r.body());
    }

    @Test
    void anExpiredSessionStillGetsThePageAndWhoamiAsAnonymousSoItCanLogInAgain() throws Exception {
        start(false);
        String cookie = "jevse_session=" + token("reader", "reader-pw");
        clock.addAndGet(Access.SESSION_IDLE_MS + 1);
        assertEquals(200, get("/", "Cookie", cookie).statusCode());
        HttpResponse<String> who = get("/api/v1/whoami", "Cookie", cookie);
        assertEquals(200, who.statusCode(), who.body());
        assertEquals("{\"user\":\"anonymous\",\"role\":null,\"anonymous\":true}", who.body());
        assertEquals(401, get("/api/v1/status", "Cookie", cookie).statusCode(), "a protected route still refuses it");
    }

    @Test
    void failedLoginsFromOneAddressAreSlowedDownAndASuccessIsNotEnoughToSkipTheWait() throws Exception {
        start(false);
        for (int i = 0; i < LoginLimiter.FREE_FAILURES; i++) {
            HttpResponse<String> r = post("/api/v1/login", "{\"user\":\"admin\",\"password\":\"guess" + i + "\"}");
            assertEquals(401, r.statusCode());
            assertEquals("{\"error\":\"wrong user or password\"}", r.body());
        }
        assertEquals(401, post("/api/v1/login", "{\"user\":\"nobody\",\"password\":\"x\"}").statusCode(),
                "the sixth failure is checked, and sets a 1 s wait");
        HttpResponse<String> r = post("/api/v1/login", "{\"user\":\"admin\",\"password\":\"admin-pw\"}");
        assertEquals(429, r.statusCode());
        assertEquals("{\"error\":\"too many failed logins from 127.0.0.1: try again in 1 s\"}", r.body());
        assertEquals(429, get("/api/v1/status", "Authorization", basic("admin", "admin-pw")).statusCode(),
                "Basic counts the same");
        clock.addAndGet(1000);
        assertEquals(200, post("/api/v1/login", "{\"user\":\"admin\",\"password\":\"admin-pw\"}").statusCode());
    }

    @Test
    void unknownPathsAre404AndWrongMethods405WithAllow() throws Exception {
        start(true);
        HttpResponse<String> r = get("/api/v1/nothing");
        assertEquals(404, r.statusCode());
        assertEquals("{\"error\":\"no such endpoint: /api/v1/nothing\"}", r.body());
        r = post("/api/v1/status", "{}");
        assertEquals(405, r.statusCode());
        assertEquals("GET", r.headers().firstValue("Allow").orElse(""));
        assertEquals("{\"error\":\"POST is not allowed on /api/v1/status (allowed: GET)\"}", r.body());
        r = send(HttpRequest.newBuilder(URI.create(url("/api/v1/tags/A%20B"))).DELETE()
                .header("Authorization", basic("admin", "admin-pw")));
        assertEquals("{\"removed\":\"A B\"}", r.body(), "a prefix route gets the decoded rest");
    }

    @Test
    void brokenJsonIs400NamingWhereAndADefectIs500WithoutAStackTrace() throws Exception {
        start(true);
        String auth = basic("admin", "admin-pw");
        HttpResponse<String> r = post("/api/v1/control", "{\"pause\": tru}", "Authorization", auth);
        assertEquals(400, r.statusCode());
        assertTrue(r.body().startsWith("{\"error\":\"body: not valid JSON at line 1 column "), r.body());
        assertFalse(r.body().contains("\n"));
        r = get("/api/v1/boom");
        assertEquals(500, r.statusCode());
        assertEquals("{\"error\":\"internal error (logged on the charger)\"}", r.body());
        assertEquals(1, logged.size());
        assertTrue(logged.get(0).startsWith("http: GET /api/v1/boom: internal error: java.lang.IllegalStateException"));
    }

    @Test
    void anOversizedBodyIs413WhetherItsLengthIsAnnouncedOrChunked() throws Exception {
        start(true);
        String auth = basic("admin", "admin-pw");
        String big = "{\"x\":\"" + "a".repeat(2000) + "\"}";
        HttpResponse<String> r = post("/api/v1/control", big, "Authorization", auth);
        assertEquals(413, r.statusCode());
        assertEquals("{\"error\":\"body: 2008 bytes is more than the 1024 allowed\"}", r.body());
        // Chunked: no Content-Length, the server stops reading past its limit.
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/control HTTP/1.1\r\nHost: x\r\nAuthorization: " + auth
                    + "\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 4; i++) {
                out.write(("400\r\n" + "a".repeat(1024) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            assertEquals("HTTP/1.1 413 Request Entity Too Large", in.readLine());
        }
    }

    @Test
    void thePageIsServedWithoutLoginAndNothingOutsideItsDirectory() throws Exception {
        start(false);
        HttpResponse<String> r = get("/");
        assertEquals(200, r.statusCode());
        assertEquals("<p>test page</p>\n", r.body());
        assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        assertEquals(404, get("/static/..%2Fsecret.txt").statusCode());
        assertEquals(404, get("/static/missing.js").statusCode());
    }

    @Test
    void eventStreamsGetEveryPublishedLineAndTheirNumberIsBounded() throws Exception {
        start(true);
        HttpRequest req = HttpRequest.newBuilder(URI.create(url("/api/v1/events"))).build();
        var a = http.send(req, HttpResponse.BodyHandlers.ofLines());
        var b = http.send(req, HttpResponse.BodyHandlers.ofLines());
        assertEquals("text/event-stream; charset=utf-8", a.headers().firstValue("Content-Type").orElse(""));
        HttpResponse<String> third = get("/api/v1/events");
        assertEquals(503, third.statusCode());
        assertEquals("{\"error\":\"events: 2 streams are open already (the most allowed)\"}", third.body());
        events.publish("{\"n\":1}");
        for (var s : List.of(a, b)) {
            var lines = s.body().iterator();
            assertEquals("data: {\"hello\":1}", lines.next());
            assertEquals("", lines.next());
            assertEquals("data: {\"n\":1}", lines.next());
        }
    }

    @Test
    void httpsFromPemFilesAndABadKeyFileIsOneLine() throws Exception {
        Path dir = Path.of(ApiServerTest.class.getResource("/tls/server.crt").toURI()).getParent();
        start(false, dir.resolve("server.crt").toString(), dir.resolve("server.key").toString());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = java.nio.file.Files.newInputStream(dir.resolve("server.crt"))) {
            trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(ctx).build();
        HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port()
                + "/api/v1/status")).header("Authorization", basic("reader", "reader-pw")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        HttpResponse<String> login = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port()
                + "/api/v1/login")).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"user\":\"reader\",\"password\":\"reader-pw\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(login.headers().firstValue("Set-Cookie").orElse("").endsWith("; Secure"));
        server.close();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> start(false, dir.resolve("server.crt").toString(), dir.resolve("server.crt").toString()));
        assertEquals("server key file " + dir.resolve("server.crt")
                + ": no private key in it (expected PEM: -----BEGIN PRIVATE KEY-----)", e.getMessage());
        server = null;
    }

    @Test
    void aPortInUseIsOneLineNamingListen() throws Exception {
        start(true);
        int taken = server.port();
        ApiServer second = new ApiServer(new HttpSettings(new ListenAddress("127.0.0.1", taken), true, USERS, "", "",
                1024, 2), clock::get, logged::add);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                second::start);
        assertTrue(e.getMessage().startsWith("listen: cannot listen on 127.0.0.1:" + taken + " ("), e.getMessage());
    }
}
