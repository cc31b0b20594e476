using System.CommandLine;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MailHa.Bot.Hosting;

namespace MailHa.Bot.Cli;

/// <summary>
/// <c>mailha manifest teams</c> (the Teams app package: manifest.json + two icons in a zip) and
/// <c>mailha manifest slack</c> (the Slack app manifest YAML), filled from the templates in
/// <c>manifests/</c> beside the executable. Bad input: a message on stderr, exit 2, nothing written.
/// </summary>
public static partial class ManifestCommand
{
    /// <summary>Where the bot's Microsoft App ID is configured; the default of <c>--bot-app-id</c>.</summary>
    public const string BotAppIdKey = "MailHa:Teams:AppId";

    public const string DefaultTeamsPackage = "mailha-teams.zip";

    internal const string TeamsManifestTemplate = "manifest.template.json";
    internal const string ColorIcon = "color.png";
    internal const string OutlineIcon = "outline.png";
    internal const string SlackHttpManifest = "manifest.yaml";
    internal const string SlackSocketModeManifest = "manifest.socket-mode.yaml";

    /// <summary>The templates copied beside the executable (see the Content items in MailHa.Bot.csproj).</summary>
    internal static string ManifestsDirectory => Path.Combine(AppContext.BaseDirectory, "manifests");

    public static Command Create()
    {
        var manifest = new Command("manifest", "Print or build the chat platforms' app manifests (Teams app package, Slack app manifest).");
        manifest.Subcommands.Add(CreateTeams());
        manifest.Subcommands.Add(CreateSlack());
        return manifest;
    }

    private static Command CreateTeams()
    {
        var appId = new Option<string?>("--app-id") { Description = "Required. The Teams app's own id: a new GUID (e.g. from uuidgen), kept for every later version." };
        var botAppId = new Option<string?>("--bot-app-id") { Description = $"The bot's Microsoft App ID (GUID) from the Azure Bot resource. Default: {BotAppIdKey} from configuration." };
        var domain = new Option<string?>("--domain") { Description = "Required. Host name the bot is reached at, without scheme or path (mailha.example.org)." };
        var version = new Option<string>("--version") { Description = "App package version MAJOR.MINOR.PATCH; raise it for every upload.", DefaultValueFactory = _ => "1.0.0" };
        var output = new Option<string>("--out") { Description = "The zip to write.", DefaultValueFactory = _ => DefaultTeamsPackage };
        var teams = new Command("teams", "Build the Teams app package (manifest.json, color.png, outline.png) to upload in Teams.")
        {
            appId, botAppId, domain, version, output,
        };
        teams.SetAction((parse, ct) => WriteTeamsPackageAsync(
            parse, parse.GetValue(appId), parse.GetValue(botAppId), parse.GetValue(domain), parse.GetValue(version), parse.GetValue(output), ct));
        return teams;
    }

    private static Command CreateSlack()
    {
        var host = new Option<string?>("--host") { Description = "Host name the bot is reached at (HTTP mode), without scheme or path (mailha.example.org)." };
        var socketMode = new Option<bool>("--socket-mode") { Description = "The Socket Mode variant: the bot dials out to Slack, no URLs, no --host." };
        var slack = new Command("slack", "Print the Slack app manifest (YAML) to paste into \"Create New App > From a manifest\".") { host, socketMode };
        slack.SetAction((parse, ct) => PrintSlackManifestAsync(parse, parse.GetValue(host), parse.GetValue(socketMode), ct));
        return slack;
    }

    private static async Task<int> WriteTeamsPackageAsync(
        ParseResult parse, string? appIdText, string? botAppIdText, string? domainText, string? version, string? output, CancellationToken cancellationToken)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        var errors = new List<string>();

        var appId = RequireGuid(errors, "--app-id", appIdText);
        var domain = RequireHost(errors, "--domain", domainText);
        if (version is null || !SemanticVersion().IsMatch(version))
        {
            errors.Add($"--version: '{version}' is not a version MAJOR.MINOR.PATCH such as 1.0.0.");
        }

