package io.q2o.llm;

/**
 * Notified when the daily cost crosses the alert threshold. Called on the thread that recorded
 * the call that crossed it; exceptions are logged and never break the call.
 */
@FunctionalInterface
public interface CostAlertListener {
    /**
     * @param alert the alert
     */
    void onCostAlert(CostAlert alert);
}
