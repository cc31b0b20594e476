using System.IO.Compression;
using MailHa.Bot.Cli;

namespace MailHa.Bot.Tests.Manifests;

/// <summary>The Teams icons: a 192×192 colour PNG and a 32×32 outline PNG, white on a transparent background.</summary>
[Collection(ManifestCliCollection.Name)]
public sealed class TeamsIconTests
{
    private static string TeamsFolder => Path.Combine(ManifestCommand.ManifestsDirectory, "teams");

    [Fact]
    public void ColorIcon_Is192By192Png_WhenDecoded()
    {
        var icon = PngImage.Decode(File.ReadAllBytes(Path.Combine(TeamsFolder, "color.png")));

        Assert.Equal((192, 192), (icon.Width, icon.Height));
        Assert.Equal(8, icon.BitDepth);
        Assert.Contains(icon.Pixels(), p => p.Color is { A: 255, R: 255, G: 255, B: 255 });
        Assert.Contains(icon.Pixels(), p => p.Color is { A: 255 } && !(p.Color is { R: 255, G: 255, B: 255 }));
    }

    [Fact]
    public void OutlineIcon_Is32By32PngWithAlpha_WhenDecoded()
    {
        var icon = PngImage.Decode(File.ReadAllBytes(Path.Combine(TeamsFolder, "outline.png")));

        Assert.Equal((32, 32), (icon.Width, icon.Height));
        Assert.True(icon.HasAlphaChannel, $"colour type {icon.ColorType} has no alpha channel");
        Assert.Equal(8, icon.BitDepth);
    }

    [Fact]
    public void OutlineIcon_IsWhiteOnTransparent_WhenDecoded()
    {
        var icon = PngImage.Decode(File.ReadAllBytes(Path.Combine(TeamsFolder, "outline.png")));
        var pixels = icon.Pixels().ToList();

        Assert.All(new[] { (0, 0), (31, 0), (0, 31), (31, 31) }, corner => Assert.Equal(0, icon.Pixel(corner.Item1, corner.Item2).A));
        Assert.All(pixels.Where(p => p.Color.A > 0), p => Assert.Equal((255, 255, 255), (p.Color.R, p.Color.G, p.Color.B)));
        Assert.Contains(pixels, p => p.Color.A == 255);
        Assert.True(pixels.Count(p => p.Color.A == 0) > pixels.Count / 2, "the background should be mostly transparent");
    }

    [Fact]
    public async Task TeamsPackage_CarriesTheIconsUnchanged_WhenBuilt()
    {
        using var scratch = new ScratchFolder();
        var zip = scratch.File("mailha-teams.zip");

        var run = await ManifestCli.BuildTeamsPackageAsync(zip);

        Assert.Equal(0, run.ExitCode);
        using var archive = ZipFile.OpenRead(zip);
        foreach (var name in new[] { "color.png", "outline.png" })
        {
            using var entry = archive.GetEntry(name)!.Open();
            using var copy = new MemoryStream();
            await entry.CopyToAsync(copy, TestContext.Current.CancellationToken);
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(TeamsFolder, name), TestContext.Current.CancellationToken), copy.ToArray());
        }
    }
}
