using System.Net;
using System.Threading.Channels;
using MailHa.Bot.Alerts;
using MailHa.Bot.Monitoring;
using MailHa.Operations.Audit;
using MailHa.Bot.Tests.Teams;
using MailHa.Operations.Mirror;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MailHa.Bot.Tests.Monitoring;

public sealed class HeartbeatTests
{
    [Fact]
    public async Task Heartbeat_IsPingedWithTheAuditHeadAfterAMirrorRunAndAHealthWatch_AndNeverLogged()
    {
        var token = Wait.Token();
        await using var receiver = await HeartbeatReceiver.StartAsync(token);
        var capability = Guid.NewGuid().ToString("N");
        var secret = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(secret, $"{receiver.BaseUrl}ping/{capability}\n", token);
            await using var host = await MonitoringHost.StartAsync(settings => settings["MailHa:Monitoring:HeartbeatUrl"] = $"file:{secret}");

            var head = (await host.Services.GetRequiredService<AuditLog>().AppendAsync(new ApprovalExpired("r-1a2b3c", "test"), token)).Head;

            await host.Services.GetRequiredService<MirrorRunner>().RunAsync(new MirrorRequest(host.Services.GetRequiredService<MailHa.Operations.Topology.MailTopology>().Services[0], "test"), token);
            Assert.Equal(($"/ping/{capability}", head.ToString()), await receiver.Hits.ReadAsync(Wait.Token()));
            await host.Services.GetRequiredService<HealthWatch>().CheckAsync(token);
            Assert.Equal(($"/ping/{capability}", head.ToString()), await receiver.Hits.ReadAsync(Wait.Token()));

            Assert.NotEmpty(host.Logs.Messages(5600));
            Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains(capability, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(secret);
        }
    }

    /// <summary>A dead man's switch stand-in on 127.0.0.1: every GET it receives (path and audit head header), in order.</summary>
    private sealed class HeartbeatReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly Channel<(string Path, string? Head)> _hits = Channel.CreateUnbounded<(string Path, string? Head)>();

        private HeartbeatReceiver(WebApplication app) => _app = app;

        public ChannelReader<(string Path, string? Head)> Hits => _hits.Reader;

        public Uri BaseUrl => new(_app.Urls.Single() + "/");

        public static async Task<HeartbeatReceiver> StartAsync(CancellationToken cancellationToken)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var receiver = new HeartbeatReceiver(app);
            app.MapGet("/ping/{id}", (HttpContext context) =>
            {
                receiver._hits.Writer.TryWrite((context.Request.Path.Value ?? "", context.Request.Headers[Heartbeat.AuditHeadHeader].SingleOrDefault()));
                return Results.Text("OK");
            });
            await app.StartAsync(cancellationToken);
            return receiver;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
    }
}
