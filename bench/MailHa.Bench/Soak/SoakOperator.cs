using System.Diagnostics;
using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;

namespace MailHa.Bench.Soak;

/// <summary>What a request came to: its id (null when none was made: <see cref="Refused"/> when its checks refused it, as expected) and its last state.</summary>
internal sealed record Decided(string? RequestId, ApprovalState? State, bool Refused = false)
{
    public bool Succeeded => State == ApprovalState.Succeeded;

    public string Describe() => State?.ToString() ?? (Refused ? "refused" : "no request");
}

/// <summary>
/// The two lab people at work through the channels: one types a request (console or Slack, on either instance), the
/// other approves it (the console's Approve button, or <c>/mail approve ID</c> in Slack), and both wait for its end.
/// Proposal buttons are pressed in the console feed where they appear. Actions are counted by verb and channel.
/// </summary>
internal sealed class SoakOperator(SoakCluster cluster, SoakTopology topology)
{
    private static readonly TimeSpan RequestPatience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DonePatience = TimeSpan.FromMinutes(4);

    /// <summary>Requests and approvals made, by verb and channel ("switchover via Slack": 3).</summary>
    public SortedDictionary<string, int> Actions { get; } = new(StringComparer.Ordinal);

    /// <summary>Types <paramref name="text"/> as the episode's requester, then lets the approver approve the request it made.</summary>
    public Task<Decided> RequestApprovedAsync(Episode e, string text, CancellationToken ct) => RequestApprovedAsync(e, text, refusalExpected: false, ct);

    /// <summary>
    /// As <see cref="RequestApprovedAsync(Episode, string, CancellationToken)"/>; when <paramref name="refusalExpected"/>
    /// (over a node's capacity), the requester's refusal in the audit ends the wait for a request. A request voided
    /// because what its card showed changed before the approval (a mirror run ended between them) is asked once more,
    /// as a person would: the void itself is the product's answer, counted as an action.
    /// </summary>
    public async Task<Decided> RequestApprovedAsync(Episode e, string text, bool refusalExpected, CancellationToken ct)
    {
        var decided = await RequestApprovedOnceAsync(e, text, refusalExpected, ct);
        if (decided.State != ApprovalState.Voided)
        {
            return decided;
        }

        Count("asked again after a void");
        return await RequestApprovedOnceAsync(e, text, refusalExpected, ct);
    }

    private async Task<Decided> RequestApprovedOnceAsync(Episode e, string text, bool refusalExpected, CancellationToken ct)
    {
        var since = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1;
        await SayAsync(e, e.Requesting, text, ct);
        var id = await NewRequestAsync(since, refusalExpected ? e.Requesting : null, ct);
        if (id is null)
        {
            return new Decided(null, null, refusalExpected && await cluster.RefusedSinceAsync(e.Requesting, since, ct));
        }

        await ApproveAsync(e, id, ct);
        return await DoneAsync(id, ct);
    }

    /// <summary>Types a command needing no approval (mirror pause, mirror run, status) as the episode's requester.</summary>
    public Task SayAsync(Episode e, string text, CancellationToken ct) => SayAsync(e, e.Requesting, text, ct);

