using System.Diagnostics;
using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bench.Soak;

/// <summary>An unplanned failover's window for <paramref name="Service"/>: its mail sent in it may be lost (it reached the old active after its last good mirror run).</summary>
internal sealed record LossWindow(ServiceName Service, DateTimeOffset From, DateTimeOffset To);

/// <summary>
/// Runs one episode of the schedule: injects its fault, acts as its people, checks what the episode promises
/// (a failed move keeps the VIP, an interrupted operation is shown and resumes, a changed host key is refused, a full
/// store is StoreFull and loses nothing, a node never runs more services than its capacity unless the approver accepted
/// it), and undoes the fault. Its service's roles are resolved now, from who holds each VIP (<see cref="EpisodeTargets"/>);
/// its commands name the service when the lab has several.
/// </summary>
internal sealed class SoakEpisodes(Lab lab, SoakTopology topology, string work, SoakCluster cluster, SoakFaults faults, SoakOperator people, SoakWatch watch, SoakInvariants invariants, Action<string> note)
{
    /// <summary>Windows of unplanned failovers (the only mail that may be lost), per service.</summary>
    public List<LossWindow> LossWindows { get; } = [];

    public async Task RunAsync(Episode e, CancellationToken ct)
    {
        var t = EpisodeTargets.Resolve(e, topology, await RunningAsync(ct));
        if (!topology.OneService)
        {
            note($"  {t.Describe(topology)}");
        }

        var (active, standby, target) = (t.Active, t.Standby, t.Target);
        switch (e.Kind)
        {
            case EpisodeKind.Switchover:
                await MoveAsync(e, t, "switchover", active, ct);
                break;
            case EpisodeKind.Outage when e.Target == Role.Active:
                await OutageAsync(e, t, ct);
                break;
            case EpisodeKind.Outage:
                await HoldAsync(e, () => faults.CutNodeAsync(standby, ct), $"cut {standby}", ct);
                break;
            case EpisodeKind.MirrorCutSwitchover:
                await faults.CutMirrorAsync(ct);
                await MoveAsync(e, t, "switchover", active, ct, mustKeep: true);
                await faults.UndoAsync("cut mirror network");
                break;
            case EpisodeKind.PathCut:
                await HoldAsync(e, () => faults.CutPathAsync(target, ct), $"cut MailHa↔{target}", ct, during: () => people.SayAsync(e, "status", ct));
                break;
            case EpisodeKind.PacketDrop:
                await faults.DropPacketsAsync(target, e.MirrorLink, e.DropPercent, ct);
                await MoveAsync(e, t, "switchover", active, ct);
                await faults.UndoAsync($"drop {e.DropPercent}% on {target}'s {(e.MirrorLink ? "mirror" : "service")} link");
                break;
            case EpisodeKind.DirectoryRestart:
                await HoldAsync(e, () => faults.StopAsync(target, "ldap", ct), $"stop ldap on {target}", ct);
                break;
            case EpisodeKind.MtaRestart:
                await HoldAsync(e, () => faults.StopAsync(target, "smtp", ct), $"stop smtp on {target}", ct);
                break;
            case EpisodeKind.RsyncdRestart:
                await HoldAsync(e, () => faults.StopAsync(active, "rsyncd", ct), $"stop rsyncd on {active}", ct, during: () => people.SayAsync(e, topology.Command("mirror run", t.Service), ct));
                break;
            case EpisodeKind.InterruptedSwitchover:
                await InterruptedAsync(e, t, ct);
                break;
            case EpisodeKind.InstanceKill:
                var victim = await cluster.LeaderAsync(ct) ?? e.Instance;
                note($"SIGKILL mailha-{SoakCluster.Name(victim)}");
                faults.Injected["sigkill"] = faults.Injected.GetValueOrDefault("sigkill") + 1;
                await cluster.KillAsync(victim);
                await Task.Delay(e.Hold, ct);
                await cluster.StartInstanceAsync(victim, ct);
                break;
            case EpisodeKind.PostgresRestart:
                note("restart PostgreSQL");
                faults.Injected["restart-postgresql"] = faults.Injected.GetValueOrDefault("restart-postgresql") + 1;
                await cluster.RestartPostgresAsync(e.Hold, ct);
                break;
            case EpisodeKind.StoreFull:
                await StoreFullAsync(e, t, ct);
                break;
            case EpisodeKind.HostKeyChange:
                await HostKeyAsync(e, target, ct);
                break;
            case EpisodeKind.MirrorPause:
                await people.SayAsync(e, topology.Command("mirror pause", t.Service), ct);
                await Task.Delay(e.Hold, ct);
                var resumed = await people.RequestApprovedAsync(e, topology.Command("mirror resume", t.Service), ct);
                note($"mirror resume: {resumed.State?.ToString() ?? "no request"}");
                break;
            default:
                throw new InvalidOperationException($"no episode runs {e.Kind}");
        }
    }

