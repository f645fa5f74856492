package io.q2o.agents.qa;

/** How serious a review finding is, worst first. */
public enum ReviewSeverity {
    /** Exploitable or data-losing: must be fixed before use. */
    CRITICAL,
    /** A real defect or security weakness: blocks a critical component. */
    HIGH,
    /** Should be fixed. */
    MEDIUM,
    /** Minor. */
    LOW,
    /** A remark. */
    INFO;

    /** @return whether this is HIGH or CRITICAL */
    public boolean highOrWorse() {
        return this == CRITICAL || this == HIGH;
    }
}
