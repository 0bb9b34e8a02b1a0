package org.jevse.board.modbus;

import java.io.IOException;

/** A failed Modbus transaction: no answer in time, a broken frame, or an exception reply from the slave. */
public class ModbusException extends IOException {

    public enum Kind {
        /** No complete answer before the deadline. */
        TIMEOUT,
        /** The answer's CRC does not match. */
        CRC,
        /** The answer is not a reply to the request (wrong unit, function or length). */
        FRAME,
        /** The slave answered with an exception code. */
        EXCEPTION,
        /** The serial port failed. */
        IO
    }

    private final Kind kind;
    private final int exceptionCode;

    public ModbusException(Kind kind, String message) {
        this(kind, message, 0);
    }

    public ModbusException(Kind kind, String message, int exceptionCode) {
        super(message);
        this.kind = kind;
        this.exceptionCode = exceptionCode;
    }

    public Kind kind() {
        return kind;
    }

    /** The Modbus exception code (1 illegal function, 2 illegal data address, ...) for {@link Kind#EXCEPTION}. */
    public int exceptionCode() {
        return exceptionCode;
    }
}
