using System.CommandLine;
using MailHa.Bot.Cli;

namespace MailHa.Bot.Tests.Manifests;

/// <summary>Runs the real <c>mailha</c> command line in-process, capturing stdout and stderr.</summary>
public static class ManifestCli
{
    public const string AppId = "6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f";
    public const string BotAppId = "0b7e5d1c-3a2f-4e6d-8c9b-1a2b3c4d5e6f";
    public const string Domain = "mailha.example.org";

    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await MailHaCommandLine.Create().Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return new CliRun(exit, output.ToString(), error.ToString());
    }

    /// <summary><c>mailha manifest teams</c> with valid inputs, writing the package to <paramref name="zip"/>.</summary>
    public static Task<CliRun> BuildTeamsPackageAsync(string zip, string version = "1.4.2") =>
        RunAsync("manifest", "teams", "--app-id", AppId, "--bot-app-id", BotAppId, "--domain", Domain, "--version", version, "--out", zip);
}
