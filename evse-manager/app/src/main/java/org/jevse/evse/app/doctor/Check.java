package org.jevse.evse.app.doctor;

/** One line of {@code jevse doctor}: what was checked, whether it passed, and what to do when it did not. */
public record Check(String name, boolean ok, String detail, String fix) {

    static Check ok(String name, String detail) {
        return new Check(name, true, detail, "");
    }

    static Check fail(String name, String detail, String fix) {
        return new Check(name, false, detail, fix);
    }

    /** {@code OK   pwm: ...} or {@code FAIL pwm: ...: FIX}. */
    public String line() {
        return (ok ? "OK   " : "FAIL ") + name + ": " + detail + (ok || fix.isEmpty() ? "" : "; " + fix);
    }
}
