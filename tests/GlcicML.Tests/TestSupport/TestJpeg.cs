using GlcicML.Imaging;

namespace GlcicML.Tests.TestSupport;

/// <summary>JPEG files for tests, including EXIF orientation the encoder cannot write.</summary>
internal static class TestJpeg
{
    public static byte[] Encode(RgbImage image, int quality = 100)
    {
        using var jpeg = new MemoryStream();
        image.Encode(jpeg, EncodedImageFormat.Jpeg, quality);
        return jpeg.ToArray();
    }

    /// <summary>Inserts an EXIF APP1 segment holding only the orientation tag right after the JPEG's SOI marker.</summary>
    public static byte[] WithExifOrientation(byte[] jpeg, byte orientation)
    {
        byte[] app1 =
        [
            0xFF, 0xE1, 0x00, 0x22, (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0,
            (byte)'M', (byte)'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,
            0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,
        ];
        return [.. jpeg[..2], .. app1, .. jpeg[2..]];
    }
}
