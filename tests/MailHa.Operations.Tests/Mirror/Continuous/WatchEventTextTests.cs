using MailHa.Operations.Mirror.Continuous;

namespace MailHa.Operations.Tests.Mirror.Continuous;

/// <summary>
/// What the operator reads when the active node's inotify watch limit is too low (with the limit to raise it to, a
/// quarter over what the store needs), pinned once here; <see cref="InotifyOutputParserTests"/> asserts the typed event.
/// </summary>
public class WatchEventTextTests
{
    [Fact]
    public void Describe_NamesTheLimitToRaiseItTo_WhenTheNeedIsKnown()
    {
        Assert.Equal(
            "the store has 9000 directories and fs.inotify.max_user_watches is 8192: raise it to at least 11250 (sysctl fs.inotify.max_user_watches) on the active node",
            new WatchLimitReached(9000, 8192, "").Describe());
        Assert.Equal(
            "inotify watch limit reached (Failed to watch /store; upper limit on inotify watches reached!): raise fs.inotify.max_user_watches on the active node",
            new WatchLimitReached(null, null, "Failed to watch /store; upper limit on inotify watches reached!").Describe());
    }
}
