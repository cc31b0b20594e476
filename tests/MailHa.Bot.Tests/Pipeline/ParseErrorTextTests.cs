using MailHa.Bot.Pipeline;
using MailHa.Operations.Topology;

namespace MailHa.Bot.Tests.Pipeline;

/// <summary>
/// The asker's words for every command that was not understood, pinned once here; the behaviour tests
/// (<c>CommandParserTests</c>, <c>ServiceArgumentTests</c>, <c>NodeMovesTests</c>) assert the typed <see cref="ParseError"/>.
/// </summary>
public sealed class ParseErrorTextTests
{
    private static readonly ServiceName[] Services = [new("a"), new("b")];

    [Fact]
    public void Describe_NamesTheCommandOrArgumentAndWhatWasWrong_ForEveryParseError()
    {
        Assert.Equal("unknown command 'frobnicate'", new UnknownCommand("frobnicate").Describe());
        Assert.Equal("mirror needs one of: run, pause, resume", new SubcommandNeeded("mirror", ["run", "pause", "resume"]).Describe());
        Assert.Equal("no command answers a Approve button", new NoCommandForButton("Approve").Describe());
        Assert.Equal("status takes no arguments", new WrongArguments("status", ExpectedArguments.None).Describe());
        Assert.Equal("mirror run takes at most a service name (mirror run [SERVICE])", new WrongArguments("mirror run", ExpectedArguments.OptionalService).Describe());
        Assert.Equal("restore takes one node (restore NODE [--accept-over-capacity])", new WrongArguments("restore", ExpectedArguments.OneNode).Describe());
        Assert.Equal("resume takes the id of the interrupted operation", new WrongArguments("resume", ExpectedArguments.OperationId).Describe());
        Assert.Equal("approve needs a request id, e.g. approve r-1a2b3c", new WrongArguments("approve", ExpectedArguments.RequestId).Describe());
        Assert.Equal("incident takes at most one argument: an operation's id or an outage's name", new WrongArguments("incident", ExpectedArguments.IncidentSubject).Describe());
        Assert.Equal("--to needs a node name (switchover [SERVICE] [--to NODE])", new NodeNameMissing("switchover", "--to", "[SERVICE] [--to NODE]").Describe());
        Assert.Equal("unknown option '--force' for failover", new UnknownOption("failover", "--force").Describe());
        Assert.Equal("--to: no node named 'mail9' (configured: mail1, mail2)", new UnknownNode("--to", "mail9", ["mail1", "mail2"]).Describe());
        Assert.Equal("failover: no service named 'c' (configured: a, b)", new ServiceNotResolved("failover", new NoSuchService("c", Services)).Describe());
        Assert.Equal("switchover: 2 services are configured (a, b): name one", new ServiceNotResolved("switchover", new NoServiceNamed(Services)).Describe());
        Assert.Equal("failover takes one service (got 'a' and 'b')", new TwoServicesNamed("failover", "a", "b").Describe());
        Assert.Equal("'x-1' is not an operation id (e.g. switchover-20261126-004800-1a2b; '/mail status' names the interrupted one)", new NotAnOperationId("x-1").Describe());
        Assert.Equal("'r-zz' is not a request id (r- and six hex digits, e.g. r-1a2b3c)", new NotARequestId("r-zz").Describe());
    }
}
