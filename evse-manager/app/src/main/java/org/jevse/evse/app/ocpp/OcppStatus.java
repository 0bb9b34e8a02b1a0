package org.jevse.evse.app.ocpp;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jevse.evse.app.plugin.StatusPart;
import org.jevse.ocpp.cp.ChargePoint;
import org.jevse.ocpp.cp.Registration;

/**
 * The OCPP client under "ocpp" in the charger's status: the connection to the CSMS and the registration, read from
 * the client's volatile state on the reader's thread.
 *
 * @param cp            the client
 * @param csmsUrl       the CSMS it connects to, without user information
 * @param chargePointId its identity
 */
record OcppStatus(ChargePoint cp, String csmsUrl, String chargePointId) {

    OcppStatus {
        csmsUrl = withoutUserInfo(csmsUrl);
    }

    StatusPart part() {
        boolean connected = cp.connected();
        String registration = name(cp.registration());
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("connected", connected);
        f.put("csms_url", csmsUrl);
        f.put("charge_point_id", chargePointId);
        f.put("registration", registration);
        String text = connected ? "OCPP: connected, " + (registration == null ? "not registered yet" : registration)
                : "OCPP: not connected to " + csmsUrl;
        return new StatusPart("ocpp", f, text);
    }

    /** The spelling of OCPP 1.6 RegistrationStatus (Accepted, Pending, Rejected); null before the first answer. */
    static String name(Registration r) {
        return switch (r) {
            case UNKNOWN -> null;
            case PENDING -> "Pending";
            case ACCEPTED -> "Accepted";
            case REJECTED -> "Rejected";
        };
    }

    /** A status is read by anyone with the read role: a password in the URL's user information stays out of it. */
    static String withoutUserInfo(String url) {
        try {
            URI u = new URI(url);
            if (u.getRawUserInfo() == null) {
                return url;
            }
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), u.getQuery(), u.getFragment())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            return url.replaceAll("//[^/@]*@", "//");
        }
    }
}
