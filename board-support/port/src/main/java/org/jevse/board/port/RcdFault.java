package org.jevse.board.port;

/** Kind of residual-current trip (EVerest ac_rcd errors). */
public enum RcdFault {
    /** Smooth DC residual current at or above 6 mA (IEC 62955 RDC-DD). */
    DC,
    /** AC residual current at or above 30 mA. */
    AC
}
