using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Tests.Vip;

/// <summary>
/// The VIP report's words, pinned once here; the behaviour tests (<see cref="VipLocatorJudgeTests"/>, and the lab's
/// VipLocatorTests) assert the verdict and the nodes.
/// </summary>
public class VipReportTextTests
{
    private static readonly NodeName Mail1 = new("mail1");
    private static readonly NodeName Mail2 = new("mail2");

    [Fact]
    public void Summary_SaysWhoHoldsTheVipAndWhoAnswers_InTheOperatorsWords()
    {
        var held = VipLocator.Judge([new(Mail1, true), new(Mail2, false)], new Answered("220 mail1.lab ESMTP"), Mail1);
        var splitBrain = VipLocator.Judge([new(Mail1, true), new(Mail2, true)], new Answered("220 mail2.lab ESMTP"), Mail2);

        Assert.Equal("mail1 holds the VIP; mail1 answers on the VIP", held.Summary);
        Assert.StartsWith("SPLIT BRAIN: mail1 and mail2 both hold the VIP", splitBrain.Summary, StringComparison.Ordinal);
    }
}
