/**
 * The coder agent: {@link io.q2o.coder.CoderAgent} turns a {@link io.q2o.coder.Task} of
 * {@link io.q2o.coder.CodeComponent}s into validated files, by template, LLM or hybrid
 * ({@link io.q2o.coder.Strategy}), and reports per component in a
 * {@link io.q2o.coder.TaskResult}. Subpackages: {@code template} (Jinjava rendering),
 * {@code validation} (syntax-tree validators, quality score), {@code write} (safe, atomic writes
 * under one output root).
 */
package io.q2o.coder;
