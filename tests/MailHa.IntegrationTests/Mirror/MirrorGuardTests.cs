using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Mirror;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailHa.IntegrationTests.Mirror;

/// <summary>Every guard and failure of a mirror run, provoked for real in the lab; the standby's store must survive each.</summary>
[Collection(LabCollection.Name)]
public sealed class MirrorGuardTests(LabFixture lab)
{
    private const int SeededFiles = 121; // 20 users x (INBOX + Sent) x 3 messages, plus the sentinel

    private readonly LabStore _store = new(lab);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("find . -mindepth 1 -delete")] // emptied (or an empty mount point)
    [InlineData("rm .mailha-sentinel")]        // the sentinel alone gone
    public async Task RunAsync_IsRefusedAndStandbyKeepsItsFiles_WhenSourceHasNoSentinel(string emptying)
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartWithStoreSnapshotAsync(lab, Token);
        using var host = scope.Build();
        await _store.InStoreAsync("mail1", emptying);

        var run = await host.Services.GetRequiredService<MirrorRunner>().RunAsync(new MirrorRequest(LabService.Of(host.Services), "test"), Token);

        Assert.Equal(MirrorVerdict.Refused, run.Verdict);
        Assert.Equal(new NodeName("mail1"), Assert.IsType<SentinelMissing>(run.Outcome).Source);
        Assert.Null(run.ExitCode);
        Assert.Equal(SeededFiles, await _store.CountFilesAsync("mail2"));
        // A refusal is about the mirror itself: it is recorded.
        var recorded = await host.Services.GetRequiredService<MirrorHistory>().LastAsync(LabService.Of(host.Services).Name, Token);
        Assert.Equal(MirrorVerdict.Refused, recorded?.Verdict);
    }

    [Fact]
    public async Task RunAsync_IsRefused_WhenSourceFileCountDropsBeyondMaxFileCountDrop()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartWithStoreSnapshotAsync(lab, Token);
        using var host = scope.Build();
        var runner = host.Services.GetRequiredService<MirrorRunner>();
        var good = await runner.RunAsync(new MirrorRequest(LabService.Of(host.Services), "test-good"), Token);
        Assert.Equal(MirrorVerdict.Succeeded, good.Verdict);
        Assert.Equal(SeededFiles, good.Stats?.RegularFiles);

        // 13 users' folders emptied: 78 of 121 files gone (64 %, over the lab's 50 %); the sentinel stays.
        await _store.InStoreAsync("mail1", "rm user0[1-9]/*/cur/*.msg user1[0-3]/*/cur/*.msg");
        Assert.Equal(SeededFiles - 78, await _store.CountFilesAsync("mail1"));

        var run = await runner.RunAsync(new MirrorRequest(LabService.Of(host.Services), "test"), Token);

        Assert.Equal(MirrorVerdict.Refused, run.Verdict);
        var dropped = Assert.IsType<FileCountDropped>(run.Outcome);
        Assert.Equal((new NodeName("mail1"), (long)SeededFiles - 78, (long)SeededFiles), (dropped.Source, dropped.Files, dropped.Before));
        Assert.Equal(SeededFiles, await _store.CountFilesAsync("mail2"));
    }

    [Fact]
    public async Task RunAsync_IsRefusedByStandbyGuard_WhenStandbyRecordsNewerGeneration()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartWithStoreSnapshotAsync(lab, Token);
        using var host = scope.Build();
        // mail2 missed nothing: it knows of a later failover that this journal (generation 1) does not.
        await lab.ExecAsync("mail2", "printf 'generation=99\\nactive=mail2\\nstandby=mail1\\npaused=0\\n' > /srv/state/mailha-roles");
        await _store.WriteMessageAsync("mail1", "user01/INBOX/new/9001.msg", "must not be pulled");

        var run = await host.Services.GetRequiredService<MirrorRunner>().RunAsync(new MirrorRequest(LabService.Of(host.Services), "test"), Token);

        Assert.Equal(MirrorVerdict.Refused, run.Verdict);
        Assert.IsType<RolesChangedElsewhere>(run.Outcome);
        Assert.Equal(1, run.Generation);
        // The standby guard's words, pinned once here (the other guard tests assert the typed refusal and the run's facts).
        Assert.Equal("mail2 records role generation 99, newer than this run's 1: roles changed elsewhere, refusing to pull", run.Message);
        Assert.False(await _store.ExistsAsync("mail2", "user01/INBOX/new/9001.msg"));
        // The newer record is left alone, never overwritten by the stale journal.
        Assert.Contains("generation=99", await lab.ExecAsync("mail2", "cat /srv/state/mailha-roles"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_IsRefusedByStandbyGuard_WhenStandbyRecordsOtherActiveAtSameGeneration()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        using var host = scope.Build();
        await lab.ExecAsync("mail2", "printf 'generation=1\\nactive=mail2\\nstandby=mail1\\npaused=0\\n' > /srv/state/mailha-roles");

        var run = await host.Services.GetRequiredService<MirrorRunner>().RunAsync(new MirrorRequest(LabService.Of(host.Services), "test"), Token);

        Assert.Equal(MirrorVerdict.Refused, run.Verdict);
        Assert.IsType<WrongDirection>(run.Outcome);
        Assert.Equal((new NodeName("mail1"), new NodeName("mail2"), 1L), (run.Source, run.Target, run.Generation));
    }

    [Fact]
    public async Task RunAsync_IsRefusedByVipGuard_WhenRolesSayMail2IsActiveButMail1HoldsVip()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartWithStoreSnapshotAsync(lab, Token);
        using var host = scope.Build();
        // The journal says mail2 took over (generation 2); the mirror now pulls mail2 → mail1, onto the VIP holder.
        var roles = host.Services.GetRequiredService<RoleStore>();
        var current = await roles.GetAsync(LabService.Of(host.Services), Token);
        var flipped = await roles.ChangeAsync(LabService.Of(host.Services), current.Generation, new NodeName("mail2"), mirrorPaused: false, "test", "roles flipped by the test", Token);
        Assert.NotNull(flipped);
        await _store.WriteMessageAsync("mail2", "user01/INBOX/new/9001.msg", "must not reach mail1");

        var run = await host.Services.GetRequiredService<MirrorRunner>().RunAsync(new MirrorRequest(LabService.Of(host.Services), "test"), Token);

        Assert.Equal(MirrorVerdict.Refused, run.Verdict);
        Assert.IsType<TargetHoldsVip>(run.Outcome);
        Assert.Equal((new NodeName("mail2"), new NodeName("mail1"), 2L), (run.Source, run.Target, run.Generation));
        Assert.False(await _store.ExistsAsync("mail1", "user01/INBOX/new/9001.msg"));
        Assert.Equal(SeededFiles, await _store.CountFilesAsync("mail1"));
    }

    [Fact]
    public async Task RunAsync_IsRefused_WhenTargetHoldsVip()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartWithStoreSnapshotAsync(lab, Token);
        using var host = scope.Build();
        await _store.WriteMessageAsync("mail1", "user01/INBOX/new/9001.msg", "must not be pulled");

        MirrorRun run;
        await scope.AddVipAsync("mail2"); // split brain on purpose: undone in finally
        try
        {
            run = await host.Services.GetRequiredService<MirrorRunner>().RunAsync(new MirrorRequest(LabService.Of(host.Services), "test"), Token);
        }
        finally
        {
            await scope.RemoveVipAsync("mail2", holder: "mail1", Token);
        }

        Assert.Equal(MirrorVerdict.Refused, run.Verdict);
        Assert.IsType<TargetHoldsVip>(run.Outcome);
        Assert.Equal((new NodeName("mail1"), new NodeName("mail2")), (run.Source, run.Target));
        Assert.False(await _store.ExistsAsync("mail2", "user01/INBOX/new/9001.msg"));
    }

    [Fact]
    public async Task RunAsync_IsRefusedUntilItEnds_WhenAnEarlierPullStillRunsOnTheStandby()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartWithStoreSnapshotAsync(lab, Token);
        using var host = scope.Build();
        var runner = host.Services.GetRequiredService<MirrorRunner>();
        await _store.WriteMessageAsync("mail1", "user01/INBOX/new/9001.msg", "pulled once the earlier pull has ended");

        // What a MailHa killed mid-run leaves on the standby: a process carrying the pull's mark, still running.
        var stray = await StrayPull.StartAsync(lab, host.Services, new NodeName("mail2"));
        MirrorRun refused;
        await using (stray)
        {
            refused = await runner.RunAsync(new MirrorRequest(LabService.Of(host.Services), "test"), Token);
        }

        Assert.Equal(MirrorVerdict.Refused, refused.Verdict);
        Assert.Equal(new NodeName("mail2"), Assert.IsType<PullStillRunning>(refused.Outcome).Node);
        Assert.Contains($"(PID {stray.Pid})", refused.Message, StringComparison.Ordinal);
        Assert.False(await _store.ExistsAsync("mail2", "user01/INBOX/new/9001.msg"));
        Assert.Equal(SeededFiles, await _store.CountFilesAsync("mail2"));

        // Once it has ended, the next run pulls.
        Assert.True(await Eventually.TrueAsync(async () => !await stray.AnyRunningAsync(), TimeSpan.FromSeconds(10), Token));

        var run = await runner.RunAsync(new MirrorRequest(LabService.Of(host.Services), "test"), Token);

        Assert.True(run.IsGood, run.Describe());
        Assert.True(await _store.ExistsAsync("mail2", "user01/INBOX/new/9001.msg"));
    }

    [Fact]
    public async Task RunAsync_FailsWithExitCode25_WhenDeletionsExceedMaxDelete()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartWithStoreSnapshotAsync(lab, Token);
        // MaxFileCountDrop 1.0 switches the count guard off: only rsync's --max-delete stands in the way.
        using var host = scope.Build(new Dictionary<string, string?>
        {
            ["MailHa:Mirror:MaxDelete"] = "5",
            ["MailHa:Mirror:MaxFileCountDrop"] = "1.0",
        });
        await _store.InStoreAsync("mail1", "rm user01/*/cur/*.msg user02/INBOX/cur/*.msg user02/Sent/cur/5021.msg");
        Assert.Equal(SeededFiles - 10, await _store.CountFilesAsync("mail1"));

        var run = await host.Services.GetRequiredService<MirrorRunner>().RunAsync(new MirrorRequest(LabService.Of(host.Services), "test"), Token);

        Assert.Equal(MirrorVerdict.Failed, run.Verdict);
        Assert.IsType<MaxDeleteReached>(run.Outcome);
        Assert.Equal(25, run.ExitCode);
        Assert.Contains("max-delete", run.Message, StringComparison.Ordinal);
        Assert.Equal(5, run.Stats?.FilesDeleted);
        Assert.Equal(SeededFiles - 5, await _store.CountFilesAsync("mail2"));
    }

    [Fact]
    public async Task RunAsync_FailsAsStoreFullAndDeletesNothing_WhenStandbyStoreFileSystemFills()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartWithStoreSnapshotAsync(lab, Token);
        using var host = scope.Build();
        // On the primary: a message deleted early in the tree (user01), a big one added late (user20). A pull that deletes
        // during the transfer (rsync's default) has removed user01's copy on mail2 before the disk fills at user20's.
        const string deleted = "user01/INBOX/cur/1011.msg";
        Assert.True(await _store.ExistsAsync("mail2", deleted));
        await _store.DeleteAsync("mail1", deleted);
        await _store.InStoreAsync("mail1", "head -c 2097152 /dev/urandom > user20/INBOX/new/mailha-test-big.msg");
        var before = await scope.StoreListingAsync("mail2");
        // mail2's store on a 1 MiB file system holding its current copy (about 0.5 MiB): the big message cannot fit.
        var full = $"/srv/mailha-test-full-{Guid.NewGuid():N}";
        await lab.ExecAsync("mail2", $"mkdir '{full}' && cp -a '{scope.StorePath}/.' '{full}/' && mount -t tmpfs -o size=1m mailha-test-full '{scope.StorePath}' && cp -a '{full}/.' '{scope.StorePath}/'");
        MirrorRun run;
        string after;
        try
        {
            Assert.Equal(before, await scope.StoreListingAsync("mail2"));
            run = await host.Services.GetRequiredService<MirrorRunner>().RunAsync(new MirrorRequest(LabService.Of(host.Services), "test"), Token);
            after = await _store.InStoreAsync("mail2", "find . -type f -name '*.msg' | sort");
        }
        finally
        {
            await lab.ExecAsync("mail2", $"umount '{scope.StorePath}'; rm -rf '{full}'");
        }

        Assert.Equal(MirrorVerdict.Failed, run.Verdict);
        var storeFull = Assert.IsType<StoreFull>(run.Outcome);
        Assert.Equal(new NodeName("mail2"), storeFull.Node);
        Assert.Contains("No space left on device", storeFull.Error, StringComparison.Ordinal); // rsync's own error
        // Nothing deleted: every message mail2 had is still there, the one the primary deleted included.
        var seeded = before.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).Where(p => p.EndsWith(".msg", StringComparison.Ordinal));
        Assert.All(seeded, p => Assert.Contains(p, after, StringComparison.Ordinal));
        Assert.Contains("./" + deleted, after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FailsWithAuthFailed_WhenRsyncPasswordIsWrong()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        const string passwordFile = "/srv/etc/mailha-test-wrong.pass";
        using var host = scope.Build(new Dictionary<string, string?> { ["MailHa:Mirror:PasswordFile"] = passwordFile });
        await lab.ExecAsync("mail2", $"(umask 077; printf 'not-the-password\\n' > {passwordFile})");
        MirrorRun run;
        try
        {
            run = await host.Services.GetRequiredService<MirrorRunner>().RunAsync(new MirrorRequest(LabService.Of(host.Services), "test"), Token);
        }
        finally
        {
            await lab.ExecAsync("mail2", $"rm -f {passwordFile}");
        }

        Assert.Equal(MirrorVerdict.Failed, run.Verdict);
        Assert.Equal(5, run.ExitCode);
        Assert.Contains("@ERROR: auth failed on module msgstore", Assert.IsType<RsyncAuthFailed>(run.Outcome).Error, StringComparison.Ordinal); // the daemon's own error
    }

    [Fact]
    public async Task RunAsync_IsRefused_WhenPasswordFileIsReadableByOthers()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        const string passwordFile = "/srv/etc/mailha-test-open.pass";
        using var host = scope.Build(new Dictionary<string, string?> { ["MailHa:Mirror:PasswordFile"] = passwordFile });
        // The right password, in a file anyone on mail2 can read.
        await lab.ExecAsync("mail2", $"cp /srv/etc/rsync.pass {passwordFile} && chmod 0644 {passwordFile}");
        MirrorRun run;
        try
        {
            run = await host.Services.GetRequiredService<MirrorRunner>().RunAsync(new MirrorRequest(LabService.Of(host.Services), "test"), Token);
        }
        finally
        {
            await lab.ExecAsync("mail2", $"rm -f {passwordFile}");
        }

        Assert.Equal(MirrorVerdict.Refused, run.Verdict);
        Assert.Contains(passwordFile, Assert.IsType<PasswordFileUnsafe>(run.Outcome).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FailsWithRsyncReason_WhenMirrorLinkIsCut()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        using var host = scope.Build();
        MirrorRun run;
        await lab.RunAsync("cut-mirror");
        try
        {
            run = await host.Services.GetRequiredService<MirrorRunner>().RunAsync(new MirrorRequest(LabService.Of(host.Services), "test"), Token);
        }
        finally
        {
            await lab.RunAsync("restore-mirror");
        }

        Assert.Equal(MirrorVerdict.Failed, run.Verdict);
        // Nothing answers on the cut link: rsync gives up after --contimeout (Ssh:ConnectTimeout), exit 35.
        Assert.Equal(35, run.ExitCode);
        Assert.Contains("timeout waiting for daemon connection", Assert.IsType<RsyncFailed>(run.Outcome).Error, StringComparison.Ordinal); // rsync's own error
    }
}
