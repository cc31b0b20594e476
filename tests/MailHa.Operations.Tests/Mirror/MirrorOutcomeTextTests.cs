using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Mirror;

/// <summary>
/// The one line an operator reads for each mirror outcome. The words live here; tests of behaviour assert the typed
/// outcome (<see cref="RsyncExitClassifierTests"/>).
/// </summary>
public class MirrorOutcomeTextTests
{
    private static readonly NodeName Mail1 = new("mail1");
    private static readonly NodeName Mail2 = new("mail2");

    [Fact]
    public void Describe_ReadsOneLinePerOutcome()
    {
        var since = new DateTimeOffset(2026, 11, 26, 0, 48, 0, TimeSpan.Zero);
        (MirrorOutcome Outcome, string Text)[] cases =
        [
            (new Transferred(0), ""),
            (new Transferred(2), "2 file(s) vanished during the transfer (routine: mail moved or expunged)"),
            (new PartlyTransferred(1, "Permission denied (13)"), "partial transfer: 1 file(s) not transferred; first error: Permission denied (13)"),
            (new MaxDeleteReached(200), "stopped at the --max-delete ceiling: the source would delete more than allowed (200 deleted before stopping). Check the primary's store before the next run."),
            (new MaxDeleteReached(null), "stopped at the --max-delete ceiling: the source would delete more than allowed (many deleted before stopping). Check the primary's store before the next run."),
            (new RsyncAuthFailed(5, "@ERROR: auth failed on module msgstore"), "rsync exit 5: @ERROR: auth failed on module msgstore"),
            (new StoreFull(Mail2, 11, "No space left on device (28)"), "mail2's store file system is full (rsync exit 11: No space left on device (28))"),
            (new RsyncFailed(10, "Connection refused (111)"), "rsync exit 10: Connection refused (111)"),
            (new SourceNotCounted(Mail1, "find exited 1"), "cannot count the source store on mail1: find exited 1"),
            (new MirrorPaused(since, "after failover", Mail2, Mail1), "the mirror is paused since 2026-11-26 00:48Z (after failover); an operator must set the new direction (mail2 → mail1) with 'mirror resume'"),
            (new SentinelMissing(Mail1, ".mailha-sentinel", null), "the source store on mail1 has no .mailha-sentinel: unmounted or emptied? refusing to pull"),
            (new SentinelMissing(Mail1, ".mailha-sentinel", "/store"), "the source store on mail1 has no .mailha-sentinel at /store: unmounted or emptied? refusing to pull"),
        ];

        Assert.All(cases, c => Assert.Equal(c.Text, c.Outcome.Describe()));
    }
}
