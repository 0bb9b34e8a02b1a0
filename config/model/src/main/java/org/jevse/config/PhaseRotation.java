package org.jevse.config;

/**
 * How a charger's phases are wired to the grid phases L1..L3 (WARP's rotations). The config module cannot see
 * energy-node's {@code org.jevse.energy.alloc.PhaseRotation}, so this enum carries the same constant names and
 * energy-node maps one to the other by name.
 */
public enum PhaseRotation {
    L123, L132, L231, L213, L321, L312, UNKNOWN
}
