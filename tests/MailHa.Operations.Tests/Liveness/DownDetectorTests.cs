using MailHa.Operations.Liveness;
using MailHa.Operations.Roles;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Tests.Liveness;

public sealed class DownDetectorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly DownWindows DownAfter = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(17), TimeSpan.FromMinutes(10));
    private static readonly NodeName Mail1 = new("mail1");
    private static readonly NodeName Mail2 = new("mail2");

    private readonly DownDetector _detector = new();

    private static LivenessSample Sample(int second, bool activeAnswers, bool standbyAnswers = true, NodeName? active = null) =>
        Sample(Start.AddSeconds(second), activeAnswers, standbyAnswers, active);

    private static LivenessSample Sample(DateTimeOffset at, bool activeAnswers, bool standbyAnswers = true, NodeName? active = null)
    {
        var (a, s) = active == Mail2 ? (Mail2, Mail1) : (Mail1, Mail2);
        var roles = new RoleState(new MailHa.Operations.Topology.ServiceName("jt-mail"), 1, a, s, false, Start, "test", "test");
        return new LivenessSample(at, roles,
        [
            new(LivenessViewKind.Ssh, a, at, activeAnswers, ""),
            new(LivenessViewKind.Smtp, a, at, activeAnswers, ""),
            new(LivenessViewKind.VipArp, a, at, null, ""),
            new(LivenessViewKind.Ssh, s, at, standbyAnswers, ""),
            new(LivenessViewKind.Smtp, s, at, standbyAnswers, ""),
        ]);
    }

    /// <summary>A sample in which every one of mail1's five views positively does not answer, or all answer; mail2 healthy.</summary>
    private static LivenessSample Agreed(int second, bool dead = true)
    {
        var at = Start.AddSeconds(second);
        var roles = new RoleState(new MailHa.Operations.Topology.ServiceName("jt-mail"), 1, Mail1, Mail2, false, Start, "test", "test");
        List<LivenessView> views = [.. Enum.GetValues<LivenessViewKind>().Select(k => new LivenessView(k, Mail1, at, !dead, ""))];
        views.Add(new(LivenessViewKind.Ssh, Mail2, at, true, ""));
        views.Add(new(LivenessViewKind.Smtp, Mail2, at, true, ""));
        return new LivenessSample(at, roles, views);
    }

    [Fact]
    public void Observe_DeclaresActiveDownAfterTheAgreedWindow_WhenEveryViewAgreesItIsGone()
    {
        var verdicts = Enumerable.Range(0, 18).Select(i => _detector.Observe(Agreed(i), DownAfter)).ToList();

        Assert.All(verdicts.Take(16), v => Assert.IsType<ActiveSuspected>(v));
        Assert.Equal(Start, Assert.IsType<ActiveDown>(verdicts[16]).Since);
    }

    [Fact]
    public void Observe_NeverDeclaresActiveDown_WhenEveryViewAgreesForFifteenSecondsOnly()
    {
        var verdicts = Enumerable.Range(0, 16).Select(i => _detector.Observe(Agreed(i), DownAfter)).ToList();
        verdicts.Add(_detector.Observe(Agreed(16, dead: false), DownAfter));

        Assert.DoesNotContain(verdicts, v => v is ActiveDown);
        Assert.IsType<ActiveAlive>(verdicts[^1]);
    }

    [Fact]
    public void Observe_NeedsDownAfter_WhenTheNodeCameBackWithinTheFlapMemory()
    {
        _detector.Observe(Agreed(0), DownAfter);
        _detector.Observe(Agreed(5, dead: false), DownAfter);

        var verdicts = Enumerable.Range(0, 60).Select(i => _detector.Observe(Agreed(65 + i), DownAfter)).ToList();

        Assert.All(verdicts.Take(59), v => Assert.IsType<ActiveSuspected>(v));
        Assert.Equal(Start.AddSeconds(65), Assert.IsType<ActiveDown>(verdicts[59]).Since);
    }

    [Fact]
    public void Observe_DecidesOnAgreement_OnceTheFlapMemoryHasPassed()
    {
        _detector.Observe(Agreed(0), DownAfter);
        _detector.Observe(Agreed(5, dead: false), DownAfter);

        var verdicts = Enumerable.Range(0, 17).Select(i => _detector.Observe(Agreed(605 + i), DownAfter)).ToList();

        Assert.IsType<ActiveDown>(verdicts[^1]);
    }

    [Fact]
    public void NextDecision_IsWhenTheStreakWouldHaveLasted_AndNoneOnceTheNodeAnswers()
    {
        _detector.Observe(Agreed(0), DownAfter);
        var pending = _detector.NextDecision();
        _detector.Observe(Agreed(3, dead: false), DownAfter);

        Assert.Equal(DownDetector.LastsAt(Start, TimeSpan.FromSeconds(17)), pending);
        Assert.Null(_detector.NextDecision());
    }

    [Fact]
    public void Observe_DeclaresActiveDown_OnlyOnceNothingAnsweredForDownAfter()
    {
        var verdicts = Enumerable.Range(0, 6).Select(i => _detector.Observe(Sample(i * 15, activeAnswers: false), DownAfter)).ToList();

        Assert.All(verdicts.Take(4), v => Assert.IsType<ActiveSuspected>(v));
        var down = Assert.IsType<ActiveDown>(verdicts[4]);
        Assert.Equal(Start, down.Since);
    }

    [Fact]
    public void Observe_DeclaresActiveDownOnTheFifthCheck_WhenTicksComeMillisecondsEarly()
    {
        var verdicts = Enumerable.Range(0, 5)
            .Select(i => _detector.Observe(Sample(Start.AddSeconds(i * 15).AddMilliseconds(-3 * i), activeAnswers: false), DownAfter))
            .ToList();

        Assert.IsType<ActiveDown>(verdicts[4]);
    }

    [Fact]
    public void Observe_StartsOver_WhenOneSampleAnswers()
    {
        for (var i = 0; i < 4; i++)
        {
            _detector.Observe(Sample(i * 15, activeAnswers: false), DownAfter);
        }

        Assert.IsType<ActiveAlive>(_detector.Observe(Sample(60, activeAnswers: true), DownAfter));
        var after = _detector.Observe(Sample(75, activeAnswers: false), DownAfter);

        Assert.Equal(Start.AddSeconds(75), Assert.IsType<ActiveSuspected>(after).Since);
    }

    [Fact]
    public void Observe_NeverDeclaresActiveDown_WhenNeitherNodeAnswers()
    {
        var verdicts = Enumerable.Range(0, 10).Select(i => _detector.Observe(Sample(i * 15, activeAnswers: false, standbyAnswers: false), DownAfter)).ToList();

        Assert.DoesNotContain(verdicts, v => v is ActiveDown or ActiveDownStandbyUnhealthy);
        Assert.IsType<NeitherVisible>(verdicts[^1]);
    }

    [Fact]
    public void Observe_StartsOver_WhenTheActiveNodeChanges()
    {
        for (var i = 0; i < 5; i++)
        {
            _detector.Observe(Sample(i * 15, activeAnswers: false), DownAfter);
        }

        var verdict = _detector.Observe(Sample(75, activeAnswers: false, active: Mail2), DownAfter);

        Assert.Equal(Start.AddSeconds(75), Assert.IsType<ActiveSuspected>(verdict).Since);
    }

    [Fact]
    public void Findings_KeepWhatTheLatestSampleFound_WhileTheNodeIsDeclaredDown_AndNothingOnceItAnswers()
    {
        static LivenessSample WithEvidence(int second, bool dead = true) => Agreed(second, dead) with
        {
            Evidence = new SampleEvidence(dead ? new Unreachable(Mail1, "cut") : new Exited(Mail1, 0, "", "", TimeSpan.Zero), new Silent("cut")),
        };

        for (var i = 0; i < 16; i++)
        {
            _detector.Observe(WithEvidence(i), DownAfter);
        }

        var suspected = _detector.Findings();
        Assert.IsType<ActiveDown>(_detector.Observe(WithEvidence(16), DownAfter));
        Assert.IsType<ActiveDown>(_detector.Observe(WithEvidence(19), DownAfter));
        var declared = _detector.Findings();
        _detector.Observe(WithEvidence(22, dead: false), DownAfter);

        Assert.Empty(suspected);
        Assert.Equal(
            new WatchFinding(Mail1, new ServiceName("jt-mail"), Start, Start.AddSeconds(19), new Unreachable(Mail1, "cut"), new Silent("cut")),
            Assert.Single(declared));
        Assert.Empty(_detector.Findings());
    }
}
