using MailHa.Operations.Mirror;

namespace MailHa.Operations.Tests.Mirror;

public class RsyncStatsParserTests
{
    private const string Modern = """
        receiving incremental file list

        Number of files: 101,234 (reg: 100,000, dir: 1,234)
        Number of created files: 1,010 (reg: 1,000, dir: 10)
        Number of deleted files: 25 (reg: 25)
        Number of regular files transferred: 1,500
        Total file size: 1,234,567,890 bytes
        Total transferred file size: 12,345,678 bytes
        Literal data: 12,345,678 bytes
        Matched data: 0 bytes
        File list size: 2,345,678
        File list generation time: 0.001 seconds
        File list transfer time: 0.000 seconds
        Total bytes sent: 34,567
        Total bytes received: 15,678,901

        sent 34,567 bytes  received 15,678,901 bytes  3,141,592.00 bytes/sec
        total size is 1,234,567,890  speedup is 78.56
        """;

    private const string Legacy = """
        Number of files: 1234
        Number of files transferred: 12
        Total file size: 1234567 bytes
        Total transferred file size: 12345 bytes
        Literal data: 12345 bytes
        Matched data: 0 bytes
        File list size: 23456
        File list generation time: 0.001 seconds
        File list transfer time: 0.000 seconds
        Total bytes sent: 345
        Total bytes received: 15678

        sent 345 bytes  received 15678 bytes  32046.00 bytes/sec
        total size is 1234567  speedup is 77.05
        """;

    [Fact]
    public void Parse_ReadsEveryCounter_WhenFormatIsRsync31WithThousands()
    {
        var stats = RsyncStatsParser.Parse(Modern);

        Assert.Equal(new RsyncStats(101_234, 100_000, 1_500, 1_010, 25, 1_234_567_890, 34_567, 15_678_901), stats);
    }

    [Fact]
    public void Parse_ReadsTransferredAndBytes_WhenFormatIsLegacy()
    {
        var stats = RsyncStatsParser.Parse(Legacy);

        Assert.NotNull(stats);
        Assert.Equal(1234, stats.FilesTotal);
        Assert.Equal(12, stats.FilesTransferred);
        Assert.Equal(1_234_567, stats.TotalSize);
        Assert.Equal(345, stats.BytesSent);
        Assert.Equal(15_678, stats.BytesReceived);
        Assert.Null(stats.FilesCreated);
        Assert.Null(stats.FilesDeleted);
        Assert.Null(stats.RegularFiles);
    }

    [Fact]
    public void Parse_ReturnsNull_WhenOutputHasNoStats()
    {
        Assert.Null(RsyncStatsParser.Parse("@ERROR: auth failed on module msgstore\n"));
    }
}
