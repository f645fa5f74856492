/**
 * Safe file output: {@link io.q2o.coder.write.OutputRoot} writes atomically and only under its
 * root, refusing absolute paths, {@code ..} and symbolic links that leave the root
 * ({@link io.q2o.coder.write.UnsafePathException}).
 */
package io.q2o.coder.write;
