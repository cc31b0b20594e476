using MailHa.Bot.Channels.Slack;
using MailHa.Bot.Cli;
using MailHa.Bot.Chat;
using MailHa.Bot.Tests.Slack;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using YamlDotNet.Serialization;

namespace MailHa.Bot.Tests.Manifests;

/// <summary>
/// The Slack app manifests (HTTP and Socket Mode), parsed as YAML, against what the bot really serves: the request
/// URLs' paths are the POST routes a bot with Slack enabled maps, read from its endpoint data source.
/// </summary>
[Collection(ManifestCliCollection.Name)]
public sealed class SlackManifestTests
{
    private static readonly string[] BotScopes = ["commands", "chat:write", "chat:write.public"];

    [Fact]
    public async Task HttpManifest_PointsAtExactlyTheEndpointsTheBotServes_WhenHostFilled()
    {
        var run = await ManifestCli.RunAsync("manifest", "slack", "--host", ManifestCli.Domain);
        Assert.True(run.ExitCode == 0, run.Error);
        var manifest = Parse(run.Output);

        var urls = new[]
        {
            new Uri(Scalar(Single(Map(manifest, "features"), "slash_commands"), "url")),
            new Uri(Scalar(Map(Map(manifest, "settings"), "interactivity"), "request_url")),
        };

        Assert.All(urls, url => Assert.Equal((Uri.UriSchemeHttps, ManifestCli.Domain, 443), (url.Scheme, url.Host, url.Port)));
        var served = await SlackPostRoutesAsync(SlackMode.Http);
        Assert.Equal(2, served.Count);
        Assert.Equal(served.Order(StringComparer.Ordinal), urls.Select(u => u.AbsolutePath).Order(StringComparer.Ordinal));
        Assert.Equal("/slack/commands", urls[0].AbsolutePath);
        Assert.Equal("/slack/interactions", urls[1].AbsolutePath);
    }

    [Fact]
    public async Task HttpManifest_HasMailCommandExactScopesAndNoSocketMode_WhenParsed()
    {
        var manifest = Parse(await File.ReadAllTextAsync(Template(ManifestCommand.SlackHttpManifest), TestContext.Current.CancellationToken));

        AssertCommandAndScopes(manifest);
        Assert.Equal("false", Scalar(Map(manifest, "settings"), "socket_mode_enabled"));
        Assert.Equal("true", Scalar(Map(Map(manifest, "settings"), "interactivity"), "is_enabled"));
    }

    [Fact]
    public async Task SocketModeManifest_HasNoUrlsAndSocketModeOn_WhenParsed()
    {
        var run = await ManifestCli.RunAsync("manifest", "slack", "--socket-mode");
        Assert.True(run.ExitCode == 0, run.Error);
        var manifest = Parse(run.Output);

        AssertCommandAndScopes(manifest);
        Assert.Equal("true", Scalar(Map(manifest, "settings"), "socket_mode_enabled"));
        Assert.Equal("true", Scalar(Map(Map(manifest, "settings"), "interactivity"), "is_enabled"));
        Assert.DoesNotContain(Scalars(manifest), s => s.Key.EndsWith("url", StringComparison.Ordinal) || s.Value.Contains("://", StringComparison.Ordinal));
        Assert.Empty(await SlackPostRoutesAsync(SlackMode.SocketMode));
        Assert.Equal(await File.ReadAllTextAsync(Template(ManifestCommand.SlackSocketModeManifest), TestContext.Current.CancellationToken), run.Output);
    }

    [Theory]
    [InlineData("https://mailha.example.org", "Leave out the scheme")]
    [InlineData("mailha.example.org/slack", "Leave out the path")]
    [InlineData("", "--host: required")]
    public async Task ManifestSlack_ExitsWithUsage_WhenHostBad(string host, string message)
    {
        var run = await ManifestCli.RunAsync("manifest", "slack", "--host", host);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task ManifestSlack_ExitsWithUsage_WhenHostMissingInHttpMode()
    {
        var run = await ManifestCli.RunAsync("manifest", "slack");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--host: required", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManifestSlack_ExitsWithUsage_WhenHostGivenWithSocketMode()
    {
        var run = await ManifestCli.RunAsync("manifest", "slack", "--socket-mode", "--host", ManifestCli.Domain);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not used with --socket-mode", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    /// <summary>The POST route patterns of a WebApplication with the Slack channel registered and mapped as the bot does.</summary>
    private static async Task<List<string>> SlackPostRoutesAsync(SlackMode mode)
    {
        using var secrets = new SlackSecretFiles();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MailHa:Slack:Enabled"] = "true",
            ["MailHa:Slack:Mode"] = mode.ToString(),
            ["MailHa:Slack:SigningSecret"] = secrets.SigningSecret,
            ["MailHa:Slack:BotToken"] = secrets.BotToken,
            ["MailHa:Slack:AppToken"] = secrets.AppToken,
        });
        builder.Services.AddSingleton<IChatRouter>(new RecordingChatRouter());
        builder.Services.AddSlack(builder.Configuration);
        await using var app = builder.Build();
        app.MapSlack();

        // The app's own data sources: the global EndpointDataSource only sees them once routing runs at start-up.
        using var endpoints = new CompositeEndpointDataSource(((IEndpointRouteBuilder)app).DataSources);
        return endpoints.Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .Select(e => e.RoutePattern.RawText!)
            .ToList();
    }

    private static void AssertCommandAndScopes(Dictionary<object, object> manifest)
    {
        var command = Single(Map(manifest, "features"), "slash_commands");
        Assert.Equal("/mail", Scalar(command, "command"));
        var scopes = Assert.IsType<List<object>>(Map(Map(manifest, "oauth_config"), "scopes")["bot"]);
        Assert.Equal(BotScopes.Order(StringComparer.Ordinal), scopes.Cast<string>().Order(StringComparer.Ordinal));
        Assert.Equal(BotScopes.Length, scopes.Count);
    }

    private static string Template(string name) => Path.Combine(ManifestCommand.ManifestsDirectory, "slack", name);

    private static Dictionary<object, object> Parse(string yaml) => new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(yaml);

    private static Dictionary<object, object> Map(Dictionary<object, object> node, string key) =>
        Assert.IsType<Dictionary<object, object>>(node[key]);

    private static Dictionary<object, object> Single(Dictionary<object, object> node, string key) =>
        Assert.IsType<Dictionary<object, object>>(Assert.Single(Assert.IsType<List<object>>(node[key])));

    private static string Scalar(Dictionary<object, object> node, string key) => Assert.IsType<string>(node[key]);

    /// <summary>Every scalar in the document with the key it sits under (list items keep their list's key).</summary>
    private static IEnumerable<KeyValuePair<string, string>> Scalars(object node, string key = "") => node switch
    {
        Dictionary<object, object> map => map.SelectMany(e => Scalars(e.Value, (string)e.Key)),
        List<object> list => list.SelectMany(item => Scalars(item, key)),
        string text => [new(key, text)],
        _ => [],
    };
}
