/**
 * Jinja2-syntax templates rendered with Jinjava: {@link io.q2o.coder.template.TemplateRenderer}
 * (bundled templates plus a user directory that overrides them) and the case filters of
 * {@link io.q2o.coder.template.NameCase}.
 */
package io.q2o.coder.template;
