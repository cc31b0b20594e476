using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHa.Bot.Alerts;
using MailHa.Bot.Channels.Console;
using MailHa.Bot.Chat;
using MailHa.Bot.Hosting;
using MailHa.Bot.Incidents;
using MailHa.Operations.Status;
using MailHa.Operations.Topology;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MailHa.Bench;

/// <summary>
/// One "time to restore" run: from <c>lab cut</c> of the active node to the person knowing (the proposal card, or the
/// <c>/mail status</c> poll that shows it unreachable) and to the VIP answering from the standby.
/// </summary>
internal sealed record RestoreRun(int Index, string Tool, string Source, string Target, double? DetectedMs, double? VipMs, string Outcome, string Note)
{
    /// <summary>Cut → the page PagerDuty took (the sink's arrival); assisted runs only.</summary>
    public double? PagedMs { get; init; }

    /// <summary>The run's incident timeline, split; assisted runs only.</summary>
    public RestoreParts? Parts { get; init; }
}

/// <summary>
/// One assisted run's time to restore as its incident timeline recorded it: cut → first failed probe (wall clock against
/// the audit's time), then detect (first failed probe → declared down), page (declared → page accepted), decide
/// (declared → approved) and execute (approved → the VIP answering from the new node).
/// </summary>
internal sealed record RestoreParts(double? ToFirstProbeMs, double? DetectMs, double? PageMs, double? DecideMs, double? ExecuteMs);

/// <summary>A scenario that must raise nothing (a flapping node, a blip): how many proposals and pages it raised.</summary>
internal sealed record QuietRun(string Scenario, string Node, int Cuts, TimeSpan Length, int Proposals, int Pages, string Note);

/// <summary>
/// Measurement 6 (issue 14): time to restore when the active node dies. The real bot host (<c>BotHost.Build</c>, the
/// lab's configuration, a fresh journal per run, <c>Alerts:WatchInterval</c> at its default, 15 s, and
/// <c>Alerts:DownAfter</c> at its default, 60 s, unless <c>--restore-down-after</c> says otherwise) on loopback; the active node is cut at a random moment of the watch's cycle. Two ways of
/// finding out, interleaved: <c>assisted</c> (simulated people watch the console feed: alice presses Request failover
/// 5 s after the proposal appears, bob presses Approve 5 s after the approval card) and <c>polling</c>, the baseline (a
/// person types <c>/mail status</c> every 60 s, from a random phase; at the first answer that shows the node
/// unreachable, alice types <c>/mail failover --primary-down</c> 5 s later and bob approves 5 s after the card).
/// Paging goes to a local PagerDuty Events API stand-in (<see cref="PagerDutySink"/>). Then the false alarms: the node
/// flapping (cut 10 s, back 20 s, for <c>--restore-flap-minutes</c>) and one 15 s blip, each counting proposals and pages.
/// </summary>
internal sealed class RestoreBench(Lab lab, string workDirectory, TimeSpan? downAfter, TimeSpan flapLength)
{
    private static readonly TimeSpan Reaction = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan WatchInterval = new AlertOptions().WatchInterval;
    private static readonly TimeSpan FlapCut = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FlapUp = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Blip = TimeSpan.FromSeconds(15);

    private PagerDutySink? _pagerDuty;

    /// <summary>The flap and blip scenarios' counts.</summary>
    public List<QuietRun> QuietRuns { get; } = [];

    /// <summary>The first assisted run's incident timeline, as <c>mailha incident ID --markdown</c> prints it.</summary>
    public string? SampleTimeline { get; private set; }

    // Hang guards: a run that exceeds them is reported as such, never waited on forever.
    private static readonly TimeSpan DetectPatience = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan VipPatience = TimeSpan.FromMinutes(3);

