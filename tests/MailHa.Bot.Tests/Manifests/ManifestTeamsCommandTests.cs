using System.IO.Compression;
using System.Text.Json;

namespace MailHa.Bot.Tests.Manifests;

/// <summary><c>mailha manifest teams</c>: the zip it writes, where the bot id comes from, and how it refuses bad input.</summary>
[Collection(ManifestCliCollection.Name)]
public sealed class ManifestTeamsCommandTests
{
    [Fact]
    public async Task ManifestTeams_WritesZipWithManifestAndIconsAtRoot_WhenInputsValid()
    {
        using var scratch = new ScratchFolder();
        var zip = scratch.File("mailha-teams.zip");

        var run = await ManifestCli.BuildTeamsPackageAsync(zip);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Contains(zip, run.Output, StringComparison.Ordinal);
        using var archive = ZipFile.OpenRead(zip);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        Assert.Equal([zip], scratch.Files());
    }

    [Fact]
    public async Task ManifestTeams_TakesBotAppIdFromConfiguration_WhenOptionOmitted()
    {
        using var scratch = new ScratchFolder();
        var zip = scratch.File("mailha-teams.zip");
        var config = scratch.File("mailha.json");
        const string configured = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
        await File.WriteAllTextAsync(config, $$"""{ "MailHa": { "Teams": { "AppId": "{{configured}}" } } }""", TestContext.Current.CancellationToken);

        var run = await ManifestCli.RunAsync("manifest", "teams", "--config", config, "--app-id", ManifestCli.AppId, "--domain", ManifestCli.Domain, "--out", zip);

        Assert.True(run.ExitCode == 0, run.Error);
        using var archive = ZipFile.OpenRead(zip);
        using var manifest = await JsonDocument.ParseAsync(archive.GetEntry("manifest.json")!.Open(), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(configured, manifest.RootElement.GetProperty("bots")[0].GetProperty("botId").GetString());
    }

    [Theory]
    [InlineData("--app-id", "not-a-guid", "--app-id")]
    [InlineData("--app-id", "00000000-0000-0000-0000-000000000000", "--app-id")]
    [InlineData("--app-id", "", "--app-id")]
    [InlineData("--bot-app-id", "{0b7e5d1c-3a2f-4e6d-8c9b-1a2b3c4d5e6f}", "--bot-app-id")]
    [InlineData("--domain", "https://mailha.example.org", "Leave out the scheme")]
    [InlineData("--domain", "mailha.example.org/api/messages", "Leave out the path")]
    [InlineData("--domain", "mailha.example.org:8443", "Leave out the port")]
    [InlineData("--domain", "198.18.15.10", "--domain")]
    [InlineData("--domain", "mailha", "--domain")]
    [InlineData("--domain", "*.example.org", "--domain")]
    [InlineData("--domain", "", "--domain")]
    [InlineData("--version", "1.0", "--version")]
    [InlineData("--version", "01.0.0", "--version")]
    [InlineData("--version", "1.0.0-beta", "--version")]
    public async Task ManifestTeams_ExitsWithUsageAndWritesNothing_WhenInputBad(string option, string value, string message)
    {
        using var scratch = new ScratchFolder();
        var zip = scratch.File("mailha-teams.zip");
        var args = new Dictionary<string, string>
        {
            ["--app-id"] = ManifestCli.AppId,
            ["--bot-app-id"] = ManifestCli.BotAppId,
            ["--domain"] = ManifestCli.Domain,
            ["--out"] = zip,
            [option] = value,
        };

        var run = await ManifestCli.RunAsync(["manifest", "teams", .. args.SelectMany(a => new[] { a.Key, a.Value })]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
        Assert.Empty(scratch.Files());
    }

    [Fact]
    public async Task ManifestTeams_ExitsWithUsageNamingEveryProblem_WhenRequiredOptionsMissing()
    {
        using var scratch = new ScratchFolder();
        var config = scratch.File("empty.json");
        await File.WriteAllTextAsync(config, "{}", TestContext.Current.CancellationToken);

        var run = await ManifestCli.RunAsync("manifest", "teams", "--config", config, "--out", scratch.File("mailha-teams.zip"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--app-id: required", run.Error, StringComparison.Ordinal);
        Assert.Contains("--domain: required", run.Error, StringComparison.Ordinal);
        Assert.Contains("MailHa:Teams:AppId is not set", run.Error, StringComparison.Ordinal);
        Assert.Equal([config], scratch.Files());
    }

    [Fact]
    public async Task ManifestTeams_ExitsWithUsageNamingKey_WhenConfiguredBotAppIdNotAGuid()
    {
        using var scratch = new ScratchFolder();
        var config = scratch.File("mailha.json");
        await File.WriteAllTextAsync(config, """{ "MailHa": { "Teams": { "AppId": "mailha-bot" } } }""", TestContext.Current.CancellationToken);

        var run = await ManifestCli.RunAsync(
            "manifest", "teams", "--config", config, "--app-id", ManifestCli.AppId, "--domain", ManifestCli.Domain, "--out", scratch.File("x.zip"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("MailHa:Teams:AppId: 'mailha-bot' is not a GUID", run.Error, StringComparison.Ordinal);
        Assert.Equal([config], scratch.Files());
    }

    [Fact]
    public async Task ManifestTeams_ExitsWithUsage_WhenConfigFileMissing()
    {
        using var scratch = new ScratchFolder();

        var run = await ManifestCli.RunAsync(
            "manifest", "teams", "--config", scratch.File("missing.json"), "--app-id", ManifestCli.AppId, "--domain", ManifestCli.Domain, "--out", scratch.File("x.zip"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("missing.json", run.Error, StringComparison.Ordinal);
        Assert.Empty(scratch.Files());
    }

    [Fact]
    public async Task ManifestTeams_ExitsWithUsage_WhenOutIsADirectory()
    {
        using var scratch = new ScratchFolder();

        var run = await ManifestCli.BuildTeamsPackageAsync(scratch.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is a directory", run.Error, StringComparison.Ordinal);
        Assert.Empty(scratch.Files());
    }
}
