using System.Net;
using System.Threading.Channels;
using MailHa.Bot.Alerts;
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
    public async Task Heartbeat_IsPingedAfterAMirrorRunAndAHealthWatch_AndNeverLogged()
    {
        var token = Wait.Token();
        await using var receiver = await HeartbeatReceiver.StartAsync(token);
        var capability = Guid.NewGuid().ToString("N");
        var secret = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(secret, $"{receiver.BaseUrl}ping/{capability}\n", token);
            await using var host = await MonitoringHost.StartAsync(settings => settings["MailHa:Monitoring:HeartbeatUrl"] = $"file:{secret}");

            await host.Services.GetRequiredService<MirrorRunner>().RunAsync(new MirrorRequest("test"), token);
            Assert.Equal($"/ping/{capability}", await receiver.Hits.ReadAsync(token));
            await host.Services.GetRequiredService<HealthWatch>().CheckAsync(token);
            Assert.Equal($"/ping/{capability}", await receiver.Hits.ReadAsync(token));

            Assert.NotEmpty(host.Logs.Messages(5600));
            Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains(capability, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(secret);
        }
    }

    /// <summary>A dead man's switch stand-in on 127.0.0.1: every GET it receives, in order.</summary>
    private sealed class HeartbeatReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly Channel<string> _hits = Channel.CreateUnbounded<string>();

        private HeartbeatReceiver(WebApplication app) => _app = app;

        public ChannelReader<string> Hits => _hits.Reader;

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
                receiver._hits.Writer.TryWrite(context.Request.Path.Value ?? "");
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
