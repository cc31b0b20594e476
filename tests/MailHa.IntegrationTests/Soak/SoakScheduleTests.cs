using MailHa.Bench.Soak;

namespace MailHa.IntegrationTests.Soak;

/// <summary>The soak's schedule is a function of its seed, and even a short soak meets every kind of episode first.</summary>
public sealed class SoakScheduleTests
{
    [Fact]
    public void Generate_GivesTheSameSchedule_ForTheSameSeed()
    {
        Assert.Equal(SoakSchedule.Generate(7).Take(40), SoakSchedule.Generate(7).Take(40));
        Assert.NotEqual(SoakSchedule.Generate(7).Take(40), SoakSchedule.Generate(8).Take(40));
    }

    [Fact]
    public void Generate_CoversEveryKindOnce_BeforeDrawingAtRandom()
    {
        var kinds = Enum.GetValues<EpisodeKind>();
        Assert.Equal(kinds.Order(), SoakSchedule.Generate(23).Take(kinds.Length).Select(e => e.Kind).Order());
    }

    [Fact]
    public void SoakLogs_ReadAlertsAndFailures_FromTheSingleLineFormatTheSoakSets()
    {
        var log = Path.Combine(Path.GetTempPath(), $"soak-log-{Guid.NewGuid():N}.log");
        File.WriteAllLines(log,
        [
            "2026-12-05T01:00:00.125Z warn: MailHa.Bot.Alerts.HealthWatch[5201] Alert for split-brain: 🚨 SPLIT BRAIN",
            "2026-12-05T01:00:01.000Z info: MailHa.Bot.Hosting.Startup[1] started",
            "2026-12-05T01:00:02.500Z warn: MailHa.Bot.Alerts.HealthWatch[5201] Recovery for split-brain: ✅ one holder again",
            "2026-12-05T01:00:03.000Z fail: MailHa.Bot.Alerts.HealthWatch[5202] The split-brain watch failed; it looks again at its next time",
        ]);
        try
        {
            var alerts = SoakLogs.Alerts([log]);
            Assert.Equal(["Alert", "Recovery"], alerts.Select(a => a.Kind));
            Assert.All(alerts, a => Assert.Equal("split-brain", a.Problem));
            Assert.Equal(new DateTimeOffset(2026, 12, 5, 1, 0, 0, 125, TimeSpan.Zero), alerts[0].At);
            Assert.Single(SoakLogs.Failures([log]));
        }
        finally
        {
            File.Delete(log);
        }
    }

    [Fact]
    public void SoakLogs_DoNotCountARefusedHostKey_AsAFailure()
    {
        var log = Path.Combine(Path.GetTempPath(), $"soak-log-{Guid.NewGuid():N}.log");
        File.WriteAllLines(log,
        [
            "2026-12-05T01:00:00.125Z fail: MailHa.Operations.Ssh.SshRemoteShell[1102] mail1 presented host key SHA256:new, pinned is SHA256:old: refused",
            "2026-12-05T01:00:01.000Z fail: MailHa.Operations.Ssh.SshRemoteShell[1101] something else went wrong",
        ]);
        try
        {
            Assert.Contains("[1101]", Assert.Single(SoakLogs.Failures([log])), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(log);
        }
    }
}
