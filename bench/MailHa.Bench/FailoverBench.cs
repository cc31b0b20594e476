using System.Diagnostics;
using MailHa.Operations.Failover;
using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bench;

/// <summary>
/// Measurements 1 and 2: MailHa's switchover / failover against the seed's manual procedure, timed from
/// approval to the VIP answering from the target, with a writer delivering mail on the source during
/// MailHa's runs. Two tools, <c>mailha</c> and <c>baseline</c>, interleaved in rotating rounds; every run
/// moves the VIP the other way, so each tool moves it in both directions. Each MailHa run gets a fresh
/// journal whose configured primary is the current holder. Before each baseline switchover, the raw
/// rsync pull of the same store (over ssh) is timed: the raw final sync the targets compare with.
/// </summary>
internal sealed class FailoverBench(Lab lab, string workDirectory)
{
    private static readonly TimeSpan VipPatience = TimeSpan.FromSeconds(90);

    public async Task<List<MoveRun>> RunAsync(OperationKind kind, int mailha, int baseline, CancellationToken cancellationToken)
    {
        var results = new List<MoveRun>();
        var schedule = Schedule(mailha, baseline);
        for (var k = 0; k < schedule.Count; k++)
        {
            var tool = schedule[k];
            var source = await lab.HolderAsync(cancellationToken) ?? "mail1";
            await lab.NormalizeAsync(source, cancellationToken);
            var target = Lab.Peer(source);
            MoveRun run;
            try
            {
                run = tool == "baseline"
                    ? await BaselineAsync(kind, k, source, target, cancellationToken)
                    : await MailHaAsync(kind, k, source, target, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                run = new MoveRun(k, tool, kind, source, target, null, null, "Error", [], [], null, null, null, null, e.Message);
            }
            finally
            {
                await AfterFailoverAsync(lab, source, target, cancellationToken);
            }

            results.Add(run);
            Console.WriteLine($"  {kind} #{k:00} {tool,-11} {source}→{target}: {run.Outcome}, VIP from {target} at {Ms(run.VipMs)}, done at {Ms(run.DoneMs)}"
                + (run.Writer is { } w ? $", writer {w.Written} stored/{w.Deferred} deferred, lost {run.Lost}" : "")
                + (run.Smtp is { } m ? $", SMTP {m.Sent} sent/{m.Arrived} on {run.To} by IMAP (settled {m.SettledMs / 1000:0.0} s after the last)" : "")
                + (run.MirrorAgeMs is { } age ? $", mirror age {age / 1000:0.0} s" : "")
                + (run.GapMs is { } gap ? $", service gap {gap:0} ms" : "")
                + (run.RawSyncMs is { } raw ? $", raw final sync {raw:0} ms" : "")
                + (run.Note.Length > 0 ? $" ({run.Note})" : ""));
        }

        return results;
    }

    /// <summary>Rounds of (mailha, baseline), rotated by one each round, until every count is used.</summary>
    public static List<string> Schedule(int mailha, int baseline)
    {
        var left = new Dictionary<string, int>(StringComparer.Ordinal) { ["mailha"] = mailha, ["baseline"] = baseline };
        string[] order = ["mailha", "baseline"];
        var schedule = new List<string>();
        for (var round = 0; left.Values.Any(v => v > 0); round++)
        {
            foreach (var tool in order.Skip(round % order.Length).Concat(order.Take(round % order.Length)))
            {
                if (left[tool] > 0)
                {
                    schedule.Add(tool);
                    left[tool]--;
                }
            }
        }

        return schedule;
    }

    private async Task<MoveRun> MailHaAsync(OperationKind kind, int k, string source, string target, CancellationToken cancellationToken)
    {
        const string tool = "mailha";
        var name = $"{kind.ToString().ToLowerInvariant()}-{k:00}-{Guid.NewGuid():N}";
        var log = new SshCommandLog();
        using var host = LabHost.Build(lab, LabHost.Overrides(Path.Combine(workDirectory, name + ".db"), source), log);
        var engine = host.Services.GetRequiredService<FailoverEngine>();
        var service = LabHost.Service(host);
        using var writer = Writer.Start(lab, source, name);
        await using var users = SmtpSender.Start(name);
        await Task.Delay(TimeSpan.FromMilliseconds(1500), cancellationToken);

        WriterResult? written = null;
        double? mirrorAge = null;
        if (kind == OperationKind.Failover)
        {
            // The journal knows the last good mirror run; the primary then "fails" 3-8 s later.
            var mirror = await host.Services.GetRequiredService<MirrorRunner>().RunAsync(new MirrorRequest(service, "bench"), cancellationToken);
            if (!mirror.IsGood)
            {
                throw new InvalidOperationException($"the mirror run before the failover failed: {mirror.Describe()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(new Random(4242 + k).Next(3000, 8000)), cancellationToken);
            written = await writer.StopAsync(cancellationToken);
            mirrorAge = (DateTimeOffset.UtcNow - mirror.StartedAt).TotalMilliseconds;
            await lab.VerbAsync(cancellationToken, "cut", source);
        }

        // The approval card's preview: the bot shows the plan before anyone approves (this also opens the SSH connections).
        var planClock = Stopwatch.StartNew();
        var request = new FailoverRequest(service, kind, "bench:requester", "bench:approver", new FailoverOverrides(PrimaryDown: kind == OperationKind.Failover));
        var plan = await engine.PlanAsync(request, cancellationToken);
        var planMs = planClock.Elapsed.TotalMilliseconds;
        if (plan.Refusal is not null)
        {
            throw new InvalidOperationException($"the plan refuses: {plan.Refusal.Describe()}");
        }

        var clock = new Stopwatch();
        log.Reset(clock);
        using var watchStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        clock.Start();
        var watch = VipWatch.WaitForAsync(lab.Vip, target, source, clock, VipPatience, watchStop.Token);
                var report = await engine.RunAsync(request, null, cancellationToken);
        var done = clock.Elapsed.TotalMilliseconds;
        if (report.Outcome != FailoverOutcome.Succeeded)
        {
            watchStop.CancelAfter(TimeSpan.FromSeconds(2));
        }

        var vip = await watch;
        if (kind == OperationKind.Switchover)
        {
            written = await writer.StopAsync(cancellationToken);
        }

        var lost = Writer.Missing(lab, source, target, writer.Directory);
        var smtp = await users.StopAndCountAsync(target, cancellationToken);
        return new MoveRun(k, tool, kind, source, target, vip.Target?.TotalMilliseconds, done, report.Outcome.ToString(), report.Steps, log.Commands, planMs,
            written, lost, mirrorAge, report.Outcome == FailoverOutcome.Succeeded ? "" : report.Describe(), kind == OperationKind.Failover ? null : vip.GapMs, Smtp: smtp);
    }

    private async Task<MoveRun> BaselineAsync(OperationKind kind, int k, string source, string target, CancellationToken cancellationToken)
    {
        double? rawSync = null;
        await using var users = SmtpSender.Start($"baseline-{kind.ToString().ToLowerInvariant()}-{k:00}-{Guid.NewGuid():N}");
        await Task.Delay(TimeSpan.FromMilliseconds(1500), cancellationToken);
        if (kind == OperationKind.Failover)
        {
            await lab.VerbAsync(cancellationToken, "cut", source);
        }
        else
        {
            // The raw final sync on this store: MailHa's own pull line, over a new ssh connection, no guards.
            var pull = await lab.SshAsync(target, RawPull(source, target), TimeSpan.FromMinutes(20), cancellationToken);
            rawSync = pull.Ok ? pull.Elapsed.TotalMilliseconds : null;
        }

        var clock = Stopwatch.StartNew();
        var watch = VipWatch.WaitForAsync(lab.Vip, target, source, clock, TimeSpan.FromSeconds(30), cancellationToken);
        var commands = new List<SshCommand>();
        var note = "";
        if (kind == OperationKind.Switchover)
        {
            var drop = await lab.SshAsync(source, $"ip addr del {lab.VipCidr} dev {lab.Interface}", TimeSpan.FromSeconds(20), cancellationToken);
            commands.Add(new SshCommand(clock.Elapsed.TotalMilliseconds, "ssh ip addr del", source, drop.Code, drop.Elapsed.TotalMilliseconds, "exited"));
            note = drop.Ok ? note : drop.Describe();
        }

        var raise = await lab.SshAsync(target, $"ip addr add {lab.VipCidr} dev {lab.Interface} label {lab.Label} && arping -U -q -c 1 -I {lab.Interface} {lab.Vip}", TimeSpan.FromSeconds(20), cancellationToken);
        commands.Add(new SshCommand(clock.Elapsed.TotalMilliseconds, "ssh ip addr add + arping -U", target, raise.Code, raise.Elapsed.TotalMilliseconds, "exited"));
        var done = clock.Elapsed.TotalMilliseconds;
        var vip = await watch;
        var ok = raise.Ok && note.Length == 0 && vip.Target is not null;
        var smtp = await users.StopAndCountAsync(target, cancellationToken);
        return new MoveRun(k, "baseline", kind, source, target, vip.Target?.TotalMilliseconds, done, ok ? "Succeeded" : "Failed", [], commands, null, null, null, null,
            raise.Ok ? note : raise.Describe(), kind == OperationKind.Failover ? null : vip.GapMs, rawSync, smtp);
    }

    /// <summary>The pull as MailHa runs it from <paramref name="target"/>, without its guards (see <see cref="MirrorBench"/>).</summary>
    private string RawPull(string source, string target)
    {
        using var host = LabHost.Build(lab, LabHost.Overrides(Path.Combine(workDirectory, $"raw-{Guid.NewGuid():N}.db"), source), new SshCommandLog());
        return MirrorBench.RawPull(host.Services, source, target);
    }

    /// <summary>After a failover the old primary still holds the VIP behind its cut links: take it down there by hand, then reconnect it.</summary>
    public static async Task AfterFailoverAsync(Lab lab, string source, string target, CancellationToken cancellationToken)
    {
        if (await lab.HoldsVipAsync(target, cancellationToken) && await lab.HoldsVipAsync(source, cancellationToken))
        {
            await lab.ExecAsync(source, $"ip addr del {lab.VipCidr} dev {lab.Interface}", cancellationToken);
        }

        if (lab.IsCut(source))
        {
            await lab.VerbAsync(cancellationToken, "restore", source);
        }
    }

    private static string Ms(double? ms) => ms is { } v ? $"{v:0} ms" : "—";
}
