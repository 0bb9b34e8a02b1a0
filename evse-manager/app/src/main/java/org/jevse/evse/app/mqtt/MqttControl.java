package org.jevse.evse.app.mqtt;

/** Where the MQTT API's commands go, and what it reads back of them (the enabled flag and the current limit). */
public interface MqttControl {

    /** Applies a command; a refusal is one line naming why. */
    void apply(SetCommand command) throws Refused;

    /** No source holds a disable claim. */
    boolean enabled();

    /** The lowest current limit claimed (A), or {@code chargerMaxA} when nobody claims one. */
    double maxCurrentA(double chargerMaxA);

    /** The charger refuses a command it cannot carry out (e.g. a pause without a session). */
    final class Refused extends Exception {
        public Refused(String oneLine) {
            super(oneLine);
        }
    }
}
