using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using MailHa.Bot.Cli;

namespace MailHa.Bot.Tests.Manifests;

/// <summary>
/// The filled Teams manifest against the v1.30 app manifest schema
/// (developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json): its required fields, limits and
/// property names, as far as this manifest uses them.
/// </summary>
[Collection(ManifestCliCollection.Name)]
public sealed class TeamsManifestTests
{
    private static readonly Regex Guid = new("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$");
    private static readonly Regex HexColor = new("^#[0-9a-fA-F]{6}$");
    private static readonly Regex SemVer = new("^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$");
    private static readonly Regex HttpUrl = new("^[Hh][Tt][Tt][Pp][Ss]?://");

    // Property names v1.30 defines (additionalProperties is false on each of these objects).
    private static readonly string[] TopLevelProperties =
    [
        "$schema", "manifestVersion", "version", "id", "localizationInfo", "developer", "name", "description", "icons",
        "accentColor", "configurableTabs", "staticTabs", "bots", "connectors", "subscriptionOffer", "composeExtensions",
        "permissions", "devicePermissions", "validDomains", "webApplicationInfo", "graphConnector", "showLoadingIndicator",
        "isFullScreen", "activities", "supportsChannelFeatures", "supportedChannelTypes", "configurableProperties",
        "defaultBlockUntilAdminAction", "publisherDocsUrl", "defaultInstallScope", "defaultGroupCapability",
        "meetingExtensionDefinition", "authorization", "extensions", "dashboardCards", "intuneInfo", "copilotAgents",
        "agenticUserTemplates", "elementRelationshipSet", "backgroundLoadConfiguration", "agentConnectors", "agentSkills",
    ];

    private static readonly string[] DeveloperProperties = ["name", "mpnId", "websiteUrl", "privacyUrl", "termsOfUseUrl"];
    private static readonly string[] NameProperties = ["short", "full"];
    private static readonly string[] DescriptionProperties = ["short", "full", "features"];
    private static readonly string[] IconProperties = ["outline", "color", "color32x32"];

    private static readonly string[] BotProperties =
    [
        "botId", "configuration", "needsChannelSelector", "isNotificationOnly", "supportsFiles", "supportsCalling",
        "supportsVideo", "scopes", "supportsTargetedMessages", "commandLists", "requirementSet", "registrationInfo",
    ];

    private static readonly string[] CommandListProperties = ["triggers", "scopes", "commands"];
    private static readonly string[] CommandProperties = ["title", "description", "type", "prompt"];
    private static readonly string[] BotScopes = ["team", "personal", "groupChat"];

    private static readonly string[] MailCommands =
        ["mail status", "mail failover", "mail switchover", "mail failback", "mail mirror", "mail approvals", "mail help"];

    [Fact]
    public async Task TeamsPackage_HasEveryRequiredField_WhenTemplateFilled()
    {
        using var manifest = await BuildManifestAsync();
        var root = manifest.RootElement;

        foreach (var required in new[] { "manifestVersion", "version", "id", "developer", "name", "description", "icons", "accentColor" })
        {
            Assert.True(root.TryGetProperty(required, out _), $"missing required '{required}'");
        }

        AssertRequired(root.GetProperty("developer"), "name", "websiteUrl", "privacyUrl", "termsOfUseUrl");
        AssertRequired(root.GetProperty("name"), "short");
        AssertRequired(root.GetProperty("description"), "short", "full");
        AssertRequired(root.GetProperty("icons"), "outline", "color");
        foreach (var bot in root.GetProperty("bots").EnumerateArray())
        {
            AssertRequired(bot, "botId", "scopes");
            foreach (var list in bot.GetProperty("commandLists").EnumerateArray())
            {
                AssertRequired(list, "scopes", "commands");
                foreach (var command in list.GetProperty("commands").EnumerateArray())
                {
                    AssertRequired(command, "title");
                }
            }
        }

        Assert.Equal("1.30", root.GetProperty("manifestVersion").GetString());
        Assert.Equal("https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json", root.GetProperty("$schema").GetString());
    }