        var outPath = CheckOutputPath(errors, output);
        Guid? botAppId;
        if (botAppIdText is not null)
        {
            botAppId = RequireGuid(errors, "--bot-app-id", botAppIdText);
        }
        else
        {
            string? configured;
            try
            {
                configured = ReadConfiguredValue(parse, BotAppIdKey);
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException or FormatException)
            {
                await stderr.WriteLineAsync(MailHaCommandLine.DescribeConfigurationError(e));
                return CliExit.Usage;
            }

            botAppId = string.IsNullOrWhiteSpace(configured)
                ? Fail(errors, $"--bot-app-id: not given, and {BotAppIdKey} is not set in the configuration.")
                : RequireGuid(errors, BotAppIdKey, configured);
        }

        if (errors.Count > 0)
        {
            await stderr.WriteLineAsync(string.Join(Environment.NewLine, errors));
            return CliExit.Usage;
        }

        var folder = Path.Combine(ManifestsDirectory, "teams");
        string template;
        byte[] color, outline;
        try
        {
            template = await File.ReadAllTextAsync(Path.Combine(folder, TeamsManifestTemplate), cancellationToken);
            color = await File.ReadAllBytesAsync(Path.Combine(folder, ColorIcon), cancellationToken);
            outline = await File.ReadAllBytesAsync(Path.Combine(folder, OutlineIcon), cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            await stderr.WriteLineAsync($"The Teams manifest template or icons are missing beside the executable ({folder}): {e.Message}");
            return CliExit.Failed;
        }

        var (app, bot) = (appId!.Value, botAppId!.Value);
        var manifest = FillTeamsManifest(template, app, bot, domain!, version!);
        var package = BuildTeamsPackage(manifest, color, outline);

        // Write beside the target and move into place, so a failed write never leaves a partial package.
        var temporary = outPath + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            await File.WriteAllBytesAsync(temporary, package, cancellationToken);
            File.Move(temporary, outPath!, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"--out: cannot write '{outPath}': {e.Message}");
            return CliExit.Failed;
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }

