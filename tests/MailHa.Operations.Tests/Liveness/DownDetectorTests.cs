using MailHa.Operations.Liveness;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Liveness;

public sealed class DownDetectorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan DownAfter = TimeSpan.FromSeconds(60);
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
}
