package io.q2o.llm;

/** One part of a {@link UserMessage}: {@link TextPart} or {@link ImagePart}. Immutable values. */
public sealed interface ContentPart permits TextPart, ImagePart {
}
