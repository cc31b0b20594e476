using System.Text.Json;
using MailHa.Bot.Cli;
using MailHa.Bot.Tests.Approvals;
using MailHa.Bot.Tests.Manifests;
using MailHa.Operations.Audit;
using MailHa.Operations.Journal;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Tests.Hosting;

public sealed class AuditVerifyCommandTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("12")]
    [InlineData("twelve:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    [InlineData("12:9f86d081")]
    public async Task Verify_ExitsWithUsageAndOpensNothing_WhenTheHeadIsNotSeqColonHash(string head)
    {
        var run = await ManifestCli.RunAsync("audit", "verify", "--config", "/nonexistent/mailha.json", "--head", head);

        Assert.Equal(CliExit.Usage, run.ExitCode);
    }

    [Fact]
    public async Task Verify_ExitsOk_OnlyWhileTheChainExtendsTheKeptHead()
    {
        using var scratch = new ScratchFolder();
        var settings = BotHarness.Settings(scratch.Path);
        var config = scratch.File("mailha.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(settings), Token);
        var log = new AuditLog(new JournalDatabase(Options.Create(new JournalOptions { DatabasePath = settings["MailHa:Storage:DatabasePath"]! }), TempJournal.OperationsSchemas), TimeProvider.System);
        var kept = (await log.AppendAsync(new ApprovalExpired("r-1a2b3c", "Switchover"), Token)).Head;
        await log.AppendAsync(new ApprovalExpired("r-4d5e6f", "Failback"), Token);

        var extends = await ManifestCli.RunAsync("audit", "verify", "--config", config, "--head", kept.ToString());
        var otherHash = await ManifestCli.RunAsync("audit", "verify", "--config", config, "--head", $"{kept.Seq}:{new string('0', 64)}");
        var beyond = await ManifestCli.RunAsync("audit", "verify", "--config", config, "--head", $"{kept.Seq + 5}:{kept.Hash}");

        Assert.Equal((CliExit.Ok, CliExit.Failed, CliExit.Failed), (extends.ExitCode, otherHash.ExitCode, beyond.ExitCode));
    }
}
