// Draws the Teams app icons: manifests/teams/color.png (192x192) and outline.png (32x32, white on transparent).
// A .NET 10 file-based app, not part of MailHa.sln:  dotnet run manifests/tools/draw-icons.cs
// The glyph is a mail envelope above two linked nodes (the two-node mail system). Shapes are sampled 4x4 per
// pixel for smooth edges; the PNG writer is minimal (RGBA, 8 bits, filter 0) with an inline CRC-32.
using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;

var teams = Path.GetFullPath(Path.Combine(AppContext.GetData("EntryPointFileDirectoryPath") as string ?? ".", "..", "teams"));
Directory.CreateDirectory(teams);

// Colour icon: white glyph on a rounded square in the accent colour (#1F5FA8, the manifest's accentColor).
var color = Icon.Draw(192, (x, y) => Icon.Union(
    Icon.RoundedSquare(x, y, 192, radius: 36) ? Icon.Accent : null,
    Icon.Glyph(x, y, scale: 192f / 32f, stroke: 1.6f) ? Icon.White : null));
File.WriteAllBytes(Path.Combine(teams, "color.png"), Png.Encode(192, 192, color));

// Outline icon: the same glyph in white, everything else fully transparent.
var outline = Icon.Draw(32, (x, y) => Icon.Glyph(x, y, scale: 1f, stroke: 2f) ? Icon.White : null);
File.WriteAllBytes(Path.Combine(teams, "outline.png"), Png.Encode(32, 32, outline));
Console.WriteLine($"wrote {teams}/color.png and {teams}/outline.png");

internal static class Icon
{
    public static readonly Vector3 Accent = new(0x1F, 0x5F, 0xA8);
    public static readonly Vector3 White = new(255, 255, 255);

    /// <summary>Rasterises a shape function (colour at a pixel-space point, or null) with 4x4 supersampling.</summary>
    public static byte[] Draw(int size, Func<float, float, Vector3?> shape)
    {
        const int samples = 4;
        var rgba = new byte[size * size * 4];
        for (var py = 0; py < size; py++)
        {
            for (var px = 0; px < size; px++)
            {
                var sum = Vector3.Zero;
                var covered = 0;
                for (var sy = 0; sy < samples; sy++)
                {
                    for (var sx = 0; sx < samples; sx++)
                    {
                        if (shape(px + (sx + 0.5f) / samples, py + (sy + 0.5f) / samples) is { } c)
                        {
                            sum += c;
                            covered++;
                        }
                    }
                }

                var i = (py * size + px) * 4;
                if (covered == 0)
                {
                    continue; // fully transparent (0,0,0,0)
                }

                var average = sum / covered;
                rgba[i] = (byte)MathF.Round(average.X);
                rgba[i + 1] = (byte)MathF.Round(average.Y);
                rgba[i + 2] = (byte)MathF.Round(average.Z);
                rgba[i + 3] = (byte)MathF.Round(255f * covered / (samples * samples));
            }
        }

        return rgba;
    }

    /// <summary>The topmost colour: later layers paint over earlier ones.</summary>
    public static Vector3? Union(params Vector3?[] layers) => layers.LastOrDefault(l => l is not null);

    public static bool RoundedSquare(float x, float y, float size, float radius)
    {
        var dx = MathF.Max(MathF.Max(radius - x, x - (size - radius)), 0);
        var dy = MathF.Max(MathF.Max(radius - y, y - (size - radius)), 0);
        return dx * dx + dy * dy <= radius * radius;
    }

    /// <summary>Envelope (outline + flap) over two node dots joined by a bar, designed on a 32x32 grid.</summary>
    public static bool Glyph(float x, float y, float scale, float stroke)
    {
        var (u, v) = (x / scale, y / scale);
        var half = stroke / 2;
        bool Segment(float ax, float ay, float bx, float by) => Distance(u, v, ax, ay, bx, by) <= half;

        var envelope =
            Segment(5, 4, 27, 4) || Segment(27, 4, 27, 19) || Segment(27, 19, 5, 19) || Segment(5, 19, 5, 4)
            || Segment(5, 4, 16, 12.5f) || Segment(27, 4, 16, 12.5f);
        var nodes = Circle(u, v, 9.5f, 26, 3f) || Circle(u, v, 22.5f, 26, 3f) || Segment(9.5f, 26, 22.5f, 26);
        return envelope || nodes;
    }

    private static bool Circle(float x, float y, float cx, float cy, float r) => (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;

    private static float Distance(float x, float y, float ax, float ay, float bx, float by)
    {
        var (abx, aby) = (bx - ax, by - ay);
        var t = Math.Clamp(((x - ax) * abx + (y - ay) * aby) / (abx * abx + aby * aby), 0, 1);
        var (dx, dy) = (x - (ax + t * abx), y - (ay + t * aby));
        return MathF.Sqrt(dx * dx + dy * dy);
    }
}

internal static class Png
{
    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }

        return c;
    }).ToArray();

    public static byte[] Encode(int width, int height, byte[] rgba)
    {
        var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 6; // colour type: truecolour with alpha
        Chunk(png, "IHDR", header);

        var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter: none
            raw.Write(rgba, y * width * 4, width * 4);
        }

        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            raw.Position = 0;
            raw.CopyTo(zlib);
        }

        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        var typeAndData = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typeAndData));
        png.Write(word);
    }

    private static uint Crc32(byte[] bytes)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return c ^ 0xFFFFFFFFu;
    }
}
