using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Tests.Vip;

public class VipLocatorJudgeTests
{
    private static readonly NodeName Mail1 = new("mail1");
    private static readonly NodeName Mail2 = new("mail2");

    [Fact]
    public void Judge_IsHeldBy_WhenOneNodeHoldsAndAnswers()
    {
        var report = VipLocator.Judge([new(Mail1, true), new(Mail2, false)], new Answered("220 mail1.lab ESMTP"), Mail1);

        Assert.Equal(VipVerdict.HeldBy, report.Verdict);
        Assert.Equal(Mail1, report.Holder);
    }

    [Fact]
    public void Judge_IsSplitBrain_WhenBothNodesHold()
    {
        var report = VipLocator.Judge([new(Mail1, true), new(Mail2, true)], new Answered("220 mail2.lab ESMTP"), Mail2);

        Assert.Equal(VipVerdict.SplitBrain, report.Verdict);
        Assert.Null(report.Holder);
    }

    [Fact]
    public void Judge_IsNobody_WhenNoNodeHoldsAndNothingAnswers()
    {
        var report = VipLocator.Judge([new(Mail1, false), new(Mail2, false)], new Silent("refused"), null);

        Assert.Equal(VipVerdict.Nobody, report.Verdict);
        Assert.Null(report.Holder);
    }

    [Fact]
    public void Judge_NamesTheAnsweringNode_WhenItsInterfacesCannotBeRead()
    {
        var report = VipLocator.Judge([new(Mail1, null, "unreachable"), new(Mail2, false)], new Answered("220 mail1.lab ESMTP"), Mail1);

        Assert.Equal(VipVerdict.HeldBy, report.Verdict);
        Assert.Equal(Mail1, report.Holder);
    }

    [Fact]
    public void Judge_IsUnknown_WhenANodeCannotBeReadAndNothingAnswers()
    {
        var report = VipLocator.Judge([new(Mail1, null, "unreachable"), new(Mail2, false)], new Silent("timeout"), null);

        Assert.Equal(VipVerdict.Unknown, report.Verdict);
    }
}
