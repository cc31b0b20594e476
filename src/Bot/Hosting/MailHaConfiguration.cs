using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace MailHa.Bot.Hosting;

/// <summary>
/// Configuration order: <c>appsettings.json</c> beside the executable, then the file named by
/// <c>--config</c> or <c>MAILHA_CONFIG</c>, then <c>MailHa__...</c> environment variables (which win).
/// </summary>
public static class MailHaConfiguration
{
    public const string ConfigEnvironmentVariable = "MAILHA_CONFIG";

    public static void AddConfigFile(IConfigurationManager configuration, string? configPath)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configPath ??= Environment.GetEnvironmentVariable(ConfigEnvironmentVariable);
        if (string.IsNullOrWhiteSpace(configPath))
        {
            return;
        }

        var fullPath = Path.GetFullPath(configPath);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Configuration file '{fullPath}' (from --config or {ConfigEnvironmentVariable}) does not exist.", fullPath);
        }

        // Insert before the unprefixed environment-variable source so MailHa__... variables still win.
        var sources = configuration.Sources;
        var environment = sources.ToList().FindLastIndex(s => s is EnvironmentVariablesConfigurationSource { Prefix: null or "" });
        var source = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path = fullPath, Optional = false, ReloadOnChange = false };
        source.ResolveFileProvider();
        if (environment < 0)
        {
            sources.Add(source);
        }
        else
        {
            sources.Insert(environment, source);
        }

    }
}
