using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHa.Bot.Channels.Console;
using MailHa.Bot.Chat;
using MailHa.Bot.Hosting;
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
internal sealed record RestoreRun(int Index, string Tool, string Source, string Target, double? DetectedMs, double? VipMs, string Outcome, string Note);

/// <summary>
/// Measurement 6 (issue 14): time to restore when the active node dies. The real bot host (<c>BotHost.Build</c>, the
/// lab's configuration, a fresh journal per run, <c>Alerts:WatchInterval</c> at its default, 15 s, and
/// <c>Alerts:DownAfter</c> at its default, 60 s, unless <c>--restore-down-after</c> says otherwise) on loopback; the active node is cut at a random moment of the watch's cycle. Two ways of
/// finding out, interleaved: <c>assisted</c> (simulated people watch the console feed: alice presses Request failover
/// 5 s after the proposal appears, bob presses Approve 5 s after the approval card) and <c>polling</c>, the baseline (a
/// person types <c>/mail status</c> every 60 s, from a random phase; at the first answer that shows the node
/// unreachable, alice types <c>/mail failover --primary-down</c> 5 s later and bob approves 5 s after the card).
/// </summary>
internal sealed class RestoreBench(Lab lab, string workDirectory, TimeSpan? downAfter)
{
    private static readonly TimeSpan Reaction = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(15);

    // Hang guards: a run that exceeds them is reported as such, never waited on forever.
    private static readonly TimeSpan DetectPatience = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan VipPatience = TimeSpan.FromMinutes(3);

    public async Task<List<RestoreRun>> RunAsync(int runs, CancellationToken cancellationToken)
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
        var overrides = LabHost.Overrides(Path.Combine(workDirectory, $"restore-{k:00}-{Guid.NewGuid():N}.db"), source);
        overrides["MailHa:Alerts:HealthCron"] = "0 0 1 1 *";
        if (downAfter is { } after)
        {
            overrides["MailHa:Alerts:DownAfter"] = after.ToString("c", CultureInfo.InvariantCulture);
        }
        if (tool == "polling")
        {
            // The baseline has no watch: nobody is told.
            overrides["MailHa:Alerts:WatchInterval"] = "1.00:00:00";
        }

        var app = BotHost.Build(lab.ConfigPath, builder =>
        {
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            builder.Configuration.AddInMemoryCollection(overrides);
            builder.Configuration.AddInMemoryCollection(LabHost.Timeouts);
            builder.Logging.ClearProviders();
        });
        await using (app)
        {
            await app.StartAsync(cancellationToken);
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
                var feed = app.Services.GetRequiredService<ConsoleFeed>();

                // Cut at a random moment of the watch's cycle.
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, (int)WatchInterval.TotalMilliseconds)), cancellationToken);
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
                return new RestoreRun(k, tool, source, target, detected, vip.Target?.TotalMilliseconds, vip.Target is null ? "Failed" : "Succeeded",
                    vip.Target is null ? done?.Message.Title ?? "no failover report" : "");
            }
            finally
            {
                await app.StopAsync(CancellationToken.None);
            }
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
