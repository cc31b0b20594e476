using System.Globalization;
using System.Text.Json.Serialization;
using MailHa.Operations.Reporting;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Failover;

/// <summary>
/// What the old active node's MTA still holds for the store once its VIP is down: mail it answered "250 OK" for but has
/// not written into the store yet (in flight, deferred, held). The final sync must not start while it holds any: such a
/// message would be delivered into the old store after the pull, and the first mirror run the other way deletes it.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "case")]
[JsonDerivedType(typeof(QueueEmpty), "queueEmpty")]
[JsonDerivedType(typeof(MailLeftQueued), "mailLeftQueued")]
[JsonDerivedType(typeof(QueueUnknown), "queueUnknown")]
public abstract record QueueDrain(NodeName Node)
{
    /// <summary>How often the count is asked again while mail is still queued (Solaris' sleep takes whole seconds).</summary>
    private static TimeSpan Interval(NodePlatform platform) => platform == NodePlatform.Solaris ? TimeSpan.FromSeconds(1) : TimeSpan.FromMilliseconds(100);

    /// <summary>Room for SSH around the bounded wait on the node.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(10);

    /// <summary>One line naming what was found, for the step's report.</summary>
    public abstract string Describe();

    /// <summary>
    /// The drain, run on the old active node in one SSH command (a lossy link costs one round trip, not one per look):
    /// <see cref="MirrorOptions.QueueFlushCommand"/> once (deferred mail is tried now), then
    /// <see cref="MirrorOptions.QueueCountCommand"/> until it prints 0 or <see cref="MirrorOptions.DrainTimeout"/> has
    /// passed; it prints <c>queued N</c>, what is left. Null when no count command is configured. Bourne shell only
    /// (Solaris 9's <c>/bin/sh</c>): the count is a function, so its text needs no quoting here.
    /// </summary>
    public static RemoteCommand? Command(MirrorOptions mirror, NodePlatform platform)
    {
        ArgumentNullException.ThrowIfNull(mirror);
        if (mirror.QueueCountCommand is not { Length: > 0 } count)
        {
            return null;
        }

        var interval = Interval(platform);
        var looks = (int)Math.Ceiling(mirror.DrainTimeout / interval);
        var sleep = interval.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var flush = mirror.QueueFlushCommand is { Length: > 0 } f ? $"flush() {{ {f}\n}}; flush >/dev/null 2>&1; " : "";
        var text = $"{flush}count() {{ {count}\n}}; i=0; while :; do n=`count` || {{ echo 'the queue count command failed' >&2; exit 3; }}; "
            + $"if [ \"$n\" -eq 0 ] 2>/dev/null || [ $i -ge {looks} ]; then break; fi; sleep {sleep}; i=`expr $i + 1`; done; echo \"queued $n\"";
        return new RemoteCommand("drain-mail", text, mirror.DrainTimeout + Slack);
    }

    /// <summary>What the drain's output says; <paramref name="bound"/> is the wait it was given.</summary>
    public static QueueDrain Read(NodeName node, CommandOutcome outcome, TimeSpan bound)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome is not Exited { Code: 0 } exited)
        {
            return new QueueUnknown(node, outcome.Describe());
        }

        var last = exited.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        return last.StartsWith("queued ", StringComparison.Ordinal)
            && int.TryParse(last.AsSpan("queued ".Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var left)
            ? left == 0 ? new QueueEmpty(node) : new MailLeftQueued(node, left, bound)
            : new QueueUnknown(node, $"the queue count printed '{(last.Length > 80 ? last[..80] + "…" : last)}', not a number of messages");
    }
}

/// <summary>The MTA holds no message for the store: everything it accepted is in the store, so the final sync carries it.</summary>
public sealed record QueueEmpty(NodeName Node) : QueueDrain(Node)
{
    public override string Describe() => $"{Node}'s MTA holds no mail for the store: everything it accepted is in the store";
}

/// <summary>Mail for the store is still queued after the bound (deferred for a cause that persists, held, or arriving slowly).</summary>
public sealed record MailLeftQueued(NodeName Node, int Messages, TimeSpan After) : QueueDrain(Node)
{
    public override string Describe() => $"{Node}'s MTA still holds {Messages} message{(Messages == 1 ? "" : "s")} for the store after {Durations.Format(After)}";
}

/// <summary>The queue could not be read: the command did not run, failed, or printed something else than a count.</summary>
public sealed record QueueUnknown(NodeName Node, string Reason) : QueueDrain(Node)
{
    public override string Describe() => $"{Node}'s mail queue could not be read ({Reason}): mail it accepted may not be in its store yet";
}