    public async Task<List<RestoreRun>> RunAsync(int runs, CancellationToken cancellationToken)
    {
        await using var pagerDuty = _pagerDuty = await PagerDutySink.StartAsync(cancellationToken);
        var results = await RestoresAsync(runs, cancellationToken);
        if (flapLength > TimeSpan.Zero)
        {
            QuietRuns.Add(await QuietAsync("flap", FlapCut, FlapUp, flapLength, cancellationToken));
        }

        QuietRuns.Add(await QuietAsync("blip", Blip, TimeSpan.FromSeconds(30), Blip, cancellationToken));
        return results;
    }

    private async Task<List<RestoreRun>> RestoresAsync(int runs, CancellationToken cancellationToken)
    {
        var results = new List<RestoreRun>();
        var schedule = FailoverBench.Schedule(runs, runs).Select(t => t == "mailha" ? "assisted" : "polling").ToList();
        var random = new Random(1414);
        for (var k = 0; k < schedule.Count; k++)
        {
            var tool = schedule[k];
            var source = await lab.HolderAsync(cancellationToken) ?? "mail1";
            await lab.NormalizeAsync(source, cancellationToken);
            var target = Lab.Peer(source);
            RestoreRun run;
            try
            {
                run = await OneAsync(k, tool, source, target, random, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                run = new RestoreRun(k, tool, source, target, null, null, "Error", e.Message);
            }
            finally
            {
                await AfterAsync(source, target, cancellationToken);
            }

            results.Add(run);
            Console.WriteLine($"  restore #{k:00} {tool,-9} {source}→{target}: {run.Outcome}, known at {S(run.DetectedMs)}, VIP from {target} at {S(run.VipMs)}"
                + (run.Note.Length > 0 ? $" ({run.Note})" : ""));
        }

        return results;
    }

    private async Task<RestoreRun> OneAsync(int k, string tool, string source, string target, Random random, CancellationToken cancellationToken)
    {
        var app = await BuildAsync($"restore-{k:00}", source, watch: tool == "assisted", cancellationToken);
        await using (app)
        {
            await app.StartAsync(cancellationToken);
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
                var feed = app.Services.GetRequiredService<ConsoleFeed>();

                // Cut at a random moment of the watch's cycle.
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, (int)WatchInterval.TotalMilliseconds)), cancellationToken);
                var cutAt = DateTimeOffset.UtcNow;
                var clock = Stopwatch.StartNew();
                await lab.VerbAsync(cancellationToken, "cut", source);
                double? detected;
                if (tool == "assisted")
                {
                    var proposal = await EntryAsync(feed, e => e.Message.Title.Contains("is DOWN: failover", StringComparison.Ordinal), DetectPatience, cancellationToken);
                    detected = clock.Elapsed.TotalMilliseconds;
                    await Task.Delay(Reaction, cancellationToken);
                    var button = proposal.Message.Actions.Single();
                    await PostAsync(http, "console/api/action", Click("alice", button.Action, proposal.Id), cancellationToken);
                }
                else
                {
                    detected = await PollAsync(app.Services.GetRequiredService<StatusService>(), new NodeName(source), clock, random, cancellationToken);
                    await Task.Delay(Reaction, cancellationToken);
                    await PostAsync(http, "console/api/command", new ConsoleCommandRequest("alice", "/mail failover --primary-down"), cancellationToken);
                }

