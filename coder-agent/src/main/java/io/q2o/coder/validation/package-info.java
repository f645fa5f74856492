/**
 * Code validation on syntax trees: one {@link io.q2o.coder.validation.CodeValidator} per language
 * ({@link io.q2o.coder.validation.CodeValidators} picks it), producing a
 * {@link io.q2o.coder.validation.ValidationReport} of positioned
 * {@link io.q2o.coder.validation.Finding}s (syntax, required elements, security, quality) and a
 * {@link io.q2o.coder.validation.QualityScore}. Python, Java, JavaScript, TypeScript and TSX are
 * parsed with tree-sitter; JSON and YAML with Jackson/SnakeYAML.
 */
package io.q2o.coder.validation;
