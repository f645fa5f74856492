package io.q2o.llm.internal;

/**
 * Reads an image's width and height from its header, without decoding it: PNG ({@code IHDR}),
 * GIF (logical screen), JPEG (the first start-of-frame segment) and WebP ({@code VP8 },
 * {@code VP8L}, {@code VP8X}). Never throws: anything else, or a header cut short, is unknown.
 */
public final class ImageHeaders {
    private ImageHeaders() {
    }

    /**
     * @param b encoded image bytes
     * @return {@code {width, height}} in pixels, or {@code null} if the header cannot be read
     */
    public static int[] size(byte[] b) {
        try {
            if (b.length >= 24 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
                return positive(be32(b, 16), be32(b, 20));
            }
            if (b.length >= 10 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
                return positive(le16(b, 6), le16(b, 8));
            }
            if (b.length >= 4 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8) {
                return jpeg(b);
            }
            if (b.length >= 30 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                    && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
                return webp(b);
            }
        } catch (IndexOutOfBoundsException cutShort) {
            return null;
        }
        return null;
    }

    private static int[] jpeg(byte[] b) {
        int i = 2;
        while (i + 9 < b.length) {
            if ((b[i] & 0xff) != 0xff) {
                return null;
            }
            int marker = b[i + 1] & 0xff;
            if (marker == 0xff) {
                i++;
                continue;
            }
            if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                i += 2;
                continue;
            }
            int length = be16(b, i + 2);
            boolean startOfFrame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
            if (startOfFrame) {
                return positive(be16(b, i + 7), be16(b, i + 5));
            }
            if (length < 2) {
                return null;
            }
            i += 2 + length;
        }
        return null;
    }

    private static int[] webp(byte[] b) {
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        switch (chunk) {
            case "VP8 ":
                return positive(le16(b, 26) & 0x3fff, le16(b, 28) & 0x3fff);
            case "VP8L": {
                int bits = (b[21] & 0xff) | (b[22] & 0xff) << 8 | (b[23] & 0xff) << 16 | (b[24] & 0xff) << 24;
                return positive((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
            }
            case "VP8X":
                return positive(le24(b, 24) + 1, le24(b, 27) + 1);
            default:
                return null;
        }
    }

    private static int[] positive(long w, long h) {
        return w > 0 && h > 0 && w <= Integer.MAX_VALUE && h <= Integer.MAX_VALUE ? new int[] {(int) w, (int) h} : null;
    }

    private static long be32(byte[] b, int i) {
        return (long) (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    }

    private static int be16(byte[] b, int i) {
        return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
    }

    private static int le16(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
    }

    private static int le24(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16;
    }
}