                var card = await EntryAsync(feed, e => e.Message.Actions.Any(a => a.Action is CardAction.Approve), DetectPatience, cancellationToken);
                await Task.Delay(Reaction, cancellationToken);
                var watch = VipWatch.WaitForAsync(lab.Vip, target, source, clock, VipPatience, cancellationToken);
                var approve = card.Message.Actions.First(a => a.Action is CardAction.Approve);
                await PostAsync(http, "console/api/action", Click("bob", approve.Action, card.Id), cancellationToken);
                var vip = await watch;
                var done = feed.Since(0).Entries.LastOrDefault(e => e.Message.Title.StartsWith("Failover", StringComparison.Ordinal) && e.Message.Title.Contains(": ", StringComparison.Ordinal));
                var run = new RestoreRun(k, tool, source, target, detected, vip.Target?.TotalMilliseconds, vip.Target is null ? "Failed" : "Succeeded",
                    vip.Target is null ? done?.Message.Title ?? "no failover report" : "");
                return tool == "assisted" && vip.Target is not null ? await WithTimelineAsync(run, app.Services, cutAt, cancellationToken) : run;
            }
            finally
            {
                await app.StopAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>The bot host on the lab's configuration with a fresh journal, paging the sink; with no watch for the polling baseline.</summary>
    private async Task<WebApplication> BuildAsync(string name, string source, bool watch, CancellationToken cancellationToken)
    {
        var overrides = LabHost.Overrides(Path.Combine(workDirectory, $"{name}-{Guid.NewGuid():N}.db"), source);
        overrides["MailHa:Alerts:HealthCron"] = "0 0 1 1 *";
        if (downAfter is { } after)
        {
            overrides["MailHa:Alerts:DownAfter"] = after.ToString("c", CultureInfo.InvariantCulture);
        }

        if (!watch)
        {
            // The baseline has no watch: nobody is told.
            overrides["MailHa:Alerts:WatchInterval"] = "1.00:00:00";
        }

        foreach (var (key, value) in await _pagerDuty!.SettingsAsync(Path.Combine(workDirectory, "paging"), cancellationToken))
        {
            overrides[key] = value;
        }

        return BotHost.Build(lab.ConfigPath, builder =>
        {
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            builder.Configuration.AddInMemoryCollection(overrides);
            builder.Configuration.AddInMemoryCollection(LabHost.Timeouts);
            builder.Logging.ClearProviders();
        });
    }

    /// <summary>The run with its incident timeline's split (waiting for the operation's end to be recorded) and its page's arrival.</summary>
    private async Task<RestoreRun> WithTimelineAsync(RestoreRun run, IServiceProvider services, DateTimeOffset cutAt, CancellationToken cancellationToken)
    {
        var records = services.GetRequiredService<IncidentRecords>();
        var clock = Stopwatch.StartNew();
        IncidentTimeline? timeline = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(60)
            && (timeline is null || !timeline.Lines.Any(l => l.Mark == TimelineMark.Ended) || !timeline.Lines.Any(l => l.Mark == TimelineMark.PageSent)))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            timeline = await records.FindAsync(null, cancellationToken);
        }

        if (timeline is null)
        {
            return run with { Note = "no incident timeline" };
        }

        SampleTimeline ??= IncidentText.Markdown(timeline);
        DateTimeOffset? At(TimelineMark mark) => timeline.Lines.FirstOrDefault(l => l.Mark == mark)?.At;
        static double? Ms(DateTimeOffset? from, DateTimeOffset? to) => from is { } f && to is { } t ? (t - f).TotalMilliseconds : null;
        var (first, declared, paged, approved, vip) = (At(TimelineMark.FirstFailedProbe), At(TimelineMark.DeclaredDown), At(TimelineMark.PageSent), At(TimelineMark.Approved), At(TimelineMark.VipAnswering));
        var arrived = _pagerDuty!.Events.Where(e => e.Action == "trigger" && e.At >= cutAt).Select(e => (DateTimeOffset?)e.At).Min();
        return run with
        {
            PagedMs = Ms(cutAt, arrived),
            Parts = new RestoreParts(Ms(cutAt, first), Ms(first, declared), Ms(declared, paged), Ms(declared, approved), Ms(approved, vip)),
        };
    }

    /// <summary>
    /// Cuts the active node for <paramref name="cut"/> and restores it for <paramref name="up"/>, again and again for
    /// <paramref name="length"/>, under the watch at its defaults, and two checks more with the node up. Counts the
    /// proposals posted and the pages PagerDuty took.
    /// </summary>
    private async Task<QuietRun> QuietAsync(string scenario, TimeSpan cut, TimeSpan up, TimeSpan length, CancellationToken cancellationToken)
    {
        var source = await lab.HolderAsync(cancellationToken) ?? "mail1";
        await lab.NormalizeAsync(source, cancellationToken);
        var app = await BuildAsync(scenario, source, watch: true, cancellationToken);
        var cuts = 0;
        var note = "";
        var pagesBefore = _pagerDuty!.Events.Count;
        var clock = Stopwatch.StartNew();
        await using (app)
        {
            await app.StartAsync(cancellationToken);
            try
            {
                // A few healthy checks first.
                await Task.Delay(WatchInterval * 2, cancellationToken);
                clock.Restart();
                while (clock.Elapsed < length)
                {
                    await lab.VerbAsync(cancellationToken, "cut", source);
                    cuts++;
                    await Task.Delay(cut, cancellationToken);
                    await lab.VerbAsync(cancellationToken, "restore", source);
                    await Task.Delay(up, cancellationToken);
                }

                // A streak ends at the first check that sees the node; two more checks, and everything was posted and paged.
                await Task.Delay(WatchInterval * 2, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                note = e.Message;
            }
            finally
            {
                if (lab.IsCut(source))
                {
                    await lab.VerbAsync(CancellationToken.None, "restore", source);
                }

                await app.StopAsync(CancellationToken.None);
            }

            var proposals = app.Services.GetRequiredService<ConsoleFeed>().Since(0).Entries.Count(e => e.Message.Title.Contains("is DOWN: failover", StringComparison.Ordinal));
            var run = new QuietRun(scenario, source, cuts, clock.Elapsed, proposals, _pagerDuty.Events.Count - pagesBefore, note);
            Console.WriteLine($"  {scenario}: {cuts} cut(s) of {cut.TotalSeconds:0} s over {run.Length.TotalMinutes:0.0} min: {proposals} proposal(s), {run.Pages} page(s)");
            return run;
        }
    }

    /// <summary>The person's polls: the first starts at a random phase after the cut, then one every minute; time of the first answer that shows the node unreachable.</summary>
    private static async Task<double?> PollAsync(StatusService status, NodeName source, Stopwatch clock, Random random, CancellationToken cancellationToken)
    {
        var next = TimeSpan.FromMilliseconds(random.Next(0, (int)PollEvery.TotalMilliseconds));
        while (clock.Elapsed < DetectPatience)
        {
            if (next > clock.Elapsed)
            {
                await Task.Delay(next - clock.Elapsed, cancellationToken);
            }

            var report = await status.GetAsync(cancellationToken);
            if (report.Nodes.FirstOrDefault(n => n.Node == source) is { Reachable: false })
            {
                return clock.Elapsed.TotalMilliseconds;
            }

            next += PollEvery;
        }

        throw new TimeoutException($"no status poll showed {source} unreachable within {DetectPatience.TotalMinutes:0} min");
    }

    /// <summary>A console click on a button: its action as the feed showed it.</summary>
    private static ConsoleActionRequest Click(string person, CardAction action, string messageId)
    {
        using var document = JsonDocument.Parse(action.Encode());
        return new(person, document.RootElement.Clone(), messageId);
    }

    private static async Task PostAsync<T>(HttpClient http, string path, T body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(path, body, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<ConsoleEntry> EntryAsync(ConsoleFeed feed, Func<ConsoleEntry, bool> match, TimeSpan patience, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < patience)
        {
            if (feed.Since(0).Entries.FirstOrDefault(match) is { } entry)
            {
                return entry;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        throw new TimeoutException("not in the console feed within " + patience.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " min");
    }

    /// <summary>As after a benchmarked failover: the old primary still holds the VIP behind its cut links: take it down there, then reconnect it.</summary>
    private async Task AfterAsync(string source, string target, CancellationToken cancellationToken)
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

    private static string S(double? ms) => ms is { } v ? $"{v / 1000:0.0} s" : "—";
}