    [Fact]
    public async Task TeamsPackage_RespectsSchemaLimits_WhenTemplateFilled()
    {
        using var manifest = await BuildManifestAsync();
        var root = manifest.RootElement;

        Assert.Matches(Guid, root.GetProperty("id").GetString());
        Assert.Matches(SemVer, root.GetProperty("version").GetString());
        Assert.Matches(HexColor, root.GetProperty("accentColor").GetString());
        AssertLength(root.GetProperty("developer").GetProperty("name"), 32);
        foreach (var url in new[] { "websiteUrl", "privacyUrl", "termsOfUseUrl" })
        {
            var value = root.GetProperty("developer").GetProperty(url);
            AssertLength(value, 2048);
            Assert.Matches(HttpUrl, value.GetString());
        }

        AssertLength(root.GetProperty("name").GetProperty("short"), 30);
        AssertLength(root.GetProperty("name").GetProperty("full"), 100);
        AssertLength(root.GetProperty("description").GetProperty("short"), 80);
        AssertLength(root.GetProperty("description").GetProperty("full"), 4000);

        var bots = root.GetProperty("bots").EnumerateArray().ToList();
        Assert.InRange(bots.Count, 0, 1);
        foreach (var bot in bots)
        {
            Assert.Matches(Guid, bot.GetProperty("botId").GetString());
            var scopes = Strings(bot.GetProperty("scopes"));
            Assert.Subset(BotScopes.ToHashSet(), scopes.ToHashSet());
            var lists = bot.GetProperty("commandLists").EnumerateArray().ToList();
            Assert.InRange(lists.Count, 1, 3);
            foreach (var list in lists)
            {
                Assert.Subset(scopes.ToHashSet(), Strings(list.GetProperty("scopes")).ToHashSet());
                if (list.TryGetProperty("triggers", out var triggers))
                {
                    Assert.InRange(triggers.GetArrayLength(), 1, 2);
                    Assert.Subset(new HashSet<string> { "mention", "slash" }, Strings(triggers).ToHashSet());
                }

                var commands = list.GetProperty("commands").EnumerateArray().ToList();
                Assert.InRange(commands.Count, 1, 12);
                foreach (var command in commands)
                {
                    AssertLength(command.GetProperty("title"), 128);
                    AssertLength(command.GetProperty("description"), 128);
                }
            }
        }

        Assert.Subset(new HashSet<string> { "identity", "messageTeamMembers" }, Strings(root.GetProperty("permissions")).ToHashSet());
        Assert.InRange(root.GetProperty("validDomains").GetArrayLength(), 1, 100);
    }

    [Fact]
    public async Task TeamsPackage_UsesOnlyPropertiesTheSchemaDefines_WhenTemplateFilled()
    {
        using var manifest = await BuildManifestAsync();
        var root = manifest.RootElement;

        AssertKnown(root, TopLevelProperties);
        AssertKnown(root.GetProperty("developer"), DeveloperProperties);
        AssertKnown(root.GetProperty("name"), NameProperties);
        AssertKnown(root.GetProperty("description"), DescriptionProperties);
        AssertKnown(root.GetProperty("icons"), IconProperties);
        foreach (var bot in root.GetProperty("bots").EnumerateArray())
        {
            AssertKnown(bot, BotProperties);
            foreach (var list in bot.GetProperty("commandLists").EnumerateArray())
            {
                AssertKnown(list, CommandListProperties);
                foreach (var command in list.GetProperty("commands").EnumerateArray())
                {
                    AssertKnown(command, CommandProperties);
                }
            }
        }
    }

