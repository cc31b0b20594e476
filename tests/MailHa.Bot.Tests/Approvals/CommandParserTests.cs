using MailHa.Bot.Commands;

namespace MailHa.Bot.Tests.Approvals;

public class CommandParserTests
{
    [Theory]
    [InlineData("status")]
    [InlineData("/mail status")]
    [InlineData("mail status")]
    [InlineData("  /mail   status ")]
    public void Parse_ReadsStatus_WithOrWithoutMailPrefix(string text)
    {
        Assert.Equal(new ParsedCommand("status", null, false, Operations.Failover.FailoverOverrides.None), CommandParser.Parse(text));
    }

    [Fact]
    public void Parse_ReadsOverrides_ForAFailover()
    {
        var parsed = CommandParser.Parse("failover --primary-down --accept-sync-failure");

        Assert.Null(parsed.Error);
        Assert.True(parsed.Overrides.PrimaryDown);
        Assert.True(parsed.Overrides.FinalSyncFailure);
        Assert.False(parsed.Overrides.ReplicationBroken);
        Assert.False(parsed.DryRun);
    }

    [Fact]
    public void Parse_IsHelp_WhenTextIsEmpty()
    {
        Assert.Equal("help", CommandParser.Parse("").Verb);
    }
}
