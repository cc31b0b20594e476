using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Mirror.Continuous;

public class InotifyOutputParserTests
{
    private static readonly InotifyOutputParser Parser = new("/home1/msgstore/store/partition/", ".mailha-sentinel");
    private static readonly NodeName Node = new("mail1");

    [Theory]
    [InlineData("CLOSE_WRITE,CLOSE /home1/msgstore/store/partition/alice/new/1700000000.M1P2.mail1", "alice/new/1700000000.M1P2.mail1")]
    [InlineData("MOVED_TO /home1/msgstore/store/partition/alice/cur/1700000000.M1P2.mail1:2,S", "alice/cur/1700000000.M1P2.mail1:2,S")]
    [InlineData("MOVED_FROM /home1/msgstore/store/partition/alice/new/1700000000.M1P2.mail1", "alice/new/1700000000.M1P2.mail1")]
    [InlineData("DELETE /home1/msgstore/store/partition/bob/cur/x:2,ST", "bob/cur/x:2,ST")]
    [InlineData("CREATE /home1/msgstore/store/partition/a name with spaces, commas", "a name with spaces, commas")]
    [InlineData("ATTRIB /home1/msgstore/store/partition/bob/cur/x\nwith a newline", "bob/cur/x\nwith a newline")]
    public void Parse_GivesThePathRelativeToTheStore_WhenAFileChanged(string record, string relative)
    {
        var parsed = Parser.Parse(new OutputRecord(record));

        Assert.Equal(new PathChanged(relative, IsDirectory: false), parsed);
    }

    [Fact]
    public void Parse_MarksADirectory_WhenTheEventCarriesIsdir()
    {
        Assert.Equal(new PathChanged("carol", IsDirectory: true), Parser.Parse(new OutputRecord("CREATE,ISDIR /home1/msgstore/store/partition/carol")));
    }

    [Fact]
    public void Parse_ReportsTheOverflow_WhenTheQueueOverflowed()
    {
        // inotifywait prints the overflow with an empty path.
        Assert.IsType<QueueOverflowed>(Parser.Parse(new OutputRecord("Q_OVERFLOW ")));
    }

    [Theory]
    [InlineData("DELETE /home1/msgstore/store/partition/.mailha-sentinel", typeof(SentinelGone))]
    [InlineData("MOVED_FROM /home1/msgstore/store/partition/.mailha-sentinel", typeof(SentinelGone))]
    [InlineData("CLOSE_WRITE,CLOSE /home1/msgstore/store/partition/.mailha-sentinel", typeof(NothingToPull))]
    [InlineData("CLOSE_WRITE,CLOSE /elsewhere/file", typeof(NothingToPull))]
    [InlineData("CLOSE_WRITE,CLOSE /home1/msgstore/store/partition/", typeof(NothingToPull))]
    [InlineData("OPEN /home1/msgstore/store/partition/alice/new/x", typeof(NothingToPull))]
    public void Parse_NeverPullsTheSentinel_AndSaysWhenItIsGone(string record, Type expected)
    {
        Assert.IsType(expected, Parser.Parse(new OutputRecord(record)));
    }

    [Fact]
    public void Parse_ReadsTheWatchersPidAndSetUp_FromItsStandardError()
    {
        Assert.Equal(new WatcherStarted(4242), Parser.Parse(new ErrorLine("mailha-watch-pid 4242")));
        Assert.IsType<WatchesEstablished>(Parser.Parse(new ErrorLine("Watches established.")));
        Assert.IsType<WatcherNote>(Parser.Parse(new ErrorLine("Setting up watches.  Beware: since -r was given, this may take a while!")));
    }

    [Fact]
    public void Parse_SaysHowManyWatchesTheStoreNeeds_WhenTheLimitIsTooLow()
    {
        var ended = new StreamEnded(new Exited(Node, WatchScript.TooFewWatches, "", "mailha-watch-limit 9000 8192\n", TimeSpan.FromSeconds(1)));

        var limit = Assert.IsType<WatchLimitReached>(Parser.Parse(ended));

        Assert.Equal((9000L, 8192L), (limit.Needed, limit.Allowed));
    }

    [Fact]
    public void Parse_ReportsTheLimit_WhenInotifywaitMeetsItWhileSettingUp()
    {
        var line = "Failed to watch /home1/msgstore/store/partition; upper limit on inotify watches reached!";

        var limit = Assert.IsType<WatchLimitReached>(Parser.Parse(new ErrorLine(line)));

        Assert.Null(limit.Needed);
    }

    [Fact]
    public void Parse_TellsTheEndsApart_WhenTheWatcherEnded()
    {
        Assert.IsType<WatchedStoreMissing>(Parser.Parse(new StreamEnded(new Exited(Node, MirrorScript.SentinelMissing, "", "mailha-guard: no sentinel", TimeSpan.Zero))));
        Assert.IsType<WatcherMissing>(Parser.Parse(new StreamEnded(new Exited(Node, WatchScript.InotifyMissing, "", "inotifywait is not installed", TimeSpan.Zero))));
        Assert.IsType<WatcherEnded>(Parser.Parse(new StreamEnded(new Exited(Node, 143, "", "", TimeSpan.Zero))));
        Assert.IsType<WatcherEnded>(Parser.Parse(new StreamEnded(new Unreachable(Node, "connection lost"))));
    }
}