    [Fact]
    public async Task TeamsPackage_CarriesGivenIdsDomainAndVersion_WhenTemplateFilled()
    {
        using var manifest = await BuildManifestAsync(version: "2.7.0");
        var root = manifest.RootElement;

        Assert.Equal(ManifestCli.AppId, root.GetProperty("id").GetString());
        Assert.Equal("2.7.0", root.GetProperty("version").GetString());
        var bot = Assert.Single(root.GetProperty("bots").EnumerateArray());
        Assert.Equal(ManifestCli.BotAppId, bot.GetProperty("botId").GetString());
        Assert.Equal([ManifestCli.Domain], Strings(root.GetProperty("validDomains")));
        foreach (var url in root.GetProperty("developer").EnumerateObject().Where(p => p.Name.EndsWith("Url", StringComparison.Ordinal)))
        {
            Assert.Equal(ManifestCli.Domain, new Uri(url.Value.GetString()!).Host);
            Assert.Equal(Uri.UriSchemeHttps, new Uri(url.Value.GetString()!).Scheme);
        }

        Assert.Equal("MailHa", root.GetProperty("developer").GetProperty("name").GetString());
        Assert.Equal("MailHa", root.GetProperty("name").GetProperty("short").GetString());
        Assert.Equal("color.png", root.GetProperty("icons").GetProperty("color").GetString());
        Assert.Equal("outline.png", root.GetProperty("icons").GetProperty("outline").GetString());
    }

    [Fact]
    public async Task TeamsPackage_ListsTheMailCommandsForEachScope_WhenTemplateFilled()
    {
        using var manifest = await BuildManifestAsync();
        var bot = Assert.Single(manifest.RootElement.GetProperty("bots").EnumerateArray());

        Assert.Equal(BotScopes, Strings(bot.GetProperty("scopes")));
        Assert.False(bot.GetProperty("supportsFiles").GetBoolean());
        Assert.False(bot.GetProperty("isNotificationOnly").GetBoolean());
        var lists = bot.GetProperty("commandLists").EnumerateArray().ToList();
        Assert.Equal(BotScopes, lists.SelectMany(l => Strings(l.GetProperty("scopes"))));
        foreach (var list in lists)
        {
            Assert.Equal(MailCommands, list.GetProperty("commands").EnumerateArray().Select(c => c.GetProperty("title").GetString()));
            Assert.Equal(["mention"], Strings(list.GetProperty("triggers")));
        }
    }

    [Fact]
    public void FillTeamsManifest_Throws_WhenTemplateHasUnknownPlaceholder()
    {
        var template = """{ "id": "{{APP_ID}}", "extra": "{{SOMETHING_ELSE}}" }""";

        var error = Assert.Throws<InvalidOperationException>(() =>
            ManifestCommand.FillTeamsManifest(template, System.Guid.NewGuid(), System.Guid.NewGuid(), ManifestCli.Domain, "1.0.0"));

        Assert.Contains("{{SOMETHING_ELSE}}", error.Message, StringComparison.Ordinal);
    }

    private static async Task<JsonDocument> BuildManifestAsync(string version = "1.4.2")
    {
        using var scratch = new ScratchFolder();
        var zip = scratch.File("mailha-teams.zip");
        var run = await ManifestCli.BuildTeamsPackageAsync(zip, version);
        Assert.True(run.ExitCode == 0, run.Error);
        using var archive = ZipFile.OpenRead(zip);
        await using var stream = await archive.GetEntry("manifest.json")!.OpenAsync(TestContext.Current.CancellationToken);
        return await JsonDocument.ParseAsync(stream, cancellationToken: TestContext.Current.CancellationToken);
    }

    private static void AssertRequired(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            Assert.True(element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null, $"missing required '{name}' in {element}");
        }
    }

    private static void AssertKnown(JsonElement element, string[] known)
    {
        var unknown = element.EnumerateObject().Select(p => p.Name).Except(known).ToList();
        Assert.True(unknown.Count == 0, $"properties v1.30 does not define: {string.Join(", ", unknown)}");
    }

    private static void AssertLength(JsonElement value, int max)
    {
        var text = value.GetString();
        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.True(text.Length <= max, $"'{text}' is {text.Length} characters, over {max}");
    }

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();
}
