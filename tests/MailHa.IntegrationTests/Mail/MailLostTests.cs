using System.Diagnostics;
using MailHa.Bot.UseCases;
using MailHa.IntegrationTests.Failover;
using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Failover;
using MailHa.Operations.Mirror;
using MailHa.Operations.Ssh;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.IntegrationTests.Mail;

/// <summary>
/// Mail lost, end to end: users keep sending through a real sending MTA (it queues and retries what is
/// deferred) while the VIP moves, and the count is taken by IMAP on the new primary. Deferred then
/// delivered is not lost.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class MailLostTests(LabFixture lab)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Switchover_LosesNoMail_WhenUsersSendThroughout()
    {
        await using var scope = await LabScope.StartAsync(lab, Token);
        var built = scope.Build().Services;
        var engine = built.GetRequiredService<FailoverEngine>();
        var subject = $"switchover {Guid.NewGuid():N}";

        FailoverReport report;
        int sent;
        await using (var users = SteadyMail.Start("user18", subject, Interval))
        {
            await users.SendMoreAsync(10, Token);
            report = await engine.RunAsync(SwitchoverTests.Request(LabService.Of(built), OperationKind.Switchover), null, Token);
            await users.SendMoreAsync(10, Token);
            sent = await users.StopAsync();
        }

        Assert.True(report.Outcome == FailoverOutcome.Succeeded, FailoverReportText.Format(report));
        // Postfix answers 250 once a message is queued and stores it a moment later: the final sync waited for that.
        Assert.Equal(StepState.Done, report.Steps.Single(s => s.Step == "drain-mail").State);
        // Told apart by numbered subject: a message mail1 stored as its VIP went down, before the sender heard the
        // answer, is retried to mail2 and arrives twice. Twice is not lost.
        var everySubject = Enumerable.Range(1, sent).Select(n => $"{subject} {n}").ToHashSet();
        var clock = Stopwatch.StartNew();
        var onMail2 = await ArrivedAsync(scope.ServiceAddress("mail2"), "user18", subject, everySubject);
        TestContext.Current.TestOutputHelper?.WriteLine($"switchover: {sent} sent, {everySubject.Intersect(onMail2).Count()} of them on mail2 by IMAP, all there {clock.Elapsed.TotalSeconds:0.0} s after the last was sent");
        var missing = everySubject.Except(onMail2).ToList();
        Assert.True(
            missing.Count == 0,
            $"lost: {string.Join(", ", missing)}; on mail1: {string.Join(", ", missing.Intersect(await DeliveredSubjectsAsync(scope, "mail1", "user18")))}; mail1's queue:\n{await lab.ExecAsync("mail1", "postqueue -p")}");
    }

    [Fact]
    public async Task Switchover_CarriesMailTheSourceStillHeldDeferred_ToTheTargetsStore()
    {
        await using var scope = await LabScope.StartAsync(lab, Token);
        var built = scope.Build().Services;
        var subject = $"deferred {Guid.NewGuid():N}";
        // mail1's Postfix accepts but defers every delivery into its store (defer_transports: only a flush delivers), as
        // it does with mail whose delivery failed for a moment: the message waits in its queue, retried minutes later.
        await DeferDeliveryAsync("mail1", true);
        try
        {
            await LabMail.SendAsync(scope.VipAddress, "user17", subject, Token);
            Assert.True(await Eventually.TrueAsync(async () => await QueuedForAsync("mail1", "user17") == 1, Patience, Token), "the message is not in mail1's queue");
            Assert.DoesNotContain(subject, await DeliveredSubjectsAsync(scope, "mail1", "user17"));

            var report = await built.GetRequiredService<FailoverEngine>().RunAsync(SwitchoverTests.Request(LabService.Of(built), OperationKind.Switchover), null, Token);

            Assert.True(report.Outcome == FailoverOutcome.Succeeded, FailoverReportText.Format(report));
            Assert.IsType<Drained>(report.Steps.Single(s => s.Step == "drain-mail").Result);
            // Flushed at the fence, stored on mail1 before the final sync pulled: on mail2, counted by file and by IMAP.
            Assert.Contains(subject, await DeliveredSubjectsAsync(scope, "mail2", "user17"));
            Assert.Equal(1, await LabMail.CountAsync(scope.ServiceAddress("mail2"), "user17", subject, Token));
            Assert.Equal(0, await QueuedForAsync("mail1", "user17"));
        }
        finally
        {
            await DeferDeliveryAsync("mail1", false);
        }
    }

    /// <summary>
    /// Turns mail1's deferral of store deliveries on or off; done once the queue manager that reads it runs (a reload
    /// restarts it: the old one may still deliver until it is gone). Off, what it held is flushed into the store.
    /// </summary>
    private async Task DeferDeliveryAsync(string host, bool defer)
    {
        // master.pid holds the PID right-aligned in spaces.
        var qmgr = "pgrep -P \"$(tr -d ' \\n' </var/spool/postfix/pid/master.pid)\" -x qmgr";
        var before = (await lab.ExecAsync(host, $"{qmgr} || true")).Trim();
        await lab.ExecAsync(host, (defer ? "postconf -e defer_transports=virtual" : "postconf -X defer_transports") + " && postfix reload 2>&1");
        Assert.True(
            await Eventually.TrueAsync(async () => (await lab.ExecAsync(host, $"{qmgr} || true")).Trim() is { Length: > 0 } now && now != before, Patience, Token),
            $"{host}'s queue manager did not restart after the reload");
        if (!defer)
        {
            await lab.ExecAsync(host, "postqueue -f");
        }
    }

    /// <summary>How many messages to <paramref name="user"/> the host's Postfix holds in any queue.</summary>
    private async Task<int> QueuedForAsync(string host, string user) =>
        int.Parse((await lab.ExecAsync(host, $"postqueue -j | grep -c '\"{user}@{LabMail.Domain}\"' || true")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Failover_LosesOnlyMailThatArrivedAfterTheLastGoodMirrorRun_WhenThePrimaryIsCut()
    {
        await using var scope = await LabScope.StartAsync(lab, Token);
        var services = scope.Build().Services;
        var subject = $"failover {Guid.NewGuid():N}";

        FailoverReport report;
        MirrorRun mirror;
        int sent, sentBeforeMirror, sentBeforeCut;
        await using (var users = SteadyMail.Start("user19", subject, Interval))
        {
            await users.SendMoreAsync(10, Token);
            // Everything sent so far is in mail1's store before the mirror run starts.
            sentBeforeMirror = users.Sent;
            Assert.True(
                await Eventually.TrueAsync(async () => (await DeliveredAsync(scope, "mail1", "user19")).Count >= sentBeforeMirror, Patience, Token),
                "mail sent through the VIP did not arrive on mail1");
            mirror = await services.GetRequiredService<MirrorRunner>().RunAsync(new MirrorRequest(LabService.Of(services), "test"), Token);
            await users.SendMoreAsync(10, Token);
            sentBeforeCut = users.Sent;
            await lab.RunAsync("cut", "mail1");
            await users.SendMoreAsync(10, Token); // deferred: nobody answers on the VIP
            report = await services.GetRequiredService<FailoverEngine>().RunAsync(
                SwitchoverTests.Request(LabService.Of(services), OperationKind.Failover, overrides: new FailoverOverrides(PrimaryDown: true)), null, Token);
            await users.SendMoreAsync(10, Token);
            sent = await users.StopAsync();
        }

        Assert.Equal(MirrorVerdict.Succeeded, mirror.Verdict);
        Assert.True(report.Outcome == FailoverOutcome.Succeeded, FailoverReportText.Format(report));
        // Messages are told apart by their numbered subject, not by file: a message mail1 stored just as it
        // was cut (before the sender heard its answer) is retried to mail2 and arrives there too, under a
        // new name. That one is not lost.
        var everySubject = Enumerable.Range(1, sent).Select(n => $"{subject} {n}").ToHashSet();
        var onMail1 = await DeliveredSubjectsAsync(scope, "mail1", "user19");
        var clock = Stopwatch.StartNew();
        var onMail2 = await ArrivedAsync(scope.ServiceAddress("mail2"), "user19", subject, everySubject.Except(onMail1));
        var lost = everySubject.Except(onMail2).ToHashSet();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"failover: {sent} sent, {sent - lost.Count} on mail2 by IMAP, {lost.Count} lost (on mail1 only); {sentBeforeCut - sentBeforeMirror} sent between the mirror run and the cut; deferred mail all there {clock.Elapsed.TotalSeconds:0.0} s after the last was sent");
        // What reached mail1 after the mirror run stays there; everything else, deferred mail included, reaches mail2.
        var missing = lost.Except(onMail1).ToList();
        Assert.True(
            missing.Count == 0,
            $"lost without being on mail1: {string.Join(", ", missing)}; mail2's queue:\n{await lab.ExecAsync("mail2", "postqueue -p")}");
        Assert.True(lost.Count <= sentBeforeCut - sentBeforeMirror, $"{lost.Count} lost, but only {sentBeforeCut - sentBeforeMirror} were sent after the mirror run started and before mail1 was cut");
        Assert.Contains($"{subject} {sent}", onMail2);
    }

    /// <summary>Waits until every one of <paramref name="expected"/> is in the IMAP INBOX (or the patience runs out) and returns the subjects there.</summary>
    private static async Task<IReadOnlySet<string>> ArrivedAsync(string address, string user, string subject, IEnumerable<string> expected)
    {
        IReadOnlySet<string> found = new HashSet<string>();
        await Eventually.TrueAsync(async () => (found = await LabMail.SubjectsAsync(address, user, subject, Token)).IsSupersetOf(expected), Patience, Token);
        return found;
    }

    /// <summary>The subjects of the mail Postfix delivered to a user on a host, read from the store's files (the host may be cut from IMAP).</summary>
    private async Task<HashSet<string>> DeliveredSubjectsAsync(LabScope scope, string host, string user) =>
        [.. (await lab.ExecAsync(host, $"cd '{scope.StorePath}/{user}/INBOX' && find new cur -type f ! -name '*.msg' -exec sed -n 's/^Subject: //p' {{}} +"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>The Maildir names of the mail Postfix delivered to a user on a host (the seed's are <c>NNNN.msg</c>; flags after ':' dropped).</summary>
    private async Task<HashSet<string>> DeliveredAsync(LabScope scope, string host, string user) =>
        [.. (await lab.ExecAsync(host, $"cd '{scope.StorePath}/{user}/INBOX' && find new cur -type f ! -name '*.msg' -printf '%f\\n'"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => name.Split(':')[0])];
}
