package io.q2o.llm.internal;

import io.q2o.llm.ImagePart;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Image sizes from headers, and the budget bound's tokens per image. */
class ImageHeadersTest {

    static byte[] encode(String format, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height,
                format.equals("jpg") ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_BYTE_BINARY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).as(format).isTrue();
        return out.toByteArray();
    }

    private static byte[] webp(String chunk, byte[] payload) {
        byte[] b = new byte[20 + payload.length];
        System.arraycopy("RIFF".getBytes(), 0, b, 0, 4);
        System.arraycopy("WEBP".getBytes(), 0, b, 8, 4);
        System.arraycopy(chunk.getBytes(), 0, b, 12, 4);
        System.arraycopy(payload, 0, b, 20, payload.length);
        return b;
    }

    @Test
    void readsTheSizeOfPngGifJpegAndWebp() throws IOException {
        assertThat(ImageHeaders.size(encode("png", 1000, 700))).containsExactly(1000, 700);
        assertThat(ImageHeaders.size(encode("gif", 640, 480))).containsExactly(640, 480);
        assertThat(ImageHeaders.size(encode("jpg", 1201, 333))).containsExactly(1201, 333);
        // VP8X: canvas width - 1 and height - 1 in 24 bits at offsets 24 and 27
        byte[] vp8x = new byte[10];
        vp8x[4] = (byte) 0x3f; vp8x[5] = 0x1f;            // 7999 -> 8000
        vp8x[7] = (byte) 0x6f; vp8x[8] = 0x17;            // 5999 -> 6000
        assertThat(ImageHeaders.size(webp("VP8X", vp8x))).containsExactly(8000, 6000);
        // VP8L: signature 0x2f, then 14 bits width - 1 and 14 bits height - 1
        int bits = (3000 - 1) | (2000 - 1) << 14;
        byte[] vp8l = {0x2f, (byte) bits, (byte) (bits >>> 8), (byte) (bits >>> 16), (byte) (bits >>> 24), 0, 0, 0, 0, 0};
        assertThat(ImageHeaders.size(webp("VP8L", vp8l))).containsExactly(3000, 2000);
        // VP8: frame tag, start code, 14-bit width and height at offsets 26 and 28
        byte[] vp8 = {0, 0, 0, (byte) 0x9d, 0x01, 0x2a, (byte) (1920 & 0xff), (byte) (1920 >> 8),
                (byte) (1080 & 0xff), (byte) (1080 >> 8)};
        assertThat(ImageHeaders.size(webp("VP8 ", vp8))).containsExactly(1920, 1080);
    }

    @Test
    void anythingElseOrAHeaderCutShortIsUnknownNeverAnException() throws IOException {
        byte[][] valid = {encode("png", 50, 40), encode("gif", 50, 40), encode("jpg", 50, 40)};
        for (byte[] image : valid) {
            for (int n = 0; n < Math.min(image.length, 200); n++) {
                int[] size = ImageHeaders.size(Arrays.copyOf(image, n));
                assertThat(size == null || (size[0] == 50 && size[1] == 40)).as("cut at %d", n).isTrue();
            }
        }
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            byte[] junk = new byte[random.nextInt(64)];
            random.nextBytes(junk);
            if (junk.length > 1 && i % 2 == 0) {
                junk[0] = (byte) 0xff;
                junk[1] = (byte) 0xd8;
            }
            int[] size = ImageHeaders.size(junk);
            assertThat(size == null || (size[0] > 0 && size[1] > 0)).isTrue();
        }
        assertThat(ImageHeaders.size(new byte[] {1})).isNull();
    }

    @Test
    void anImageGeminiCutsIntoManyTilesIsBoundByGeminisFormula() throws IOException {
        // 8000 x 6000 px: 11 x 8 tiles of 768 px, 258 tokens each
        ImagePart large = ImagePart.of(encode("png", 8000, 6000), "image/png");
        assertThat(large.pixelSize()).contains(new ImagePart.PixelSize(8000, 6000));
        assertThat(InputBound.imageTokens(large)).isEqualTo(11 * 8 * 258);
        assertThat(InputBound.imageTokens(ImagePart.of(encode("png", 1000, 700), "image/png")))
                .isEqualTo(InputBound.PER_IMAGE);
        assertThat(InputBound.imageTokens(ImagePart.url("https://example.com/a.png"))).isEqualTo(InputBound.PER_IMAGE);
        assertThat(InputBound.imageTokens(ImagePart.of(new byte[] {1, 2, 3}, "image/png"))).isEqualTo(InputBound.PER_IMAGE);
    }
}
