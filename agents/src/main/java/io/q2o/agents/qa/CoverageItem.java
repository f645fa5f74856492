package io.q2o.agents.qa;

/**
 * One requirement and whether the code covers it.
 *
 * @param requirement the requirement
 * @param met         whether evidence for it was found in the code
 * @param evidence    the code that shows it (empty when missing)
 * @param note        why it counts as missing (empty when met)
 */
public record CoverageItem(String requirement, boolean met, String evidence, String note) {
}
