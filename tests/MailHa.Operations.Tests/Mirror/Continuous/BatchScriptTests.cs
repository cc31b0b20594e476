using System.Diagnostics;
using System.Text;
using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Mirror.Continuous;

public class BatchScriptTests
{
    private static readonly NodeOptions Source = new() { Name = "mail1", MirrorAddress = "198.18.16.1" };
    private static readonly NodeOptions Target = new() { Name = "mail2", MirrorAddress = "198.18.16.2" };
    private static readonly VipOptions Vip = new() { Address = "198.18.15.10", Interface = "eth0", Label = "eth0:mail" };

    [Fact]
    public void BuildBatch_KeepsEveryGuardOfTheFullRun_AndPullsOnlyTheListedPaths()
    {
        var full = MirrorScript.Build(new MirrorOptions(), Source, Target, Vip, 3, TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(5)).Text.Split('\n');
        var batch = MirrorScript.BuildBatch(new MirrorOptions(), Source, Target, Vip, 3, ["alice/new/1"], TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(5)).Text;

        foreach (var guard in full.Where(l => l.Contains("guard ", StringComparison.Ordinal) || l.Contains("--list-only", StringComparison.Ordinal)))
        {
            Assert.Contains(guard, batch, StringComparison.Ordinal);
        }

        var pull = batch.Split('\n').Single(l => l.StartsWith("rsync -rtopg --delete-after ", StringComparison.Ordinal));
        Assert.Contains("--from0 --files-from=\"$L\" --delete-missing-args", pull, StringComparison.Ordinal);
        Assert.Contains("--max-delete=5000", pull, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildBatch_GivesUpOnASilentSourceWithin30Seconds_WhileAFullRunWaitsAsLongAsItMayRun()
    {
        var full = MirrorScript.Build(new MirrorOptions(), Source, Target, Vip, 3, TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(5)).Text;
        var batch = MirrorScript.BuildBatch(new MirrorOptions(), Source, Target, Vip, 3, ["alice/new/1"], TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(5));

        // A batch stuck on a source that died mid-pull must not hold the mirror's lease (and an unplanned failover) for 30 minutes.
        Assert.Equal(TimeSpan.FromSeconds(30), MirrorScript.BatchIoTimeout);
        var pull = batch.Text.Split('\n').Single(l => l.StartsWith("rsync -rtopg --delete-after ", StringComparison.Ordinal));
        Assert.Contains(" --timeout=30 ", pull, StringComparison.Ordinal);
        Assert.DoesNotContain("--timeout=1800", batch.Text, StringComparison.Ordinal);
        Assert.Contains(" --timeout=1800 ", full.Split('\n').Single(l => l.Trim().StartsWith("exec rsync ", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void PrintfList_WritesEveryNameByteForByte_WhenTheShellPrintsIt()
    {
        string[] paths = ["alice/cur/1700000000.M1P2.mail1:2,S", "-leading dash", "quote ' and \" and $HOME", "percent %s and \\ back", "new\nline", "é"];
        var expected = Encoding.UTF8.GetBytes(string.Concat(paths.Select(p => p + "\0")));

        using var sh = Process.Start(new ProcessStartInfo("sh", ["-c", $"printf '{MirrorScript.PrintfList(paths)}'"]) { RedirectStandardOutput = true })!;
        using var output = new MemoryStream();
        sh.StandardOutput.BaseStream.CopyTo(output);
        sh.WaitForExit();

        Assert.Equal(expected, output.ToArray());
    }
}