    /// <summary>The one node serving <paramref name="service"/>'s VIP now (waits a little: a move may just be finishing).</summary>
    public async Task<string> ActiveAsync(SoakService service, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await watch.HoldersAsync(service, ct) is [var holder])
            {
                return holder;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException(topology.OneService ? "no single node serves the VIP" : $"no single node serves the VIP of {service.Name}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }
    }

    /// <summary>Where each service runs now: the one node serving its VIP.</summary>
    private async Task<Dictionary<ServiceName, NodeName>> RunningAsync(CancellationToken ct)
    {
        var running = new Dictionary<ServiceName, NodeName>();
        foreach (var service in topology.Services)
        {
            running[service.Name] = new NodeName(await ActiveAsync(service, ct));
        }

        return running;
    }

    private async Task HoldAsync(Episode e, Func<Task> inject, string name, CancellationToken ct, Func<Task>? during = null)
    {
        note(name);
        await inject();
        if (during is not null)
        {
            await during();
        }

        await Task.Delay(e.Hold, ct);
        await faults.UndoAsync(name);
    }

    /// <summary>
    /// A planned move (switchover, or failback: <paramref name="home"/>) of the episode's service; when it does not
    /// succeed, its VIP must still be on the source, and never gone. A move to the standby beyond its capacity is requested
    /// with the override when the episode accepts that, and otherwise refused (the expected outcome).
    /// </summary>
    private async Task<Decided> MoveAsync(Episode e, EpisodeTargets t, string verb, string source, CancellationToken ct, bool mustKeep = false, bool home = false)
    {
        var gapBefore = watch.NoHolderSamples(t.Service);
        var refusalExpected = !home && t.RefusalExpected(e);
        var decided = await people.RequestApprovedAsync(e, topology.Command(verb, t.Service, home ? [] : t.MoveFlags(e)), refusalExpected, ct);
        var now = await ActiveAsync(t.Service, ct);
        note($"{verb} from {source}: {decided.Describe()}{(refusalExpected ? " (over capacity: refusal expected)" : "")}, VIP on {now}");
        if (!decided.Succeeded)
        {
            invariants.Check(Invariant.FailedMoveKeepsVip, now == source && (!mustKeep || watch.NoHolderSamples(t.Service) == gapBefore),
                () => $"{verb} {decided.RequestId} ended {decided.State}; {(topology.OneService ? "the VIP" : $"the VIP of {t.Service.Name}")} is on {now} (was {source}), {watch.NoHolderSamples(t.Service) - gapBefore} samples without a holder");
        }
        else
        {
            await CapacityAsync(e, t, verb, now, ct);
            await ResumeMirrorIfPausedAsync(e, t.Service, ct);
        }

        return decided;
    }

    /// <summary>
    /// After a move of the episode's service onto <paramref name="node"/> succeeded: unless the approver accepted going over
    /// capacity, the node runs no more services (VIPs it holds) than its capacity. Checked where nodes have one (N+1).
    /// </summary>
    private async Task CapacityAsync(Episode e, EpisodeTargets t, string verb, string node, CancellationToken ct)
    {
        if (topology.Topology.CapacityOf(new NodeName(node)) is not { } capacity || (t.MoveOverCapacity && e.AcceptOverCapacity))
        {
            return;
        }

        var held = await watch.AllHoldersAsync(ct);
        var runs = topology.Services.Where(s => held[s.Index].Contains(node)).Select(s => s.Name.Value).ToList();
        invariants.Check(Invariant.CapacityRespected, runs.Count <= capacity,
            () => $"{verb} of {t.Service.Name} succeeded without --accept-over-capacity, and {node} (capacity {capacity}) now runs {string.Join(", ", runs)}");
    }

    /// <summary>A move leaves the service's mirror paused; the runbook's next step is <c>mirror resume</c>, approved by the other person.</summary>
    private async Task ResumeMirrorIfPausedAsync(Episode e, SoakService service, CancellationToken ct)
    {
        if (!await cluster.MirrorPausedAsync(service.Name, ct))
        {
            return;
        }

        var resumed = await people.RequestApprovedAsync(e, topology.Command("mirror resume", service), ct);
        note($"mirror resume: {resumed.State?.ToString() ?? "no request"}");
    }

    /// <summary>
    /// The service's active node cut off: press the proposal's button for the service, approve, then the node comes back
    /// (rebooted: no VIP) and the service fails back. Over its standby's capacity the button's request is refused (the
    /// expected outcome), unless the episode accepts it: then the requester types the failover with the override.
    /// </summary>
    private async Task OutageAsync(Episode e, EpisodeTargets t, CancellationToken ct)
    {
        var (active, standby) = (t.Active, t.Standby);
        note($"cut {active} (active{(topology.OneService ? "" : $" of {t.Service.Name}")})");
        var known = await people.CardsNowAsync(ct);
        await faults.CutNodeAsync(active, ct);
        var cutAt = DateTimeOffset.UtcNow;
        var patience = SoakCluster.DownAfter + TimeSpan.FromSeconds(60);
        bool Ours(CardAction.RequestFailover button) => button.Service is null || button.Service == t.Service.Name;
        Decided? decided;
        if (t.MoveOverCapacity && e.AcceptOverCapacity)
        {
            decided = await people.ProposedAsync<CardAction.RequestFailover>(known, Ours, patience, ct) is null
                ? null
                : await people.RequestApprovedAsync(e, topology.Command("failover", t.Service, ["--primary-down", .. t.MoveFlags(e)]), ct);
        }
        else
        {
            decided = await people.PressProposalAsync<CardAction.RequestFailover>(e, known, Ours, patience, t.RefusalExpected(e), ct);
        }

        note($"failover proposal: {(decided is null ? "none shown" : decided.Describe())}{(t.RefusalExpected(e) ? " (over capacity: refusal expected)" : "")}");
        if (decided?.Succeeded == true)
        {
            var lastGood = await cluster.LastGoodMirrorAsync(t.Service.Name, active, cutAt.ToUnixTimeMilliseconds(), ct);
            // Mail handed to the sending MTA a little before the run started may have reached the store after it.
            LossWindows.Add(new LossWindow(t.Service.Name, (lastGood is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : cutAt - TimeSpan.FromMinutes(2)) - TimeSpan.FromSeconds(10), cutAt));
            await faults.DropVipAsync(active, t.Service.Definition.Vip, ct);
            await CapacityAsync(e, t, "failover", standby, ct);
        }

        await faults.UndoAsync($"cut {active}");
        if (decided?.Succeeded == true)
        {
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
            await MoveAsync(e, t, "failback", standby, ct, home: true);
        }
    }

    /// <summary>A switchover of the service whose instance is killed mid-way: shown as interrupted within the lease, then resumed by request.</summary>
    private async Task InterruptedAsync(Episode e, EpisodeTargets t, CancellationToken ct)
    {
        var since = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1;
        await people.SayAsync(e, topology.Command("switchover", t.Service, t.MoveFlags(e)), ct);
        var request = await WaitAsync(async () => (await cluster.ApprovalsSinceAsync(since, ct)).Select(a => a.Id).LastOrDefault(), TimeSpan.FromSeconds(t.RefusalExpected(e) ? 10 : 30), ct);
        if (request is null)
        {
            note($"interrupted switchover: no request made{(t.RefusalExpected(e) ? " (over capacity: refusal expected)" : "")}");
            return;
        }

        await cluster.PressAsync(cluster.Alive(1 - e.Instance), e.Approving, new FeedButton("1", new CardAction.Approve(request)), ct);
        var running = await WaitAsync(async () => await cluster.UnfinishedOperationAsync(ct) is { } id && await cluster.OperatorAsync(ct) is { } who ? Tuple.Create(id, who) : null,
            TimeSpan.FromSeconds(30), ct);
        if (running is not { } r)
        {
            note($"interrupted switchover: it ended before a kill ({(await people.DoneAsync(request, ct)).State})");
            return;
        }

        faults.Injected["sigkill"] = faults.Injected.GetValueOrDefault("sigkill") + 1;
        await cluster.KillAsync(r.Item2);
        var killedAt = DateTimeOffset.UtcNow;
        note($"SIGKILL mailha-{SoakCluster.Name(r.Item2)} running switchover {r.Item1}");
        if (await cluster.UnfinishedOperationAsync(ct) != r.Item1)
        {
            note("interrupted switchover: it finished as the kill landed");
            await cluster.StartInstanceAsync(r.Item2, ct);
            return;
        }

        // The survivor takes the leader lease when it expires, and its watch (every 15 s) tells: the lease plus two watch periods.
        var patience = SoakCluster.LeaseDuration + TimeSpan.FromSeconds(30);
        var shown = await WaitAsync(() => Task.FromResult(SoakLogs.Alerts(cluster.Logs).Any(a => a.Kind == "Alert" && a.Problem == "interrupted-operation" && a.At >= killedAt) ? "yes" : null), patience, ct);
        invariants.Check(Invariant.InterruptedShownAndResumed, shown is not null,
            () => $"switchover {r.Item1}, interrupted by SIGKILL, not alerted as interrupted by the survivor within {patience.TotalSeconds:0} s");
        await cluster.StartInstanceAsync(r.Item2, ct);
        var resumed = await people.RequestApprovedAsync(e, $"resume {r.Item1}", ct);
        note($"resume {r.Item1}: {resumed.State?.ToString() ?? "no request"}");
        invariants.Check(Invariant.InterruptedShownAndResumed, resumed.State is not null && await cluster.UnfinishedOperationAsync(ct) is null,
            () => $"resume of {r.Item1} ended {resumed.State?.ToString() ?? "without a request"}; the operation is still unfinished");
    }

    /// <summary>The service's standby's store file system full; a mirror run must end StoreFull and delete nothing.</summary>
    private async Task StoreFullAsync(Episode e, EpisodeTargets t, CancellationToken ct)
    {
        var (standby, store) = (t.Standby, t.Service.Store);
        await ResumeMirrorIfPausedAsync(e, t.Service, ct); // a paused mirror refuses before it touches the store: nothing to prove
        var before = await CountFilesAsync(standby, store, ct);
        note($"fill {standby}'s store file system");
        await faults.FillStoreAsync(standby, store, ct);
        try
        {
            var since = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            await people.SayAsync(e, topology.Command("mirror run", t.Service), ct);
            var runs = await WaitAsync(async () => await cluster.MirrorRunsSinceAsync(t.Service.Name, since, ct) is { Count: > 0 } found && found.Any(f => f.Outcome != "Refused") ? found : null,
                TimeSpan.FromSeconds(90), ct);
            var during = await CountFilesAsync(standby, store, ct);
            var run = runs?.FirstOrDefault(f => f.Outcome != "Refused");
            invariants.Check(Invariant.StoreFullTyped, run is { } r && r.Detail.Contains("\"storeFull\"", StringComparison.Ordinal) && during >= before,
                () => $"mirror into the full store of {standby}: {(run is { } x ? $"{x.Outcome} {x.Detail}" : "no run")}; files {before} before, {during} after");
        }
        finally
        {
            await faults.UndoAsync($"fill {standby}'s store file system");
        }
    }

    /// <summary>A node's host key replaced: MailHa's SSH refuses it (the pinned fingerprint), never trusts it.</summary>
    private async Task HostKeyAsync(Episode e, string host, CancellationToken ct)
    {
        note($"replace {host}'s SSH host key");
        await faults.ReplaceHostKeyAsync(host, ct);
        try
        {
            using var operations = LabHost.Build(lab, new Dictionary<string, string?> { ["MailHa:Storage:DatabasePath"] = Path.Combine(work, "hostkey.db") }, new SshCommandLog());
            var outcome = await operations.Services.GetRequiredService<IRemoteShell>().RunAsync(new NodeName(host), new RemoteCommand("soak-probe", "true"), ct);
            invariants.Check(Invariant.HostKeyRefused, outcome is HostKeyRejected, () => $"{host} with a new host key: {outcome}");
            await people.SayAsync(e, "status", ct);
            await Task.Delay(e.Hold, ct);
        }
        finally
        {
            await faults.UndoAsync($"replace {host}'s SSH host key");
        }
    }

    private async Task<int> CountFilesAsync(string host, string store, CancellationToken ct)
    {
        var counted = await lab.ExecAsync(host, $"find '{store}' -type f -name '*.*' ! -name '.soak-fill' | wc -l", ct);
        return counted.Ok ? int.Parse(counted.StdOut.Trim(), System.Globalization.CultureInfo.InvariantCulture) : -1;
    }

    private static async Task<T?> WaitAsync<T>(Func<Task<T?>> probe, TimeSpan patience, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < patience)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }

        return default;
    }
}
