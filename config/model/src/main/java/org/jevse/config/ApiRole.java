package org.jevse.config;

/** A role of an API user: {@code read} sees, {@code control} also changes. */
public enum ApiRole {
    read, control
}