    /// <summary>The feed entries that carry buttons now, in both instances (a proposal must be newer than these).</summary>
    public async Task<HashSet<string>> CardsNowAsync(CancellationToken ct)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 2; i++)
        {
            if (cluster.Instances[i] is { HasExited: false })
            {
                known.UnionWith((await cluster.ButtonsAsync(i, ct)).Select(b => $"{i}:{b.EntryId}"));
            }
        }

        return known;
    }

    /// <summary>
    /// Waits for a button of kind <typeparamref name="T"/> that <paramref name="wanted"/> accepts (a service's failover)
    /// on a card not in <paramref name="known"/> in either instance's feed, and presses it as the requester; then the
    /// approver approves the request it made. When <paramref name="refusalExpected"/>, the requester's refusal ends the wait.
    /// </summary>
    public async Task<Decided?> PressProposalAsync<T>(Episode e, HashSet<string> known, Func<T, bool> wanted, TimeSpan patience, bool refusalExpected, CancellationToken ct)
        where T : CardAction
    {
        var since = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1;
        if (await ProposedAsync(known, wanted, patience, ct) is not var (i, button))
        {
            return null;
        }

        await cluster.PressAsync(i, e.Requesting, button, ct);
        Count($"{typeof(T).Name} button via Console");
        var id = await NewRequestAsync(since, refusalExpected ? e.Requesting : null, ct);
        if (id is null)
        {
            return new Decided(null, null, refusalExpected && await cluster.RefusedSinceAsync(e.Requesting, since, ct));
        }

        await ApproveAsync(e, id, ct);
        return await DoneAsync(id, ct);
    }

    /// <summary>
    /// Waits for a button of kind <typeparamref name="T"/> that <paramref name="wanted"/> accepts on a card not in
    /// <paramref name="known"/> in either instance's feed: the instance and the button, or null when none came in time.
    /// </summary>
    public async Task<(int Instance, FeedButton Button)?> ProposedAsync<T>(HashSet<string> known, Func<T, bool> wanted, TimeSpan patience, CancellationToken ct)
        where T : CardAction
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < patience)
        {
            for (var i = 0; i < 2; i++)
            {
                if (cluster.Instances[i] is not { HasExited: false })
                {
                    continue;
                }

                if ((await cluster.ButtonsAsync(i, ct)).FirstOrDefault(b => b.Action is T action && wanted(action) && !known.Contains($"{i}:{b.EntryId}")) is { } button)
                {
                    return (i, button);
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }

        return null;
    }

    /// <summary>Waits for the request to end (succeeded, failed, voided, rejected or expired); its state then, or the last seen.</summary>
    public async Task<Decided> DoneAsync(string id, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        ApprovalState? state = null;
        while (clock.Elapsed < DonePatience)
        {
            state = (await cluster.ApprovalsSinceAsync(0, ct)).Where(a => a.Id == id).Select(a => (ApprovalState?)a.State).FirstOrDefault();
            if (state is not (null or ApprovalState.Pending or ApprovalState.Approved))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }

        return new Decided(id, state);
    }

    private async Task ApproveAsync(Episode e, string id, CancellationToken ct)
    {
        // The approver uses the other instance than the requester when it runs.
        var instance = cluster.Alive(1 - e.Instance);
        if (e.Channel == Channel.Slack)
        {
            await cluster.SlashAsync(instance, e.Approving, $"approve {id}", ct);
        }
        else
        {
            await cluster.PressAsync(instance, e.Approving, new FeedButton("1", new CardAction.Approve(id)), ct);
        }

        Count($"approve via {e.Channel}");
    }

    private async Task SayAsync(Episode e, string person, string text, CancellationToken ct)
    {
        var instance = cluster.Alive(e.Instance);
        if (e.Channel == Channel.Slack)
        {
            await cluster.SlashAsync(instance, person, text, ct);
        }
        else
        {
            await cluster.CommandAsync(instance, person, "/mail " + text, ct);
        }

        // Counted by verb: the service a command names is left out ("switchover via Slack" on every lab).
        Count($"{string.Join(' ', text.Split(' ').TakeWhile(w => !w.StartsWith('-')).Where(w => !topology.Services.Any(s => s.Name.Value == w)).Take(2))} via {e.Channel}");
    }

    /// <summary>The request made since <paramref name="since"/>; null after the patience, or at once when <paramref name="refusedActor"/>'s refusal is audited.</summary>
    private async Task<string?> NewRequestAsync(long since, string? refusedActor, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < RequestPatience)
        {
            if ((await cluster.ApprovalsSinceAsync(since, ct)).LastOrDefault() is { Id: { } id })
            {
                return id;
            }

            if (refusedActor is not null && await cluster.RefusedSinceAsync(refusedActor, since, ct))
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }

        return null;
    }

    private void Count(string what)
    {
        lock (Actions)
        {
            Actions[what] = Actions.GetValueOrDefault(what) + 1;
        }
    }
}
