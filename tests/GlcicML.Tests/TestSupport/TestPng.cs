using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace GlcicML.Tests.TestSupport;

/// <summary>Writes PNG files byte by byte, so tests control every stored value (gray, RGB, RGBA; any claimed size).</summary>
internal static class TestPng
{
    public const byte Gray = 0;
    public const byte Rgb = 2;
    public const byte Rgba = 6;

    public static byte[] Encode(int width, int height, byte colorType, byte[] samples)
    {
        int channels = colorType switch { Gray => 1, Rgb => 3, Rgba => 4, _ => throw new ArgumentOutOfRangeException(nameof(colorType)) };
        using var raw = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter: none
            raw.Write(samples, y * width * channels, width * channels);
        }

        return Assemble(width, height, colorType, Deflate(raw.ToArray()));
    }

    /// <summary>A valid header that claims <paramref name="width"/>×<paramref name="height"/> but carries almost no data.</summary>
    public static byte[] HeaderOnly(int width, int height) => Assemble(width, height, Rgb, Deflate([0, 0, 0, 0]));

    private static byte[] Assemble(int width, int height, byte colorType, byte[] idat)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = colorType;
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", idat);
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        byte[] typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        png.Write(typeBytes);
        png.Write(data);
        var crc = new Crc32();
        crc.Append(typeBytes);
        crc.Append(data);
        Span<byte> crcBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crcBytes, crc.GetCurrentHashAsUInt32());
        png.Write(crcBytes);
    }
}
