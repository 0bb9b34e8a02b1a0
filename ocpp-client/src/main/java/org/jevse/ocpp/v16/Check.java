package org.jevse.ocpp.v16;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The constraints of the OCA schemas that Jackson's typing does not express: required, maxLength, minItems,
 * maxItems, date-time and uri. The generated records call these in their compact constructors, so a message that breaks one never
 * exists as an object.
 */
public final class Check {
    private Check() {
    }

    /** A schema constraint that a value breaks, with the OCPP-J error class it maps to. */
    public static final class ConstraintException extends IllegalArgumentException {
        private final boolean occurrence;

        public ConstraintException(String message, boolean occurrence) {
            super(message);
            this.occurrence = occurrence;
        }

        /** True for a missing required field or a wrong item count (OccurenceConstraintViolation). */
        public boolean occurrence() {
            return occurrence;
        }
    }

    public static void required(String field, Object value) {
        if (value == null) {
            throw new ConstraintException("missing required property '" + field + "'", true);
        }
    }

    public static void maxLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new ConstraintException("'" + field + "' is longer than " + max + " characters", false);
        }
    }

    public static void minItems(String field, List<?> value, int min) {
        if (value != null && value.size() < min) {
            throw new ConstraintException("'" + field + "' needs at least " + min + " item(s)", true);
        }
    }

    public static void maxItems(String field, List<?> value, int max) {
        if (value != null && value.size() > max) {
            throw new ConstraintException("'" + field + "' allows at most " + max + " item(s)", true);
        }
    }

    public static void dateTime(String field, String value) {
        if (value == null) {
            return;
        }
        try {
            OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new ConstraintException("'" + field + "' is not an RFC 3339 date-time: " + abbreviate(value), false);
        }
    }

    /** JSON Schema format "uri": an absolute URI (RFC 3986 §4.3: it has a scheme), e.g. a firmware location. */
    public static void uri(String field, String value) {
        if (value == null) {
            return;
        }
        boolean absolute;
        try {
            absolute = new URI(value).isAbsolute();
        } catch (URISyntaxException e) {
            absolute = false;
        }
        if (!absolute) {
            throw new ConstraintException("'" + field + "' is not an absolute URI: " + abbreviate(value), false);
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
