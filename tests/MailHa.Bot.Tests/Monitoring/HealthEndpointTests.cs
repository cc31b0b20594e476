using System.Net;
using System.Text.Json;

namespace MailHa.Bot.Tests.Monitoring;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_AnswersHealthy_WhenTheProcessRuns()
    {
        await using var host = await MonitoringHost.StartAsync();

        var (response, body) = await host.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body);
    }

    [Fact]
    public async Task Readyz_IsReadyWithDetailPerCheck_WhenStorageSchedulerAndNodesAnswer()
    {
        await using var host = await MonitoringHost.StartAsync();

        // The job server announces itself in the background after start: ready once it has.
        var (response, body) = await host.GetAsync("/readyz", (r, _) => r.StatusCode == HttpStatusCode.OK);

        using var json = JsonDocument.Parse(body);
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var entries = json.RootElement.GetProperty("entries");
        Assert.Equal(["nodes", "paging", "scheduler", "storage"], entries.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.All(entries.EnumerateObject(), e => Assert.Equal("Healthy", e.Value.GetProperty("status").GetString()));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("mail1: ok", entries.GetProperty("nodes").GetProperty("data").GetProperty("mail1").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_Answers503NamingStorage_WhenTheJournalIsUnreachable()
    {
        await using var host = await MonitoringHost.StartAsync();
        await host.GetAsync("/readyz", (r, _) => r.StatusCode == HttpStatusCode.OK);

        // The journal's folder becomes a plain file: the database can no longer be opened or created.
        Directory.Delete(host.JournalFolder, recursive: true);
        await File.WriteAllTextAsync(host.JournalFolder, "not a folder", TestContext.Current.CancellationToken);
        HttpResponseMessage response;
        string body;
        try
        {
            (response, body) = await host.GetAsync("/readyz");
        }
        finally
        {
            // Back to a usable (empty) journal so the host can stop cleanly (it releases its leases there).
            File.Delete(host.JournalFolder);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Unhealthy", json.RootElement.GetProperty("status").GetString());
        var entries = json.RootElement.GetProperty("entries");
        Assert.Equal("Unhealthy", entries.GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal("Healthy", entries.GetProperty("scheduler").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readyz_StaysReadyButDegraded_WhenANodeDoesNotAnswer()
    {
        await using var host = await MonitoringHost.StartAsync();
        await host.GetAsync("/readyz", (r, _) => r.StatusCode == HttpStatusCode.OK);

        host.Nodes.Unreachable.Add("mail2");
        var (response, body) = await host.GetAsync("/readyz");

        // A dead mail node is when on-call needs MailHa: it stays in the load balancer.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Degraded", json.RootElement.GetProperty("status").GetString());
        var nodes = json.RootElement.GetProperty("entries").GetProperty("nodes");
        Assert.Equal("Degraded", nodes.GetProperty("status").GetString());
        Assert.Contains("mail2", nodes.GetProperty("description").GetString(), StringComparison.Ordinal);
    }
}
