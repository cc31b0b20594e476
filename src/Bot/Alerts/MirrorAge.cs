using System.Text.Json.Serialization;
using MailHa.Bot.Chat;
using MailHa.Operations.Reporting;
using MailHa.Operations.Topology;

namespace MailHa.Bot.Alerts;

/// <summary>
/// How old the copy a proposed failover would serve is (the mail an unplanned failover loses), as measured when the
/// outage was declared: kept with the proposal as a value, worded by <see cref="Describe"/> on the card, the reminder and
/// the page.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "case")]
[JsonDerivedType(typeof(StandbyCopyAge), "standbyCopy")]
[JsonDerivedType(typeof(MirrorNeverSucceeded), "mirrorNeverSucceeded")]
[JsonDerivedType(typeof(PastStandbyCopyAge), "pastStandbyCopy")]
[JsonDerivedType(typeof(PastStandbyNeverMirrored), "pastStandbyNeverMirrored")]
[JsonDerivedType(typeof(MirrorAgeAsWorded), "asWorded")]
public abstract record MirrorAge
{
    public abstract string Describe();
}

/// <summary>The standby's copy: the mirror's last good run started at <paramref name="LastGood"/>, <paramref name="Age"/> before the outage was declared.</summary>
public sealed record StandbyCopyAge(DateTimeOffset LastGood, TimeSpan Age) : MirrorAge
{
    public override string Describe() => $"the standby's copy is {Durations.Format(Age)} old (last good run {ChatTime.Full(LastGood)})";
}

/// <summary>The mirror of the service never had a good run.</summary>
public sealed record MirrorNeverSucceeded : MirrorAge
{
    public override string Describe() => "the mirror never succeeded";
}

/// <summary>
/// <paramref name="Node"/>, past the recorded <paramref name="Standby"/> (the mirror does not feed it), holds the copy of
/// its own last good run, started at <paramref name="LastGood"/>, <paramref name="Age"/> before the outage was declared.
/// </summary>
public sealed record PastStandbyCopyAge(NodeName Node, NodeName Standby, DateTimeOffset LastGood, TimeSpan Age) : MirrorAge
{
    public override string Describe() =>
        $"{Node}'s copy is {Durations.Format(Age)} old (its last good run {ChatTime.Full(LastGood)}; the mirror feeds the standby {Standby}, not it)";
}

/// <summary><paramref name="Node"/>, past the recorded <paramref name="Standby"/>, was never mirrored into.</summary>
public sealed record PastStandbyNeverMirrored(NodeName Node, NodeName Standby) : MirrorAge
{
    public override string Describe() => $"{Node} (past the standby {Standby}, which the mirror feeds) was never mirrored into: it would serve whatever copy it holds";
}

/// <summary>
/// The age as a proposal kept before it was a value said it (<see cref="AlertCards.Format"/> 1, read by
/// <see cref="OutageFormat1"/>): shown as it was, never read for meaning.
/// </summary>
public sealed record MirrorAgeAsWorded(string Text) : MirrorAge
{
    public override string Describe() => Text;
}
