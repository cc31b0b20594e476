namespace MailHa.IntegrationTests.Lab;

/// <summary>
/// The lab's HA models (<c>lab/lab up --topology</c>, lab/topologies/): asymmetric (mail1 serves, mail2 its standby),
/// symmetric (mail1 and mail2 each home to one service, each the other's backup) and N+1 (mail1 and mail2 home to
/// services a and b, mail3 their standby).
/// </summary>
public enum LabTopology
{
    Asymmetric,
    Symmetric,
    NPlusOne,
}

public static class LabTopologyArguments
{
    /// <summary>The name <c>lab/lab up --topology</c> takes.</summary>
    public static string Argument(this LabTopology topology) => topology switch
    {
        LabTopology.Asymmetric => "asymmetric",
        LabTopology.Symmetric => "symmetric",
        LabTopology.NPlusOne => "n+1",
        _ => throw new ArgumentOutOfRangeException(nameof(topology), topology, "not a lab topology"),
    };
}

/// <summary>
/// A collection's lab: before the collection's first test, its topology is made the one that is up
/// (<see cref="LabFixture.UpAsync"/>). Tests of a collection share that lab (take <see cref="LabFixture"/> and start
/// each test from a <see cref="LabScope"/>); collections run one after the other, so one topology is up at a time.
/// </summary>
public abstract class TopologyLab(LabFixture lab, LabTopology topology) : IAsyncLifetime
{
    public ValueTask InitializeAsync() => new(lab.UpAsync(topology));

    public ValueTask DisposeAsync()
    {
        // The lab stays up: the next collection of the same topology would use it, and LabFixture takes it down at the end.
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}

public sealed class AsymmetricLab(LabFixture lab) : TopologyLab(lab, LabTopology.Asymmetric);

public sealed class SymmetricLab(LabFixture lab) : TopologyLab(lab, LabTopology.Symmetric);

public sealed class NPlusOneLab(LabFixture lab) : TopologyLab(lab, LabTopology.NPlusOne);

/// <summary>The asymmetric lab (the default): lab tests change shared state (links, daemons, the VIP), so they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LabCollection : ICollectionFixture<AsymmetricLab>
{
    public const string Name = "lab";
}

/// <summary>The symmetric lab's tests, one at a time, after or before the other collections, never beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SymmetricLabCollection : ICollectionFixture<SymmetricLab>
{
    public const string Name = "lab-symmetric";
}

/// <summary>The N+1 lab's tests (standby capacity 1; a test may configure MailHa with more), one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NPlusOneLabCollection : ICollectionFixture<NPlusOneLab>
{
    public const string Name = "lab-n+1";
}
