using System.Globalization;
using System.Text;
using MailHa.Operations.Failover;
using MailHa.Operations.Reporting;

namespace MailHa.Bench;

/// <summary>Writes one session's report (default docs/benchmarks-latest.md): the machine, the command, and every measurement as a distribution.</summary>
internal static class Report
{
    private static readonly string[] PreVipSteps = ["preflight", "fence", "drain-mail", "final-sync", "verify-directory"];
    private static readonly string[] Tools = ["mailha", "baseline"];

    private static string ToolName(string tool) => tool switch
    {
        "mailha" => "MailHa",
        _ => "baseline (bare ssh)",
    };

    public static async Task<string> WriteAsync(Results results, Lab lab, BenchOptions options)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"""
            # MailHa benchmarks

            Measured on the two-node lab (`lab/lab up`: two network namespaces on 198.18.15.0/24 and 198.18.16.0/24,
            real sshd, rsync daemons, two slapd; the topologies stage also on the symmetric and N+1 labs) by `bench/MailHa.Bench`, {results.StartedAt:yyyy-MM-dd HH:mm}–{results.EndedAt:HH:mm} UTC.
            Every number below is from that one session; nothing is asserted, only measured. Percentiles are
            nearest-rank, so with 10 runs p95 is the slowest run.

            ## Reproduce

            As root, from the repository root (takes `/run/lock/mailha-lab-tests.lock`, the lock the integration
            tests hold, for the whole run; brings the lab up and down inside it; rewrites this file):

            ```sh
            {results.Command}
            ```

            `bench/run --help` lists the options (runs per measurement, store size, Slack load).

            ## Machine

            """);
        md.Append(await MachineAsync(lab));

        md.Append(CultureInfo.InvariantCulture, $"\nTimeouts in effect (lab configuration unless overridden on the command line): {(LabHost.Timeouts.Count == 0 ? "the lab's (`Ssh:ConnectTimeout` 2 s, `Vip:ProbeTimeout` 2 s)" : string.Join(", ", LabHost.Timeouts.Select(t => $"`{t.Key}` {t.Value}")))}.\n");
        Failover(md, results);
        MailLost(md, results);
        SmtpLost(md, results);
        Mirror(md, results.Mirror);
        Moves(md, "Planned switchover on the 100,000-file store (measurement 3's store, after its runs)", results.BigSwitchovers);
        Status(md, results.Status);
        Slack(md, results.Slack);
        Restore(md, results.Restores, options.RestoreDownAfter);
        Quiet(md, results.QuietRuns, results.SampleTimeline);
        Instances(md, results.Instances);
        TopologiesReport.Append(md, results.Topologies);
        ContinuousReport.Append(md, results.Continuous);

        md.Append("\n## Not measured / incomplete in this run\n\n");
        if (results.Problems.Count == 0)
        {
            md.Append("Nothing: every measurement completed.\n");
        }
        else
        {
            foreach (var problem in results.Problems)
            {
                md.Append("- ").Append(problem).Append('\n');
            }
        }

        _ = options;
        return md.ToString();
    }

    private static async Task<string> MachineAsync(Lab lab)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var memKb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"') ?? "?"
            : "?";
        var commit = await Proc.FirstLineAsync("git", "-C", lab.Root, "rev-parse", "--short", "HEAD");
        var dirty = (await Proc.RunAsync("git", ["-C", lab.Root, "status", "--porcelain"], TimeSpan.FromSeconds(20), CancellationToken.None)).StdOut.Trim().Length > 0;
        var rows = new (string, string)[]
        {
            ("CPUs (`nproc`)", $"{await Proc.FirstLineAsync("nproc")} × {cpu}"),
            ("memory", $"{double.Parse(memKb, CultureInfo.InvariantCulture) / 1024 / 1024:0.0} GiB (MemTotal)"),
            ("kernel (`uname -r`)", await Proc.FirstLineAsync("uname", "-r")),
            ("OS", os),
            ("`dotnet --version`", await Proc.FirstLineAsync("dotnet", "--version")),
            ("`rsync --version`", await Proc.FirstLineAsync("rsync", "--version")),
            ("`ssh -V`", await Proc.FirstLineAsync("ssh", "-V")),
            ("commit", commit + (dirty ? " (with uncommitted changes)" : "")),
        };
        var text = new StringBuilder("| | |\n|---|---|\n");
        foreach (var (key, value) in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {key} | {value} |\n");
        }

        return text.ToString();
    }

    private static void Failover(StringBuilder md, Results results)
    {
        md.Append(CultureInfo.InvariantCulture, $$"""

            ## 1. Failover time

            From approval (the call to `FailoverEngine.RunAsync`; for the baseline, the first `ssh`) to the VIP
            answering from the target: a watcher in the root namespace opens a new TCP connection to
            198.18.15.10:25 every 20 ms (up to 50 in flight, 1 s each) and stops at the first SMTP banner that
            names the target. "Returns" is when `RunAsync` (or the last `ssh`) returned. Before approval,
            MailHa's plan is built once (`PlanAsync`, as the approval card's preview does; it also opens the
            SSH connections), and each MailHa run has a fresh journal whose configured primary is the
            current holder. A writer delivers mail on the source during MailHa's runs (measurement 2).

            Baseline: the seed's manual procedure as bare commands, OpenSSH client, lab key, config and known
            hosts, a new connection per command: planned: `ssh <source> ip addr del 198.18.15.10/24 dev eth0`
            then `ssh <target> 'ip addr add 198.18.15.10/24 dev eth0 label eth0:mail && arping -U -q -c 1 -I eth0 198.18.15.10'`;
            unplanned: `lab cut <source>`, then only the second command.

            Tools run in rotating rounds (MailHa, baseline; the next round starts one further along) and each
            run moves the VIP the other way (mail1→mail2, then mail2→mail1), so every tool moves it in both
            directions. An unplanned run cuts the source (`lab cut`, both its links down), and afterwards the
            VIP is taken down by hand on the isolated old primary before `lab restore`.

            **Service gap** (switchovers): from the last banner that named the source to the first that named
            the target, as the same watcher saw them. **Raw final sync**: before each baseline switchover, MailHa's
            own `exec rsync` pull line run bare over a new `ssh` connection on the target (no guards), timed.

            """);
        Moves(md, "Planned switchover", results.Switchovers);
        Moves(md, "Unplanned failover (source cut, primary-down acknowledged)", results.Failovers);
    }

    private static void Moves(StringBuilder md, string title, List<MoveRun>? runs)
    {
        md.Append(CultureInfo.InvariantCulture, $"\n### {title}\n\n");
        if (runs is null || runs.Count == 0)
        {
            md.Append("Not measured in this run.\n");
            return;
        }

        var baseline = runs.Where(r => r.Tool == "baseline").ToList();
        var okB = baseline.Where(r => r.Succeeded && r.VipMs is not null).ToList();
        var vipB = Distribution.Of(okB.Select(r => r.VipMs!.Value));
        md.Append("| tool | succeeded | VIP answers from target: median | p95 | min–max | returns: median | p95 |\n|---|---|---|---|---|---|---|\n");
        foreach (var tool in Tools)
        {
            var all = runs.Where(r => r.Tool == tool).ToList();
            if (all.Count == 0)
            {
                continue;
            }

            var ok = all.Where(r => r.Succeeded && r.VipMs is not null).ToList();
            var vip = Distribution.Of(ok.Select(r => r.VipMs!.Value));
            var done = Distribution.Of(ok.Select(r => r.DoneMs!.Value));
            md.Append(CultureInfo.InvariantCulture, $"| {ToolName(tool)} | {ok.Count}/{all.Count} | {S(vip?.Median)} | {S(vip?.P95)} | {S(vip?.Min)}–{S(vip?.Max)} | {S(done?.Median)} | {S(done?.P95)} |\n");
        }

        var gaps = Tools.Select(t => (Tool: t, Gap: Distribution.Of(runs.Where(r => r.Tool == t && r.Succeeded && r.GapMs is not null).Select(r => r.GapMs!.Value)))).Where(g => g.Gap is not null).ToList();
        var raw = Distribution.Of(baseline.Where(r => r.RawSyncMs is not null).Select(r => r.RawSyncMs!.Value));
        if (gaps.Count > 0)
        {
            md.Append("\n| service gap (last banner from the source → first from the target) | median | p95 | min–max |\n|---|---|---|---|\n");
            foreach (var (tool, gap) in gaps)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {ToolName(tool)} | {S(gap!.Median)} | {S(gap.P95)} | {S(gap.Min)}–{S(gap.Max)} |\n");
            }
        }

        if (raw is not null)
        {
            md.Append(CultureInfo.InvariantCulture, $"\nRaw final sync on this store (bare `rsync` pull over a new `ssh` connection, {raw.Count} runs): median {S(raw.Median)}, p95 {S(raw.P95)}.\n");
        }

        var mailhaVip = Distribution.Of(runs.Where(r => r.Tool == "mailha" && r.Succeeded && r.VipMs is not null).Select(r => r.VipMs!.Value));
        var mailhaGap = gaps.FirstOrDefault(g => g.Tool == "mailha").Gap;
        if (mailhaVip is not null && vipB is not null)
        {
            if (raw is not null)
            {
                var target = vipB.Median + raw.Median + 500;
                md.Append(CultureInfo.InvariantCulture, $"\nTarget (issue #12): MailHa ≤ baseline + raw final sync + 0.5 s = {S(vipB.Median)} + {S(raw.Median)} + 500 ms = **{S(target)}**; measured **{S(mailhaVip.Median)}** ({(mailhaVip.Median <= target ? "met" : "NOT met")}).");
                if (mailhaGap is not null)
                {
                    md.Append(CultureInfo.InvariantCulture, $" Service gap ≤ raw final sync + 0.5 s = **{S(raw.Median + 500)}**; measured **{S(mailhaGap.Median)}** ({(mailhaGap.Median <= raw.Median + 500 ? "met" : "NOT met")}).");
                }

                md.Append('\n');
            }
            else
            {
                var connectMs = LabHost.Timeouts.TryGetValue("MailHa:Ssh:ConnectTimeout", out var connect) && connect is not null
                    ? TimeSpan.Parse(connect, CultureInfo.InvariantCulture).TotalMilliseconds
                    : 2000;
                var target = vipB.Median + connectMs + 500;
                md.Append(CultureInfo.InvariantCulture, $"\nTarget (issue #12): MailHa ≤ baseline + `Ssh:ConnectTimeout` + 0.5 s = {S(vipB.Median)} + {S(connectMs)} + 500 ms = **{S(target)}**; measured **{S(mailhaVip.Median)}** ({(mailhaVip.Median <= target ? "met" : "NOT met")}).\n");
            }
        }

        foreach (var tool in Tools.Where(t => t != "baseline"))
        {
            var ok = runs.Where(r => r.Tool == tool && r.Succeeded && r.VipMs is not null).ToList();
            var vipM = Distribution.Of(ok.Select(r => r.VipMs!.Value));
            var doneM = Distribution.Of(ok.Select(r => r.DoneMs!.Value));
            var failed = runs.Where(r => r.Tool == tool && !r.Succeeded).ToList();
            if (failed.Count > 0)
            {
                md.Append(CultureInfo.InvariantCulture, $"\n{ToolName(tool)}: {failed.Count} run(s) did not succeed: {Cell(string.Join(" / ", failed.Select(f => f.Note).Distinct()))}\n");
            }

            if (vipM is null)
            {
                continue;
            }

            if (vipB is not null)
            {
                md.Append(CultureInfo.InvariantCulture,
                    $"\n{ToolName(tool)} / baseline (medians, VIP answering): **{vipM.Median / vipB.Median:0.0}×**; extra time to the VIP answering: **{S(vipM.Median - vipB.Median)}** (median), {S(vipM.P95 - vipB.P95)} at p95; `RunAsync` returns {S(doneM!.Median - vipB.Median)} after the baseline's VIP point (medians).\n");
            }

            md.Append(CultureInfo.InvariantCulture, $"\n{ToolName(tool)}, succeeded runs: steps (durations from the report's `StepEvent`s; ✱ = finished before the VIP can move):\n\n| step | median | p95 | max |\n|---|---|---|---|\n");
            foreach (var name in ok.SelectMany(r => r.Steps).Select(st => st.Step).Distinct())
            {
                var d = Distribution.Of(ok.SelectMany(r => r.Steps).Where(st => st.Step == name).Select(st => st.Duration.TotalMilliseconds))!;
                md.Append(CultureInfo.InvariantCulture, $"| {(PreVipSteps.Contains(name) ? "✱ " : "")}{name} | {S(d.Median)} | {S(d.P95)} | {S(d.Max)} |\n");
            }

            var overhead = Distribution.Of(ok.Select(r => r.DoneMs!.Value - r.Steps.Sum(st => st.Duration.TotalMilliseconds)))!;
            var intoRaise = Distribution.Of(ok.Select(r => r.VipMs!.Value - r.Steps.Where(st => PreVipSteps.Contains(st.Step)).Sum(st => st.Duration.TotalMilliseconds)))!;
            var plan = Distribution.Of(ok.Select(r => r.PlanMs ?? 0))!;
            md.Append(CultureInfo.InvariantCulture, $"| (between steps: journal, audit, final report) | {S(overhead.Median)} | {S(overhead.P95)} | {S(overhead.Max)} |\n");
            md.Append(CultureInfo.InvariantCulture, $"\nThe VIP answered from the target {S(intoRaise.Median)} (median; p95 {S(intoRaise.P95)}) after the ✱ steps' durations add up (that span includes the journal/audit writes between them). The preview before approval (`PlanAsync`, not counted above) took {S(plan.Median)} median.\n");

            md.Append("\nRemote commands inside those steps (MailHa's own SSH log: name, node, elapsed; per run = how many per operation):\n\n| command | on | per run | median | p95 |\n|---|---|---|---|---|\n");
            foreach (var group in ok.SelectMany(r => r.Commands.Select(c => (Run: r, Command: c))).GroupBy(x => (x.Command.Command, Role: x.Command.Node == x.Run.From ? "source" : "target", x.Command.Kind)))
            {
                var d = Distribution.Of(group.Select(x => x.Command.ElapsedMs).Where(v => !double.IsNaN(v)));
                var name = group.Key.Kind == "unreachable" ? "(connect failed: unreachable)" : group.Key.Command + (group.Key.Kind == "timed-out" ? " (TIMED OUT)" : "");
                md.Append(CultureInfo.InvariantCulture, $"| {name} | {group.Key.Role} | {(double)group.Count() / ok.Count:0.#} | {S(d?.Median)} | {S(d?.P95)} |\n");
            }
        }

        if (okB.Count > 0)
        {
            md.Append("\nBaseline commands (wall time of each `ssh`, connection included):\n\n| command | median | p95 |\n|---|---|---|\n");
            foreach (var group in okB.SelectMany(r => r.Commands).GroupBy(c => c.Command))
            {
                var d = Distribution.Of(group.Select(c => c.ElapsedMs))!;
                md.Append(CultureInfo.InvariantCulture, $"| `{group.Key}` | {S(d.Median)} | {S(d.P95)} |\n");
            }
        }

        md.Append("\n<details><summary>Every run</summary>\n\n| # | tool | direction | outcome | VIP answers | returns | note |\n|---|---|---|---|---|---|---|\n");
        foreach (var r in runs)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {r.Sequence} | {r.Tool} | {r.From}→{r.To} | {r.Outcome} | {S(r.VipMs)} | {S(r.DoneMs)} | {Cell(r.Note)} |\n");
        }

        md.Append("\n</details>\n");
    }

    private static void MailLost(StringBuilder md, Results results)
    {
        md.Append(CultureInfo.InvariantCulture, $"""

            ## 2. Mail lost

            During every MailHa run above, a writer inside the source host (`lab exec <source> bash -c …`)
            stores one message file every {1000 / Writer.RatePerSecond} ms ({Writer.RatePerSecond}/s) in its own folder of the store, but only
            while that host holds the VIP (a mail server answering on the VIP gets no mail once the VIP is
            gone; senders are *deferred* and retry at the new holder, which is not a loss). Bounded: at most
            {Writer.MaxSeconds} s and {Writer.MaxMessages} attempts. Lost = files in the writer's folder on the source that the target
            does not have afterwards.

            - Switchover: the writer runs from 1.5 s before approval until the switchover returned.
            - Failover: the writer runs, MailHa makes a mirror run (the journal's last good run), the writer
              goes on for 3–8 s more, then stops (the primary "dies") and the source is cut; then the
              failover. Mirror age = from the last good run's start to the failure.

            """);
        foreach (var (title, runs) in new[] { ("Switchover", results.Switchovers), ("Failover", results.Failovers) })
        {
            var measured = runs?.Where(r => r.Tool != "baseline" && r.Succeeded && r.Writer is not null).ToList();
            md.Append(CultureInfo.InvariantCulture, $"\n### {title}\n\n");
            if (measured is null || measured.Count == 0)
            {
                md.Append("Not measured in this run.\n");
                continue;
            }

            var lost = measured.Sum(r => r.Lost ?? 0);
            var stored = measured.Sum(r => r.Writer!.Written);
            md.Append(CultureInfo.InvariantCulture, $"{measured.Count} runs: **{lost} of {stored} stored messages lost**");
            if (title == "Failover")
            {
                var ages = Distribution.Of(measured.Select(r => r.MirrorAgeMs ?? 0))!;
                var perRun = Distribution.Of(measured.Select(r => (double)(r.Lost ?? 0)))!;
                md.Append(CultureInfo.InvariantCulture, $"; per run median {perRun.Median:0} (max {perRun.Max:0}) at a mirror age of median {S(ages.Median)} (max {S(ages.Max)}).");
                md.Append(" Expected loss ≈ rate × mirror age; the table compares.");
            }
            else
            {
                md.Append('.');
            }

            md.Append(" Succeeded runs of both MailHa variants (the mirror and the final sync do not depend on the ARP announce); a failed switchover rolls back to the source, where the mail stays.");
            md.Append("\n\n| # | tool | direction | stored | deferred | rate /s | mirror age | lost | rate × age |\n|---|---|---|---|---|---|---|---|---|\n");
            foreach (var r in measured)
            {
                var expected = r.MirrorAgeMs is { } age ? (r.Writer!.Written / (r.Writer.ElapsedMs / 1000) * age / 1000).ToString("0", CultureInfo.InvariantCulture) : "—";
                md.Append(CultureInfo.InvariantCulture, $"| {r.Sequence} | {ToolName(r.Tool)} | {r.From}→{r.To} | {r.Writer!.Written} | {r.Writer.Deferred} | {r.Writer.RatePerSecond:0.0} | {S(r.MirrorAgeMs)} | {r.Lost} | {expected} |\n");
            }
        }
    }

    /// <summary>Users' mail through the lab's sending MTA during every move of both tools, counted by IMAP on the target.</summary>
    private static void SmtpLost(StringBuilder md, Results results)
    {
        md.Append(CultureInfo.InvariantCulture, $"""

            ### Users' mail through a real MTA (SMTP in, IMAP count)

            During every run of both tools, users send one message every {SmtpSender.PeriodMs} ms to `{SmtpSender.User}@{SmtpSender.Domain}`
            through the lab's sending MTA (Postfix in the root namespace on 127.0.0.1:{SmtpSender.SenderPort}, relaying to the VIP;
            it queues and retries what is deferred, every 1–2 s), from 1.5 s before the move until it returned (at
            most {SmtpSender.MaxMessages}). Afterwards the target's Dovecot is asked by IMAP until every message is there or the count
            has not grown for 20 s. Lost = sent − arrived on the target; deferred then delivered is not lost. Settled =
            from the last message sent to the last one arriving. MailHa's failover makes a mirror run 1.5 s in and cuts
            the primary 3–8 s later; the baseline's failover cuts it 1.5 s in and has no mirror run of its own (the
            seed's every-10-minutes cron), so what reached the old primary before the cut stays there.

            | kind | tool | runs | sent | arrived on target | lost | lost per run (max) | settled median (max) |
            |---|---|---|---|---|---|---|---|

            """);
        foreach (var (kind, runs) in new[] { ("switchover", results.Switchovers), ("failover", results.Failovers) })
        {
            foreach (var tool in new[] { "mailha", "baseline" })
            {
                var measured = runs?.Where(r => r.Tool == tool && r.Succeeded && r.Smtp is not null).ToList() ?? [];
                if (measured.Count == 0)
                {
                    md.Append(CultureInfo.InvariantCulture, $"| {kind} | {ToolName(tool)} | 0 | — | — | — | — | — |\n");
                    continue;
                }

                var lost = measured.Select(r => (double)r.Smtp!.Lost).ToList();
                var settled = Distribution.Of(measured.Select(r => r.Smtp!.SettledMs))!;
                md.Append(CultureInfo.InvariantCulture,
                    $"| {kind} | {ToolName(tool)} | {measured.Count} | {measured.Sum(r => r.Smtp!.Sent)} | {measured.Sum(r => r.Smtp!.Arrived)} | **{measured.Sum(r => r.Smtp!.Lost)}** | {lost.Max():0} | {S(settled.Median)} ({S(settled.Max)}) |\n");
            }
        }
    }

    private static void Mirror(StringBuilder md, MirrorBench? mirror)
    {
        md.Append("\n## 3. Mirror cost\n\n");
        if (mirror is null || mirror.Results.Count == 0)
        {
            md.Append("Not measured in this run.\n");
            return;
        }

        md.Append(CultureInfo.InvariantCulture, $"""
            Store: {mirror.GeneratedCount:N0} message files ({mirror.GeneratedBytes / 1e6:0} MB of RFC 822-shaped text, 1–20 KB, median ≈ 3 KB)
            in {mirror.FolderCount:N0} folders on mail1, written from the root namespace into mail1's `/srv` in {mirror.GenerateTime.TotalSeconds:0.0} s, plus the lab's
            own 120 messages; removed from both hosts afterwards. First full pull (raw rsync, not in the table):
            {S(mirror.InitialPull?.Elapsed.TotalMilliseconds)}. Before every run, {mirror.ChangedPerRun:N0} files (1%) change on mail1: 60% rewritten with new
            content and size, 20% new, 20% deleted. Runs alternate M R R M … in one session; one warm-up of each
            first (not counted). MailHa: `MirrorRunner.RunAsync` in one long-lived container (as in the bot), journal
            fresh for this series, `MailHa:Mirror:MaxDelete` 5000. Raw: the same pull, run with `ssh -F lab/.run/ssh_config mail2 '<cmd>'`
            (a new SSH connection each time; `ssh mail2 true` alone takes {S(Distribution.Of(mirror.SshOverheadMs)?.Median)} median), where `<cmd>` is the
            `exec rsync` line of MailHa's own `MirrorScript`:

            ```
            {mirror.RawCommand}
            ```

            Bytes: rsync `--stats` "Total bytes sent" + "received" (the pulling side's count of rsync protocol
            bytes) and the wire (rx + tx bytes of mail1's mirror link `mha-m1-mir`, all frames: TCP/IP overhead
            and MailHa's extra `rsync --list-only` of the sentinel included).


            """);
        var m = mirror.Results.Where(r => r.Tool == "mailha").ToList();
        var r = mirror.Results.Where(x => x.Tool == "rsync").ToList();
        var wallM = Distribution.Of(m.Where(x => x.Good).Select(x => x.WallMs));
        var wallR = Distribution.Of(r.Where(x => x.Good).Select(x => x.WallMs));
        var statsM = Distribution.Of(m.Where(x => x.StatsBytes is not null).Select(x => (double)x.StatsBytes!.Value));
        var statsR = Distribution.Of(r.Where(x => x.StatsBytes is not null).Select(x => (double)x.StatsBytes!.Value));
        var wireM = Distribution.Of(m.Select(x => (double)x.WireBytes));
        var wireR = Distribution.Of(r.Select(x => (double)x.WireBytes));
        md.Append("| | good runs | wall: median | p95 | rsync --stats bytes: median | p95 | wire bytes: median | p95 | files transferred / deleted (median) |\n|---|---|---|---|---|---|---|---|---|\n");
        md.Append(CultureInfo.InvariantCulture, $"| MailHa mirror run | {m.Count(x => x.Good)}/{m.Count} | {S(wallM?.Median)} | {S(wallM?.P95)} | {B(statsM?.Median)} | {B(statsM?.P95)} | {B(wireM?.Median)} | {B(wireM?.P95)} | {Med(m.Select(x => x.Transferred))} / {Med(m.Select(x => x.Deleted))} |\n");
        md.Append(CultureInfo.InvariantCulture, $"| raw rsync over ssh | {r.Count(x => x.Good)}/{r.Count} | {S(wallR?.Median)} | {S(wallR?.P95)} | {B(statsR?.Median)} | {B(statsR?.P95)} | {B(wireR?.Median)} | {B(wireR?.P95)} | {Med(r.Select(x => x.Transferred))} / {Med(r.Select(x => x.Deleted))} |\n");
        if (wallM is not null && wallR is not null && wireM is not null && wireR is not null)
        {
            md.Append(CultureInfo.InvariantCulture, $"\nMailHa / raw: wall time **{wallM.Median / wallR.Median:0.00}×** (median; {S(wallM.Median - wallR.Median)} more), wire bytes **{wireM.Median / wireR.Median:0.00}×**");
            if (statsM is not null && statsR is not null)
            {
                md.Append(CultureInfo.InvariantCulture, $", rsync --stats bytes {statsM.Median / statsR.Median:0.00}×");
            }

            md.Append(".\n");
        }

        if (m.Count > 0)
        {
            md.Append("\nWhere a MailHa mirror run's time goes (its SSH log; the guards and the pull are separate commands):\n\n| command | on | per run | median | p95 |\n|---|---|---|---|---|\n");
            foreach (var group in m.SelectMany(x => x.Commands).Where(c => c.Kind == "exited").GroupBy(c => (c.Command, c.Node)))
            {
                var d = Distribution.Of(group.Select(c => c.ElapsedMs))!;
                md.Append(CultureInfo.InvariantCulture, $"| {group.Key.Command} | {group.Key.Node} | {(double)group.Count() / m.Count:0.#} | {S(d.Median)} | {S(d.P95)} |\n");
            }
        }

        md.Append("\n<details><summary>Every run</summary>\n\n| # | tool | wall | stats bytes | wire bytes | transferred | deleted | note |\n|---|---|---|---|---|---|---|---|\n");
        foreach (var x in mirror.Results)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {x.Sequence} | {x.Tool} | {S(x.WallMs)} | {x.StatsBytes} | {x.WireBytes} | {x.Transferred} | {x.Deleted} | {Cell(x.Note)} |\n");
        }

        md.Append("\n</details>\n");
    }

    private static void Status(StringBuilder md, StatusBench? status)
    {
        md.Append("\n## 4. Status latency\n\n");
        if (status is null || status.Healthy.Count == 0)
        {
            md.Append("Not measured in this run.\n");
            return;
        }

        var healthy = Distribution.Of(status.Healthy.Select(c => c.Ms))!;
        var cut = Distribution.Of(status.Cut.Select(c => c.Ms));
        md.Append(CultureInfo.InvariantCulture, $"""
            `StatusService.GetAsync` in one long-lived container (as in the bot), lab configuration. Its bound,
            from its options: {status.BoundText}.
            The first call of a fresh container (SSH connections, LDAP binds) took {S(status.ColdMs)}; one more
            warm-up call, then:

            | | calls | median | p95 | max | bound | within bound | parts reported unknown |
            |---|---|---|---|---|---|---|---|
            | both nodes healthy | {healthy.Count} | {S(healthy.Median)} | {S(healthy.P95)} | {S(healthy.Max)} | {S(status.Bound.TotalMilliseconds)} | {status.Healthy.Count(c => c.Ms <= status.Bound.TotalMilliseconds)}/{healthy.Count} | {status.Healthy.Sum(c => c.Unknown)} |

            """);
        if (cut is not null)
        {
            md.Append(CultureInfo.InvariantCulture, $"| mail1 cut off (`lab cut mail1`) | {cut.Count} | {S(cut.Median)} | {S(cut.P95)} | {S(cut.Max)} | {S(status.Bound.TotalMilliseconds)} | {status.Cut.Count(c => c.Ms <= status.Bound.TotalMilliseconds)}/{cut.Count} | {status.Cut.Sum(c => c.Unknown)} |\n");
            var sample = status.Cut.FirstOrDefault(c => c.Unknown > 0)?.UnknownText;
            md.Append(CultureInfo.InvariantCulture, $"\nWith mail1 cut, the unknown parts read e.g.: {(sample is null ? "none" : Cell(sample))}. Every call with mail1 cut: {string.Join(", ", status.Cut.Select(c => S(c.Ms)))}.\n");
        }

        if (status.Parts.Count > 0)
        {
            md.Append("\nEach part of a call on its own (10 calls each, both nodes healthy, same container; a call runs them in parallel):\n\n| part | median | p95 |\n|---|---|---|\n");
            foreach (var (name, times) in status.Parts)
            {
                var d = Distribution.Of(times)!;
                md.Append(CultureInfo.InvariantCulture, $"| {name} | {S(d.Median)} | {S(d.P95)} |\n");
            }

            md.Append('\n');
        }
    }

    private static void Slack(StringBuilder md, SlackBench? slack)
    {
        md.Append("\n## 5. Slack ack latency\n\n");
        if (slack is null || slack.Calls.Count == 0)
        {
            md.Append("Not measured in this run.\n");
            return;
        }

        var ok = slack.Calls.Where(c => c.Status == 200).ToList();
        var d = Distribution.Of(ok.Select(c => c.Ms))!;
        var all = Distribution.Of(slack.Calls.Select(c => c.Ms))!;
        md.Append(CultureInfo.InvariantCulture, $"""
            The real bot host (`BotHost.Build` with the lab configuration, Slack enabled in HTTP mode, signing
            secret and bot token in temp files, `ApiBaseUrl` at a dummy listener on loopback that answers every
            call `200 {"{"}"ok":true{"}"}`), listening on 127.0.0.1, all in this one process. Load: signed
            (`v0` HMAC) `POST /slack/commands` with `/mail help`, each with its own `trigger_id` (so none is a
            replay), {slack.Concurrency} concurrent senders over up to {slack.Concurrency} keep-alive connections, bounded at {slack.Total:N0} requests
            and {slack.TimeLimit.TotalSeconds:0} s. One cold request and 100 warm-up requests first (not counted). Time = from sending to the
            complete response.

            | requests | HTTP 200 | "busy" acks | other | elapsed | throughput | p50 | p95 | p99 | max |
            |---|---|---|---|---|---|---|---|---|---|
            | {slack.Calls.Count:N0}{(slack.HitTimeLimit ? " (time limit hit)" : "")} | {ok.Count:N0} | {ok.Count(c => c.Busy)} | {slack.Calls.Count - ok.Count} | {slack.Elapsed.TotalSeconds:0.0} s | {slack.Calls.Count / slack.Elapsed.TotalSeconds:0} req/s | {S(d.Median)} | {S(d.P95)} | {S(d.P99)} | {S(d.Max)} |

            "Busy" acks are HTTP 200 with "MailHa is busy; please try again in a minute.": the bounded dispatch
            queue (`ChatDispatcher`, capacity 256, drained by 4 workers) was full, so the command was
            acknowledged but not run. Cold first request: {S(slack.ColdMs)}. Answers that reached the dummy's `response_url` hooks in the
            whole stage: {slack.DummyHits:N0} (`/mail help` is answered in the HTTP response itself; the status burst below answers there). Whole-sample p99 incl. non-200: {S(all.P99)}.

            """);
        if (slack.StatusCalls.Count > 0)
        {
            var status = Distribution.Of(slack.StatusCalls.Select(c => c.Ms))!;
            md.Append(CultureInfo.InvariantCulture, $"""

                Then {slack.StatusCalls.Count} concurrent signed `/mail status` (the lab's nodes both up; the sender given the Read role),
                counting the status gathers in the same host (an `IReportObserver<StatusReport>`; each gather asks every node):

                | `/mail status` sent | HTTP 200 | "busy" acks | answered at their response_url | gathers | ack p50 | ack p99 |
                |---|---|---|---|---|---|---|
                | {slack.StatusCalls.Count} | {slack.StatusCalls.Count(c => c.Status == 200)} | {slack.StatusCalls.Count(c => c.Busy)} | {slack.StatusAnswers} | {slack.StatusGathers} | {S(status.Median)} | {S(status.P99)} |

                """);
        }
    }

    private static void Restore(StringBuilder md, List<RestoreRun>? runs, double? downAfter)
    {
        md.Append("\n## 6. Time to restore (the active node dies)\n\n");
        if (runs is null || runs.Count == 0)
        {
            md.Append("Not measured in this run.\n");
            return;
        }

        md.Append(CultureInfo.InvariantCulture, $"""
            The real bot host (`BotHost.Build`, the lab's configuration, a fresh journal per run) on loopback, with the
            `Alerts` defaults (`WatchInterval` 3 s, `AgreedDownAfter` 17 s, `DownAfter` {(downAfter is { } d ? $"{d:0.#} s (`--restore-down-after`)" : "60 s")}, `FlapMemory` 10 min),
            paging a local PagerDuty Events API v2 stand-in. `lab cut` the active node at a random moment of the watch's
            cycle; time from the cut. **assisted**: simulated people watch the console feed; alice presses Request failover
            5 s after the proposal card appears, bob presses Approve 5 s after the approval card. **polling** (the
            baseline, same session): no watch; a person types `/mail status` every 60 s from a random phase, and at the
            first answer showing the node unreachable types `/mail failover --primary-down` 5 s later; bob approves 5 s
            after the card. "Known" = the card appears / the poll's answer arrives; "paged" = PagerDuty took the trigger;
            "VIP" = the first SMTP banner from the standby on the VIP (`VipWatch`).

            | way | runs | succeeded | paged, median (max) | known, median | known, max | VIP from the standby, median | VIP, max |
            |---|---|---|---|---|---|---|---|

            """);
        foreach (var tool in new[] { "assisted", "polling" })
        {
            var mine = runs.Where(r => r.Tool == tool).ToList();
            var known = Distribution.Of(mine.Where(r => r.DetectedMs is not null).Select(r => r.DetectedMs!.Value));
            var vip = Distribution.Of(mine.Where(r => r.VipMs is not null).Select(r => r.VipMs!.Value));
            var paged = Distribution.Of(mine.Where(r => r.PagedMs is not null).Select(r => r.PagedMs!.Value));
            md.Append(CultureInfo.InvariantCulture, $"| {tool} | {mine.Count} | {mine.Count(r => r.Outcome == "Succeeded")} | {(paged is null ? "—" : $"{S(paged.Median)} ({S(paged.Max)})")} | {S(known?.Median)} | {S(known?.Max)} | {S(vip?.Median)} | {S(vip?.Max)} |\n");
        }

        var split = runs.Where(r => r.Parts is not null).ToList();
        if (split.Count > 0)
        {
            md.Append("""

                Each assisted run's incident timeline (`mailha incident`), split: cut → the first failed probe the watch
                recorded (the cut's phase in the check cycle), **detect** (first failed probe → declared down), **page**
                (declared → PagerDuty took the trigger, from the audit), **decide** (declared → approved: the people's
                two 5 s and the approval card), **execute** (approved → the VIP answers from the new node).

                | run | cut → first failed probe | detect | page | decide | execute |
                |---|---|---|---|---|---|

                """);
            foreach (var r in split)
            {
                var p = r.Parts!;
                md.Append(CultureInfo.InvariantCulture, $"| #{r.Index} {r.Source}→{r.Target} | {S(p.ToFirstProbeMs)} | {S(p.DetectMs)} | {S(p.PageMs)} | {S(p.DecideMs)} | {S(p.ExecuteMs)} |\n");
            }
        }

        md.Append("\nEvery run: ");
        md.Append(string.Join("; ", runs.Select(r => $"#{r.Index} {r.Tool} {r.Source}→{r.Target} {r.Outcome}, known {S(r.DetectedMs)}, VIP {S(r.VipMs)}{(r.Note.Length > 0 ? $" ({Cell(r.Note)})" : "")}")));
        md.Append(".\n");
    }

    private static void Quiet(StringBuilder md, List<QuietRun>? runs, string? sample)
    {
        if (runs is { Count: > 0 })
        {
            md.Append("""

                ### No proposal, no page: a flapping node and a blip

                The same host and defaults. **flap**: the active node cut 10 s, back 20 s, again and again; **blip**: cut
                once for 15 s. Each followed by two checks with the node up. Expected: no proposal and no page.

                | scenario | node | cuts | length | proposals | pages | note |
                |---|---|---|---|---|---|---|

                """);
            foreach (var r in runs)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {r.Scenario} | {r.Node} | {r.Cuts} | {r.Length.TotalMinutes:0.0} min | {r.Proposals} | {r.Pages} | {Cell(r.Note)} |\n");
            }
        }

        if (sample is not null)
        {
            md.Append("\n### The first assisted run's incident timeline\n\n");
            md.Append(sample.Replace("# Incident timeline", "#### Incident timeline", StringComparison.Ordinal).Replace("\n## Time to restore", "\n##### Time to restore", StringComparison.Ordinal));
        }
    }

    private static void Instances(StringBuilder md, InstancesBench? instances)
    {
        md.Append("\n## 7. Two instances (issue #11)\n\n");
        if (instances is null || (instances.Approvals.Count == 0 && instances.Takeovers.Count == 0))
        {
            md.Append("Not measured in this run.\n");
            return;
        }

        md.Append(CultureInfo.InvariantCulture, $"""
            Two `mailha serve` processes (`dotnet src/Bot/bin/Release/net10.0/mailha.dll serve --config lab/.run/mailha.json`,
            each on its own loopback port) on one PostgreSQL (Debian's server, started by `lab/postgres` under
            `lab/.run/bench/postgres`, a fresh database per part; `MailHa:Storage:Provider` `PostgreSql`, the connection
            string a `file:` secret). Each runs in its own UTS namespace (`unshare --uts`, host names `mailha-a` and
            `mailha-b`): to the lease code they are two machines, and a lease whose holder is on another machine is free
            only once it expires. `Storage:LeaseDuration` 30 s (the default; the holder renews every third of it).

            **Approval → VIP.** alice types `/mail switchover` on a (`POST console/api/command`); bob presses Approve on
            the card's request (`POST console/api/action`) on b (**other instance**) or on a (**same instance**, the
            baseline), alternating in rotating rounds, each run moving the VIP the other way; time from the approval's POST to the first SMTP banner from the
            target on the VIP (`VipWatch`) and to the operation's end in the journal. The instance that takes the
            approval re-checks the plan and runs the operation. Scheduled jobs off; both instances answered a `/mail status`
            and ran one switchover each (not counted) first.

            """);
        if (instances.Approvals.Count > 0)
        {
            md.Append("\n| approval on | runs | succeeded | VIP answers from target: median | max | operation ends: median | max |\n|---|---|---|---|---|---|---|\n");
            foreach (var side in Enum.GetValues<ApprovalSide>())
            {
                var mine = instances.Approvals.Where(r => r.Side == side).ToList();
                var ok = mine.Where(r => r.State == Bot.Approvals.ApprovalState.Succeeded && r.VipMs is not null).ToList();
                var vip = Distribution.Of(ok.Select(r => r.VipMs!.Value));
                var done = Distribution.Of(ok.Where(r => r.DoneMs is not null).Select(r => r.DoneMs!.Value));
                md.Append(CultureInfo.InvariantCulture, $"| {(side == ApprovalSide.OtherInstance ? "the other instance (b)" : "the same instance (a, baseline)")} | {mine.Count} | {ok.Count} | {S(vip?.Median)} | {S(vip?.Max)} | {S(done?.Median)} | {S(done?.Max)} |\n");
            }

            md.Append("\nEvery run: ");
            md.Append(string.Join("; ", instances.Approvals.Select(r => $"#{r.Index} {Side(r.Side)} {r.Source}→{r.Target} {r.State?.ToString() ?? "Error"}, VIP {S(r.VipMs)}, ends {S(r.DoneMs)}{(r.Note.Length > 0 ? $" ({Cell(r.Note)})" : "")}")));
            md.Append(".\n");
        }

        md.Append(CultureInfo.InvariantCulture, $"""

            **Takeover.** The same two processes with the mirror and the health watch scheduled every minute
            (`Mirror:Cron` and `Alerts:HealthCron` `{InstancesBench.EveryMinute}`). The instance holding the journal's `leader` lease
            is lost at a random second of the minute: **SIGKILL** (two hosts), against **SIGTERM** (two hosts: a clean stop
            releases the lease) and **SIGKILL, one host** (both in this machine's UTS namespace: the survivor sees the
            holder's PID is gone). Times from the signal to: the lost leader's lease expiry (its `expires_at`, read just
            before the signal); the survivor holding the `leader` lease (its `acquired_at`), so
            running the health watch and the alerts; its health watch completing (the
            `mailha_health_watch_last_run_timestamp_seconds` gauge on its `/metrics`); the first scheduled mirror run
            starting (`mirror_runs`, trigger `schedule`; the survivor is the only instance left), and how long after its own
            cron slot (`MirrorJob.Slot`) it started; "its slot" in the list below is relative to the signal (negative: the
            slot before the signal, whose run started after it). The lost instance is started again afterwards as the standby.

            """);
        if (instances.Takeovers.Count > 0)
        {
            md.Append("\n| lost by | runs | lease would expire: median | leader lease: median | max | health watch ran: median | max | scheduled mirror started: median | max | after its slot: median | max |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
            foreach (var kind in Enum.GetValues<TakeoverCase>())
            {
                var mine = instances.Takeovers.Where(r => r.Case == kind).ToList();
                if (mine.Count == 0)
                {
                    continue;
                }

                var expires = Distribution.Of(mine.Where(r => r.ExpiresMs is not null).Select(r => r.ExpiresMs!.Value));
                var leader = Distribution.Of(mine.Where(r => r.LeaderMs is not null).Select(r => r.LeaderMs!.Value));
                var watch = Distribution.Of(mine.Where(r => r.WatchMs is not null).Select(r => r.WatchMs!.Value));
                var mirror = Distribution.Of(mine.Where(r => r.MirrorMs is not null).Select(r => r.MirrorMs!.Value));
                var late = Distribution.Of(mine.Where(r => r.MirrorLateMs is not null).Select(r => r.MirrorLateMs!.Value));
                md.Append(CultureInfo.InvariantCulture, $"| {Case(kind)} | {mine.Count} | {S(expires?.Median)} | {S(leader?.Median)} | {S(leader?.Max)} | {S(watch?.Median)} | {S(watch?.Max)} | {S(mirror?.Median)} | {S(mirror?.Max)} | {S(late?.Median)} | {S(late?.Max)} |\n");
            }

            if (instances.Takeovers.Any(r => r.Case == TakeoverCase.KilledMidMirror))
            {
                md.Append("\n**SIGKILL mid-mirror** (`--mid-mirror-runs`): the instance holding the journal's operation lease for a scheduled mirror "
                    + "run (leader or not) is killed while the run goes on; its notes list Hangfire's lock rows left in `hangfire.lock` and the jobs "
                    + "that failed since the signal.\n");
            }

            md.Append("\nEvery run (times from the signal): ");
            md.Append(string.Join("; ", instances.Takeovers.Select(r =>
                $"#{r.Index} {Case(r.Case)}, {r.Gone} lost, lease would expire {S(r.ExpiresMs)}, {r.Survivor} leads {S(r.LeaderMs)}, health watch {S(r.WatchMs)}, mirror {S(r.MirrorMs)} (its slot {S(r.MirrorSlotMs)}, {r.MirrorOutcome ?? "none"}){(r.Note.Length > 0 ? $" ({Cell(r.Note)})" : "")}")));
            md.Append(".\n");
        }
    }

    private static string Side(ApprovalSide side) => side == ApprovalSide.OtherInstance ? "other" : "same";

    private static string Case(TakeoverCase kind) => kind switch
    {
        TakeoverCase.Killed => "SIGKILL, two hosts",
        TakeoverCase.Stopped => "SIGTERM, two hosts (baseline)",
        TakeoverCase.KilledSameHost => "SIGKILL, one host (baseline)",
        _ => "SIGKILL mid-mirror, two hosts",
    };

    private static string S(double? ms) => ms switch
    {
        null => "—",
        { } v when Math.Abs(v) >= 10_000 => $"{v / 1000:0.0} s",
        { } v when Math.Abs(v) >= 1000 => $"{v / 1000:0.00} s",
        { } v when Math.Abs(v) >= 10 => $"{v:0} ms",
        { } v => $"{v:0.0} ms",
    };

    private static string B(double? bytes) => bytes switch
    {
        null => "—",
        >= 1e6 => $"{bytes / 1e6:0.00} MB",
        >= 1e3 => $"{bytes / 1e3:0.0} kB",
        _ => $"{bytes:0} B",
    };

    private static string Med(IEnumerable<long?> values) => Distribution.Of(values.OfType<long>().Select(v => (double)v))?.Median.ToString("0", CultureInfo.InvariantCulture) ?? "—";

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
