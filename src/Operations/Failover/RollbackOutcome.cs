using System.Text.Json.Serialization;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Failover;

/// <summary>What undoing a fence came to (<see cref="VipRollback"/>). <see cref="Describe"/> is the line the audit trail keeps.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "case")]
[JsonDerivedType(typeof(VipRestored), "vipRestored")]
[JsonDerivedType(typeof(TargetVipNotDropped), "targetVipNotDropped")]
[JsonDerivedType(typeof(SourceVipNotRaised), "sourceVipNotRaised")]
public abstract record RollbackOutcome
{
    public bool Succeeded => this is VipRestored;

    public abstract string Describe();
}

/// <summary>The VIP is back on the source and its mirror participation restored.</summary>
public sealed record VipRestored(NodeName Source) : RollbackOutcome
{
    public override string Describe() => $"the VIP is back on {Source} and its mirror participation restored";
}

/// <summary>The VIP could not be made sure to be down on the target: not re-raised on the source (split brain).</summary>
public sealed record TargetVipNotDropped(NodeName Target, NodeName Source, CommandOutcome Outcome) : RollbackOutcome
{
    public override string Describe() => $"could not make sure the VIP is down on {Target} ({Outcome.Describe()}); NOT re-raising it on {Source} to avoid split brain";
}

/// <summary>Re-raising the VIP on the source failed at <paramref name="Command"/>.</summary>
public sealed record SourceVipNotRaised(NodeName Source, string Command, CommandOutcome Outcome) : RollbackOutcome
{
    public override string Describe() => $"re-raising the VIP on {Source} failed at {Command}: {Outcome.Describe()}";
}
