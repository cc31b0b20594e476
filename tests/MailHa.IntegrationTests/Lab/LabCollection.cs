namespace MailHa.IntegrationTests.Lab;

/// <summary>Lab tests change shared state (links, daemons, the VIP): they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LabCollection
{
    public const string Name = "lab";
}