        await stdout.WriteLineAsync(
            $"Wrote {outPath} (manifest.json, {ColorIcon}, {OutlineIcon}): app {app:D}, bot {bot:D}, domain {domain}, version {version}.");
        return CliExit.Ok;
    }

    private static async Task<int> PrintSlackManifestAsync(ParseResult parse, string? hostText, bool socketMode, CancellationToken cancellationToken)
    {
        var stderr = parse.InvocationConfiguration.Error;
        var errors = new List<string>();
        string? host = null;
        if (socketMode)
        {
            if (hostText is not null)
            {
                errors.Add("--host: not used with --socket-mode (a Socket Mode app has no request URLs).");
            }
        }
        else
        {
            host = RequireHost(errors, "--host", hostText);
        }

        if (errors.Count > 0)
        {
            await stderr.WriteLineAsync(string.Join(Environment.NewLine, errors));
            return CliExit.Usage;
        }

        var path = Path.Combine(ManifestsDirectory, "slack", socketMode ? SlackSocketModeManifest : SlackHttpManifest);
        string template;
        try
        {
            template = await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            await stderr.WriteLineAsync($"The Slack manifest template is missing beside the executable ({path}).");
            return CliExit.Failed;
        }

        await parse.InvocationConfiguration.Output.WriteAsync(FillSlackManifest(template, host));
        return CliExit.Ok;
    }

    /// <summary>Fills the Teams template. Every value is validated first, so none can break the JSON.</summary>
    internal static string FillTeamsManifest(string template, Guid appId, Guid botAppId, string domain, string version)
    {
        ArgumentNullException.ThrowIfNull(template);
        var manifest = template
            .Replace("{{APP_ID}}", appId.ToString("D"), StringComparison.Ordinal)
            .Replace("{{BOT_APP_ID}}", botAppId.ToString("D"), StringComparison.Ordinal)
            .Replace("{{DOMAIN}}", domain, StringComparison.Ordinal)
            .Replace("{{VERSION}}", version, StringComparison.Ordinal);
        CheckFilled(manifest, TeamsManifestTemplate);
        using var parsed = JsonDocument.Parse(manifest);
        return manifest;
    }

    /// <summary>Fills the Slack template; <paramref name="host"/> is null for the Socket Mode variant, which has no URLs.</summary>
    internal static string FillSlackManifest(string template, string? host)
    {
        ArgumentNullException.ThrowIfNull(template);
        var manifest = host is null ? template : template.Replace("{{HOST}}", host, StringComparison.Ordinal);
        CheckFilled(manifest, "Slack manifest");
        return manifest;
    }

    /// <summary>The Teams app package: manifest.json and the two icons, all at the zip's root.</summary>
    internal static byte[] BuildTeamsPackage(string manifest, byte[] color, byte[] outline)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "manifest.json", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(manifest));
            Add(zip, ColorIcon, color);
            Add(zip, OutlineIcon, outline);
        }

        return buffer.ToArray();
    }

    /// <summary>A DNS host name with at least two labels: no scheme, port, path, wildcard or IP address.</summary>
    internal static bool IsHostName(string value) =>
        value.Length is > 0 and <= 253
        && Uri.CheckHostName(value) == UriHostNameType.Dns
        && value.Split('.') is { Length: >= 2 } labels
        && labels.All(l => l.Length is > 0 and <= 63 && l[0] != '-' && l[^1] != '-' && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        && !labels[^1].All(char.IsAsciiDigit);

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        using var stream = entry.Open();
        stream.Write(content);
    }

    private static void CheckFilled(string manifest, string what)
    {
        var left = manifest.IndexOf("{{", StringComparison.Ordinal);
        if (left >= 0)
        {
            var end = manifest.IndexOf("}}", left, StringComparison.Ordinal);
            throw new InvalidOperationException($"{what} has a placeholder nothing fills: {manifest[left..(end < 0 ? manifest.Length : end + 2)]}");
        }
    }

    private static Guid? RequireGuid(List<string> errors, string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Fail(errors, $"{name}: required (a GUID such as 6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f).");
        }

        if (!Guid.TryParseExact(value.Trim(), "D", out var id) || id == Guid.Empty)
        {
            return Fail(errors, $"{name}: '{value}' is not a GUID such as 6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f.");
        }

        return id;
    }

    private static string? RequireHost(List<string> errors, string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{name}: required (the bot's host name, e.g. mailha.example.org).");
            return null;
        }

        var host = value.Trim().ToLowerInvariant();
        if (!IsHostName(host))
        {
            var hint = host.Contains("://", StringComparison.Ordinal) ? " Leave out the scheme (https://)."
                : host.Contains('/', StringComparison.Ordinal) ? " Leave out the path."
                : host.Contains(':', StringComparison.Ordinal) ? " Leave out the port: Teams and Slack call https on 443."
                : "";
            errors.Add($"{name}: '{value}' is not a host name such as mailha.example.org.{hint}");
            return null;
        }

        return host;
    }

    private static string? CheckOutputPath(List<string> errors, string? output)
    {
        if (string.IsNullOrWhiteSpace(output))
        {
            errors.Add("--out: required (the zip to write).");
            return null;
        }

        var path = Path.GetFullPath(output);
        if (Directory.Exists(path))
        {
            errors.Add($"--out: '{output}' is a directory; name the zip file to write.");
            return null;
        }

        if (Path.GetDirectoryName(path) is { } folder && !Directory.Exists(folder))
        {
            errors.Add($"--out: the folder '{folder}' does not exist.");
            return null;
        }

        return path;
    }

    private static Guid? Fail(List<string> errors, string message)
    {
        errors.Add(message);
        return null;
    }

    /// <summary>The configuration the bot would read (appsettings.json, --config or MAILHA_CONFIG, MailHa__ variables), without its validation.</summary>
    private static string? ReadConfiguredValue(ParseResult parse, string key)
    {
        using var configuration = new ConfigurationManager();
        configuration.SetBasePath(AppContext.BaseDirectory);
        configuration.AddJsonFile("appsettings.json", optional: true, reloadOnChange: false);
        configuration.AddEnvironmentVariables();
        MailHaConfiguration.AddConfigFile(configuration, parse.GetValue(MailHaCommandLine.Config));
        return configuration[key];
    }

    /// <summary>The manifest schema's version pattern: three dot-separated numbers without leading zeros.</summary>
    [GeneratedRegex("^(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})$", RegexOptions.CultureInvariant)]
    private static partial Regex SemanticVersion();
}
