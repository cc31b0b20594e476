using System.Globalization;
using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Mirror;

/// <summary>The words for a mirror run whose process died, pinned once here (<see cref="InterruptedMirrorTests"/> asserts the run it finds).</summary>
public class InterruptedMirrorTextTests
{
    [Fact]
    public void Describe_NamesTheRunItsTriggerAndHost()
    {
        var startedAt = DateTimeOffset.Parse("2026-11-26T00:48:00Z", CultureInfo.InvariantCulture);

        Assert.Equal(
            "jt-mail mirror run mirror-1 (schedule) started 2026-11-26 00:48:00Z on mailha-a did not finish: its process stopped",
            new InterruptedMirror(new ServiceName("jt-mail"), "mirror-1", "schedule", startedAt, "mailha-a").Describe());
    }
}
