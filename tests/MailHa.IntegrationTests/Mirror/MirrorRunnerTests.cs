using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Mirror;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHa.IntegrationTests.Mirror;

/// <summary>The mirror doing its job against the real lab: mail1's store pulled onto mail2 by rsync over the mirror network.</summary>
[Collection(LabCollection.Name)]
public sealed class MirrorRunnerTests(LabFixture lab)
{
    private const int SeededFiles = 121; // 20 users x (INBOX + Sent) x 3 messages, plus the sentinel
    private static readonly NodeName Mail1 = new("mail1");
    private static readonly NodeName Mail2 = new("mail2");

    private readonly LabStore _store = new(lab);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_CopiesNewMessageToStandby_WhenMailArrivesOnActive()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartWithStoreSnapshotAsync(lab, Token);
        using var host = scope.Build();
        var runner = host.Services.GetRequiredService<MirrorRunner>();
        const string message = "user01/INBOX/new/9001.msg";
        await _store.WriteMessageAsync("mail1", message, "arrived on mail1");
        Assert.False(await _store.ExistsAsync("mail2", message));

        var run = await runner.RunAsync(new MirrorRequest(LabService.Of(host.Services), "test"), Token);

        Assert.Equal(MirrorVerdict.Succeeded, run.Verdict);
        Assert.Equal(Mail1, run.Source);
        Assert.Equal(Mail2, run.Target);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(await _store.ReadAsync("mail1", message), await _store.ReadAsync("mail2", message));
    }

    [Fact]
    public async Task RunAsync_RemovesMessageOnStandby_WhenDeletedOnActive()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartWithStoreSnapshotAsync(lab, Token);
        using var host = scope.Build();
        var runner = host.Services.GetRequiredService<MirrorRunner>();
        const string message = "user02/INBOX/cur/1021.msg";
        Assert.True(await _store.ExistsAsync("mail2", message));
        await _store.DeleteAsync("mail1", message);

        var run = await runner.RunAsync(new MirrorRequest(LabService.Of(host.Services), "test"), Token);

        Assert.Equal(MirrorVerdict.Succeeded, run.Verdict);
        Assert.Equal(1, run.Stats?.FilesDeleted);
        Assert.False(await _store.ExistsAsync("mail2", message));
        Assert.Equal(SeededFiles - 1, await _store.CountFilesAsync("mail2"));
    }

    [Fact]
    public async Task RunAsync_ReportsCreatedDeletedAndTransferredCounts_WhenStoreChanged()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartWithStoreSnapshotAsync(lab, Token);
        using var host = scope.Build();
        var runner = host.Services.GetRequiredService<MirrorRunner>();
        var baseline = await runner.RunAsync(new MirrorRequest(LabService.Of(host.Services), "test-baseline"), Token);
        Assert.Equal(MirrorVerdict.Succeeded, baseline.Verdict);
        Assert.Equal(0, baseline.Stats?.FilesTransferred);

        // Two new messages, one rewritten (flags), three expunged.
        await _store.WriteMessageAsync("mail1", "user03/INBOX/new/9101.msg", "new one");
        await _store.WriteMessageAsync("mail1", "user04/Sent/new/9102.msg", "new two");
        await _store.AppendAsync("mail1", "user05/INBOX/cur/1051.msg", "X-Flags: seen");
        await _store.DeleteAsync("mail1", "user06/INBOX/cur/1061.msg", "user06/INBOX/cur/1062.msg", "user07/Sent/cur/5071.msg");

        var run = await runner.RunAsync(new MirrorRequest(LabService.Of(host.Services), "test"), Token);

        Assert.Equal(MirrorVerdict.Succeeded, run.Verdict);
        var stats = Assert.IsType<RsyncStats>(run.Stats);
        Assert.Equal(2, stats.FilesCreated);
        Assert.Equal(3, stats.FilesDeleted);
        Assert.Equal(3, stats.FilesTransferred);
        Assert.Equal(SeededFiles - 1, stats.RegularFiles);
        Assert.Equal(await _store.ReadAsync("mail1", "user05/INBOX/cur/1051.msg"), await _store.ReadAsync("mail2", "user05/INBOX/cur/1051.msg"));
        Assert.Equal(SeededFiles - 1, await _store.CountFilesAsync("mail2"));
    }

    [Fact]
    public async Task RunAsync_RefusesSecondRun_WhenARunIsInProgress()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        using var host = scope.Build(configure: services =>
        {
            services.AddSingleton<SshRemoteShell>();
            services.Replace(ServiceDescriptor.Singleton<IRemoteShell>(sp => new PausingRemoteShell(sp.GetRequiredService<SshRemoteShell>(), "rsync-pull")));
        });
        var runner = host.Services.GetRequiredService<MirrorRunner>();
        var shell = (PausingRemoteShell)host.Services.GetRequiredService<IRemoteShell>();

        var first = runner.RunAsync(new MirrorRequest(LabService.Of(host.Services), "test-first"), Token);
        await Task.WhenAny(shell.Reached, first);
        Assert.True(shell.Reached.IsCompleted, "the first run never reached its rsync pull");
        MirrorRun second;
        try
        {
            second = await runner.RunAsync(new MirrorRequest(LabService.Of(host.Services), "test-second"), Token);
        }
        finally
        {
            shell.Release();
        }

        var done = await first;

        Assert.Equal(MirrorVerdict.Refused, second.Verdict);
        Assert.Contains("test-first", Assert.IsType<AlreadyRunning>(second.Outcome).Running, StringComparison.Ordinal);
        Assert.Equal(MirrorVerdict.Succeeded, done.Verdict);
        // The overlap is about the trigger, not the mirror: only the run that ran is in history.
        var recent = await host.Services.GetRequiredService<MirrorHistory>().RecentAsync(null, 10, Token);
        Assert.Equal("test-first", Assert.Single(recent).Trigger);
    }

    [Fact]
    public async Task RecentAsync_ReturnsRecordedRun_WhenContainerRestartsOnSameDatabase()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        MirrorRun recorded;
        using (var before = scope.Build())
        {
            recorded = await before.Services.GetRequiredService<MirrorRunner>().RunAsync(new MirrorRequest(LabService.Of(before.Services), "test-before-restart"), Token);
        }

        using var after = scope.Build();
        var history = after.Services.GetRequiredService<MirrorHistory>();
        var recent = await history.RecentAsync(null, 10, Token);
        var lastGood = await history.LastGoodAsync(LabService.Of(after.Services).Name, Token);

        Assert.Equal(MirrorVerdict.Succeeded, recorded.Verdict);
        Assert.True(recorded.Id > 0);
        var run = Assert.Single(recent);
        Assert.Equal(recorded.Id, run.Id);
        Assert.Equal("test-before-restart", run.Trigger);
        Assert.Equal(MirrorVerdict.Succeeded, run.Verdict);
        Assert.Equal(Mail1, run.Source);
        Assert.Equal(Mail2, run.Target);
        Assert.Equal(recorded.Generation, run.Generation);
        Assert.Equal(recorded.StartedAt.ToUnixTimeMilliseconds(), run.StartedAt.ToUnixTimeMilliseconds());
        Assert.Equal(recorded.Stats, run.Stats);
        Assert.Equal(SeededFiles, run.Stats?.RegularFiles);
        Assert.Equal(recorded.Id, lastGood?.Id);
    }

    [Fact]
    public async Task RunAsync_TellsObserverOfFailureThenRecovery_WhenRsyncDaemonStopsAndStarts()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        var observer = new RecordingMirrorObserver();
        using var host = scope.Build(configure: services => services.AddSingleton<IMirrorObserver>(observer));
        var runner = host.Services.GetRequiredService<MirrorRunner>();

        MirrorRun failed;
        await lab.RunAsync("stop", "mail1", "rsyncd");
        try
        {
            failed = await runner.RunAsync(new MirrorRequest(LabService.Of(host.Services), "test-down"), Token);
        }
        finally
        {
            await lab.RunAsync("start", "mail1", "rsyncd");
        }

        var recovered = await runner.RunAsync(new MirrorRequest(LabService.Of(host.Services), "test-up"), Token);

        Assert.Equal(MirrorVerdict.Failed, failed.Verdict);
        Assert.Contains("Connection refused", failed.Message, StringComparison.Ordinal);
        Assert.Equal(MirrorVerdict.Succeeded, recovered.Verdict);
        Assert.Collection(
            observer.Seen,
            first =>
            {
                Assert.Equal(failed.Id, first.Run.Id);
                Assert.True(first.IsFailure);
                Assert.True(first.StartsFailureStreak);
                Assert.False(first.IsRecovery);
                Assert.Null(first.Previous);
            },
            second =>
            {
                Assert.Equal(recovered.Id, second.Run.Id);
                Assert.True(second.IsRecovery);
                Assert.False(second.IsFailure);
                Assert.Equal(failed.Id, second.Previous?.Id);
            });
    }
}
