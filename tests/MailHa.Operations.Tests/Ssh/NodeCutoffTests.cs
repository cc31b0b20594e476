using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Ssh;

public class NodeCutoffTests
{
    private static readonly NodeName Mail1 = new("mail1");
    private static readonly NodeName Mail2 = new("mail2");

    private static Task<CommandOutcome> Listed(NodeName node) => Task.FromResult<CommandOutcome>(new Exited(node, 0, "", "", TimeSpan.Zero));

    private static Task<CommandOutcome> Dead(NodeName node) => Task.FromResult<CommandOutcome>(new Unreachable(node, "no SSH answer within 2s"));

    [Fact]
    public async Task WaitAsync_GivesUpNamingTheNode_WhenANodeIsUnreachableBeforeThePartEnds()
    {
        var part = new TaskCompletionSource<string>();

        var why = await NodeCutoff.WaitAsync(part.Task, [Dead(Mail1), Listed(Mail2)]);

        Assert.Equal([Mail1], why?.Unreachable);
    }

    [Fact]
    public async Task WaitAsync_WaitsForThePart_WhenEveryNodeAnswers()
    {
        var part = new TaskCompletionSource<string>();
        var listing = new TaskCompletionSource<CommandOutcome>();

        var waiting = NodeCutoff.WaitAsync(part.Task, [listing.Task, Listed(Mail2)]);
        listing.SetResult(new Exited(Mail1, 0, "", "", TimeSpan.Zero));
        await Task.Yield();
        Assert.False(waiting.IsCompleted);
        part.SetResult("in sync");

        Assert.Null(await waiting);
    }

    [Fact]
    public async Task WaitAsync_KeepsThePart_WhenItEndedBeforeTheNodeWasFoundDead()
    {
        var why = await NodeCutoff.WaitAsync(Task.FromResult("in sync"), [Dead(Mail1), Listed(Mail2)]);

        Assert.Null(why);
    }
}
