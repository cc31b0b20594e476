using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Failover;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.IntegrationTests.EndToEnd;

/// <summary>
/// Two whole bots on one PostgreSQL against the real lab, as two hosts behind a load balancer would run them: a request
/// made on one is approved on the other, and the operation runs once.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class TwoInstancesTests(LabFixture lab, PostgresServer postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Approve_OnTheOtherInstance_RunsTheSwitchoverOnce_WhenBothShareOnePostgreSql()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        var secret = scope.OtherDatabasePath("postgres-connection");
        await File.WriteAllTextAsync(secret, await postgres.CreateDatabaseAsync(Token), Token);
        var settings = new Dictionary<string, string?>
        {
            ["MailHa:Storage:Provider"] = "PostgreSql",
            ["MailHa:Storage:ConnectionString"] = $"file:{secret}",
        };
        await using var a = await LabBot.StartAsync(scope, settings, null, Token);
        await using var b = await LabBot.StartAsync(scope, settings, null, Token);
        using var http = new HttpClient();

        using var asked = await http.PostAsJsonAsync(new Uri(a.BaseAddress, "console/api/command"), new { @as = "alice", text = "/mail switchover" }, Token);
        asked.EnsureSuccessStatusCode();
        var request = Assert.Single(await b.Services.GetRequiredService<ApprovalService>().PendingAsync(Token));
        using var approved = await http.PostAsJsonAsync(new Uri(b.BaseAddress, "console/api/action"), new { @as = "bob", action = JsonNode.Parse(new CardAction.Approve(request.Id).Encode()), messageId = "1" }, Token);
        approved.EnsureSuccessStatusCode();
        var finished = await Eventually.TrueAsync(
            async () => (await a.Services.GetRequiredService<ApprovalService>().FindAsync(request.Id, Token))!.State is ApprovalState.Succeeded or ApprovalState.Failed,
            TimeSpan.FromMinutes(2),
            Token);

        Assert.True(finished);
        Assert.Equal(ApprovalState.Succeeded, (await a.Services.GetRequiredService<ApprovalService>().FindAsync(request.Id, Token))!.State);
        Assert.True(await scope.HoldsVipAsync("mail2"));
        Assert.False(await scope.HoldsVipAsync("mail1"));
        Assert.Empty(await a.Services.GetRequiredService<OperationJournal>().UnfinishedAsync(Token));
        // A second approval of the same request, on the first instance, changes nothing.
        using var again = await http.PostAsJsonAsync(new Uri(a.BaseAddress, "console/api/action"), new { @as = "bob", action = JsonNode.Parse(new CardAction.Approve(request.Id).Encode()), messageId = "1" }, Token);
        Assert.Equal(ApprovalState.Succeeded, (await b.Services.GetRequiredService<ApprovalService>().FindAsync(request.Id, Token))!.State);
    }
}
