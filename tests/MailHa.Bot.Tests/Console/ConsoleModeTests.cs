using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MailHa.Bot.Channels.Console;
using MailHa.Bot.Tests.Monitoring;
using MailHa.Operations.Mirror;
using MailHa.Operations.Status;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Console;

/// <summary>The console's Demo mode: the people picker, bannered (SignIn mode: <see cref="ConsoleSignInTests"/>).</summary>
public class ConsoleModeTests
{
    [Fact]
    public async Task Page_ShowsDemoBannerAndCommandsAct_WhenModeIsDemo()
    {
        await using var host = await StartAsync(s =>
        {
            s["MailHa:Console:Enabled"] = "true";
            s["MailHa:Console:Mode"] = "Demo";
            s["MailHa:People:0:Console:0:Tenant"] = "local";
            s["MailHa:People:0:Console:0:User"] = "alice";
        });
        var feed = host.Services.GetRequiredService<ConsoleFeed>();
        var token = TestContext.Current.CancellationToken;

        var page = await host.Client.GetStringAsync(new Uri("/", UriKind.Relative), token);
        using var command = await host.Client.PostAsJsonAsync("/console/api/command", new ConsoleCommandRequest("alice", "/mail help"), token);

        Assert.Contains("DEMO MODE: anyone on this host can act as anyone", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, command.StatusCode);
        Assert.Contains(feed.Since(0).Entries, e => e.From == "alice" && e.Message.Title == "/mail help");
    }

    [Fact]
    public async Task Board_NamesEveryServicesVerdictWorstFirstAndRaisesTheAlarm_WhenTheSecondServiceIsDegraded()
    {
        // Symmetric: a on mail1, b on mail2. Healthy needs a good mirror copy: only a's mirror ran, so b is degraded.
        await using var host = await StartAsync(s =>
        {
            Demo(s);
            MetricsTests.Symmetric(s);
        });
        var a = host.Services.GetRequiredService<MailTopology>().Services[0];
        await host.Services.GetRequiredService<MirrorRunner>().RunAsync(new MirrorRequest(a, "test"), TestContext.Current.CancellationToken);

        var board = await Board(host);

        Assert.Equal("2 services: b DEGRADED, a healthy", board["headline"]!.GetValue<string>());
        Assert.True(board["alarm"]!.GetValue<bool>());
        Assert.Equal(["Healthy", "Degraded"], board["status"]!["services"]!.AsArray().Select(x => x!["health"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Board_RaisesNoAlarm_WhenThePairServes()
    {
        await using var host = await StartAsync(Demo);

        var board = await Board(host);

        var report = await host.Services.GetRequiredService<StatusService>().GetAsync(TestContext.Current.CancellationToken);
        Assert.Equal((VipVerdict.HeldBy, new NodeName("mail1")), (report.Vip?.Verdict, report.Vip?.Holder));
        Assert.Equal(StatusText.Headline(report), board["headline"]!.GetValue<string>());
        Assert.False(board["alarm"]!.GetValue<bool>());
    }

    private static void Demo(Dictionary<string, string?> s)
    {
        s["MailHa:Console:Enabled"] = "true";
        s["MailHa:Console:Mode"] = "Demo";
        s["MailHa:People:0:Console:0:Tenant"] = "local";
        s["MailHa:People:0:Console:0:User"] = "alice";
    }

    private static async Task<JsonNode> Board(MonitoringHost host) =>
        JsonNode.Parse(await host.Client.GetStringAsync(new Uri("/console/api/board", UriKind.Relative), TestContext.Current.CancellationToken))!;

    /// <summary>The bot on a test server whose requests come from loopback, as the console requires (the test server names no remote address).</summary>
    private static Task<MonitoringHost> StartAsync(Action<Dictionary<string, string?>> adjust) =>
        MonitoringHost.StartAsync(adjust, services => services.AddSingleton<IStartupFilter, FromLoopback>());

    private sealed class FromLoopback : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
