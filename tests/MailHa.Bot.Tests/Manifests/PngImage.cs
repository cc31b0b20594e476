using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace MailHa.Bot.Tests.Manifests;

/// <summary>
/// A strict little PNG reader for the icon tests: signature, chunk CRCs, IHDR first and IEND last, and (for 8-bit
/// non-interlaced images) the pixels, undoing all five scanline filters.
/// </summary>
public sealed class PngImage
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();
    private readonly byte[] pixels;

    private PngImage(int width, int height, int bitDepth, int colorType, byte[] pixels)
    {
        Width = width;
        Height = height;
        BitDepth = bitDepth;
        ColorType = colorType;
        this.pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public int BitDepth { get; }

    /// <summary>0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGB + alpha.</summary>
    public int ColorType { get; }

    public bool HasAlphaChannel => ColorType is 4 or 6;

    private int Channels => ChannelsOf(ColorType);

    public static PngImage Decode(byte[] png)
    {
        ArgumentNullException.ThrowIfNull(png);
        if (png.Length < Signature.Length || !png.AsSpan(0, Signature.Length).SequenceEqual(Signature))
        {
            throw new InvalidDataException("not a PNG: bad signature");
        }

        var offset = Signature.Length;
        var chunks = new List<(string Type, byte[] Data)>();
        while (offset < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var typeAndData = png.AsSpan(offset + 4, 4 + length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            if (Crc32(typeAndData) != crc)
            {
                throw new InvalidDataException($"bad CRC in chunk at {offset}");
            }

            chunks.Add((Encoding.ASCII.GetString(typeAndData[..4]), typeAndData[4..].ToArray()));
            offset += 12 + length;
        }

        if (chunks is not [("IHDR", { Length: 13 } header), .., ("IEND", [])])
        {
            throw new InvalidDataException("IHDR must come first and IEND last");
        }

        var width = BinaryPrimitives.ReadInt32BigEndian(header);
        var height = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        var (bitDepth, colorType, interlace) = (header[8], header[9], header[12]);
        if (bitDepth != 8 || interlace != 0)
        {
            return new PngImage(width, height, bitDepth, colorType, []);
        }

        using var compressed = new MemoryStream(chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray());
        using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        return new PngImage(width, height, bitDepth, colorType, Unfilter(raw.ToArray(), width, height, ChannelsOf(colorType)));
    }

    /// <summary>The pixel as RGBA (grey is spread over R, G and B; no alpha channel means opaque).</summary>
    public (byte R, byte G, byte B, byte A) Pixel(int x, int y)
    {
        if (pixels.Length == 0 || ColorType == 3)
        {
            throw new NotSupportedException("pixels are read for 8-bit, non-interlaced, non-palette images only");
        }

        var i = (y * Width + x) * Channels;
        return ColorType switch
        {
            0 => (pixels[i], pixels[i], pixels[i], 255),
            2 => (pixels[i], pixels[i + 1], pixels[i + 2], 255),
            4 => (pixels[i], pixels[i], pixels[i], pixels[i + 1]),
            _ => (pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]),
        };
    }

    public IEnumerable<(int X, int Y, (byte R, byte G, byte B, byte A) Color)> Pixels()
    {
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                yield return (x, y, Pixel(x, y));
            }
        }
    }

    private static int ChannelsOf(int colorType) =>
        colorType switch { 0 or 3 => 1, 2 => 3, 4 => 2, 6 => 4, _ => throw new InvalidDataException($"colour type {colorType}") };

    private static byte[] Unfilter(byte[] raw, int width, int height, int bytesPerPixel)
    {
        var stride = width * bytesPerPixel;
        if (raw.Length != height * (stride + 1))
        {
            throw new InvalidDataException($"image data is {raw.Length} bytes, expected {height * (stride + 1)}");
        }

        var result = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            for (var x = 0; x < stride; x++)
            {
                var value = raw[y * (stride + 1) + 1 + x];
                int a = x >= bytesPerPixel ? result[y * stride + x - bytesPerPixel] : 0;
                int b = y > 0 ? result[(y - 1) * stride + x] : 0;
                int c = x >= bytesPerPixel && y > 0 ? result[(y - 1) * stride + x - bytesPerPixel] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"unknown filter {filter} on row {y}"),
                };
                result[y * stride + x] = (byte)(value + predictor);
            }
        }

        return result;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var (pa, pb, pc) = (Math.Abs(p - a), Math.Abs(p - b), Math.Abs(p - c));
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
