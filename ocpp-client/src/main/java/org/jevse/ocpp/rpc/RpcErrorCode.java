package org.jevse.ocpp.rpc;

/**
 * OCPP-J 1.6 CALLERROR codes (OCPP-J 1.6 §4.2.3), with the specification's own spellings on the wire:
 * FormationViolation and OccurenceConstraintViolation. Peers that use the corrected spellings (FormatViolation,
 * OccurrenceConstraintViolation, as in OCPP 2.0.1) are understood too.
 */
public enum RpcErrorCode {
    /** Requested Action is not known by receiver. */
    NotImplemented("NotImplemented"),
    /** Requested Action is recognized but not supported by the receiver. */
    NotSupported("NotSupported"),
    /** An internal error occurred and the receiver was not able to process the requested Action successfully. */
    InternalError("InternalError"),
    /** Payload for Action is incomplete. */
    ProtocolError("ProtocolError"),
    /** During the processing of Action a security issue occurred preventing receiver from completing the Action. */
    SecurityError("SecurityError"),
    /** Payload for Action is syntactically incorrect or not conform the PDU structure for Action. */
    FormationViolation("FormationViolation"),
    /** Payload is syntactically correct but at least one field contains an invalid value. */
    PropertyConstraintViolation("PropertyConstraintViolation"),
    /** Payload is syntactically correct but at least one of the fields violates occurence constraints. */
    OccurenceConstraintViolation("OccurenceConstraintViolation"),
    /** Payload is syntactically correct but at least one of the fields violates data type constraints. */
    TypeConstraintViolation("TypeConstraintViolation"),
    /** Any other error not covered by the previous ones. */
    GenericError("GenericError");

    private final String wire;

    RpcErrorCode(String wire) {
        this.wire = wire;
    }

    /** The code as OCPP-J 1.6 spells it. */
    public String wire() {
        return wire;
    }

    /** Reads a code from a peer; corrected spellings are accepted, anything unknown is GenericError. */
    public static RpcErrorCode fromWire(String s) {
        if (s == null) {
            return GenericError;
        }
        switch (s) {
            case "FormatViolation":
                return FormationViolation;
            case "OccurrenceConstraintViolation":
                return OccurenceConstraintViolation;
            default:
                for (RpcErrorCode c : values()) {
                    if (c.wire.equals(s)) {
                        return c;
                    }
                }
                return GenericError;
        }
    }
}
