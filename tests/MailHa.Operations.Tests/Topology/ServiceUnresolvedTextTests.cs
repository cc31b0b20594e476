using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Topology;

/// <summary>
/// The sentence that says why no service was resolved, one per case, pinned once here; the behaviour tests
/// (<see cref="TopologyResolverTests"/>, the bot's <c>ServiceArgumentTests</c>) assert the typed <see cref="ServiceUnresolved"/>.
/// </summary>
public sealed class ServiceUnresolvedTextTests
{
    private static readonly ServiceName[] Services = [new("a"), new("b")];

    [Fact]
    public void Describe_SaysWhyNoServiceIsMeant_ForEachCase()
    {
        Assert.Equal("no service named 'c' (configured: a, b)", new NoSuchService("c", Services).Describe());
        Assert.Equal("2 services are configured (a, b): name one", new NoServiceNamed(Services).Describe());
    }
}
