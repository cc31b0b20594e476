using MailHa.Operations.Topology;

namespace MailHa.Operations.Ldap;

/// <summary>
/// The two masters' replica generations differ: they do not hold the same data set, and one must be
/// re-initialised (total update) from the other before replication can work.
/// </summary>
public sealed record GenerationMismatch(NodeName First, string FirstGeneration, NodeName Second, string SecondGeneration) : DirectoryFault
{
    public override string Describe() =>
        $"replica generation differs ({First} {FirstGeneration}, {Second} {SecondGeneration}): a total update is required";
}
