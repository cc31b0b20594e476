using MailHa.Operations.Jobs;
using MailHa.Operations.Tests.Fakes;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Topology;

/// <summary>
/// <c>Mirror:Cron</c> in Hangfire's two syntaxes: whole minutes (five fields, as ever) or seconds first (six fields, runs
/// at least 30 s apart), the interval a scheduled run claims, and how often the scheduler then looks.
/// </summary>
public sealed class MirrorCronTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-26T00:48:40Z", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("*/30 * * * * *", "2026-11-26T00:48:30Z")]
    [InlineData("15 * * * * *", "2026-11-26T00:48:15Z")]
    [InlineData("* * * * *", "2026-11-26T00:48:00Z")]
    public void Slot_IsTheNewestOccurrenceAtOrBeforeNow_WithOrWithoutSeconds(string cron, string slot)
    {
        Assert.Equal(DateTimeOffset.Parse(slot, System.Globalization.CultureInfo.InvariantCulture), MirrorJob.Slot(cron, Now));
    }

    [Theory]
    [InlineData("*/30 * * * * *")]
    [InlineData("0,30 * * * * *")]
    [InlineData("0 */2 * * * *")]
    public void Check_AcceptsACronWithSeconds_WhenItsRunsAreAtLeastThirtySecondsApart(string cron)
    {
        Assert.Empty(MirrorOptionsValidator.Check(new MirrorOptions { Cron = cron }, "MailHa:Mirror"));
    }

    [Theory]
    [InlineData("*/10 * * * * *", "10")]
    [InlineData("0,20 * * * * *", "20")]
    [InlineData("*/45 * * * * *", "15")]
    [InlineData("* * * * * *", "1")]
    public void Check_NamesTheKeyAndTheGap_WhenACronWithSecondsRunsCloserThanThirtySeconds(string cron, string seconds)
    {
        var failure = Assert.Single(MirrorOptionsValidator.Check(new MirrorOptions { Cron = cron }, "MailHa:Services:1:Mirror"));

        Assert.StartsWith($"MailHa:Services:1:Mirror:Cron: '{cron}' runs {seconds} s apart", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NamesTheKey_WhenSixFieldsAreNoCron()
    {
        var failure = Assert.Single(MirrorOptionsValidator.Check(new MirrorOptions { Cron = "every 30 s * * *" }, "MailHa:Mirror"));

        Assert.StartsWith("MailHa:Mirror:Cron: 'every 30 s * * *' is not a cron expression", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void PollInterval_IsHangfiresFifteenSeconds_WhenEveryCronIsOfWholeMinutes()
    {
        using var ops = new OperationsHarness(settings: s => s["MailHa:Mirror:Cron"] = "* * * * *");

        Assert.Equal(TimeSpan.FromSeconds(15), MirrorSchedule.PollInterval(ops.Get<MailTopology>()));
    }

    [Fact]
    public void PollInterval_IsOneSecond_WhenAServicesCronHasSeconds()
    {
        using var ops = new OperationsHarness(topology: LabTopology.Symmetric, settings: s => s["MailHa:Services:1:Mirror:Cron"] = "*/30 * * * * *");

        Assert.Equal(TimeSpan.FromSeconds(1), MirrorSchedule.PollInterval(ops.Get<MailTopology>()));
    }
}
