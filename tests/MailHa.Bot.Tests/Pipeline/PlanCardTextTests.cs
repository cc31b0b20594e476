using MailHa.Bot.UseCases;
using MailHa.Operations.Failover;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Bot.Tests.Pipeline;

/// <summary>
/// The words of a plan as a dry run and an approval card show it (what will happen, what the checks find, the exact
/// commands one click away), pinned once here; the behaviour tests (RouterTests, ApprovalFlowTests) assert that the
/// card holds the plan the engine makes.
/// </summary>
public sealed class PlanCardTextTests
{
    private static readonly NodeName Mail1 = new("mail1"), Mail2 = new("mail2");

    private static readonly VipFinding Vip = new(new VipReport(VipVerdict.HeldBy, Mail1, [], new Answered("220 mail1.lab ESMTP"), Mail1, "mail1 holds the VIP"), null);

    [Fact]
    public void PlanSections_ShowTheStepsAndFindings_AndTheCommandsBehindShowCommands()
    {
        var steps = new[]
        {
            new PlannedStep(1, "fence", "Fence the source", "the VIP leaves mail1", [new PlannedCommand(Mail1, "vip-down", "ip addr del 198.18.15.10/24 dev eth0")]),
            new PlannedStep(2, "record-roles", "Record the new roles", "mail2 active", []) { Note = "the mirror stays paused" },
        };
        var plan = new FailoverPlan(new ServiceName("jt-mail"), OperationKind.Switchover, Mail1, Mail2, 1, steps, [Vip, new MirrorFinding(null, null, null)], [], null);

        var sections = VipOperationUseCase.PlanSections(plan);

        Assert.Equal(
            [
                new("What will happen:\n1. Fence the source — the VIP leaves mail1\n2. Record the new roles — mail2 active\n   (the mirror stays paused)", Monospace: true),
                new("What the checks find now:\nVIP: mail1 holds the VIP\nMirror: never ran", Monospace: true),
                new(
                    $"The exact commands per node (plan fingerprint {plan.Fingerprint}):\n1. Fence the source — the VIP leaves mail1\n     [mail1] ip addr del 198.18.15.10/24 dev eth0\n"
                    + "2. Record the new roles — mail2 active\n   (the mirror stays paused)",
                    Monospace: true,
                    Behind: "Show commands"),
            ],
            sections);
    }
}
