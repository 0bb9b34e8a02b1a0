package org.jevse.config;

/** EVerest session_id_type. */
public enum SessionIdType {
    /** 36-character UUIDs. */
    UUID,
    /** 22-character base64-encoded UUIDs. */
    UUID_BASE64,
    /** 16-character base64-encoded random ids. */
    SHORT_BASE64
}
