using MailHa.Operations.Mirror;

namespace MailHa.Operations.Tests.Mirror;

public class RsyncExitClassifierTests
{
    [Fact]
    public void Classify_Succeeds_WhenExitIsZero()
    {
        Assert.Equal(MirrorOutcome.Succeeded, RsyncExitClassifier.Classify(0, "", null).Outcome);
    }

    [Fact]
    public void Classify_SucceedsWithVanishedCount_WhenExitIs24()
    {
        var stderr = "file has vanished: \"/store/u1/INBOX/1.msg\"\nfile has vanished: \"/store/u2/INBOX/7.msg\"\nrsync warning: some files vanished before they could be transferred (code 24)\n";

        var (outcome, message) = RsyncExitClassifier.Classify(24, stderr, null);

        Assert.Equal(MirrorOutcome.Succeeded, outcome);
        Assert.StartsWith("2 file(s) vanished", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_Warns_WhenExitIs23()
    {
        var stderr = "rsync: [sender] send_files failed to open \"/store/u1/x.msg\": Permission denied (13)\nrsync error: some files/attrs were not transferred (code 23)\n";

        var (outcome, message) = RsyncExitClassifier.Classify(23, stderr, null);

        Assert.Equal(MirrorOutcome.Warning, outcome);
        Assert.Contains("Permission denied", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_Fails_WhenMaxDeleteCeilingIsHit()
    {
        var (outcome, message) = RsyncExitClassifier.Classify(25, "Deletions stopped due to --max-delete limit (3 skipped)\n", new RsyncStats(10, 10, 0, 0, 200, 0, 0, 0));

        Assert.Equal(MirrorOutcome.Failed, outcome);
        Assert.Contains("--max-delete", message, StringComparison.Ordinal);
        Assert.Contains("200", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_FailsWithRsyncsOwnReason_WhenAuthFails()
    {
        var stderr = "@ERROR: auth failed on module msgstore\nrsync error: error starting client-server protocol (code 5) at main.c(1850) [Receiver=3.2.7]\n";

        var (outcome, message) = RsyncExitClassifier.Classify(5, stderr, null);

        Assert.Equal(MirrorOutcome.Failed, outcome);
        Assert.Equal("rsync exit 5: @ERROR: auth failed on module msgstore", message);
    }
}
