package io.q2o.llm;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An image in a {@link UserMessage}: either inline bytes with their MIME type, or a URL the
 * provider fetches itself (OpenAI and Anthropic accept URLs; adapters for providers that do not
 * reject the request with a clear error).
 *
 * <p>Immutable: the bytes are copied in and out. Two parts are equal when their MIME types and
 * bytes (or URLs) are equal; the SHA-256 of the bytes is computed once and used for
 * {@code equals}, {@code hashCode} and the cache key, so large images are never compared byte by
 * byte more than once.
 */
public final class ImagePart implements ContentPart {
    /** The MIME types all three providers accept for inline images. */
    public static final Set<String> SUPPORTED_MIME_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    private final byte[] bytes;
    private final String mimeType;
    private final String url;
    private final String sha256;
    private final int[] pixels;

    private ImagePart(byte[] bytes, String mimeType, String url) {
        this.bytes = bytes;
        this.mimeType = mimeType;
        this.url = url;
        this.sha256 = bytes == null ? null : sha256Hex(bytes);
        this.pixels = bytes == null ? null : io.q2o.llm.internal.ImageHeaders.size(bytes);
    }

    /**
     * An image's size in pixels.
     *
     * @param width  the width, &gt; 0
     * @param height the height, &gt; 0
     */
    public record PixelSize(int width, int height) {
    }

    /**
     * An inline image.
     *
     * @param bytes    the encoded image, not empty; copied
     * @param mimeType one of {@link #SUPPORTED_MIME_TYPES}, e.g. {@code "image/png"}
     * @return the part
     * @throws IllegalArgumentException naming the MIME type if it is not supported, or if the bytes are empty
     */
    public static ImagePart of(byte[] bytes, String mimeType) {
        Objects.requireNonNull(bytes, "image bytes");
        Objects.requireNonNull(mimeType, "image MIME type");
        if (bytes.length == 0) {
            throw new IllegalArgumentException("image bytes must not be empty");
        }
        String mime = mimeType.trim().toLowerCase(Locale.ROOT);
        if (!SUPPORTED_MIME_TYPES.contains(mime)) {
            throw new IllegalArgumentException("image MIME type '" + mimeType + "' is not supported; use one of "
                    + String.join(", ", SUPPORTED_MIME_TYPES.stream().sorted().toList()));
        }
        return new ImagePart(bytes.clone(), mime, null);
    }

    /**
     * Reads an image file; the MIME type comes from its extension (png, jpg/jpeg, gif, webp).
     *
     * @param file the image file
     * @return the part
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the file if its extension is not a supported image type
     */
    public static ImagePart fromFile(Path file) throws IOException {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        String ext = name.substring(name.lastIndexOf('.') + 1);
        String mime = switch (ext) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "webp" -> "image/webp";
            default -> throw new IllegalArgumentException("cannot tell the image type of '" + file
                    + "' from its extension; use png, jpg, jpeg, gif or webp, or ImagePart.of(bytes, mimeType)");
        };
        return of(Files.readAllBytes(file), mime);
    }

    /**
     * An image the provider downloads itself.
     *
     * @param url an absolute {@code http} or {@code https} URL
     * @return the part
     * @throws IllegalArgumentException naming the URL if it is not an absolute http(s) URL
     */
    public static ImagePart url(String url) {
        Objects.requireNonNull(url, "image URL");
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException("image URL must be an absolute http or https URL, was '" + url + "'");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("image URL is not a valid URL: '" + url + "'", e);
        }
        return new ImagePart(null, null, url);
    }

    /** @return whether this image is a URL rather than inline bytes */
    public boolean isUrl() { return url != null; }

    /** @return the URL, or empty for an inline image */
    public Optional<String> urlValue() { return Optional.ofNullable(url); }

    /** @return a copy of the bytes; empty array for a URL image */
    public byte[] bytes() { return bytes == null ? new byte[0] : bytes.clone(); }

    /** @return the bytes in standard Base64 (no line breaks); empty for a URL image */
    public String base64() { return bytes == null ? "" : Base64.getEncoder().encodeToString(bytes); }

    /** @return the MIME type, e.g. {@code image/png}; empty for a URL image */
    public String mimeType() { return mimeType == null ? "" : mimeType; }

    /** @return the number of inline bytes; 0 for a URL image */
    public int size() { return bytes == null ? 0 : bytes.length; }

    /**
     * @return the width and height read from the image's header (PNG, GIF, JPEG, WebP), or empty
     *         for a URL image or a header that cannot be read
     */
    public Optional<PixelSize> pixelSize() {
        return pixels == null ? Optional.empty() : Optional.of(new PixelSize(pixels[0], pixels[1]));
    }

    /** @return the lower-case hex SHA-256 of the bytes, or empty for a URL image */
    public String sha256() { return sha256 == null ? "" : sha256; }

    /** @return {@code data:<mime>;base64,<bytes>} for an inline image, or the URL */
    public String dataUrlOrUrl() {
        return url != null ? url : "data:" + mimeType + ";base64," + base64();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ImagePart other)) {
            return false;
        }
        if (url != null || other.url != null) {
            return Objects.equals(url, other.url);
        }
        return mimeType.equals(other.mimeType) && sha256.equals(other.sha256) && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return url != null ? url.hashCode() : Objects.hash(mimeType, sha256);
    }

    /** @return a summary: MIME type, size and hash prefix, or the URL's host */
    @Override
    public String toString() {
        return url != null ? "ImagePart{url=" + URI.create(url).getHost() + "}"
                : "ImagePart{" + mimeType + ", " + bytes.length + " bytes, sha256=" + sha256.substring(0, 12) + "}";
    }

    private static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
