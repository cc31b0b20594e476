using MailHa.IntegrationTests.Lab;

namespace MailHa.IntegrationTests.Topology;

/// <summary>The symmetric lab itself: each service's VIP on its home, answered by that host.</summary>
[Collection(SymmetricLabCollection.Name)]
public sealed class SymmetricLabTests(LabFixture lab)
{
    private const string A = "jt-mail-a";
    private const string B = "jt-mail-b";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lab_ServesEachServiceFromItsHome()
    {
        await using var scope = await LabScope.StartAsync(lab, Token);

        Assert.Equal(("mail1", "mail2"), (await LabScope.VipAnswerAsync(scope.Service(A), Token), await LabScope.VipAnswerAsync(scope.Service(B), Token)));
        var held = new List<bool>();
        foreach (var (host, service) in new[] { ("mail1", A), ("mail2", A), ("mail1", B), ("mail2", B) })
        {
            held.Add(await scope.HoldsVipAsync(host, scope.Service(service)));
        }

        Assert.Equal([true, false, false, true], held);
    }
}

/// <summary>The N+1 lab itself: the standby answers on every VIP it holds with its own banner and delivers into each service's store.</summary>
[Collection(NPlusOneLabCollection.Name)]
public sealed class NPlusOneLabTests(LabFixture lab)
{
    private const string A = "jt-mail-a";
    private const string B = "jt-mail-b";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lab_StandbyAnswersOnEveryVipItHoldsWithItsOwnBanner_AndDeliversIntoEachServicesStore()
    {
        await using var scope = await LabScope.StartAsync(lab, Token);
        foreach (var (service, home, domain) in new[] { (A, "mail1", "a.mail.lab"), (B, "mail2", "b.mail.lab") })
        {
            // By hand, as an operator would: off the home first, then up on the standby, announced.
            var vip = scope.Service(service).Vip;
            await lab.ExecAsync(home, $"ip addr del {vip.Address}/{vip.PrefixLength} dev {vip.Interface}");
            await scope.AddVipAsync("mail3", scope.Service(service));
            await lab.ExecAsync("mail3", $"arping -U -q -c 1 -I {vip.Interface} {vip.Address} || true");
            Assert.True(await Eventually.TrueAsync(async () => await LabScope.VipAnswerAsync(scope.Service(service), Token) == "mail3", TimeSpan.FromSeconds(30), Token));

            var subject = $"{LabScope.TestMessagePrefix}{service}-{Guid.NewGuid():N}";
            await LabMail.SendAsync(vip.Address, "user01", domain, subject, Token);

            var store = scope.Service(service).Mirror.StorePath;
            var delivered = await Eventually.TrueAsync(
                async () => (await lab.ExecAsync("mail3", $"grep -rl '{subject}' '{store}/user01/INBOX/new' 2>/dev/null || true")).Trim().Length > 0,
                TimeSpan.FromSeconds(30),
                Token);
            Assert.True(delivered, $"mail to user01@{domain} through {vip.Address} did not land in {store} on mail3");
        }
    }
}
