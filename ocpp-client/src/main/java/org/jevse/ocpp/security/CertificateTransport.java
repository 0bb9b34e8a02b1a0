package org.jevse.ocpp.security;

import java.io.IOException;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import org.jevse.ocpp.transport.Transport;

/**
 * A {@link Transport} that picks the Charge Point certificate for each connection attempt from the
 * {@link CertificateStore} and tells the store how the attempt went: a new certificate becomes the current one
 * once a connection with it opened, and is given up after failed attempts (Security Whitepaper ed. 2 A02.FR.08-10:
 * switch to the new certificate, keep the old one until the new one works). Read the chosen identity and trust
 * file with {@link #identity()} and {@link #trustFile()} in the transport's settings supplier.
 */
public final class CertificateTransport implements Transport {
    private static final Logger LOG = Logger.getLogger(CertificateTransport.class.getName());

    private final Transport inner;
    private final CertificateStore store;
    private final LongSupplier wallMs;
    private final SecurityEvents events;
    private volatile Optional<TlsContexts.PemIdentity> attempt = Optional.empty();
    /** Whether the attempt presents the certificate (profile 3 reads it); only then does its outcome count. */
    private volatile boolean presented;

    /**
     * @param inner the transport, whose settings supplier reads {@link #identity()} (it is called within
     *     {@code inner.connect})
     * @param events where a refused Central System certificate or a refused login is reported
     */
    public CertificateTransport(java.util.function.Function<CertificateTransport, Transport> inner,
                                CertificateStore store, LongSupplier wallMs, SecurityEvents events) {
        this.store = store;
        this.wallMs = wallMs;
        this.events = events;
        this.inner = inner.apply(this);
    }

    /** The Charge Point certificate of the current connection attempt. */
    public Optional<TlsContexts.PemIdentity> identity() {
        presented = attempt.isPresent();
        return attempt;
    }

    /** The Central System roots to trust. */
    public java.nio.file.Path trustFile() {
        return store.trustFile();
    }

    @Override
    public void connect(Listener listener) {
        Optional<TlsContexts.PemIdentity> offered = store.identity(wallMs.getAsLong());
        attempt = offered;
        presented = false;
        inner.connect(new Listener() {
            // Read after inner.connect has read the settings (attempts are one at a time): presented or not.
            private Optional<TlsContexts.PemIdentity> used() {
                return presented ? offered : Optional.empty();
            }
            private boolean opened;

            @Override
            public void onOpen() {
                opened = true;
                try {
                    store.connected(used());
                } catch (IOException e) {
                    LOG.warning("the certificate store could not record the new certificate: " + e.getMessage());
                }
                listener.onOpen();
            }

            @Override
            public void onText(String text) {
                listener.onText(text);
            }

            @Override
            public void onClosed(String reason) {
                if (!opened) {
                    store.connectionFailed(used());
                    failure(reason).ifPresent(e -> events.raise(e, reason));
                }
                listener.onClosed(reason);
            }
        });
    }

    /**
     * The security event a failed connection attempt means: the server's certificate did not pass the checks
     * (A00.FR.309/413: InvalidCentralSystemCertificate), or the Central System refused the charge point's
     * credentials with HTTP 401 (FailedToAuthenticateAtCentralSystem).
     */
    static Optional<SecurityEvent> failure(String reason) {
        if (reason == null) {
            return Optional.empty();
        }
        if (reason.contains("SSLHandshakeException") && (reason.contains("PKIX") || reason.contains("certificate")
                || reason.contains("No subject alternative"))) {
            return Optional.of(SecurityEvent.InvalidCentralSystemCertificate);
        }
        if (reason.contains(" 401")) {
            return Optional.of(SecurityEvent.FailedToAuthenticateAtCentralSystem);
        }
        return Optional.empty();
    }

    @Override
    public boolean send(String text) {
        return inner.send(text);
    }

    @Override
    public void close() {
        inner.close();
    }
}
