package org.jevse.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes one configuration key on a record component: its YAML name, default, allowed range and meaning.
 * The loader, {@code jevse config check} and docs/configuration.md are all driven from these annotations, so a
 * key is declared exactly once.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Key {
    /** The key as written in YAML (EVerest's seed names where one exists). */
    String name();

    /**
     * Default as YAML text; empty for a nested section (whose own keys carry defaults), for a {@link #required()}
     * key, and for an optional {@code Integer} key, which is then null ("not set") when absent.
     */
    String def() default "";

    /** True for a key without a default, which the file must give (a node's id, a charger's node). */
    boolean required() default false;

    /** For a list of numbers, the exact number of elements (three phases); -1 for any number. */
    int size() default -1;

    /** Inclusive lower bound for numbers (for a list of numbers: for each element). */
    double min() default Double.NEGATIVE_INFINITY;

    /** Inclusive upper bound for numbers. */
    double max() default Double.POSITIVE_INFINITY;

    /** What the key does, for docs/configuration.md. */
    String doc();

    /**
     * True for a secret (a password, a key, a password hash): {@link org.jevse.config.Key}-driven output meant for
     * others to read (the HTTP API's configuration) shows it redacted.
     */
    boolean secret() default false;

    /** True for jevse's own keys that EVerest's EvseManager does not have. */
    boolean jevse() default false;

    /**
     * True for a record whose keys are written in the enclosing section itself, not under {@link #name()}: a group
     * of keys that several sections share ({@link BrokerConnection}), declared once. The name then only names the
     * group; its keys' paths are the enclosing section's ({@code mqtt.broker_url}).
     */
    boolean inline() default false;
}
